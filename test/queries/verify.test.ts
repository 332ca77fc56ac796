import { test } from "node:test";
import assert from "node:assert/strict";
import { DATASOURCES } from "../../src/dashboards/datasources.ts";
import { dashboard, finish, loki, lokiVariable, prom, promVariable, timeseries, RowBuilder } from "../../src/dashboards/common.ts";
import type { DashboardDef } from "../../src/dashboards/types.ts";
import { CATALOG, KEPLER_METRICS, NODE_EXPORTER_METRICS, knownMetricNames, lookupMetric, seriesNames } from "../../src/queries/catalog.ts";
import {
  checkQueries,
  deriveNodeAllowlist,
  extractDashboardQueries,
  parseLogQL,
  parsePromQL,
  substituteVariables,
} from "../../src/queries/verify.ts";

/** A one-panel dashboard around the given queries. */
function fixture(title: string, panels: { title: string; queries: ReturnType<typeof prom>[] }[], vars: ReturnType<typeof promVariable>[] = []): DashboardDef {
  const d = dashboard(`test-${title.toLowerCase().replace(/\W+/g, "-")}`, title, "test");
  for (const v of vars) d.withVariable(v);
  for (const p of panels) d.withPanel(timeseries(p.title, p.queries));
  return finish(d);
}

test("parsePromQL: metrics, matchers per selector, grouping labels", () => {
  const r = parsePromQL('sum by (job) (rate(node_cpu_seconds_total{mode="idle", machine_name=~"a|b"}[5m])) / on (job) group_left count(up)');
  assert.deepEqual(r.errors, []);
  assert.deepEqual(r.metrics, ["node_cpu_seconds_total", "up"]);
  assert.deepEqual(r.labelsBySelector["node_cpu_seconds_total"], ["machine_name", "mode"]);
  assert.deepEqual(r.selectors[0]!.matchers, [
    { label: "mode", op: "=", value: "idle" },
    { label: "machine_name", op: "=~", value: "a|b" },
  ]);
  assert.deepEqual(r.groupingLabels, ["job"]);
});

test("parsePromQL: __name__ matchers and quoted metric names count as metric names", () => {
  assert.deepEqual(parsePromQL('{__name__="up", job="x"}').metrics, ["up"]);
  assert.deepEqual(parsePromQL('{__name__=~"node_load1|node_load5"}').metrics, ["node_load1", "node_load5"]);
  assert.deepEqual(parsePromQL('{"node_load1", job="x"}').metrics, ["node_load1"]);
});

test("parsePromQL: syntax errors carry the position in the original expression", () => {
  const r = parsePromQL("sum(rate(up[$__rate_interval])");
  assert.equal(r.errors.length, 1);
  assert.match(r.errors[0]!, /syntax error at position 30: unexpected end of query/);
  const r2 = parsePromQL("rate(up[$__rate_interval]) +* 2");
  assert.ok(r2.errors.length > 0);
  assert.match(r2.errors[0]!, /position 28/, r2.errors[0]);
});

test("Grafana template variables become placeholders outside strings only", () => {
  for (const expr of [
    "rate(up[$__rate_interval])",
    "rate(up[${__interval}])",
    "increase(up[$__range])",
    "sum_over_time(up[$window])",
    "up offset $shift",
    "topk($k, up)",
    "max_over_time(up[1h:$__interval])",
    "up / $__range_s",
    'up{job=~"$job", instance=~"${instance:regex}"}',
  ]) {
    assert.deepEqual(parsePromQL(expr).errors, [], expr);
  }
  // Inside strings the variable stays: it is a matcher value.
  assert.equal(parsePromQL('up{job=~"$job"}').selectors[0]!.matchers[0]!.value, "$job");
  const s = substituteVariables('rate(x{a="$a"}[$__rate_interval]) > $t');
  assert.equal(s.text, 'rate(x{a="$a"}[5m]) > 1');
  assert.equal(s.toOriginal(s.text.indexOf(">")), 'rate(x{a="$a"}[$__rate_interval]) > $t'.indexOf(">"));
  assert.deepEqual(parseLogQL('sum(count_over_time({source="pods"} |~ "$search" [$__auto]))').errors, []);
});

test("parsePromQL understands Grafana's variable queries", () => {
  const r = parsePromQL('label_values(node_uname_info{job="node-exporter"}, machine_name)');
  assert.deepEqual(r.errors, []);
  assert.deepEqual(r.metrics, ["node_uname_info"]);
  assert.deepEqual(r.groupingLabels, ["machine_name"]);
  assert.deepEqual(parsePromQL("label_values(machine_name)").metrics, []);
  assert.deepEqual(parsePromQL("query_result(topk(5, up))").metrics, ["up"]);
  assert.match(parsePromQL("label_values(up{, job)").errors[0] ?? "", /syntax error/);
});

