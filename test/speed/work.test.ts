// Double work and growth (issue #13): each query parsed once per render, LogQL never tried as PromQL;
// the printed Alloy configs are canonical for both profiles (the render no longer re-prints them to
// check); a .json profile is read as JSON; profiles at each axis's maximum render (no timing assertion).
import { test } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { parser as promParser } from "@prometheus-io/lezer-promql";
import { parser as logqlParser } from "@grafana/lezer-logql";
import { bothProfiles, defaultProfile, runCli, tempDir } from "../helpers/fixtures.ts";
import { render } from "../../src/render.ts";
import { checkQueries, clearQueryCache, extractDashboardQueries, substituteVariables } from "../../src/queries/verify.ts";
import { DATASOURCES } from "../../src/dashboards/datasources.ts";
import { dashboards } from "../../src/grafana/index.ts";
import { alloyStack } from "../../src/pipeline/index.ts";
import { buildStack, stackAllowlist } from "../../src/stack/index.ts";
import { toYaml } from "../../src/tree/render.ts";
import type { K8sObject } from "../../src/k8s/object.ts";
import { parse } from "../../src/alloy/syntax/parser.ts";
import { print } from "../../src/alloy/syntax/printer.ts";
import { validateProfile } from "../../src/profile/load.ts";
import { AXIS_MAX, grownInput, jsonable, type Axis } from "../../scripts/grow.ts";
import type { StackInput } from "../../src/profile/schema.ts";
import defaultInput from "../../profiles/kimawesome.ts";
import { ProfileError } from "../../src/profile/load.ts";

/** Calls fn with both lezer parsers wrapped; returns the texts each was asked to parse. */
function countParses(fn: () => void): { prom: string[]; logql: string[] } {
  const seen = { prom: [] as string[], logql: [] as string[] };
  const promParse = promParser.parse;
  const logqlParse = logqlParser.parse;
  promParser.parse = function (this: typeof promParser, input: string, ...rest: unknown[]) {
    seen.prom.push(input);
    return (promParse as (...a: unknown[]) => ReturnType<typeof promParse>).call(this, input, ...rest);
  } as typeof promParse;
  logqlParser.parse = function (this: typeof logqlParser, input: string, ...rest: unknown[]) {
    seen.logql.push(input);
    return (logqlParse as (...a: unknown[]) => ReturnType<typeof logqlParse>).call(this, input, ...rest);
  } as typeof logqlParse;
  try {
    fn();
  } finally {
    promParser.parse = promParse;
    logqlParser.parse = logqlParse;
  }
  return seen;
}

const duplicates = (xs: string[]) => [...new Set(xs.filter((x, i) => xs.indexOf(x) !== i))];

test("a render parses each query once, and LogQL only as LogQL", () => {
  for (const { name, profile } of bothProfiles()) {
    clearQueryCache();
    const seen = countParses(() => render(profile, "p.ts"));
    assert.ok(seen.prom.length > 100, `${name}: the render parsed PromQL (${seen.prom.length})`);
    assert.ok(seen.logql.length > 5, `${name}: the render parsed LogQL (${seen.logql.length})`);
    assert.deepEqual(duplicates(seen.prom), [], `${name}: PromQL parsed more than once`);
    assert.deepEqual(duplicates(seen.logql), [], `${name}: LogQL parsed more than once`);
    const logql = dashboards()
      .flatMap((d) => extractDashboardQueries(d))
      .filter((q) => q.datasourceUid === DATASOURCES.loki.uid)
      .map((q) => substituteVariables(q.expr).text);
    assert.ok(logql.length > 5);
    const prom = new Set(seen.prom);
    assert.deepEqual(logql.filter((q) => prom.has(q)), [], `${name}: LogQL queries were parsed as PromQL`);
  }
});

test("the Alloy configs a render ships are canonical and valid for both profiles (print(parse(x)) == x)", () => {
  for (const { name, profile } of bothProfiles()) {
    for (const c of alloyStack(profile, stackAllowlist(profile)).configs) {
      const { file, diagnostics } = parse(c.text, c.filename);
      assert.deepEqual(diagnostics, [], `${name} ${c.filename}`);
      assert.equal(print(file), c.text, `${name} ${c.filename} is not canonical`);
    }
  }
});

test("a .json profile is read as JSON: YAML-only syntax is refused with the profile's path (exit 2)", async () => {
  const dir = tempDir();
  const good = join(dir, "p.json");
  writeFileSync(good, JSON.stringify(grownInput("externalMachines", 3)));
  const ok = await runCli(["render", "--profile", good, "--out", join(dir, "out")]);
  assert.equal(ok.code, 0, ok.stderr);
  const yamlish = join(dir, "y.json");
  writeFileSync(yamlish, "cluster: {name: c1, overlay: prod}\nnodes: [{name: n1}]\n");
  const bad = await runCli(["render", "--profile", yamlish, "--out", join(dir, "out2")]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /y\.json: invalid profile\n {2}- not valid JSON/);
  assert.doesNotMatch(bad.stderr, /\n\s+at /);
});

