// The Kubernetes views of kube-prometheus-stack, in Grafana under grafana-operator. The chart renders its
// dashboards as ConfigMaps for the Grafana sidecar (templates/grafana/dashboards-1.14/*.yaml), also with its
// own Grafana off when `grafana.forceDeployDashboards` is true; grafana-operator has no sidecar but reads a
// dashboard from a ConfigMap key in the GrafanaDashboard's namespace (`spec.configMapRef`,
// controllers/content/fetchers/configmap_fetcher.go @ v5.24.0) and re-reconciles when that ConfigMap changes
// (controllers/dashboard_controller.go:593 @ v5.24.0), so a chart upgrade updates the dashboards.
// We reference the chart's ConfigMaps instead of rebuilding the dashboards: they are the views users know,
// maintained with the recording rules they query. We render the GrafanaDashboard objects ourselves (not the
// chart's `grafana.operator.dashboardsConfigMapRefEnabled`) to ship only the dashboards whose every query
// the stack can answer, in a folder of their own (`folderRef`; the chart's objects take a folder title).
import { KPS_FULLNAME } from "../../wiring/names.ts";
import type { ChartDashboardFacts, ChartRuleGroupFacts, KpsFacts } from "./extract.ts";
import facts from "./facts.generated.json" with { type: "json" };

export const KPS_FACTS = facts as KpsFacts;
export type { ChartDashboardFacts, ChartRuleGroupFacts, KpsFacts } from "./extract.ts";

/**
 * The chart dashboards the stack ships (ConfigMap name suffixes). Left out, and why:
 * - etcd, k8s-coredns, proxy, scheduler, controller-manager: control-plane components whose metrics the
 *   stack's catalog does not carry (and which many clusters do not expose to Prometheus);
 * - grafana-overview: Grafana is not scraped; nodes-aix, nodes-darwin: not Linux cluster nodes;
 * - k8s-resources-multicluster: one cluster per stack;
 * - node-rsrc-use, node-cluster-rsrc-use: they need the chart's node-exporter recording rules
 *   (`nodeExporterRecording`), which stay off (the stack's own "Nodes and machines" dashboard covers USE).
 */
export const KPS_DASHBOARDS = [
  "k8s-resources-cluster",
  "k8s-resources-namespace",
  "k8s-resources-node",
  "k8s-resources-pod",
  "k8s-resources-workload",
  "k8s-resources-workloads-namespace",
  "namespace-by-pod",
  "namespace-by-workload",
  "pod-total",
  "workload-total",
  "cluster-total",
  "persistentvolumesusage",
  "kubelet",
  "apiserver",
  "nodes",
  "prometheus",
  "alertmanager-overview",
] as const;

/**
 * Metrics a shipped chart dashboard reads that no current component exposes, with why: the panel stays
 * empty. The verifier skips exactly these (test/dashboards/kps.test.ts pins the list).
 */
export const KPS_ABSENT_METRICS: Readonly<Record<string, Record<string, string>>> = {
  kubelet: {
    // kubernetes pkg/volume/util/metrics.go: marked deprecated in 1.21 (only in its help text, kubernetes#99045),
    // then deleted with storage_operation_status_count by kubernetes#102801 (in 1.23 at the latest); failures
    // are counted by storage_operation_duration_seconds{status="fail-unknown"} instead (docs/upstream.md, ## kubelet).
    // The chart's "Storage Operation Error Rate" panel still reads the removed name.
    storage_operation_errors_total:
      'removed from the kubelet (deprecated in Kubernetes 1.21, deleted by kubernetes#102801); failures are storage_operation_duration_seconds_count{status="fail-unknown"}',
  },
};

/** The GrafanaFolder the chart dashboards go to. */
export const KUBERNETES_FOLDER = { name: "kubernetes", title: "Kubernetes" } as const;

/** Facts of the shipped chart dashboards, in KPS_DASHBOARDS order. */
export function kpsDashboards(): (ChartDashboardFacts & { absentMetrics?: Record<string, string> })[] {
  return KPS_DASHBOARDS.map((name) => {
    const d = KPS_FACTS.dashboards.find((x) => x.name === name);
    if (!d) throw new Error(`kube-prometheus-stack ${KPS_FACTS.version} has no dashboard ${name}`);
    return { ...d, ...(KPS_ABSENT_METRICS[name] ? { absentMetrics: KPS_ABSENT_METRICS[name] } : {}) };
  });
}

/** The ConfigMap (name, key) holding a chart dashboard. */
export function kpsConfigMapRef(d: ChartDashboardFacts): { name: string; key: string } {
  return { name: `${KPS_FULLNAME}-${d.name}`.slice(0, 63).replace(/-+$/, ""), key: d.key };
}

/** The chart's recording-rule groups that the given kube-prometheus-stack values enable (chart default: on). */
export function enabledKpsRuleGroups(values: { defaultRules?: { create?: boolean; rules?: Record<string, boolean> } }): ChartRuleGroupFacts[] {
  if (values.defaultRules?.create === false) return [];
  const rules = values.defaultRules?.rules ?? {};
  return KPS_FACTS.ruleGroups.filter((g) => rules[g.valuesKey] !== false);
}
