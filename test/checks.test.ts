// Render-time checks catch what a component gets wrong before anything is written.
import { test } from "node:test";
import assert from "node:assert/strict";
import { defaultProfile } from "./helpers/fixtures.ts";
import { buildStack } from "../src/stack/index.ts";
import { checkStack, RenderCheckError } from "../src/checks/index.ts";

function failures(mutate: (s: ReturnType<typeof buildStack>) => void): string[] {
  const p = defaultProfile();
  const stack = buildStack(p);
  mutate(stack);
  try {
    checkStack(stack, p);
  } catch (e) {
    if (e instanceof RenderCheckError) return e.problems;
    throw e;
  }
  return [];
}

test("the default stack passes every check", () => {
  assert.deepEqual(failures(() => {}), []);
});

test("a HelmRelease value that is not a key of the chart fails the render", () => {
  const msgs = failures((s) => {
    const loki = s.releases.find((r) => r.name === "grafana-loki")!;
    loki.clusterValues = { ...loki.clusterValues, singleBinary: { replicaz: 1 } };
  });
  assert.equal(msgs.length, 1);
  assert.match(msgs[0]!, /^HelmRelease grafana-loki: loki 18\.11\.0: values\.singleBinary\.replicaz is not a key .*did you mean replicas\?/);
});

test("an invalid grafana-operator object fails the render", () => {
  const msgs = failures((s) => {
    const ds = s.dirs.flatMap((d) => d.files.flatMap((f) => f.objects)).find((o) => o.kind === "GrafanaDatasource")!;
    (ds.spec as any).datasource.isDefualt = true;
  });
  assert.match(msgs.join(), /GrafanaDatasource .*prometheus.*spec\.datasource\.isDefualt/);
});

test("the same object rendered twice fails the render", () => {
  const msgs = failures((s) => {
    const dir = s.dirs.find((d) => d.path.endsWith("monitors-infrastructure"))!;
    dir.files.push({ name: "again.yaml", objects: dir.files[0]!.objects });
  });
  assert.match(msgs.join(), /PodMonitor observability\/flux-system is rendered twice/);
});

test("a dashboard query with an unknown metric or a syntax error fails the render, naming dashboard and panel", () => {
  const msgs = failures((s) => {
    const d = s.queries.dashboards[0]!;
    const panel = (d.json as { panels: { type: string; targets?: { expr: string }[] }[] }).panels.find((x) => x.targets?.length)!;
    panel.targets![0]!.expr = "rate(node_cpu_seconds_totl[5m])";
    s.queries.rules.push({ group: "g", alert: "Broken", expr: "sum(rate(up[5m]" });
  });
  assert.ok(msgs.some((m) => /^dashboard "Observability stack overview", panel ".+": unknown metric node_cpu_seconds_totl/.test(m)), msgs.join("\n"));
  assert.ok(msgs.some((m) => /rule group "g", alert "Broken"/.test(m)), msgs.join("\n"));
});

test("a profile's runbook base URL is used by every alert", () => {
  const p = defaultProfile({ alerting: { runbookBaseUrl: "https://git.example.com/ops/runbooks.md" } });
  const urls = buildStack(p).dirs.flatMap((d) => d.files.flatMap((f) => f.objects)).filter((o) => o.kind === "PrometheusRule")
    .flatMap((o) => (o.spec as any).groups.flatMap((g: any) => g.rules.map((r: any) => r.annotations.runbook_url)));
  assert.ok(urls.length > 10);
  for (const u of urls) assert.match(u, /^https:\/\/git\.example\.com\/ops\/runbooks\.md#[a-z]+$/);
});
