// Issue #13: the chart's PromQL expressions (its dashboards' and recording rules' selectors, its rules) are
// fixed facts of the pinned chart, and so are their parses (src/queries/chart-parses.generated.json): a
// render looks them up instead of parsing them. The generated parses cannot drift: every entry is parsed
// again here and compared, and the entries are exactly the facts' expressions.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { parser as promParser } from "@prometheus-io/lezer-promql";
import { bothProfiles } from "../helpers/fixtures.ts";
import { render } from "../../src/render.ts";
import { clearQueryCache, parsePromQL, parsePromQLUncached, substituteVariables } from "../../src/queries/verify.ts";
import { CHART_PARSES_FILE, chartExpressions, chartParsesText } from "../../scripts/chart-parses.ts";
import { KPS_FACTS } from "../../src/dashboards/kps/index.ts";
import { NAMESPACE_TOKEN } from "../../src/alerts/kps-rules.ts";

test("the generated chart parses are those of the facts' expressions, parsed now (regenerate: npx tsx scripts/chart-parses.ts)", () => {
  const stored = JSON.parse(readFileSync(CHART_PARSES_FILE, "utf8")) as { promql: Record<string, unknown> };
  assert.deepEqual(Object.keys(stored.promql).sort(), chartExpressions());
  assert.ok(chartExpressions().length > 500);
  assert.equal(readFileSync(CHART_PARSES_FILE, "utf8"), chartParsesText());
  // What the render reads equals a fresh parse, prototype-free labelsBySelector included.
  for (const e of chartExpressions()) {
    const fresh = parsePromQLUncached(e);
    const looked = parsePromQL(e);
    assert.deepEqual(looked, fresh, e);
    assert.equal(Object.getPrototypeOf(looked.labelsBySelector), null, e);
  }
});

test("a chart rule with a namespace in place of the token parses as the token's entry with that value (looked up, not parsed)", () => {
  const templates = chartExpressions().filter((e) => e.includes(NAMESPACE_TOKEN));
  assert.ok(templates.length > 20);
  for (const ns of ["observability", "monitoring-2", "a"]) {
    for (const t of templates) {
      const e = t.split(NAMESPACE_TOKEN).join(ns);
      assert.deepEqual(parsePromQL(e), parsePromQLUncached(e), e);
    }
  }
});

test("a render parses none of the chart's dashboard selectors, record selectors or rule expressions, its namespace filled in or not (both profiles)", () => {
  const chart = new Set(chartExpressions().map((e) => substituteVariables(e).text));
  const dashboardSelectors = new Set(KPS_FACTS.dashboards.flatMap((d) => d.queries.flatMap((q) => q.selectors)).map((e) => substituteVariables(e).text));
  for (const { name, profile } of bothProfiles()) {
    const rules = new Set(chartExpressions().filter((e) => e.includes(NAMESPACE_TOKEN)).map((e) => e.split(NAMESPACE_TOKEN).join(profile.namespace)));
    clearQueryCache();
    const seen: string[] = [];
    const parse = promParser.parse;
    promParser.parse = function (this: typeof promParser, input: string, ...rest: unknown[]) {
      seen.push(input);
      return (parse as (...a: unknown[]) => ReturnType<typeof parse>).call(this, input, ...rest);
    } as typeof parse;
    let files: Map<string, string>;
    try {
      files = render(profile, "p.ts").files;
    } finally {
      promParser.parse = parse;
    }
    assert.ok(files.size > 10 && seen.length > 50, `${name}: the render parsed its own queries (${seen.length})`);
    assert.deepEqual(seen.filter((s) => dashboardSelectors.has(s)), [], `${name}: chart dashboard selectors were parsed`);
    assert.deepEqual(seen.filter((s) => chart.has(s)), [], `${name}: chart expressions were parsed`);
    assert.deepEqual(seen.filter((s) => rules.has(s)), [], `${name}: chart rules with the profile's namespace were parsed`);
  }
});
