// Metrics made from log lines: the kgateway access-log pipeline of the default profile emits the
// reference cluster's names and labels, counts parsed access-log lines only, and the query verifier
// knows whatever any profile pipeline's stage.metrics produces (derived from the config, no hand list).
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { SHARED, defaultProfile, secondProfile } from "../helpers/fixtures.ts";
import { buildStack } from "../../src/stack/index.ts";
import { producedMetrics, type ProducedMetric } from "../../src/pipeline/metrics.ts";
import { checkQueries, extractDashboardQueries, parsePromQL } from "../../src/queries/verify.ts";
import { seriesNames } from "../../src/queries/catalog.ts";
import { parse } from "../../src/alloy/syntax/parser.ts";
import { unquote } from "../../src/alloy/syntax/validator.ts";
import type { Block, Stmt } from "../../src/alloy/syntax/ast.ts";
import type { Profile } from "../../src/profile/schema.ts";

const REFERENCE_DASHBOARD = join(SHARED, "reference/original-cluster/overlays/base/grafana/dashboards/kgateway-route-metrics.json");

const produced = (p: Profile) => producedMetrics(buildStack(p).alloy);

function routeProcess(): Block {
  const text = buildStack(defaultProfile()).alloy.find((c) => c.workload === "node")!.text;
  const b = parse(text, "n").file.body.find((s): s is Block => s.kind === "Block" && s.name.join(".") === "loki.process" && s.label === "kgateway_access_log_metrics");
  assert.ok(b);
  return b;
}
const blocksOf = (body: Stmt[], name: string) => body.filter((s): s is Block => s.kind === "Block" && s.name.join(".") === name);
function attrString(b: Block, name: string): string | undefined {
  const a = b.body.find((s) => s.kind === "Attribute" && s.name.name === name);
  return a && a.kind === "Attribute" && a.value.kind === "Literal" ? (a.value.tok === "STRING" ? unquote(a.value.value) : a.value.value) : undefined;
}

test("the default profile's access-log metrics have the reference cluster's names and labels, not loki_process_custom_*", () => {
  const m = produced(defaultProfile());
  const byName = new Map(m.map((x) => [x.name, x]));
  assert.deepEqual([...byName.keys()].sort(), ["envoy_route_request_duration_milliseconds", "envoy_route_requests_total"]);
  assert.equal(byName.get("envoy_route_requests_total")!.kind, "counter");
  assert.equal(byName.get("envoy_route_request_duration_milliseconds")!.kind, "histogram");
  for (const x of m) {
    for (const l of ["gateway", "authority", "kube_namespace", "kube_service", "path", "response_code"]) assert.ok(x.labels?.includes(l), `${x.name} has no ${l} label`);
    assert.ok(!x.labels!.includes("filename"), "no per-file series");
  }
});

test("only parsed access-log lines are counted: no match_all, a line without a response code is dropped before the metrics", () => {
  const proc = routeProcess();
  const metrics = blocksOf(proc.body, "stage.metrics").flatMap((s) => [...blocksOf(s.body, "metric.counter"), ...blocksOf(s.body, "metric.histogram")]);
  for (const m of metrics) assert.notEqual(attrString(m, "match_all"), "true", "match_all counts every line, parsed or not");
  const names = proc.body.filter((s): s is Block => s.kind === "Block").map((b) => b.name.join("."));
  const drop = blocksOf(proc.body, "stage.match").find((b) => attrString(b, "action") === "drop");
  assert.ok(drop, "a drop of the lines without a response code");
  assert.match(attrString(drop, "selector")!, /response_code=""/);
  assert.ok(names.indexOf("stage.match") < names.indexOf("stage.metrics"));
  // The response code that is counted must be a number: a missing JSON key is extracted as null.
  const status = blocksOf(proc.body, "stage.regex").find((b) => attrString(b, "source") === "response_code")!;
  const re = new RegExp(attrString(status, "expression")!.replaceAll("(?P<", "(?<"));
  assert.equal(re.exec("200")?.groups?.status, "200");
  assert.equal(re.exec(""), null);
  assert.equal(re.exec("<nil>"), null);
});

