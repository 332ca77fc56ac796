// Annotation-based discovery: pods annotated the way grafana/k8s-monitoring-helm documents are scraped
// by the cluster Alloy, with no PodMonitor or ServiceMonitor. The annotation names and the relabel rules
// follow charts/k8s-monitoring/charts/feature-annotation-autodiscovery @ k8s-monitoring-3.8.9:
// values.yaml:33-71 (annotations) and templates/_pods.alloy.tpl:34-192 (rules). Not carried over: label
// and namespace selectors, node metadata, Service discovery (pods only), static labels.
import { arr, attr, block, ref } from "../alloy/syntax/build.ts";
import type { Block } from "../alloy/syntax/ast.ts";
import type { Profile } from "../profile/schema.ts";

export const ANNOTATIONS = {
  scrape: "k8s.grafana.com/scrape",
  job: "k8s.grafana.com/job",
  instance: "k8s.grafana.com/instance",
  metricsContainer: "k8s.grafana.com/metrics.container",
  metricsPath: "k8s.grafana.com/metrics.path",
  metricsPortName: "k8s.grafana.com/metrics.portName",
  metricsPortNumber: "k8s.grafana.com/metrics.portNumber",
  metricsScheme: "k8s.grafana.com/metrics.scheme",
  metricsParam: "k8s.grafana.com/metrics.param",
  metricsScrapeInterval: "k8s.grafana.com/metrics.scrapeInterval",
  metricsScrapeTimeout: "k8s.grafana.com/metrics.scrapeTimeout",
} as const;

/** Kubernetes discovery's meta label of a pod annotation: every character outside [a-zA-Z0-9_] becomes _. */
export const podAnnotation = (a: string): string => `__meta_kubernetes_pod_annotation_${a.replace(/[^a-zA-Z0-9_]/g, "_")}`;
const podLabel = (l: string): string => `__meta_kubernetes_pod_label_${l.replace(/[^a-zA-Z0-9_]/g, "_")}`;

/** One relabel rule in Prometheus/Alloy spelling (also what a plain Prometheus config takes). */
export interface DiscoveryRule {
  source_labels?: string[];
  regex?: string;
  action?: "keep" | "drop" | "replace" | "keepequal" | "labeldrop" | "labelmap";
  target_label?: string;
  replacement?: string;
}

export const AUTODISCOVERY_JOB_COMPONENT = "annotation_autodiscovery";

/** The target rules, in the upstream order. */
export function autodiscoveryRules(p: Profile): DiscoveryRule[] {
  const a = (k: keyof typeof ANNOTATIONS) => podAnnotation(ANNOTATIONS[k]);
  return [
    { source_labels: [a("scrape")], regex: "true", action: "keep" },
    // Only pods that are running, ready, and not init containers.
    { source_labels: ["__meta_kubernetes_pod_phase", "__meta_kubernetes_pod_ready", "__meta_kubernetes_pod_container_init"], regex: "Running;true;false", action: "keep" },
    { source_labels: ["__meta_kubernetes_pod_name"], target_label: "pod" },
    { source_labels: ["__meta_kubernetes_pod_container_name"], target_label: "container" },
    { source_labels: ["__meta_kubernetes_namespace"], target_label: "namespace" },
    // job: the annotation, else app.kubernetes.io/name, else app, else the container name.
    { source_labels: [a("job")], target_label: "job" },
    { source_labels: ["job", podLabel("app.kubernetes.io/name")], regex: ";(.+)", target_label: "job" },
    { source_labels: ["job", podLabel("app")], regex: ";(.+)", target_label: "job" },
    { source_labels: ["job", "container"], regex: ";(.+)", target_label: "job" },
    { source_labels: [a("instance")], target_label: "instance" },
    // The container: the annotated one, else each.
    { source_labels: ["container"], target_label: "__tmp_container" },
    { source_labels: [a("metricsContainer")], regex: "(.+)", target_label: "__tmp_container" },
    { source_labels: ["container"], action: "keepequal", target_label: "__tmp_container" },
    { action: "labeldrop", regex: "__tmp_container" },
    { source_labels: [a("metricsPath")], regex: "(.+)", target_label: "__metrics_path__" },
    { action: "labelmap", regex: `${a("metricsParam")}_(.+)`, replacement: "__param_$1" },
    // The port: the annotated name, else every declared port...
    { source_labels: ["__meta_kubernetes_pod_container_port_name"], target_label: "__tmp_port" },
    { source_labels: [a("metricsPortName")], regex: "(.+)", target_label: "__tmp_port" },
    { source_labels: ["__meta_kubernetes_pod_container_port_name"], action: "keepequal", target_label: "__tmp_port" },
    { action: "labeldrop", regex: "__tmp_port" },
    // ...and an annotated number replaces the address, declared port or not (IPv4 wins over IPv6).
    { source_labels: [a("metricsPortNumber"), "__meta_kubernetes_pod_ip"], regex: "(\\d+);(([A-Fa-f0-9]{1,4}::?){1,7}[A-Fa-f0-9]{1,4})", replacement: "[$2]:$1", target_label: "__address__" },
    { source_labels: [a("metricsPortNumber"), "__meta_kubernetes_pod_ip"], regex: "(\\d+);((([0-9]+?)(\\.|$)){4})", replacement: "$2:$1", target_label: "__address__" },
    { source_labels: [a("metricsScheme")], regex: "(.+)", target_label: "__scheme__" },
    { source_labels: [a("metricsScrapeInterval")], regex: "(.+)", target_label: "__scrape_interval__" },
    { source_labels: ["__scrape_interval__"], regex: "", replacement: p.prometheus.scrapeInterval, target_label: "__scrape_interval__" },
    { source_labels: [a("metricsScrapeTimeout")], regex: "(.+)", target_label: "__scrape_timeout__" },
    { source_labels: ["__scrape_timeout__"], regex: "", replacement: p.annotationDiscovery.scrapeTimeout, target_label: "__scrape_timeout__" },
  ];
}

function ruleBlock(r: DiscoveryRule): Block {
  const order = ["source_labels", "regex", "action", "target_label", "replacement"] as const;
  return block(
    "rule",
    order.filter((k) => r[k] !== undefined).map((k) => attr(k, Array.isArray(r[k]) ? arr(...(r[k] as string[])) : (r[k] as string))),
  );
}

/** The blocks appended to the cluster Alloy's configuration; none when the profile turns discovery off. */
export function annotationDiscoveryBlocks(p: Profile): Block[] {
  if (!p.annotationDiscovery.enabled) return [];
  return [
    block("discovery.kubernetes", "annotated_pods", [attr("role", "pod")]),
    block("discovery.relabel", AUTODISCOVERY_JOB_COMPONENT, [attr("targets", ref("discovery.kubernetes.annotated_pods.targets")), ...autodiscoveryRules(p).map(ruleBlock)]),
    block("prometheus.scrape", AUTODISCOVERY_JOB_COMPONENT, [
      attr("targets", ref(`discovery.relabel.${AUTODISCOVERY_JOB_COMPONENT}.output`)),
      attr("scrape_interval", p.prometheus.scrapeInterval),
      attr("scrape_timeout", p.annotationDiscovery.scrapeTimeout),
      attr("forward_to", arr(ref("prometheus.remote_write.prometheus.receiver"))),
    ]),
  ];
}
