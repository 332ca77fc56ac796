import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { stringify } from "yaml";
import { ROOT, defaultProfile, tempDir } from "../helpers/fixtures.ts";
import { alertRuleGroups, alertMonitors, prometheusRules, RUNBOOK_BASE, tsdbSizeThreshold, type AlertRule, type RuleGroup } from "../../src/alerts/index.ts";
import { ALERT_CASES, type AlertCase, type Scenario } from "./cases.ts";
import { checkQueries } from "../../src/queries/verify.ts";
import { requireTool, run } from "./tools.ts";

const profile = defaultProfile();
const groups = alertRuleGroups(profile);
const alerts = groups.flatMap((g) => g.rules);

/** GitHub's heading anchors: lower-case, punctuation other than '-' and '_' removed, spaces to '-', repeats numbered. */
export function githubAnchors(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const anchors = new Set<string>();
  let fenced = false;
  for (const line of markdown.split("\n")) {
    if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
    const m = fenced ? null : /^ {0,3}#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (!m) continue;
    const text = m[1]!.replace(/`/g, "").replace(/\[([^\]]*)\]\([^)]*\)/g, "$1");
    const base = text.toLowerCase().replace(/[^\p{L}\p{M}\p{N}\p{Pc}\- ]/gu, "").replace(/ /g, "-");
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    anchors.add(n === 0 ? base : `${base}-${n}`);
  }
  return anchors;
}

test("github anchors follow GitHub's rules", () => {
  const a = githubAnchors("# Runbooks\n## LokiDown\n## Loki: down? (really)\n```\n# not a heading\n```\n## LokiDown\n");
  assert.deepEqual([...a], ["runbooks", "lokidown", "loki-down-really", "lokidown-1"]);
});

test("every alert has a severity, summary, description and a runbook_url whose section exists in docs/runbooks.md", () => {
  const anchors = githubAnchors(readFileSync(join(ROOT, "docs", "runbooks.md"), "utf8"));
  assert.ok(alerts.length > 0);
  for (const a of alerts) {
    assert.match(a.labels.severity, a.alert === "Watchdog" ? /^none$/ : /^(critical|warning|info)$/, a.alert);
    assert.ok(a.annotations.summary.trim().length > 10, `${a.alert}: summary`);
    assert.ok(a.annotations.description.trim().length > 20, `${a.alert}: description`);
    const [base, anchor] = a.annotations.runbook_url.split("#");
    assert.equal(base, RUNBOOK_BASE, a.alert);
    assert.ok(anchor && anchors.has(anchor), `${a.alert}: docs/runbooks.md has no heading for #${anchor}`);
  }
});

test("alert and group names are unique, and the issue's checks are all covered", () => {
  const names = alerts.map((a) => a.alert);
  assert.equal(new Set(names).size, names.length);
  assert.equal(new Set(groups.map((g) => g.name)).size, groups.length);
  const exprs = alerts.map((a) => a.expr).join("\n");
  for (const metric of [
    "prometheus_tsdb_storage_blocks_bytes",
    "prometheus_rule_evaluation_failures_total",
    'handler="/api/v1/write"',
    'up{job="loki"',
    "loki_request_duration_seconds_count",
    "loki_compactor_apply_retention_last_successful_run_timestamp_seconds",
    "kube_node_info",
    "alloy_component_controller_running_components",
    "prometheus_remote_storage_samples_failed_total",
    "loki_write_dropped_entries_total",
    "alertmanager_notifications_failed_total",
    "kubelet_volume_stats_used_bytes",
    'gotk_resource_info{ready=~"False|Unknown"',
    'gotk_resource_info{suspended="true"}',
  ]) {
    assert.ok(exprs.includes(metric), metric);
  }
  assert.equal(alerts.find((a) => a.alert === "FluxResourceNotReady")?.for, "15m");
  assert.equal(alerts.find((a) => a.alert === "FluxResourceSuspended")?.for, "24h");
});

test("the TSDB threshold follows the profile's retentionSize", () => {
  const expr = (p = profile) => alertRuleGroups(p).flatMap((g) => g.rules).find((a) => a.alert === "PrometheusTSDBNearRetentionSize")!.expr;
  assert.equal(tsdbSizeThreshold(profile), 21474836480); // 80% of 25GiB
  assert.match(expr(), / > 21474836480$/);
  const small = defaultProfile({ prometheus: { retentionSize: "10GiB", volumeSize: "30Gi" } });
  assert.match(expr(small), / > 8589934592$/);
});

test("PrometheusRule objects: one per group, stack labels, no namespace, rules as modelled", () => {
  const objects = prometheusRules(profile) as any[];
  assert.equal(objects.length, groups.length);
  objects.forEach((o, i) => {
    assert.equal(o.apiVersion, "monitoring.coreos.com/v1");
    assert.equal(o.kind, "PrometheusRule");
    assert.equal(o.metadata.namespace, undefined);
    assert.deepEqual(o.metadata.labels, { "app.kubernetes.io/part-of": "obstack", "app.kubernetes.io/component": "alerts" });
    assert.equal(o.metadata.name, groups[i]!.name);
    assert.deepEqual(o.spec.groups, [JSON.parse(JSON.stringify(groups[i]))]);
  });
});

test("monitors: Loki's Service only (job=loki), MinIO's cluster metrics only when MinIO is deployed", () => {
  const [loki, minio] = alertMonitors(profile) as any[];
  assert.equal(loki.kind, "ServiceMonitor");
  assert.equal(loki.metadata.namespace, undefined);
  assert.equal(loki.spec.endpoints[0].port, "http-metrics");
  assert.deepEqual(loki.spec.endpoints[0].relabelings, [{ sourceLabels: ["__meta_kubernetes_service_name"], regex: "loki", action: "keep" }]);
  assert.equal(minio.spec.endpoints[0].port, "api");
  assert.equal(minio.spec.endpoints[0].path, "/minio/v2/metrics/cluster");
  const s3 = defaultProfile({
    loki: { storage: { type: "s3", endpoint: "s3.example.com", bucket: "logs", credentialsSecret: "s3-credentials" } },
  });
  assert.deepEqual(alertMonitors(s3).map((o) => o.metadata.name), ["loki"]);
});

// ---- promtool ----

function writeRuleFiles(dir: string, gs: RuleGroup[]): string[] {
  return gs.map((g) => {
    const file = join(dir, `${g.name}.rules.yaml`);
    writeFileSync(file, stringify({ groups: [g] }, { lineWidth: 0 }));
    return file;
  });
}

test("promtool check rules accepts every rule group", (t) => {
  const promtool = requireTool(t, "promtool");
  if (!promtool) return;
  const dir = tempDir("obstack-alerts-");
  const files = writeRuleFiles(dir, groups);
  const r = run(promtool, ["check", "rules", ...files]);
  assert.equal(r.status, 0, r.output);
  assert.equal((r.output.match(/SUCCESS/g) ?? []).length, groups.length, r.output);
});

test("every alert has a promtool case where it fires and one where it stays quiet", () => {
  const names = alerts.map((a) => a.alert).sort();
  assert.deepEqual(ALERT_CASES.map((c) => c.alert).sort(), names, "add a case to test/alerts/cases.ts for each new alert");
  for (const c of ALERT_CASES) {
    if ("never" in c.quiet) assert.equal(c.alert, "Watchdog", `${c.alert} needs a quiet case`);
  }
});

function unitTests(cases: AlertCase[], rulesByName: Map<string, AlertRule>) {
  const group = (s: Scenario, alertname: string, expAlerts: unknown[]) => ({
    interval: s.interval ?? "1m",
    input_series: s.series,
    alert_rule_test: [{ eval_time: s.evalTime, alertname, exp_alerts: expAlerts }],
  });
  return cases.flatMap((c) => {
    const r = rulesByName.get(c.alert)!;
    const fires = [c.fires, ...(c.alsoFires ?? [])].map((f) =>
      group(f, c.alert, [
        {
          exp_labels: { ...r.labels, ...f.labels },
          exp_annotations: { summary: r.annotations.summary, description: f.description, runbook_url: r.annotations.runbook_url },
        },
      ]),
    );
    return "never" in c.quiet ? fires : [...fires, group(c.quiet, c.alert, [])];
  });
}

test("promtool test rules: each alert fires in its case (with its labels and rendered annotations) and stays quiet in the other", (t) => {
  const promtool = requireTool(t, "promtool");
  if (!promtool) return;
  const dir = tempDir("obstack-alerts-");
  const files = writeRuleFiles(dir, groups);
  const tests = {
    rule_files: files,
    evaluation_interval: "1m",
    tests: unitTests(ALERT_CASES, new Map(alerts.map((a) => [a.alert, a]))),
  };
  const file = join(dir, "tests.yaml");
  writeFileSync(file, stringify(tests, { lineWidth: 0 }));
  const r = run(promtool, ["test", "rules", file]);
  assert.equal(r.status, 0, r.output);
});

test("every rule expression parses and names only metrics of the stack's catalog (src/queries)", () => {
  const rules = groups.flatMap((g) => g.rules.map((r) => ({ group: g.name, alert: r.alert, expr: r.expr })));
  assert.deepEqual(checkQueries({ dashboards: [], rules }), []);
});