test("parseLogQL: selector labels, labels after the selector, labels the query introduces", () => {
  const r = parseLogQL(
    'sum by (level, pod) (count_over_time({source="pods", namespace=~"$ns"} |= "x" | json msg="message" | pod=~"$pod" | label_format who=app | drop image [$__auto]))',
  );
  assert.deepEqual(r.errors, []);
  assert.deepEqual(r.selectorLabels, ["namespace", "source"]);
  assert.equal(r.selectors[0]!.source, "pods");
  assert.deepEqual(r.queryLabels, ["app", "image", "level", "pod"]);
  assert.deepEqual(r.introducedLabels, ["msg", "who"]);
  assert.deepEqual(parseLogQL('{source="x"} | regexp "(?P<code>\\\\d+)" | pattern "<ip> <_>"').introducedLabels, ["code", "ip"]);
  assert.ok(parseLogQL('{source="pods" | ').errors.length > 0);
});

test("checkQueries: a syntax error names the dashboard and the panel", () => {
  const d = fixture("Broken", [{ title: "CPU", queries: [prom("sum(rate(node_cpu_seconds_total[5m])")] }]);
  const problems = checkQueries({ dashboards: [d], rules: [] });
  assert.equal(problems.length, 1);
  assert.match(problems[0]!, /^dashboard "Broken", panel "CPU": syntax error at position \d+.* in sum\(rate\(node_cpu_seconds_total\[5m\]\)$/);
});

test("checkQueries: an unknown metric is caught, recording rules count as known", () => {
  const d = fixture("Nodes and machines", [{ title: "CPU", queries: [prom("rate(node_cpu_seconds_totl[5m])")] }]);
  assert.deepEqual(checkQueries({ dashboards: [d], rules: [] }), [
    'dashboard "Nodes and machines", panel "CPU": unknown metric node_cpu_seconds_totl in rate(node_cpu_seconds_totl[5m])',
  ]);
  const rules = [
    { group: "g", record: "instance:cpu:rate5m", expr: "sum by (instance) (rate(node_cpu_seconds_total[5m]))" },
    { group: "g", alert: "CpuHigh", expr: "instance:cpu:rate5m > 0.9" },
    { group: "g", alert: "Typo", expr: "kube_pod_infoo > 0" },
  ];
  assert.deepEqual(checkQueries({ dashboards: [], rules }), ['rule group "g", alert "Typo": unknown metric kube_pod_infoo in kube_pod_infoo > 0']);
});

test("checkQueries: LogQL labels must come from the pipeline's label contract", () => {
  const d = fixture("Logs", [
    { title: "unknown", queries: [loki('{source="pods", hostname="x"}')] },
    { title: "metadata in selector", queries: [loki('{source="pods", pod="x"}')] },
    { title: "wrong source", queries: [loki('{source="journal", namespace="x"}')] },
    { title: "unknown after", queries: [loki('sum by (severity) (count_over_time({source="pods"}[5m]))')] },
    { title: "fine", queries: [loki('sum by (reason) (count_over_time({source="events", namespace="a"} | kind="Pod" [5m]))')] },
  ]);
  const problems = checkQueries({ dashboards: [d], rules: [] });
  assert.equal(problems.length, 4, problems.join("\n"));
  assert.match(problems[0]!, /panel "unknown": unknown stream label hostname in \{source="pods", hostname="x"\}/);
  assert.match(problems[1]!, /panel "metadata in selector": label pod is structured metadata, not a stream label/);
  assert.match(problems[2]!, /panel "wrong source": label namespace is not a stream label of source="journal"/);
  assert.match(problems[3]!, /panel "unknown after": unknown label severity/);
  // The profile's static labels are stream labels too.
  const withStatic = fixture("Static", [{ title: "team", queries: [loki('{source="pods", team="a"}')] }]);
  assert.equal(checkQueries({ dashboards: [withStatic], rules: [] }).length, 1);
  assert.deepEqual(checkQueries({ dashboards: [withStatic], rules: [], staticLabels: { team: "a" } }), []);
});

test("checkQueries: the datasource decides the language; foreign uids are reported", () => {
  const d = fixture("Mixed", [{ title: "logql on prometheus", queries: [prom('{source="pods"} |= "x"')] }]);
  assert.match(checkQueries({ dashboards: [d], rules: [] })[0] ?? "", /panel "logql on prometheus": syntax error/);
  const foreign: DashboardDef = {
    uid: "x",
    title: "Foreign",
    json: { panels: [{ type: "timeseries", title: "P", datasource: { uid: "${DS_PROMETHEUS}" }, targets: [{ expr: "up" }] }] },
  };
  assert.match(checkQueries({ dashboards: [foreign], rules: [] })[0] ?? "", /panel "P": datasource uid "\$\{DS_PROMETHEUS\}" is not one of the stack's/);
});

test("extractDashboardQueries: panels, rows' nested panels and query variables", () => {
  const d = finish(
    dashboard("t", "T", "test")
      .withVariable(promVariable("machine_name", "label_values(node_uname_info, machine_name)"))
      .withRow(new RowBuilder("Collapsed").collapsed(true).withPanel(timeseries("Inner", [prom("up", "")])))
      .withPanel(timeseries("Outer", [loki('{source="pods"}')])),
  );
  const qs = extractDashboardQueries(d);
  assert.deepEqual(
    qs.map((q) => [q.panel, q.datasourceUid, q.expr]),
    [
      ['panel "Inner"', DATASOURCES.prometheus.uid, "up"],
      ['panel "Outer"', DATASOURCES.loki.uid, '{source="pods"}'],
      ['variable "machine_name"', DATASOURCES.prometheus.uid, "label_values(node_uname_info, machine_name)"],
    ],
  );
  const broken = fixture("Vars", [], [promVariable("m", "label_values(node_unam_info, machine_name)")]);
  assert.deepEqual(checkQueries({ dashboards: [broken], rules: [] }), [
    'dashboard "Vars", variable "m": unknown metric node_unam_info in label_values(node_unam_info, machine_name)',
  ]);
});

test("deriveNodeAllowlist: node-exporter and Kepler names, sorted and unique, scrape series when the job matches", () => {
  const r = deriveNodeAllowlist([
    'rate(node_cpu_seconds_total{mode="idle"}[5m])',
    "node_load1 / count(node_cpu_seconds_total)",
    'sum(kepler_node_cpu_watts{zone="package"})',
    "rate(kepler_pod_cpu_joules_total[$__rate_interval])",
    'up{job="node-exporter"}',
    'up{job="kepler"} == 0',
    'scrape_duration_seconds{job="alloy"}',
    'scrape_series_added{job!="kepler"}',
    "scrape_samples_scraped",
    "kube_node_info",
    "node_namespace_pod:kube_pod_info:",
    'sum by (level) (count_over_time({source="pods"} |= "node_load15" [5m]))',
  ]);
  assert.deepEqual(r, {
    nodeExporter: ["node_cpu_seconds_total", "node_load1", "scrape_samples_scraped", "scrape_series_added", "up"],
    kepler: ["kepler_node_cpu_watts", "kepler_pod_cpu_joules_total", "scrape_samples_scraped", "up"],
  });
});

test("catalog: node-exporter and Kepler listed on their own; histograms expand to _bucket/_sum/_count", () => {
  assert.ok(NODE_EXPORTER_METRICS.every((m) => m.name.startsWith("node_")));
  assert.ok(KEPLER_METRICS.every((m) => m.name.startsWith("kepler_")));
  assert.equal(CATALOG["node-exporter"], NODE_EXPORTER_METRICS);
  const known = knownMetricNames();
  for (const n of ["gotk_reconcile_duration_seconds_bucket", "gotk_reconcile_duration_seconds_sum", "gotk_reconcile_duration_seconds_count"]) assert.ok(known.has(n), n);
  assert.ok(!known.has("gotk_reconcile_duration_seconds"), "a histogram family name is not a series");
  assert.deepEqual(seriesNames({ name: "go_gc_duration_seconds", kind: "summary" }), ["go_gc_duration_seconds", "go_gc_duration_seconds_sum", "go_gc_duration_seconds_count"]);
  assert.equal(lookupMetric("kepler_node_cpu_joules_total")?.source, "kepler");
  // Kepler's pre-0.10 names are gone.
  for (const old of ["kepler_container_joules_total", "kepler_node_package_joules_total"]) assert.ok(!known.has(old), old);
  // One name, one source.
  const all = Object.values(CATALOG).flatMap((defs) => defs.flatMap(seriesNames));
  assert.equal(new Set(all).size, all.length, "a series name is listed twice");
});

test("checkQueries: a Loki variable may only list stream labels of its selector's source", () => {
  const d = finish(
    dashboard("v", "Vars", "test")
      .withVariable(lokiVariable("ns", 'label_values({source="pods"}, namespace)'))
      .withVariable(lokiVariable("pod", 'label_values({source="pods"}, pod)'))
      .withVariable(lokiVariable("unit", 'label_values({source="pods"}, unit)')),
  );
  assert.deepEqual(checkQueries({ dashboards: [d], rules: [] }), [
    'dashboard "Vars", variable "pod": label pod is not a stream label of source="pods": Loki\'s label API lists stream labels only in label_values({source="pods"}, pod)',
    'dashboard "Vars", variable "unit": label unit is not a stream label of source="pods": Loki\'s label API lists stream labels only in label_values({source="pods"}, unit)',
  ]);
});
