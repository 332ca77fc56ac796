// Scrape targets the alert rules need that nothing else in the stack scrapes: the Loki chart is
// rendered with its monitoring off, and MinIO is the stack's own StatefulSet.
import { ServiceMonitor } from "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1";
import { plain, stackLabels, type K8sObject } from "../k8s/object.ts";
import type { Profile } from "../profile/schema.ts";
import { LOKI_RELEASE, LOKI_SERVICE, MINIO_SERVICE } from "../wiring/names.ts";

/**
 * Loki: the chart's Service "loki", port http-metrics (3100). The selector also matches the chart's
 * headless and memberlist Services, so the endpoint keeps only the Service named "loki": one target
 * per pod, job="loki" (the Service's name), which the Loki alerts select on.
 */
function lokiMonitor(p: Profile): K8sObject {
  return plain(
    new ServiceMonitor({
      metadata: { name: LOKI_SERVICE, labels: stackLabels("alerts") },
      spec: {
        selector: { matchLabels: { "app.kubernetes.io/name": "loki", "app.kubernetes.io/instance": LOKI_RELEASE } },
        endpoints: [
          {
            port: "http-metrics",
            path: "/metrics",
            interval: p.prometheus.scrapeInterval,
            relabelings: [{ sourceLabels: ["__meta_kubernetes_service_name"], regex: LOKI_SERVICE, action: "keep" }],
          },
        ],
      },
    }),
  );
}

/** MinIO's cluster metrics (public: MINIO_PROMETHEUS_AUTH_TYPE=public in src/minio), job="minio". */
function minioMonitor(p: Profile): K8sObject {
  return plain(
    new ServiceMonitor({
      metadata: { name: MINIO_SERVICE, labels: stackLabels("alerts") },
      spec: {
        selector: { matchLabels: { "app.kubernetes.io/name": "minio", "app.kubernetes.io/component": "minio" } },
        endpoints: [
          {
            port: "api",
            path: "/minio/v2/metrics/cluster",
            interval: p.prometheus.scrapeInterval,
            // The headless governing Service carries the same labels: scrape through "minio" only.
            relabelings: [{ sourceLabels: ["__meta_kubernetes_service_name"], regex: MINIO_SERVICE, action: "keep" }],
          },
        ],
      },
    }),
  );
}

/** ServiceMonitors for Loki and (when the profile deploys it) MinIO. No namespace: the tree sets it. */
export function alertMonitors(p: Profile): K8sObject[] {
  return [lokiMonitor(p), ...(p.loki.storage.type === "minio" ? [minioMonitor(p)] : [])];
}
