// profile → components → directories. Each component is a pure function of the validated profile;
// this module only lists them and adds the overlay's root, which applies the namespace and one
// Flux Kustomization per component directory.
import { Namespace } from "kubernetes-models/v1";
import { plain, stackLabels } from "../k8s/object.ts";
import type { Profile } from "../profile/schema.ts";
import type { ReleaseSpec } from "../flux/helm.ts";
import type { Dir } from "../tree/dir.ts";
import { alertmanagerVolumeClaims, prometheusDirs, prometheusRelease, prometheusVolumeClaims } from "../prometheus/index.ts";
import { minioDirs, minioVolumeClaims } from "../minio/index.ts";
import { lokiDirs, lokiRelease, lokiVolumeClaims } from "../loki/index.ts";
import { grafanaDirs, grafanaOperatorRelease, grafanaVolumeClaims } from "../grafana/index.ts";
import { localVolumeDirs, type VolumeClaim } from "../storage/local.ts";
import { seaweedfsDirs, seaweedfsVolumeClaims } from "../seaweedfs/index.ts";
import { keplerDirs, keplerRelease } from "../kepler/index.ts";
import { monitorDirs } from "../monitors/index.ts";
import { exporterDirs } from "../exporters/index.ts";
import { fluxName, paths } from "../tree/paths.ts";
import { alloyStack, type AlloyConfig, type PipelineSyntaxError } from "../pipeline/index.ts";
import { dashboards } from "../grafana/index.ts";
import { alertRuleGroups, prometheusRules } from "../alerts/index.ts";
import { enabledKpsGroups } from "../alerts/kps-rules.ts";
import { deriveNodeAllowlist, extractDashboardQueries, type ChartDashboardInput, type ChartRecordInput, type RuleQuery } from "../queries/verify.ts";
import { enabledKpsRuleGroups, kpsDashboards } from "../dashboards/kps/index.ts";
import { deepMerge } from "../util/merge.ts";
import { DATASOURCES } from "../dashboards/datasources.ts";
import type { DashboardDef } from "../dashboards/index.ts";
import type { NodeAllowlist } from "../pipeline/config.ts";
import { wiringGraph, type WiringGraph } from "../wiring/graph.ts";
import { networkPolicyDirs } from "../wiring/policies.ts";
import { declaredMetricPatterns, userDashboards, type UserDashboard } from "../dashboards/user.ts";
import { nodeAgentPriorityClass, podSecurityLabels } from "../workloads/index.ts";

export interface Stack {
  dirs: Dir[];
  /** Every HelmRelease with its split values, for the values-key check. */
  releases: ReleaseSpec[];
  /** The Alloy configurations (printed), validated by the render checks. */
  alloy: AlloyConfig[];
  alloySyntaxErrors: PipelineSyntaxError[];
  /** The stack's queries (dashboards and rules), checked at render time. */
  queries: ReturnType<typeof stackQueries>;
  /** Every connection into the stack's namespace; the rendered NetworkPolicies are checked against it. */
  wiring: WiringGraph;
}

/**
 * Every query the stack ships: dashboard targets and variables, the stack's alert rules and the rules of
 * kube-prometheus-stack's groups the release turns on (their expressions are facts, src/alerts/kps-rules.ts), and as
 * selectors (carried as facts) the chart dashboards it references and the chart recording rules its values enable.
 */
