// The profile's own ScrapeConfigs: static targets (host:port) that no Kubernetes object describes,
// with the same relabelling as the monitors. Prometheus selects every ScrapeConfig of its namespace
// (scrapeConfigSelectorNilUsesHelmValues: false in src/prometheus).
import { ScrapeConfig } from "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1alpha1";
import { plain, stackLabels, type K8sObject } from "../k8s/object.ts";
import type { Profile } from "../profile/schema.ts";

export function profileScrapeConfigs(p: Profile): K8sObject[] {
  return p.scrapeConfigs.map((s) =>
    plain(
      new ScrapeConfig({
        metadata: { name: s.name, labels: stackLabels("monitors") },
        spec: {
          staticConfigs: [{ targets: s.targets, ...(Object.keys(s.labels).length > 0 ? { labels: s.labels } : {}) }],
          metricsPath: s.path,
          scrapeInterval: s.interval,
          ...(s.params ? { params: s.params } : {}),
          ...(s.relabelings.length > 0 ? { relabelings: s.relabelings } : {}),
          ...(s.metricRelabelings.length > 0 ? { metricRelabelings: s.metricRelabelings } : {}),
        },
      }),
    ),
  );
}
