// Issue #7 "Deploy-ready", the chart defaults the stack overrides: Loki (9), grafana-operator (10),
// Kepler on the nodes that have RAPL (13), the stack-volume panel's claims (14). Each holds in both
// bundled profiles. Where ../shared carries the chart's values.yaml, the default we override is read
// from it, so a drift of the upstream default shows here.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { execFileSync } from "node:child_process";
import { parse, parseAllDocuments } from "yaml";
import { ROOT, SHARED, bothProfiles, defaultProfile, runCli, secondProfile, tempDir } from "../helpers/fixtures.ts";
import { kubectl } from "../../scripts/tools.ts";
import { mergedRelease } from "../../src/flux/helm.ts";
import { lokiRelease } from "../../src/loki/index.ts";
import { grafanaOperatorRelease } from "../../src/grafana/index.ts";
import { keplerDirs, keplerRelease } from "../../src/kepler/index.ts";
import { targetRules } from "../../src/pipeline/config.ts";
import { checkHelmValues } from "../../src/charts/check.ts";
import { buildStack } from "../../src/stack/index.ts";
import { allDashboards } from "../../src/dashboards/index.ts";
import { OVERVIEW_UID } from "../../src/dashboards/overview.ts";
import { CLAIMS } from "../../src/wiring/names.ts";
import { validateProfile } from "../../src/profile/load.ts";
import type { Profile } from "../../src/profile/schema.ts";
import defaultInput from "../../profiles/kimawesome.ts";

type Json = any;
const values = (r: ReturnType<typeof lokiRelease>, p: Profile): Json => (mergedRelease(r, p.namespace).spec as Json).values;

const REF = join(SHARED, "reference", "charts");
function refValues(file: string): { values: Json; skip: string | false } {
  const path = join(REF, file);
  if (!existsSync(path)) return { values: undefined, skip: `${path} absent: the upstream default is not re-read` };
  return { values: parse(readFileSync(path, "utf8")), skip: false };
}

// ---- 9. Loki ----