export function stackQueries(p: Profile): {
  dashboards: DashboardDef[];
  rules: RuleQuery[];
  chartDashboards: ChartDashboardInput[];
  chartRecords: ChartRecordInput[];
  /** Every PromQL expression (dashboards, rules, chart selectors): what the Alloy allowlist is derived from. */
  exprs: string[];
  /** The profile's own dashboards (mapped to the stack's datasources) and the metrics its sources declare. */
  userDashboards: UserDashboard[];
  declaredMetrics: string[];
} {
  const ds = dashboards();
  const user = userDashboards(p, new Set(ds.map((d) => d.uid)));
  const rules: RuleQuery[] = [
    ...alertRuleGroups(p).flatMap((g) => g.rules.map((r) => ({ group: g.name, alert: r.alert, expr: r.expr }))),
    ...enabledKpsGroups(p).flatMap((g) =>
      g.rules.map((r) => ({ group: g.name, ...(r.alert !== undefined ? { alert: r.alert } : { record: r.record ?? "" }), expr: r.expr })),
    ),
  ];
  const kps = prometheusRelease(p);
  const chartDashboards = kpsDashboards();
  const chartRecords = enabledKpsRuleGroups(deepMerge(kps.baseValues, kps.clusterValues)).flatMap((g) => g.records.map((r) => ({ group: g.name, ...r })));
  const exprs = [
    // PromQL only, decided by the datasource: the allowlist reads metric names, LogQL names none.
    ...ds.flatMap((d) => extractDashboardQueries(d).flatMap((q) => (q.datasourceUid === DATASOURCES.loki.uid ? [] : [q.expr]))),
    ...rules.map((r) => r.expr),
    ...chartDashboards.flatMap((d) => d.queries.flatMap((q) => q.selectors)),
    ...chartRecords.flatMap((r) => r.selectors),
    // The profile's dashboards too: node-exporter series they read are kept by Alloy's allowlist.
    ...user.flatMap((u) => extractDashboardQueries(u.def).map((q) => q.expr)),
  ];
  return { dashboards: ds, rules, chartDashboards, chartRecords, exprs, userDashboards: user, declaredMetrics: declaredMetricPatterns(p) };
}

/** The node-exporter and Kepler series Alloy keeps: those the stack's queries use, plus the profile's own. */
export function stackAllowlist(p: Profile, queries = stackQueries(p)): NodeAllowlist {
  const derived = deriveNodeAllowlist(queries.exprs);
  const extra = (prefix: string) => p.alloy.keepMetrics.filter((m) => m.startsWith(prefix));
  const merge = (a: readonly string[], b: readonly string[]) => [...new Set([...a, ...b])].sort();
  return { nodeExporter: merge(derived.nodeExporter, extra("node_")), kepler: merge(derived.kepler, extra("kepler_")) };
}

function alertDirs(p: Profile): Dir[] {
  const at = paths(p);
  return [
    {
      path: at.overlay.alerts,
      namespace: p.namespace,
      files: [{ name: "prometheusrules.yaml", objects: prometheusRules(p) }],
      // PrometheusRule is a prometheus-operator CRD.
      flux: { name: fluxName(p, at.overlay.alerts), dependsOn: [at.overlay.prometheus], wait: false },
    },
  ];
}

/** Every local volume the components claim (with a provisioner, the components render none of them). */
export function stackVolumeClaims(p: Profile): VolumeClaim[] {
  return [...prometheusVolumeClaims(p), ...alertmanagerVolumeClaims(p), ...lokiVolumeClaims(p), ...minioVolumeClaims(p), ...seaweedfsVolumeClaims(p), ...grafanaVolumeClaims(p)];
}

export function buildStack(p: Profile): Stack {
  const queries = stackQueries(p);
  const alloy = alloyStack(p, stackAllowlist(p, queries));
  const wiring = wiringGraph(p);
  const components = [localVolumeDirs(p, stackVolumeClaims(p)), prometheusDirs(p), minioDirs(p), seaweedfsDirs(p), lokiDirs(p), grafanaDirs(p), keplerDirs(p), monitorDirs(p), exporterDirs(p), alertDirs(p), alloy.dirs, networkPolicyDirs(p, wiring)].flat();
  const root: Dir = {
    path: paths(p).overlay.root,
    files: [
      {
        name: "namespace.yaml",
        objects: [plain(new Namespace({ metadata: { name: p.namespace, labels: { ...stackLabels("namespace"), ...podSecurityLabels() } } }))],
      },
      // Applied with the namespace, before any Flux Kustomization creates a node agent that names it.
      { name: "priorityclass.yaml", objects: [nodeAgentPriorityClass(p)] },
    ],
    reconciles: components.filter((d) => d.flux).map((d) => d.path),
    // The user's own manifest directories (profile.manifests), applied with the overlay.
    ...(p.manifests.length > 0 ? { includes: p.manifests } : {}),
  };
  const releases = [
    prometheusRelease(p),
    lokiRelease(p),
    grafanaOperatorRelease(p),
    ...(p.kepler.enabled ? [keplerRelease(p)] : []),
    ...alloy.releases,
  ];
  return { dirs: [root, ...components], releases, alloy: alloy.configs, alloySyntaxErrors: alloy.syntaxErrors, queries, wiring };
}
