// Facts about kube-prometheus-stack's dashboards and recording rules, extracted from the chart as
// `helm template` renders it (with `grafana.forceDeployDashboards: true`, everything else at the chart's
// defaults). The dashboards reach Grafana as the chart's ConfigMaps, referenced by GrafanaDashboard
// objects (src/dashboards/kps/index.ts), so their queries are not in this project at render time: what
// the verifier, the Alloy allowlist and the rehearsal need of them is carried here as facts — per panel
// and variable, every vector selector (metric name and label matchers) and the datasource it runs on;
// per recording-rule group, the values key that enables it and, per rule, the record and its selectors.
// `scripts/kps-facts.ts` writes facts.generated.json from a chart directory; test/dashboards/kps.test.ts
// regenerates them when a copy of the chart is at hand and fails on drift.
import { parsePromQL, type PromSelector } from "../../queries/verify.ts";

export interface ChartQueryFacts {
  /** `panel "<title>"` or `variable "<name>"`. */
  where: string;
  /** The datasource uid as the chart writes it (`${datasource}` / `$datasource`). */
  datasource: string;
  /** Every vector selector of the expression, printed canonically (matchers sorted). */
  selectors: string[];
}

export interface ChartDashboardFacts {
  /** ConfigMap name suffix after the chart's fullname, and the template file's base name. */
  name: string;
  /** The ConfigMap data key holding the dashboard JSON. */
  key: string;
  uid: string;
  title: string;
  /** Names of the dashboard's datasource-type variables with their plugin type (`datasource` → `prometheus`). */
  datasourceVariables: Record<string, string>;
  /** The `cluster` variable: its query and whether it is hidden (2) as rendered with multicluster off. */
  clusterVariable?: { query: string; hide: number };
  queries: ChartQueryFacts[];
}

export interface ChartRuleGroupFacts {
  name: string;
  /** `defaultRules.rules.<valuesKey>` enables the group (chart default: true unless noted). */
  valuesKey: string;
  /** The template file under templates/prometheus/rules-1.14/. */
  template: string;
  records: { record: string; selectors: string[] }[];
  /** Number of alerting rules in the group (their selectors are not carried). */
  alerts: number;
}

export interface KpsFacts {
  chart: string;
  version: string;
  /** How the facts were produced. */
  provenance: string;
  dashboards: ChartDashboardFacts[];
  ruleGroups: ChartRuleGroupFacts[];
}

/** A selector printed the way PromQL reads it: `metric{a="x",b=~"y"}` with matchers sorted by label. */
export function printSelector(s: PromSelector): string {
  const ms = s.matchers
    .filter((m) => !(m.label === "__name__" && s.metric !== undefined))
    .map((m) => `${m.label}${m.op}${JSON.stringify(m.value)}`)
    .sort();
  return `${s.metric ?? ""}{${ms.join(",")}}`;
}

function selectorsOf(expr: string): string[] {
  const info = parsePromQL(expr);
  if (info.errors.length > 0) throw new Error(`chart expression does not parse (${info.errors.join("; ")}): ${expr}`);
  return [...new Set(info.selectors.map(printSelector))].sort();
}

type Json = Record<string, any>;

function dashboardFacts(name: string, key: string, j: Json): ChartDashboardFacts {
  const queries: ChartQueryFacts[] = [];
  const uidOf = (ds: unknown): string => (typeof ds === "string" ? ds : ((ds as Json | undefined)?.uid ?? ""));
  const visit = (panels: Json[] | undefined) => {
    for (const p of panels ?? []) {
      for (const t of p.targets ?? []) {
        if (typeof t.expr !== "string") continue;
        queries.push({ where: `panel ${JSON.stringify(p.title ?? `#${p.id}`)}`, datasource: uidOf(t.datasource ?? p.datasource), selectors: selectorsOf(t.expr) });
      }
      visit(p.panels);
    }
  };
  visit(j.panels);
  const datasourceVariables: Record<string, string> = {};
  let clusterVariable: ChartDashboardFacts["clusterVariable"];
  for (const v of (j.templating?.list ?? []) as Json[]) {
    if (v.type === "datasource") datasourceVariables[v.name] = v.query;
    if (v.type !== "query") continue;
    const q = typeof v.query === "string" ? v.query : v.query?.query;
    queries.push({ where: `variable ${JSON.stringify(v.name)}`, datasource: uidOf(v.datasource), selectors: selectorsOf(q) });
    if (v.name === "cluster") clusterVariable = { query: q, hide: v.hide ?? 0 };
  }
  return { name, key, uid: j.uid, title: j.title, datasourceVariables, ...(clusterVariable ? { clusterVariable } : {}), queries };
}

/**
 * Facts from the rendered chart (`docs`: every object of `helm template`) and the rule templates' sources
 * (`ruleTemplates`: file base name → text), which name the values key of each group.
 */
export function extractKpsFacts(input: { version: string; fullname: string; docs: Json[]; ruleTemplates: Record<string, string>; provenance: string }): KpsFacts {
  const dashboards: ChartDashboardFacts[] = [];
  for (const d of input.docs) {
    if (d?.kind !== "ConfigMap" || !d.metadata?.name?.startsWith(`${input.fullname}-`)) continue;
    for (const [key, text] of Object.entries((d.data ?? {}) as Record<string, string>)) {
      if (!key.endsWith(".json")) continue;
      dashboards.push(dashboardFacts(d.metadata.name.slice(input.fullname.length + 1), key, JSON.parse(text)));
    }
  }
  // Group name → (template file, values key), from the sources: one group per rules template.
  const keyOf = new Map<string, { template: string; valuesKey: string }>();
  for (const [file, text] of Object.entries(input.ruleTemplates)) {
    const key = /\.Values\.defaultRules\.rules\.([A-Za-z0-9]+)/.exec(text)?.[1];
    const group = /groups:[\s\S]*?\bname: (\S+)\s*$/m.exec(text)?.[1];
    if (key && group) keyOf.set(group, { template: file, valuesKey: key });
  }
  const ruleGroups: ChartRuleGroupFacts[] = [];
  for (const d of input.docs) {
    if (d?.kind !== "PrometheusRule") continue;
    for (const g of d.spec.groups as Json[]) {
      const k = keyOf.get(g.name);
      if (!k) throw new Error(`rule group ${g.name}: no template names its values key`);
      const records = (g.rules as Json[]).filter((r) => r.record).map((r) => ({ record: r.record as string, selectors: selectorsOf(r.expr) }));
      ruleGroups.push({ name: g.name, ...k, records, alerts: (g.rules as Json[]).filter((r) => r.alert).length });
    }
  }
  dashboards.sort((a, b) => a.name.localeCompare(b.name));
  ruleGroups.sort((a, b) => a.name.localeCompare(b.name));
  return { chart: "kube-prometheus-stack", version: input.version, provenance: input.provenance, dashboards, ruleGroups };
}
