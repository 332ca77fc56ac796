import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { SHARED, bothProfiles, defaultProfile } from "../helpers/fixtures.ts";
import { fluxStateMetricsValues, fluxControllersPodMonitor } from "../../src/flux-metrics/index.ts";

const resources = (version?: "2.4" | "2.5" | "2.6" | "2.7") =>
  (fluxStateMetricsValues(defaultProfile(version ? { flux: { version } } : {})) as any).customResourceState.config.spec.resources as any[];

const FLUX_27_KINDS = ["ExternalArtifact", "ArtifactGenerator"];

test("gotk_resource_info for all Flux kinds (13, and the 2 Flux 2.7 added), each with its own help text", () => {
  for (const [version, n] of [["2.6", 13], ["2.7", 15]] as const) {
    const rs = resources(version);
    assert.equal(rs.length, n, version);
    assert.equal(new Set(rs.map((r) => r.groupVersionKind.kind)).size, n);
    assert.equal(new Set(rs.map((r) => r.metrics[0].help)).size, n, "kube-state-metrics >= 2.12 needs distinct help");
    for (const r of rs) {
      assert.equal(r.metricNamePrefix, "gotk");
      assert.equal(r.metrics[0].name, "resource_info");
      const suspendable = !FLUX_27_KINDS.includes(r.groupVersionKind.kind);
      assert.deepEqual(r.metrics[0].labelsFromPath.suspended, suspendable ? ["spec", "suspend"] : undefined, r.groupVersionKind.kind);
    }
  }
  // Flux 2.7: ExternalArtifact (source-controller v1.7) and ArtifactGenerator (source-watcher v2.0), both with Ready.
  const v27 = resources("2.7");
  const ea = v27.find((r) => r.groupVersionKind.kind === "ExternalArtifact");
  assert.deepEqual(ea.groupVersionKind, { group: "source.toolkit.fluxcd.io", version: "v1", kind: "ExternalArtifact" });
  const ag = v27.find((r) => r.groupVersionKind.kind === "ArtifactGenerator");
  assert.deepEqual(ag.groupVersionKind, { group: "source.extensions.fluxcd.io", version: "v1beta1", kind: "ArtifactGenerator" });
  for (const r of [ea, ag]) assert.deepEqual(r.metrics[0].labelsFromPath.ready, ["status", "conditions", "[type=Ready]", "status"]);
  const rule = (fluxStateMetricsValues(defaultProfile()) as any).rbac.extraRules[0];
  assert.ok(rule.apiGroups.includes("source.extensions.fluxcd.io") && rule.resources.includes("artifactgenerators") && rule.resources.includes("externalartifacts"));
});

test("API versions follow the Flux version the profile names", () => {
  const v = (flux: "2.4" | "2.7", kind: string) => resources(flux).find((r) => r.groupVersionKind.kind === kind).groupVersionKind.version;
  assert.equal(v("2.7", "OCIRepository"), "v1");
  assert.equal(v("2.4", "OCIRepository"), "v1beta2");
  assert.equal(v("2.7", "Bucket"), "v1");
  assert.equal(v("2.4", "Bucket"), "v1beta2");
  assert.equal(v("2.7", "ImagePolicy"), "v1");
  assert.equal(v("2.4", "ImagePolicy"), "v1beta2");
  assert.equal(v("2.7", "HelmRelease"), "v2");
  assert.equal(v("2.7", "Alert"), "v1beta3");
});

test("RBAC lists and watches every Flux kind; default kube_* collectors kept", () => {
  const values = fluxStateMetricsValues(defaultProfile()) as any;
  const rule = values.rbac.extraRules[0];
  assert.deepEqual(rule.verbs, ["list", "watch"]);
  assert.equal(rule.resources.length, 15);
  for (const r of resources()) assert.ok(rule.apiGroups.includes(r.groupVersionKind.group));
  assert.equal(values.collectors, undefined, "collectors are not replaced");
  assert.equal(values.extraArgs, undefined, "no --custom-resource-state-only");
});

