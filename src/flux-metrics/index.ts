// Flux resources as metrics: kube-state-metrics' custom resource state turns every Flux object
// into gotk_resource_info{name, exported_namespace, ready, suspended, ...}. The default kube_*
// collectors stay on (no --custom-resource-state-only), and a PodMonitor scrapes the controllers.
import { PodMonitor } from "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1";
import { plain, stackLabels, type K8sObject } from "../k8s/object.ts";
import type { Profile } from "../profile/schema.ts";
import { FLUX_KINDS } from "./kinds.ts";

export function fluxStateMetricsValues(p: Profile): Record<string, unknown> {
  const groups = [...new Set(FLUX_KINDS.map((k) => k.group))].sort();
  return {
    rbac: {
      extraRules: [{ apiGroups: groups, resources: FLUX_KINDS.map((k) => k.plural).sort(), verbs: ["list", "watch"] }],
    },
    customResourceState: {
      enabled: true,
      config: {
        spec: {
          resources: FLUX_KINDS.map((k) => ({
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
                  suspended: ["spec", "suspend"],
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

export function fluxControllersPodMonitor(p: Profile): K8sObject {
  return plain(
    new PodMonitor({
      metadata: { name: "flux-system", labels: stackLabels("flux-metrics") },
      spec: {
        namespaceSelector: { matchNames: [p.flux.namespace] },
        selector: { matchExpressions: [{ key: "app", operator: "In", values: FLUX_CONTROLLERS }] },
        podMetricsEndpoints: [{ port: "http-prom", interval: p.prometheus.scrapeInterval }],
      },
    }),
  );
}
