// Typed helpers for what Prometheus scrapes beyond the charts' own monitors: the profile's
// PodMonitors, the Flux controllers, and machines outside the cluster (one ScrapeConfig each, with
// static targets and machine_name on every series).
import { PodMonitor, ServiceMonitor } from "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1";
import { ScrapeConfig } from "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1alpha1";
import { plain, stackLabels, type K8sObject } from "../k8s/object.ts";
import type { ExternalMachine, PodMonitorSpec, Profile, RelabelRule, ServiceMonitorSpec } from "../profile/schema.ts";
import { fluxControllersPodMonitor } from "../flux-metrics/index.ts";
import { alertMonitors } from "../alerts/index.ts";
import { fluxName, paths } from "../tree/paths.ts";
import type { Dir } from "../tree/dir.ts";
import { profileScrapeConfigs } from "./scrapeconfigs.ts";

export interface Endpoint {
  port: string;
  path?: string;
  interval?: string;
  params?: Record<string, string[]>;
  relabelings?: RelabelRule[];
  metricRelabelings?: RelabelRule[];
}

/** An endpoint in prometheus-operator's spelling; relabel rules are RelabelConfig already (src/profile/schema.ts). */
function endpoint(e: Endpoint) {
  return {
    port: e.port,
    path: e.path ?? "/metrics",
    interval: e.interval ?? "30s",
    ...(e.params && Object.keys(e.params).length > 0 ? { params: e.params } : {}),
    ...(e.relabelings && e.relabelings.length > 0 ? { relabelings: e.relabelings } : {}),
    ...(e.metricRelabelings && e.metricRelabelings.length > 0 ? { metricRelabelings: e.metricRelabelings } : {}),
  };
}

export function podMonitor(m: { name: string; selector: Record<string, string>; namespaces?: string[]; endpoints: Endpoint[] }): K8sObject {
  return plain(
    new PodMonitor({
      metadata: { name: m.name, labels: stackLabels("monitors") },
      spec: {
        selector: { matchLabels: m.selector },
        namespaceSelector: m.namespaces ? { matchNames: m.namespaces } : { any: true },
        podMetricsEndpoints: m.endpoints.map(endpoint),
      },
    }),
  );
}

export function serviceMonitor(m: { name: string; selector: Record<string, string>; namespaces?: string[]; targetLabels?: string[]; endpoints: Endpoint[] }): K8sObject {
  return plain(
    new ServiceMonitor({
      metadata: { name: m.name, labels: stackLabels("monitors") },
      spec: {
        selector: { matchLabels: m.selector },
        ...(m.namespaces ? { namespaceSelector: { matchNames: m.namespaces } } : {}),
        ...(m.targetLabels ? { targetLabels: m.targetLabels } : {}),
        endpoints: m.endpoints.map(endpoint),
      },
    }),
  );
}

export function profilePodMonitor(m: PodMonitorSpec): K8sObject {
  return podMonitor({ name: m.name, selector: m.selector, ...(m.namespaces ? { namespaces: m.namespaces } : {}), endpoints: m.endpoints });
}

/** A ServiceMonitor of the profile: without namespaces it selects Services of the stack's namespace (the operator's default). */
export function profileServiceMonitor(m: ServiceMonitorSpec): K8sObject {
  return serviceMonitor({
    name: m.name,
    selector: m.selector,
    ...(m.namespaces ? { namespaces: m.namespaces } : {}),
    ...(m.targetLabels ? { targetLabels: m.targetLabels } : {}),
    endpoints: m.endpoints,
  });
}


/** The `job` label of an external machine's series (dashboards select `job=~".+-exporters"`). */
export function externalMachineJob(m: ExternalMachine): string {
  return `${m.name}-exporters`;
}

/** Where a static target points: `address:port`, IPv6 addresses bracketed. */
export function machineTarget(address: string, port: number): string {
  return address.includes(":") ? `[${address}]:${port}` : `${address}:${port}`;
}

/**
 * The object that makes one external machine a scrape target: a ScrapeConfig with static targets.
 * Not a ServiceMonitor over a selector-less Service and a hand-made EndpointSlice: prometheus-operator
 * v0.86 discovers ServiceMonitor targets with the `endpoints` role unless the Prometheus sets
 * serviceDiscoveryRole: EndpointSlice (pkg/prometheus/promcfg.go:175-189 @ v0.86.2), and Kubernetes
 * never mirrors a hand-made EndpointSlice into an Endpoints object, so those targets were never found.
 * The operator turns static configs into Prometheus static_configs verbatim, targets and labels
 * (promcfg.go:3270-3288), and spec.jobName into the job label (promcfg.go:3196-3202).
 */
export function externalMachine(m: ExternalMachine): K8sObject[] {
  const name = externalMachineJob(m);
  return [
    plain(
      new ScrapeConfig({
        metadata: { name, labels: { machine_name: m.name, ...stackLabels("monitors") } },
        spec: {
          jobName: name,
          scrapeInterval: m.interval,
          metricsPath: "/metrics",
          staticConfigs: m.exporters.map((e) => ({ targets: [machineTarget(m.address, e.port)], labels: { machine_name: m.name, exporter: e.name } })),
        },
      }),
    ),
  ];
}

export function monitorDirs(p: Profile): Dir[] {
  const at = paths(p);
  // Monitors are prometheus-operator CRs: they wait for the release that installs the CRDs.
  const dependsOn = [at.overlay.prometheus];
  const dirs: Dir[] = [
    {
      path: at.overlay.monitorsInfrastructure,
      namespace: p.namespace,
      files: [
        { name: "podmonitors.yaml", objects: [fluxControllersPodMonitor(p), ...p.podMonitors.map(profilePodMonitor)] },
        // The stack's own components that no chart monitor covers (Loki, MinIO): the alert rules need them.
        { name: "servicemonitors.yaml", objects: [...alertMonitors(p), ...p.serviceMonitors.map(profileServiceMonitor)] },
        ...(p.scrapeConfigs.length > 0 ? [{ name: "scrapeconfigs.yaml", objects: profileScrapeConfigs(p) }] : []),
      ],
      flux: { name: fluxName(p, at.overlay.monitorsInfrastructure), dependsOn, wait: false },
    },
  ];
  if (p.externalMachines.length > 0) {
    dirs.push({
      path: at.overlay.monitorsExternal,
      namespace: p.namespace,
      files: p.externalMachines.map((m) => ({ name: `${m.name}.yaml`, objects: externalMachine(m) })),
      flux: { name: fluxName(p, at.overlay.monitorsExternal), dependsOn, wait: false },
    });
  }
  return dirs;
}