test("a PodMonitor scrapes the Flux controllers", () => {
  const pm = fluxControllersPodMonitor(defaultProfile()) as any;
  assert.deepEqual(pm.spec.namespaceSelector, { matchNames: ["flux-system"] });
  assert.equal(pm.spec.podMetricsEndpoints[0].port, "http-prom");
  assert.ok(pm.spec.selector.matchExpressions[0].values.includes("kustomize-controller"));
  // Flux 2.7's source-watcher (optional component) has the same label scheme and port.
  assert.ok(pm.spec.selector.matchExpressions[0].values.includes("source-watcher"));
  const pm26 = fluxControllersPodMonitor(defaultProfile({ flux: { version: "2.6" } })) as any;
  assert.ok(!pm26.spec.selector.matchExpressions[0].values.includes("source-watcher"));
});

// Flux's own monitoring example (../shared/reference/flux-monitoring) is the upstream definition of
// gotk_resource_info: a drift in a kind, version, label path or help text shows here.
{
  const dir = join(SHARED, "reference", "flux-monitoring");
  const present = existsSync(join(dir, "kube-state-metrics-config.yaml"));
  const skip = present ? false : `${dir} absent: gotk_resource_info not compared with Flux's monitoring example`;
  if (!present) console.log(`# SKIP flux-metrics reference: ${skip}`);
  const ref = () => parse(readFileSync(join(dir, "kube-state-metrics-config.yaml"), "utf8"))["kube-state-metrics"];

  for (const { name, profile } of bothProfiles()) {
    test(`gotk_resource_info (${name}, Flux ${profile.flux.version}) equals Flux's monitoring example, kind by kind`, { skip }, () => {
      const ours = (fluxStateMetricsValues(profile) as any).customResourceState.config.spec.resources as any[];
      const theirs = ref().customResourceState.config.spec.resources as any[];
      const key = (r: any) => `${r.groupVersionKind.group}/${r.groupVersionKind.kind}`;
      const added = profile.flux.version === "2.7" ? FLUX_27_KINDS : [];
      assert.deepEqual(ours.filter((o) => !added.includes(o.groupVersionKind.kind)).map(key).sort(), theirs.map(key).sort());
      for (const t of theirs) {
        const o = ours.find((x) => key(x) === key(t))!;
        if (profile.flux.version === "2.7") assert.equal(o.groupVersionKind.version, t.groupVersionKind.version, key(t));
        assert.equal(o.metricNamePrefix, t.metricNamePrefix);
        assert.deepEqual(o.metrics, t.metrics, key(t));
      }
    });
    test(`Flux RBAC and PodMonitor (${name}) match Flux's monitoring example`, { skip }, () => {
      const values = fluxStateMetricsValues(profile) as any;
      const theirs = ref().rbac.extraRules[0];
      const v27 = profile.flux.version === "2.7";
      assert.deepEqual([...values.rbac.extraRules[0].apiGroups].sort(), [...theirs.apiGroups, ...(v27 ? ["source.extensions.fluxcd.io"] : [])].sort());
      assert.deepEqual([...values.rbac.extraRules[0].resources].sort(), [...theirs.resources, ...(v27 ? ["artifactgenerators", "externalartifacts"] : [])].sort());
      assert.deepEqual(values.rbac.extraRules[0].verbs, theirs.verbs);
      // The example runs kube-state-metrics with --custom-resource-state-only and no collectors; the stack
      // keeps the kube_* metrics its dashboards and rules use, so it sets neither.
      assert.deepEqual(ref().extraArgs, ["--custom-resource-state-only=true"]);
      assert.equal(values.extraArgs, undefined);
      const pm = parse(readFileSync(join(dir, "podmonitor.yaml"), "utf8"));
      const ours = fluxControllersPodMonitor(profile) as any;
      const theirControllers = pm.spec.selector.matchExpressions[0].values;
      assert.deepEqual(ours.spec.selector.matchExpressions[0].values, [...theirControllers, ...(v27 ? ["source-watcher"] : [])]);
      assert.deepEqual({ ...ours.spec.selector.matchExpressions[0], values: [] }, { ...pm.spec.selector.matchExpressions[0], values: [] });
      assert.deepEqual(ours.spec.podMetricsEndpoints.map((e: any) => e.port), pm.spec.podMetricsEndpoints.map((e: any) => e.port));
      assert.deepEqual(ours.spec.namespaceSelector, { matchNames: [profile.flux.namespace] });
    });
  }
}
