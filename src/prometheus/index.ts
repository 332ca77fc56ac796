// kube-prometheus-stack: Prometheus, Alertmanager, kube-state-metrics (with the Flux metrics) and
// node-exporter in one HelmRelease. node-exporter's own ServiceMonitor is off: Alloy scrapes it
// on each node, and a second scrape by Prometheus would store every node series twice.
import { nodeExporterCollectorValues } from "./node-exporter.ts";
import { CHARTS } from "../charts/catalog.ts";
import { releaseBase, releasePatch, type ReleaseSpec } from "../flux/helm.ts";
import { fluxStateMetricsValues } from "../flux-metrics/index.ts";
import { alertmanagerConfig, alertmanagerSecrets } from "../alertmanager/config.ts";
import type { Profile } from "../profile/schema.ts";
import { kpsRuleValues } from "../alerts/kps-rules.ts";
import { CLAIMS, PROMETHEUS_RELEASE } from "../wiring/names.ts";
import { fluxName, paths } from "../tree/paths.ts";
import { preparedBy, slotsOf, volumesFor, type VolumeClaim } from "../storage/local.ts";
import type { Dir } from "../tree/dir.ts";
import { resourcesFor } from "../workloads/resources.ts";
import { nodeAgentPriorityClassName } from "../workloads/index.ts";

const CONTROL_PLANE_TOLERATION = { key: "node-role.kubernetes.io/control-plane", operator: "Exists", effect: "NoSchedule" };

/** Prometheus and Alertmanager run as uid 1000, gid 2000 (fsGroup 2000): kube-prometheus-stack 79.12.0
 *  values.yaml:4452-4456 (prometheusSpec.securityContext) and :1114-1118 (alertmanagerSpec.securityContext). */
export const PROMETHEUS_OWNER = { uid: 1000, gid: 2000 };
export const ALERTMANAGER_OWNER = { uid: 1000, gid: 2000 };

// prometheus-operator v0.86.2: the StatefulSet is "prometheus-<CR>" (pkg/prometheus/operator.go:63-68), its
// claim template "<that>-db" (pkg/prometheus/common.go:177-183, server/statefulset.go:119-120), mounted with
// subPath "prometheus-db" (common.go:197-204, 258-262); Alertmanager likewise "alertmanager-<CR>" with template
// "<that>-db" and subPath "alertmanager-db" (pkg/alertmanager/statefulset.go:118, 161-162, 492-494, 829-848).
// The StatefulSet controller names each claim "<template>-<statefulset>-<ordinal>"
// (kubernetes pkg/controller/statefulset/stateful_set_utils.go, getPersistentVolumeClaimName): CLAIMS in names.ts.

export function prometheusVolumeClaims(p: Profile): VolumeClaim[] {
  return slotsOf(p, "prometheus").map((s, i) => ({
    ...s,
    claimName: CLAIMS.prometheus(i),
    size: p.prometheus.volumeSize,
    owner: PROMETHEUS_OWNER,
    subPaths: ["prometheus-db"],
  }));
}

export function alertmanagerVolumeClaims(p: Profile): VolumeClaim[] {
  return slotsOf(p, "alertmanager").map((s, i) => ({
    ...s,
    claimName: CLAIMS.alertmanager(i),
    size: p.alertmanager.volumeSize,
    owner: ALERTMANAGER_OWNER,
    subPaths: ["alertmanager-db"],
  }));
}

/** The label every stored series carries: the profile's cluster name (Alloy sets it as its external label). */
export const CLUSTER_LABEL = "cluster";

/**
 * The default scrape class: adds `cluster` as a target label to every scrape Prometheus itself does.
 * Prometheus' externalLabels are only attached to what leaves it (alerts, remote write, federation),
 * never stored, so without this kubelet, kube-state-metrics, Flux and external machine series lack it.
 * prometheus-operator v0.86 applies the default class (promcfg.go:191-231, 5009-5023) to every
 * ServiceMonitor (promcfg.go:1839, 2088), PodMonitor (1336, 1540), Probe (1586, 1703/1795) and
 * ScrapeConfig (3179, 3193) that names no class; none of the chart's own monitors names one.
 * A target label (not a metric relabeling) also reaches `up` and the scrape_* series.
 */
export function clusterScrapeClass(p: Profile) {
  return {
    name: "obstack-cluster",
    default: true,
    relabelings: [{ targetLabel: CLUSTER_LABEL, replacement: p.cluster.name, action: "replace" }],
  };
}

function volumeClaimTemplate(p: Profile, size: string) {
  return {
    volumeClaimTemplate: {
      spec: { storageClassName: p.storage.className, accessModes: ["ReadWriteOnce"], resources: { requests: { storage: size } } },
    },
  };
}

