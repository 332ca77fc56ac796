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
import { keplerDirs, keplerRelease } from "../kepler/index.ts";
import { monitorDirs } from "../monitors/index.ts";
import { fluxName, paths } from "./names.ts";
import { alloyStack, type AlloyConfig, type PipelineSyntaxError } from "../pipeline/index.ts";
import { dashboards } from "../grafana/index.ts";
import { alertRuleGroups, prometheusRules } from "../alerts/index.ts";
import { deriveNodeAllowlist, extractDashboardQueries, type ChartDashboardInput, type ChartRecordInput, type RuleQuery } from "../queries/verify.ts";
import { enabledKpsRuleGroups, kpsDashboards } from "../dashboards/kps/index.ts";
import { deepMerge } from "../util/merge.ts";
import { DATASOURCES } from "../dashboards/datasources.ts";
import type { DashboardDef } from "../dashboards/index.ts";
import type { NodeAllowlist } from "../pipeline/config.ts";

export interface Stack {
  dirs: Dir[];
  /** Every HelmRelease with its split values, for the values-key check. */
  releases: ReleaseSpec[];
  /** The Alloy configurations (printed), validated by the render checks. */
  alloy: AlloyConfig[];
  alloySyntaxErrors: PipelineSyntaxError[];
  /** The stack's queries (dashboards and rules), checked at render time. */
  queries: ReturnType<typeof stackQueries>;
}

/**
 * Every query the stack ships: dashboard targets and variables, alert rule expressions, and as selectors
 * (carried as facts) the chart dashboards it references and the chart recording rules its values enable.
 */
export function stackQueries(p: Profile): {
  dashboards: DashboardDef[];
  rules: RuleQuery[];
  chartDashboards: ChartDashboardInput[];
  chartRecords: ChartRecordInput[];
  /** Every PromQL expression (dashboards, rules, chart selectors): what the Alloy allowlist is derived from. */
  exprs: string[];
} {
  const ds = dashboards();
  const rules = alertRuleGroups(p).flatMap((g) => g.rules.map((r) => ({ group: g.name, alert: r.alert, expr: r.expr })));
  const kps = prometheusRelease(p);
  const chartDashboards = kpsDashboards();
  const chartRecords = enabledKpsRuleGroups(deepMerge(kps.baseValues, kps.clusterValues)).flatMap((g) => g.records.map((r) => ({ group: g.name, ...r })));
  const exprs = [
    // PromQL only, decided by the datasource: the allowlist reads metric names, LogQL names none.
    ...ds.flatMap((d) => extractDashboardQueries(d).flatMap((q) => (q.datasourceUid === DATASOURCES.loki.uid ? [] : [q.expr]))),
    ...rules.map((r) => r.expr),
    ...chartDashboards.flatMap((d) => d.queries.flatMap((q) => q.selectors)),
    ...chartRecords.flatMap((r) => r.selectors),
  ];
  return { dashboards: ds, rules, chartDashboards, chartRecords, exprs };
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
  return [...prometheusVolumeClaims(p), ...alertmanagerVolumeClaims(p), ...lokiVolumeClaims(p), ...minioVolumeClaims(p), ...grafanaVolumeClaims(p)];
}

export function buildStack(p: Profile): Stack {
  const queries = stackQueries(p);
  const alloy = alloyStack(p, stackAllowlist(p, queries));
  const components = [localVolumeDirs(p, stackVolumeClaims(p)), prometheusDirs(p), minioDirs(p), lokiDirs(p), grafanaDirs(p), keplerDirs(p), monitorDirs(p), alertDirs(p), alloy.dirs].flat();
  const root: Dir = {
    path: paths(p).overlay.root,
    files: [
      {
        name: "namespace.yaml",
        objects: [plain(new Namespace({ metadata: { name: p.namespace, labels: stackLabels("namespace") } }))],
      },
    ],
    reconciles: components.filter((d) => d.flux).map((d) => d.path),
  };
  const releases = [
    prometheusRelease(p),
    lokiRelease(p),
    grafanaOperatorRelease(),
    ...(p.kepler.enabled ? [keplerRelease(p)] : []),
    ...alloy.releases,
  ];
  return { dirs: [root, ...components], releases, alloy: alloy.configs, alloySyntaxErrors: alloy.syntaxErrors, queries };
}
