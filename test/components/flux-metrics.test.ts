import { test } from "node:test";
import assert from "node:assert/strict";
import { defaultProfile } from "../helpers/fixtures.ts";
import { fluxStateMetricsValues, fluxControllersPodMonitor } from "../../src/flux-metrics/index.ts";

const resources = (version?: "2.4" | "2.5" | "2.6" | "2.7") =>
  (fluxStateMetricsValues(defaultProfile(version ? { flux: { version } } : {})) as any).customResourceState.config.spec.resources as any[];

test("gotk_resource_info for all 13 Flux kinds, each with its own help text", () => {
  const rs = resources();
  assert.equal(rs.length, 13);
  assert.equal(new Set(rs.map((r) => r.groupVersionKind.kind)).size, 13);
  assert.equal(new Set(rs.map((r) => r.metrics[0].help)).size, 13, "kube-state-metrics >= 2.12 needs distinct help");
  for (const r of rs) {
    assert.equal(r.metricNamePrefix, "gotk");
    assert.equal(r.metrics[0].name, "resource_info");
    assert.deepEqual(r.metrics[0].labelsFromPath.suspended, ["spec", "suspend"]);
  }
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
  assert.equal(rule.resources.length, 13);
  for (const r of resources()) assert.ok(rule.apiGroups.includes(r.groupVersionKind.group));
  assert.equal(values.collectors, undefined, "collectors are not replaced");
  assert.equal(values.extraArgs, undefined, "no --custom-resource-state-only");
});

test("a PodMonitor scrapes the Flux controllers", () => {
  const pm = fluxControllersPodMonitor(defaultProfile()) as any;
  assert.deepEqual(pm.spec.namespaceSelector, { matchNames: ["flux-system"] });
  assert.equal(pm.spec.podMetricsEndpoints[0].port, "http-prom");
  assert.ok(pm.spec.selector.matchExpressions[0].values.includes("kustomize-controller"));
});
