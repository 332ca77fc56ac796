// Flux resources as metrics: kube-state-metrics' custom resource state turns every Flux object
// into gotk_resource_info{name, exported_namespace, ready, suspended, ...}. The default kube_*
// collectors stay on (no --custom-resource-state-only), and a PodMonitor scrapes the controllers.
import { PodMonitor } from "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1";
import { plain, stackLabels, type K8sObject } from "../k8s/object.ts";
import type { Profile } from "../profile/schema.ts";
import { fluxKinds, type FluxVersion } from "./kinds.ts";

export function fluxStateMetricsValues(p: Profile): Record<string, unknown> {
  const kinds = fluxKinds(p.flux.version);
  const groups = [...new Set(kinds.map((k) => k.group))].sort();
  return {
    rbac: {
      extraRules: [{ apiGroups: groups, resources: kinds.map((k) => k.plural).sort(), verbs: ["list", "watch"] }],
    },
    customResourceState: {
      enabled: true,
      config: {
        spec: {
          resources: kinds.map((k) => ({
            groupVersionKind: { group: k.group, version: k.version(p.flux.version), kind: k.kind },
            metricNamePrefix: "gotk",
            metrics: [
              {
                name: "resource_info",
                // kube-state-metrics >= 2.12 refuses one help text shared by several resources.
                help: `The current state of a Flux ${k.kind} resource.`,
                each: { type: "Info", info: { labelsFromPath: { name: ["metadata", "name"] } } },
                labelsFromPath: {
                  exported_namespace: ["metadata", "namespace"],
                  ...(k.hasReady ? { ready: ["status", "conditions", "[type=Ready]", "status"] } : {}),
                  ...(k.hasSuspend === false ? {} : { suspended: ["spec", "suspend"] }),
                  ...k.extraLabels,
                },
              },
            ],
          })),
        },
      },
    },
  };
}

export const FLUX_CONTROLLERS = [
  "helm-controller",
  "source-controller",
  "kustomize-controller",
  "notification-controller",
  "image-automation-controller",
  "image-reflector-controller",
];

/**
 * The controllers (pod label `app`, metrics port `http-prom`) of a Flux version. Flux 2.7 adds the optional
 * source-watcher (fluxcd/flux2 v2.7.5 pkg/manifestgen/install/options.go:47; fluxcd/source-watcher v2.0.3
 * config/manager/deployment.yaml:17, :41-42).
 */
export function fluxControllers(v: FluxVersion): string[] {
  return Number(v.split(".")[1]) >= 7 ? [...FLUX_CONTROLLERS, "source-watcher"] : [...FLUX_CONTROLLERS];
}

export function fluxControllersPodMonitor(p: Profile): K8sObject {
  return plain(
    new PodMonitor({
      metadata: { name: "flux-system", labels: stackLabels("flux-metrics") },
      spec: {
        namespaceSelector: { matchNames: [p.flux.namespace] },
        selector: { matchExpressions: [{ key: "app", operator: "In", values: fluxControllers(p.flux.version) }] },
        podMetricsEndpoints: [{ port: "http-prom", interval: p.prometheus.scrapeInterval }],
      },
    }),
  );
}