export function prometheusRelease(p: Profile): ReleaseSpec {
  const kpsRules = kpsRuleValues(p);
  const secrets = alertmanagerSecrets(p);
  return {
    name: PROMETHEUS_RELEASE,
    releaseName: PROMETHEUS_RELEASE,
    chart: CHARTS["kube-prometheus-stack"],
    crds: true,
    timeout: "15m",
    baseValues: {
      // No Grafana of the chart (grafana-operator runs the stack's), but its dashboard ConfigMaps, which
      // GrafanaDashboard objects reference (src/dashboards/kps).
      grafana: { enabled: false, forceDeployDashboards: true },
      nodeExporter: { enabled: true },
      "prometheus-node-exporter": {
        prometheus: { monitor: { enabled: false } },
        // Every node, whatever its taints: Alloy expects one node-exporter per node.
        tolerations: [{ operator: "Exists" }],
        // The chart's defaults run it as nobody with a read-only root only (values.yaml:358-366 @
        // prometheus-node-exporter-4.49.2): no escalation, no capabilities, RuntimeDefault seccomp too.
        // Host network, PID and paths stay (an exception: src/workloads/security.ts).
        securityContext: { seccompProfile: { type: "RuntimeDefault" } },
        containerSecurityContext: { readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } },
      },
      kubeStateMetrics: { enabled: true },
      prometheus: {
        // Grafana reads through this Service (urls.prometheus); the replicas are independent, each
        // with its own gaps. ClientIP affinity keeps every request of the one Grafana pod on one
        // replica (chart templates/prometheus/service.yaml:75-82 @ kube-prometheus-stack-79.12.0,
        // default timeout 10800 s), and when that replica is not ready its endpoint leaves the
        // Service and requests move to the other: stickiness with a fallback, no second datasource.
        service: { sessionAffinity: "ClientIP" },
        prometheusSpec: {
          // Discover ServiceMonitors, PodMonitors, rules, probes and scrape configs in every
          // namespace, not only those carrying this release's label. For ScrapeConfigs (external
          // machines) the chart then renders scrapeConfigSelector: {} and scrapeConfigNamespaceSelector: {}
          // (templates/prometheus/prometheus.yaml:281-296 @ kube-prometheus-stack-79.12.0): every one
          // is selected (a nil selector would select none, prometheus_types.go:188-189 @ v0.86.2).
          serviceMonitorSelectorNilUsesHelmValues: false,
          podMonitorSelectorNilUsesHelmValues: false,
          ruleSelectorNilUsesHelmValues: false,
          probeSelectorNilUsesHelmValues: false,
          scrapeConfigSelectorNilUsesHelmValues: false,
          // Alloy remote-writes node, Kepler and log-derived metrics to each replica.
          enableRemoteWriteReceiver: true,
          tolerations: [CONTROL_PLANE_TOLERATION],
        },
      },
      alertmanager: { alertmanagerSpec: { tolerations: [CONTROL_PLANE_TOLERATION] } },
    },
    clusterValues: {
      // Which of the chart's rule groups and control-plane monitors are on depends on the profile
      // (the cluster's distribution, its node count): src/alerts/kps-rules.ts. Every chart rule, recording and
      // alerting, takes additionalRuleLabels (templates/prometheus/rules-1.14/*.yaml @ kube-prometheus-stack-79.12.0),
      // so their stored output keeps `cluster` whatever its aggregation keeps.
      ...kpsRules,
      defaultRules: { ...kpsRules.defaultRules, additionalRuleLabels: { [CLUSTER_LABEL]: p.cluster.name } },
      // Requests and a memory limit on every container (keys: src/workloads/charts.ts).
      prometheusOperator: {
        resources: resourcesFor(p, "prometheusOperator"),
        // Passed to the operator as --config-reloader-* flags for the sidecars it adds to Prometheus and
        // Alertmanager (templates/prometheus-operator/deployment.yaml:101-104 @ kube-prometheus-stack-79.12.0).
        prometheusConfigReloader: { resources: resourcesFor(p, "prometheusConfigReloader") },
        admissionWebhooks: { patch: { resources: resourcesFor(p, "admissionWebhookJobs") } },
      },
      "prometheus-node-exporter": {
        resources: resourcesFor(p, "nodeExporter"),
        priorityClassName: nodeAgentPriorityClassName(p),
        ...(p.nodeExporter.collectors.length > 0 ? nodeExporterCollectorValues(p) : {}),
      },
      prometheus: {
        podDisruptionBudget: { enabled: p.prometheus.replicas > 1, minAvailable: 1 },
        prometheusSpec: {
          replicas: p.prometheus.replicas,
          resources: resourcesFor(p, "prometheus"),
          podAntiAffinity: p.prometheus.antiAffinity,
          retention: p.prometheus.retention,
          retentionSize: p.prometheus.retentionSize,
          scrapeInterval: p.prometheus.scrapeInterval,
          externalLabels: { [CLUSTER_LABEL]: p.cluster.name },
          scrapeClasses: [clusterScrapeClass(p)],
          storageSpec: volumeClaimTemplate(p, p.prometheus.volumeSize),
        },
      },
      alertmanager: {
        podDisruptionBudget: { enabled: p.alertmanager.replicas > 1, minAvailable: 1 },
        config: alertmanagerConfig(p),
        alertmanagerSpec: {
          replicas: p.alertmanager.replicas,
          resources: resourcesFor(p, "alertmanager"),
          storage: volumeClaimTemplate(p, p.alertmanager.volumeSize),
          ...(secrets.length > 0 ? { secrets } : {}),
        },
      },
      "kube-state-metrics": { ...fluxStateMetricsValues(p), resources: resourcesFor(p, "kubeStateMetrics") },
    },
  };
}

export function prometheusDirs(p: Profile): Dir[] {
  const release = prometheusRelease(p);
  const at = paths(p);
  return [
    releaseBase(at.base.prometheus, [release]),
    {
      path: at.overlay.prometheus,
      namespace: p.namespace,
      includes: [at.base.prometheus],
      files: [{ name: "persistentvolumes.yaml", objects: volumesFor(p, [...prometheusVolumeClaims(p), ...alertmanagerVolumeClaims(p)]) }].filter(
        (f) => f.objects.length > 0,
      ),
      patches: [{ name: "helmrelease-values.yaml", object: releasePatch(release) }],
      flux: { name: fluxName(p, at.overlay.prometheus), dependsOn: preparedBy(p), wait: true, timeout: "20m" },
    },
  ];
}