for (const { name, profile: p } of bothProfiles()) {
  test(`Loki (${name}): rules sidecar off and RBAC namespaced, so the chart renders no ClusterRole reading Secrets`, () => {
    const v = values(lokiRelease(p), p);
    // templates/backend/clusterrole.yaml @ loki-18.11.0: a ClusterRole unless rbac.namespaced; it reads
    // configmaps and secrets cluster-wide when sidecar.rules.enabled. templates/role.yaml: a Role only with both.
    assert.equal(v.sidecar.rules.enabled, false);
    assert.equal(v.rbac.namespaced, true);
    assert.deepEqual(checkHelmValues("loki", "18.11.0", v), []);
  });

  test(`Loki (${name}): a memory limit on the single binary, so the chart sets GOMEMLIMIT`, () => {
    const v = values(lokiRelease(p), p);
    // templates/_helpers.tpl "loki.componentEnv": GOMEMLIMIT = 0.85 × singleBinary.resources.limits.memory, none without it.
    const limit = v.singleBinary.resources?.limits?.memory;
    assert.match(String(limit), /^[0-9]+(Mi|Gi)$/);
    assert.ok(v.singleBinary.resources.requests.memory, "a memory request, so the scheduler reserves it");
    assert.ok(!v.singleBinary.extraEnv.some((e: Json) => e.name === "GOMEMLIMIT"), "the chart derives GOMEMLIMIT itself");
  });

  test(`Loki (${name}): -config.expand-env is left to the chart, which always passes it`, () => {
    const v = values(lokiRelease(p), p);
    // templates/_pod.tpl: every non-canary target gets -config.expand-env=true before the extraArgs.
    const args = [...(v.defaults?.extraArgs ?? []), ...(v.global?.extraArgs ?? []), ...(v.singleBinary.extraArgs ?? [])];
    assert.ok(!args.some((a: string) => a.startsWith("-config.expand-env")), `passed again: ${args.join(" ")}`);
    // The credentials still come as ${VAR} references that expansion resolves.
    assert.equal(v.loki.storage.s3.accessKeyId, "${AWS_ACCESS_KEY_ID}");
    assert.deepEqual(v.singleBinary.extraEnv.map((e: Json) => e.name), ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"]);
  });
}

{
  const ref = refValues("loki-community-18.11.0.values.yaml");
  test("Loki chart 18.11.0 defaults the stack overrides (../shared values.yaml)", { skip: ref.skip }, () => {
    assert.equal(ref.values.sidecar.rules.enabled, true, "the rules sidecar is on by default");
    assert.equal(ref.values.rbac.namespaced, false, "RBAC is cluster-wide by default");
    assert.deepEqual(ref.values.singleBinary.resources, {}, "no resources by default");
  });
}

// ---- 10. grafana-operator ----

for (const { name, profile: p } of bothProfiles()) {
  test(`grafana-operator (${name}): watches only the stack's namespace, with a namespaced Role`, () => {
    const v = values(grafanaOperatorRelease(p), p);
    // templates/deployment.yaml @ v5.24.0: WATCH_NAMESPACE = the release namespace when namespaceScope and
    // watchNamespaces is empty; templates/rbac.yaml: Role + RoleBinding per namespace when
    // namespaceScope and not rbac.useClusterRole, else a ClusterRole.
    assert.equal(v.namespaceScope, true);
    assert.equal(v.watchNamespaces ?? "", "");
    assert.equal(v.rbac.useClusterRole, false);
    assert.equal(v.watchNamespaceSelector ?? "", "", "a namespace selector needs a ClusterRole");
    assert.deepEqual(checkHelmValues("grafana-operator", "5.24.0", v), []);
    // The release is installed into the stack's namespace, where every Grafana CR lives.
    const stack = buildStack(p);
    const release = stack.releases.find((r) => r.name === "grafana-operator")!;
    assert.equal((mergedRelease(release, p.namespace).spec as Json).targetNamespace, undefined);
    const grafanaDir = stack.dirs.find((d) => d.path.endsWith("/grafana"))!;
    assert.equal(grafanaDir.namespace, p.namespace);
    const operatorDir = stack.dirs.find((d) => d.path.endsWith("/grafana-operator") && d.flux)!;
    assert.equal(operatorDir.namespace, p.namespace);
  });
}

{
  const ref = refValues("grafana-operator-5.24.0.values.yaml");
  test("grafana-operator chart 5.24.0 defaults the stack overrides (../shared values.yaml)", { skip: ref.skip }, () => {
    assert.equal(ref.values.namespaceScope, false);
    assert.equal(ref.values.watchNamespaces, "");
    assert.equal(ref.values.rbac.useClusterRole, true);
  });
}

// ---- 13. Kepler on the nodes that have RAPL ----

/** Does the pod's required node affinity admit the node (matchFields metadata.name / matchExpressions on labels)? */
function admits(affinity: Json, node: { name: string; labels: Record<string, string> }): boolean {
  const terms = affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  if (!terms) return true;
  // The API server admits a node field selector requirement only with exactly one value (kubernetes
  // pkg/apis/core/validation/validation.go ValidateNodeFieldSelectorRequirement).
  for (const t of terms) for (const r of t.matchFields ?? []) assert.equal(r.values?.length, 1, `matchFields ${JSON.stringify(r)} must have exactly one value`);
  const req = (r: Json, value: string | undefined) =>
    r.operator === "In" ? value !== undefined && r.values.includes(value) : r.operator === "NotIn" ? !r.values.includes(value) : false;
  return terms.some(
    (t: Json) =>
      (t.matchFields ?? []).every((r: Json) => r.key === "metadata.name" && req(r, node.name)) &&
      (t.matchExpressions ?? []).every((r: Json) => req(r, node.labels[r.key])),
  );
}

/** Prometheus-style keep relabelling (the only action the node-local target rules use besides copying). */
function kept(rules: ReturnType<typeof targetRules>, labels: Record<string, string>): Record<string, string> | undefined {
  const out = { ...labels };
  for (const r of rules) {
    const v = (r.source_labels ?? []).map((l) => out[l] ?? "").join(r.separator ?? ";");
    if (r.action === "keep") {
      if (!new RegExp(`^(?:${r.regex})$`).test(v)) return undefined;
    } else if (r.target_label) out[r.target_label] = v;
  }
  return out;
}

for (const { name, profile } of bothProfiles()) {
  const all = profile.nodes.map((n) => n.name);
  const listed = all.slice(-1);
  const make = name.startsWith("default") ? defaultProfile : secondProfile;
  const p = make({ kepler: { enabled: true, nodes: listed } });

  test(`Kepler (${name}): kepler.nodes becomes a required node affinity; Alloy then has Kepler targets on those nodes only`, () => {
    const v = values(keplerRelease(p), p);
    assert.deepEqual(checkHelmValues("kepler", "0.11.4", v), []);
    const scheduled = all.filter((n) => admits(v.daemonset.affinity, { name: n, labels: { "kubernetes.io/hostname": n } }));
    assert.deepEqual(scheduled, listed);
    // Every taint is still tolerated on the listed nodes.
    assert.deepEqual(v.daemonset.tolerations, [{ operator: "Exists" }]);
    // The overlay carries the affinity (it is cluster-specific), the base stays node-independent.
    const overlay = keplerDirs(p).find((d) => d.flux)!;
    assert.deepEqual((overlay.patches![0]!.object.spec as Json).values.daemonset.affinity, v.daemonset.affinity);
    // Alloy's per-node discovery (spec.nodeName = own node) sees a Kepler pod only where one is scheduled:
    // a node without Kepler yields no target, so no failed scrape (up == 0) is ever counted for it.
    const targets = all.flatMap((n) =>
      scheduled.includes(n)
        ? [
            kept(targetRules("kepler"), {
              __meta_kubernetes_pod_label_app_kubernetes_io_name: "kepler",
              __meta_kubernetes_pod_container_port_name: "http",
              __meta_kubernetes_pod_node_name: n,
            }),
          ]
        : [],
    );
    assert.deepEqual(targets.map((t) => t?.node_name), listed);
  });

  test(`Kepler (${name}): without kepler.nodes it runs on every node`, () => {
    const q = make({ kepler: { enabled: true } });
    const v = values(keplerRelease(q), q);
    assert.deepEqual(all.filter((n) => admits(v.daemonset?.affinity, { name: n, labels: {} })), all);
  });
}

test("Kepler: kepler.nodes must name profile nodes, once each (exit-2 rule naming the path)", () => {
  assert.throws(() => validateProfile({ ...defaultInput, kepler: { nodes: ["nope"] } }, "p.ts"), /kepler\.nodes\.0.*nope is not one of nodes/s);
  assert.throws(
    () => validateProfile({ ...defaultInput, kepler: { nodes: ["node01-82nm", "node01-82nm"] } }, "p.ts"),
    /kepler\.nodes\.1.*listed twice/s,
  );
  assert.throws(() => validateProfile({ ...defaultInput, kepler: { nodes: [] } }, "p.ts"), /kepler\.nodes/);
});

test("Kepler: no dashboard or rule counts a node without Kepler as missing", () => {
  for (const { profile: p } of bothProfiles()) {
    const q = buildStack(p).queries.exprs.filter((x) => /kepler/.test(x));
    assert.ok(q.length > 0);
    for (const x of q) assert.doesNotMatch(x, /kube_node_info|absent\(/, x);
  }
});

// ---- 14. stack volumes: one list of claims ----

function overviewExprs(): string[] {
  const d = allDashboards().find((x) => x.uid === OVERVIEW_UID)!;
  const out: string[] = [];
  const visit = (ps: Json[] | undefined) =>
    ps?.forEach((panel) => {
      if (panel.title === "Stack volumes used") for (const t of panel.targets) out.push(t.expr);
      visit(panel.panels);
    });
  visit((d.json as Json).panels);
  return out;
}

for (const { name, profile: p } of bothProfiles()) {
  test(`overview (${name}): "Stack volumes used" covers every claim of the stack, Alertmanager's included`, () => {
    const exprs = overviewExprs();
    assert.equal(exprs.length, 1);
    const matchers = [...exprs[0]!.matchAll(/persistentvolumeclaim=~"([^"]+)"/g)].map((m) => new RegExp(`^(?:${m[1]})$`));
    assert.ok(matchers.length >= 1);
    const claims = [
      ...Array.from({ length: p.prometheus.replicas }, (_, i) => CLAIMS.prometheus(i)),
      ...Array.from({ length: p.alertmanager.replicas }, (_, i) => CLAIMS.alertmanager(i)),
      CLAIMS.loki(0),
      CLAIMS.grafana(0),
      ...(p.loki.storage.type === "minio" ? [CLAIMS.minio(0)] : []),
    ];
    for (const c of claims) for (const m of matchers) assert.match(c, m);
    // Where the stack renders local volumes, each is bound to a claim the panel shows.
    const pvs = buildStack(p).dirs.flatMap((d) => d.files.flatMap((f) => f.objects)).filter((o: Json) => o.kind === "PersistentVolume") as Json[];
    for (const pv of pvs) for (const m of matchers) assert.match(pv.spec.claimRef.name, m, pv.metadata.name);
    if (p.storage.provisioner === "kubernetes.io/no-provisioner") {
      assert.ok(pvs.some((pv) => pv.spec.claimRef.name === CLAIMS.alertmanager(0)));
    }
  });
}

test("Kepler (second profile, real kubectl kustomize): the built HelmRelease carries the node affinity of kepler.nodes", async () => {
  const out = tempDir();
  const r = await runCli(["render", "--profile", join(ROOT, "profiles", "three-node-s3.ts"), "--out", out]);
  assert.equal(r.code, 0, r.stderr);
  const p = secondProfile();
  const dir = keplerDirs(p).find((d) => d.flux)!.path;
  const built = parseAllDocuments(execFileSync(kubectl(), ["kustomize", join(out, dir)], { encoding: "utf8" })).map((d) => d.toJS());
  const hr = built.find((o: Json) => o.kind === "HelmRelease");
  const terms = hr.spec.values.daemonset.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms;
  assert.deepEqual(
    terms,
    p.kepler.nodes!.map((n) => ({ matchFields: [{ key: "metadata.name", operator: "In", values: [n] }] })),
  );
  // The base's values survive the patch.
  assert.equal(hr.spec.values.serviceMonitor.enabled, false);
  assert.deepEqual(hr.spec.values.daemonset.tolerations, [{ operator: "Exists" }]);
});