test("route labels come from kgateway's route name, the host label is bounded to the profile's hostnames", () => {
  const proc = routeProcess();
  const route = blocksOf(proc.body, "stage.regex").find((b) => attrString(b, "source") === "route")!;
  const re = new RegExp(attrString(route, "expression")!.replaceAll("(?P<", "(?<"));
  const g = (name: string) => re.exec(name)?.groups;
  assert.deepEqual({ ...g("https~grafana.kim.tec.br-route-0-httproute-grafana-route-observability-0-0-grafana-matcher-0") }, { kube_service: "grafana-route", kube_namespace: "observability", path: "grafana" });
  // A route name whose HTTPRoute name contains a namespace name: the known namespace anchors the split.
  assert.deepEqual({ ...g("https~mari.example-route-1-httproute-mari-site-route-mari-0-2-root-matcher-0") }, { kube_service: "mari-site-route", kube_namespace: "mari", path: "root" });
  assert.equal(g("-"), undefined, "no route: no route labels");
  const template = blocksOf(proc.body, "stage.template").find((b) => attrString(b, "source") === "authority")!;
  const t = attrString(template, "template")!;
  assert.match(t, /else \}\}other\{\{ end/);
  assert.match(t, new RegExp(`list "${defaultProfile().grafana.hostname.replaceAll(".", "\\.")}"`));
});

test("the second profile has no custom pipeline: nothing is made from its log lines", () => {
  assert.deepEqual(produced(secondProfile()), []);
});

test("the verifier knows what profile pipelines produce, derived from their stage.metrics blocks", () => {
  const dash = (expr: string) => ({ uid: "x", title: "routes", json: { panels: [{ title: "p", targets: [{ expr, datasource: { uid: "prometheus" } }] }] } });
  const q = "sum by (gateway) (rate(envoy_route_requests_total[5m])) / sum(rate(envoy_route_request_duration_milliseconds_count[5m]))";
  const withDefault = checkQueries({ dashboards: [dash(q)], rules: [], pipelineMetrics: produced(defaultProfile()) });
  assert.deepEqual(withDefault, []);
  const withSecond = checkQueries({ dashboards: [dash(q)], rules: [], pipelineMetrics: produced(secondProfile()) });
  assert.match(withSecond.join("\n"), /unknown metric envoy_route_requests_total/);
  // A metric without a prefix gets Alloy's default one: the verifier knows that name, not the bare one.
  const bare = producedMetrics([{ filename: "x.alloy", text: 'loki.process "x" {\n  forward_to = []\n\n  stage.metrics {\n    metric.counter {\n      name   = "lines_total"\n      action = "inc"\n      match_all = true\n    }\n  }\n}\n' }]);
  assert.deepEqual(bare.map((m) => m.name), ["loki_process_custom_lines_total"]);
});

test("the reference cluster's kgateway route dashboard queries what the default profile produces", { skip: existsSync(REFERENCE_DASHBOARD) ? false : `no ${REFERENCE_DASHBOARD} (../shared absent)` }, () => {
  const ref = JSON.parse(readFileSync(REFERENCE_DASHBOARD, "utf8")) as { panels?: unknown[]; templating?: unknown };
  // Its panels use an input datasource (${DS_PROMETHEUS}): point them at the stack's Prometheus uid.
  const queries = extractDashboardQueries({ uid: "ref", title: "ref", json: ref });
  assert.ok(queries.length >= 10);
  const def = { uid: "kgateway-route-metrics", title: "kgateway route metrics", json: { panels: queries.map((q) => ({ title: q.panel, targets: [{ expr: q.expr, datasource: { uid: "prometheus" } }] })) } };
  const metrics = produced(defaultProfile());
  assert.deepEqual(checkQueries({ dashboards: [def], rules: [], pipelineMetrics: metrics }), []);
  // Without the pipeline's metrics the same queries are unknown: the check is not vacuous.
  assert.match(checkQueries({ dashboards: [def], rules: [] }).join("\n"), /unknown metric envoy_route_requests_total/);
  // Every label they filter or group by is on the series the pipeline produces.
  const labelsOf = new Map<string, ProducedMetric>();
  for (const m of metrics) for (const n of seriesNames(m)) labelsOf.set(n, m);
  for (const q of queries) {
    const info = parsePromQL(q.expr);
    const introduced = new Set([...q.expr.matchAll(/label_replace\([\s\S]*?,\s*"([A-Za-z_][A-Za-z0-9_]*)"/g)].map((m) => m[1]!));
    const used = new Set([...info.groupingLabels, ...Object.entries(info.labelsBySelector).filter(([m]) => m !== "").flatMap(([, l]) => l)]);
    const known = new Set(info.metrics.flatMap((n) => [...(labelsOf.get(n)?.labels ?? []), ...(labelsOf.get(n)?.kind === "histogram" ? ["le"] : [])]));
    for (const l of used) if (!introduced.has(l)) assert.ok(known.has(l), `${q.panel}: label ${l} is not on ${info.metrics.join(", ")}`);
  }
});