test("the grown profiles follow the schema: each axis's maximum validates, one more is refused; as JSON, the default profile renders the same", () => {
  for (const axis of Object.keys(AXIS_MAX) as Axis[]) {
    validateProfile(grownInput(axis, AXIS_MAX[axis]), `${axis}.json`);
    assert.throws(() => validateProfile(grownInput(axis, AXIS_MAX[axis] + 1), `${axis}.json`), ProfileError, axis);
  }
  // As JSON (typed Alloy blocks printed to text), the default profile still renders the same tree.
  const asJson = JSON.parse(JSON.stringify(jsonable(defaultInput as StackInput))) as unknown;
  assert.deepEqual(render(validateProfile(asJson, "p.ts"), "p.ts").files, render(validateProfile(defaultInput, "p.ts"), "p.ts").files);
});

test(`a profile with the most external machines (${AXIS_MAX.externalMachines}) renders: one ScrapeConfig file per machine`, () => {
  const n = AXIS_MAX.externalMachines;
  const p = validateProfile(grownInput("externalMachines", n), "grown.json");
  const { files } = render(p, "grown.json");
  const machines = [...files.keys()].filter((f) => /\/monitors-external\/machine-\d{5}\.yaml$/.test(f));
  assert.equal(machines.length, n);
  const last = files.get(machines[machines.length - 1]!)!;
  assert.match(last, /kind: ScrapeConfig/);
  assert.match(last, new RegExp(`machine-${String(n - 1).padStart(5, "0")}`));
});

test("the most nodes, receivers and routes, pod monitors, pipelines a profile may hold: each renders, every item in the output", () => {
  const all = (axis: Axis) => {
    const { files } = render(validateProfile(grownInput(axis, AXIS_MAX[axis]), `${axis}.json`), `${axis}.json`);
    return [...files.values()].join("\n");
  };
  const count = (text: string, re: RegExp) => text.match(re)?.length ?? 0;
  // Nodes: Kepler runs on the workers (one node-name term each).
  const listed = new Set([...all("nodes").matchAll(/values:\n\s+- (node-\d{5})\n/g)].map((m) => m[1]));
  assert.equal(listed.size, AXIS_MAX.nodes - 1);
  // Receivers and routes: every receiver and route reaches Alertmanager's configuration.
  const receivers = all("receivers");
  assert.ok(count(receivers, /name: team-\d{5}\n/g) >= AXIS_MAX.receivers, "receivers");
  assert.ok(count(receivers, /receiver: team-\d{5}\n/g) >= AXIS_MAX.receivers, "routes");
  // Pod monitors: one PodMonitor each.
  assert.ok(count(all("podMonitors"), /name: app-\d{5}\n/g) >= AXIS_MAX.podMonitors);
  // Pipelines: every profile component is in the Alloy configuration it was given to.
  assert.equal(count(all("pipelines"), /prometheus\.relabel "p_\d{5}"/g), AXIS_MAX.pipelines);
});

test("chart dashboards: a metric the dashboard knowingly lacks is not reported, any other unknown one is", () => {
  const dashboard = (absentMetrics?: Record<string, string>) => ({
    title: "chart",
    datasourceVariables: {},
    queries: [{ where: "panel \"p\"", datasource: DATASOURCES.prometheus.uid, selectors: ['windows_cpu_time_total{mode="idle"}', "up"] }],
    ...(absentMetrics ? { absentMetrics } : {}),
  });
  const check = (d: ReturnType<typeof dashboard>) => checkQueries({ dashboards: [], rules: [], chartDashboards: [d] });
  assert.deepEqual(check(dashboard({ windows_cpu_time_total: "no Windows nodes" })), []);
  assert.deepEqual(check(dashboard()), ['dashboard "chart", panel "p": unknown metric windows_cpu_time_total in windows_cpu_time_total{mode="idle"}']);
  // An inherited property name is neither an entry of absentMetrics nor a crash of the parser.
  for (const name of ["toString", "valueOf", "hasOwnProperty"]) {
    const d = { ...dashboard({}), queries: [{ where: "panel \"p\"", datasource: DATASOURCES.prometheus.uid, selectors: [`${name}{job="x"}`] }] };
    assert.deepEqual(check(d), [`dashboard "chart", panel "p": unknown metric ${name} in ${name}{job="x"}`]);
  }
});

test("the dashboards' objects, the same for every profile, are built once and frozen; their YAML is what a fresh copy serializes to", () => {
  const files = (name: string) =>
    bothProfiles().map(({ profile }) => buildStack(profile).dirs.flatMap((d) => d.files).find((f) => f.name === name)!.objects);
  for (const name of ["dashboards.yaml", "kubernetes-dashboards.yaml"]) {
    const [a, b] = files(name);
    assert.ok(a!.length > 0, name);
    assert.equal(a, b, `${name}: one array for every render`);
    // A caller cannot change them for the next render (ES modules are strict: the write throws).
    assert.throws(() => ((a![0] as { metadata: { name: string } }).metadata.name = "changed"), TypeError, name);
    assert.throws(() => (a as K8sObject[]).push(a![0]!), TypeError, name);
    assert.equal(toYaml(a!), toYaml(structuredClone(a) as K8sObject[]), name);
  }
});
