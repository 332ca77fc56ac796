import { test } from "node:test";
import assert from "node:assert/strict";
import { allDashboards } from "../../src/dashboards/index.ts";
import { DATASOURCES } from "../../src/dashboards/datasources.ts";
import { dashboards } from "../../src/grafana/index.ts";
import { alertRuleGroups } from "../../src/alerts/index.ts";
import { checkQueries, deriveNodeAllowlist, extractDashboardQueries, parsePromQL } from "../../src/queries/verify.ts";
import { bothProfiles, defaultProfile } from "../helpers/fixtures.ts";

const all = allDashboards();
type Json = Record<string, any>;
const json = (uid: string): Json => all.find((d) => d.uid === uid)!.json as Json;

/** Every non-row panel, rows' nested panels included. */
function panels(j: Json): Json[] {
  const out: Json[] = [];
  const visit = (ps: Json[] | undefined) => {
    for (const p of ps ?? []) {
      if (p.type !== "row") out.push(p);
      visit(p.panels);
    }
  };
  visit(j.panels);
  return out;
}

const variables = (uid: string): Json[] => json(uid).templating?.list ?? [];

test("nine dashboards with unique uids and titles; grafana's dashboards() ships them all", () => {
  assert.equal(all.length, 9);
  assert.equal(new Set(all.map((d) => d.uid)).size, 9);
  assert.equal(new Set(all.map((d) => d.title)).size, 9);
  for (const d of all) {
    const j = d.json as Json;
    assert.equal(j.uid, d.uid);
    assert.equal(j.title, d.title);
    assert.match(d.uid, /^[a-z0-9-]{1,40}$/, "uid doubles as the GrafanaDashboard name");
  }
  assert.deepEqual(dashboards().map((d) => d.uid), all.map((d) => d.uid));
  assert.deepEqual(
    all.map((d) => d.title),
    ["Observability stack overview", "Nodes and machines", "Pod logs", "Kubernetes events", "Node journal", "Flux", "Kepler power and energy", "Loki operations", "Alloy operations"],
  );
});

test("no ${DS_...} inputs anywhere; every panel and target names a stable uid that matches its query language", () => {
  const stable = new Map<string, string>(Object.values(DATASOURCES).map((d) => [d.uid, d.type]));
  for (const d of all) {
    const text = JSON.stringify(d.json);
    assert.ok(!text.includes("${DS_"), `${d.title} has a \${DS_...} input`);
    assert.ok(!/"__inputs"/.test(text), `${d.title} declares inputs`);
    for (const p of panels(d.json as Json)) {
      const where = `${d.title} / ${p.title}`;
      assert.ok(p.datasource, `${where}: panel without datasource`);
      assert.equal(stable.get(p.datasource.uid), p.datasource.type, `${where}: panel datasource ${JSON.stringify(p.datasource)}`);
      assert.ok((p.targets ?? []).length > 0, `${where}: no targets`);
      for (const t of p.targets) {
        assert.equal(stable.get(t.datasource?.uid), t.datasource?.type, `${where}: target datasource ${JSON.stringify(t.datasource)}`);
        assert.deepEqual(t.datasource, p.datasource, `${where}: target and panel datasources differ`);
        assert.ok(typeof t.refId === "string" && t.refId !== "", `${where}: target without refId`);
        // The language follows the datasource: LogQL selectors start with "{" (or a function around one).
        const looksLogQL = /\{[^}]*\bsource=/.test(t.expr);
        assert.equal(looksLogQL, t.datasource.uid === DATASOURCES.loki.uid, `${where}: ${t.expr} on ${t.datasource.uid}`);
        if (t.datasource.uid === DATASOURCES.prometheus.uid) assert.deepEqual(parsePromQL(t.expr).errors, [], `${where}: ${t.expr}`);
      }
    }
    for (const v of (d.json as Json).templating?.list ?? []) {
      if (v.type === "query") assert.equal(stable.get(v.datasource?.uid), v.datasource?.type, `${d.title} / variable ${v.name}`);
    }
  }
});

test("panel ids are unique per dashboard and targets have distinct refIds", () => {
  for (const d of all) {
    const ids: number[] = [];
    const visit = (ps: Json[] | undefined) => ps?.forEach((p) => (ids.push(p.id), visit(p.panels)));
    visit((d.json as Json).panels);
    assert.equal(new Set(ids).size, ids.length, d.title);
    assert.ok(ids.every((i) => i > 0), d.title);
    for (const p of panels(d.json as Json)) {
      const refs = p.targets.map((t: Json) => t.refId);
      assert.equal(new Set(refs).size, refs.length, `${d.title} / ${p.title}`);
    }
  }
});

test("checkQueries over every dashboard (and the stack's alert rules) finds nothing", () => {
  assert.deepEqual(checkQueries({ dashboards: all, rules: [] }), []);
  const rules = alertRuleGroups(defaultProfile()).flatMap((g) => g.rules.map((r) => ({ group: g.name, alert: r.alert, expr: r.expr })));
  assert.ok(rules.length > 0);
  assert.deepEqual(checkQueries({ dashboards: all, rules, staticLabels: defaultProfile().alloy.staticLabels }), []);
});

test("pod-logs dashboard: namespace, app, pod and container variables; volume by level and error lines", () => {
  const names = variables("obstack-pod-logs").map((v) => v.name);
  for (const n of ["namespace", "app", "pod", "container"]) assert.ok(names.includes(n), `missing variable ${n}`);
  const ps = panels(json("obstack-pod-logs"));
  assert.ok(ps.some((p) => p.type === "timeseries" && /sum by \(level\)/.test(p.targets[0].expr)), "log volume by level");
  const errors = ps.find((p) => p.type === "logs" && p.title === "Error lines");
  assert.ok(errors, "error lines logs panel");
  assert.match(errors.targets[0].expr, /level=~/);
  for (const p of ps) {
    if (p.datasource.uid !== DATASOURCES.loki.uid) continue;
    for (const n of ["namespace", "app", "container"]) assert.match(p.targets[0].expr, new RegExp(`${n}=~"\\$${n}"`), `${p.title} filters ${n}`);
    assert.match(p.targets[0].expr, /\| pod=~"\$pod"/, `${p.title} filters pod after the selector (structured metadata)`);
  }
});

test("nodes dashboard: a machine_name variable over node-exporter, used by every panel", () => {
  const v = variables("obstack-nodes").find((x) => x.name === "machine_name");
  assert.ok(v, "machine_name variable");
  assert.equal(v.datasource.uid, DATASOURCES.prometheus.uid);
  assert.match(v.query, /label_values\((node_uname_info|up)\b.*, machine_name\)/);
  for (const p of panels(json("obstack-nodes"))) for (const t of p.targets) assert.match(t.expr, /machine_name=~"\$machine_name"/, p.title);
});

test("Kepler dashboard pins one zone per query and uses the current metric names", () => {
  const zone = variables("obstack-kepler").find((x) => x.name === "zone");
  assert.ok(zone);
  assert.equal(zone.multi, false);
  assert.equal(zone.includeAll, false);
  assert.equal(zone.current.value, "package");
  for (const p of panels(json("obstack-kepler"))) {
    for (const t of p.targets) {
      for (const s of parsePromQL(t.expr).selectors) {
        if (!/_(watts|joules_total)$/.test(s.metric ?? "")) continue;
        assert.ok(s.matchers.some((m) => m.label === "zone" && m.op === "=" && m.value === "$zone"), `${p.title}: ${s.metric} without zone="$zone"`);
      }
    }
  }
});

test("events dashboard puts warnings first; Flux dashboard covers not ready, suspended, revisions, durations and errors", () => {
  const ev = panels(json("obstack-events"));
  assert.match(ev[0]!.title, /^Warning/);
  assert.match(ev[0]!.targets[0].expr, /level="warning"/);
  const flux = panels(json("obstack-flux")).flatMap((p) => p.targets.map((t: Json) => t.expr)).join("\n");
  for (const needle of ['ready=~"False|Unknown"', 'suspended="true"', "revision", "gotk_reconcile_duration_seconds_bucket", "controller_runtime_reconcile_errors_total"]) {
    assert.ok(flux.includes(needle), needle);
  }
});

test("overview: ingestion per source, TSDB against retentionSize, volumes, Alloy per node, write errors", () => {
  const exprs = panels(json("obstack-overview")).flatMap((p) => p.targets.map((t: Json) => t.expr)).join("\n");
  for (const needle of [
    "sum by (job)",
    "sum by (source)",
    "prometheus_tsdb_retention_limit_bytes",
    "kubelet_volume_stats_used_bytes",
    "kubelet_volume_stats_capacity_bytes",
    "storage-loki-0",
    "data-minio-0",
    "kube_node_info unless on(node)",
    "prometheus_remote_storage_samples_failed_total",
    "loki_write_dropped_entries_total",
  ]) {
    assert.ok(exprs.includes(needle), needle);
  }
});

test("the node allowlist derived from the dashboards keeps what the nodes and Kepler dashboards need", () => {
  const exprs = all.flatMap(extractDashboardQueries).filter((q) => q.datasourceUid === DATASOURCES.prometheus.uid).map((q) => q.expr);
  const keep = deriveNodeAllowlist(exprs);
  for (const n of ["node_cpu_seconds_total", "node_uname_info", "node_filesystem_avail_bytes", "up"]) assert.ok(keep.nodeExporter.includes(n), n);
  for (const n of ["kepler_node_cpu_watts", "kepler_pod_cpu_watts", "kepler_node_cpu_joules_total"]) assert.ok(keep.kepler.includes(n), n);
  // The overview counts down targets and samples per job: Alloy must keep those scrape series too.
  for (const n of ["up", "scrape_samples_post_metric_relabeling"]) assert.ok(keep.nodeExporter.includes(n) && keep.kepler.includes(n), n);
  assert.deepEqual(keep.nodeExporter, [...keep.nodeExporter].sort());
});

/** Every Prometheus expression of a dashboard, by panel title. */
function exprsByPanel(uid: string): Map<string, string[]> {
  const m = new Map<string, string[]>();
  for (const p of panels(json(uid))) m.set(p.title, (p.targets ?? []).map((t: Json) => t.expr));
  return m;
}

test("Loki operations: ingestion, errors and retention, with the loki-mixin's metric names and push routes", () => {
  const rows = json("obstack-loki").panels.filter((p: Json) => p.type === "row").map((p: Json) => p.title);
  assert.deepEqual(rows, ["Ingestion", "Errors", "Retention (compactor)"]);
  const text = [...exprsByPanel("obstack-loki").values()].flat().join("\n");
  for (const m of [
    "loki_distributor_lines_received_total",
    "loki_distributor_bytes_received_total",
    "loki_request_duration_seconds_count",
    "loki_request_duration_seconds_bucket",
    "loki_discarded_samples_total",
    "loki_internal_log_messages_total",
    "loki_compactor_apply_retention_last_successful_run_timestamp_seconds",
    "loki_compactor_apply_retention_operation_total",
    "loki_boltdb_shipper_compact_tables_operation_last_successful_run_timestamp_seconds",
  ]) {
    assert.ok(text.includes(`${m}{job="loki"`), `no ${m} on the stack's Loki`);
  }
  assert.ok(text.includes('route=~"api_prom_push|loki_api_v1_push|otlp_v1_logs"'), "push routes as the mixin names them");
  assert.ok(text.includes('status_code=~"5.."'), "server errors");
});

test("Alloy operations: per node (instance variable), component health, remote-write and loki.write errors, resources", () => {
  const vars = variables("obstack-alloy");
  assert.deepEqual(vars.map((v) => v.name), ["instance"]);
  assert.equal(vars[0]!.query, 'label_values(alloy_build_info{job="alloy"}, instance)');
  const byPanel = exprsByPanel("obstack-alloy");
  for (const [title, exprs] of byPanel) for (const e of exprs) assert.match(e, /\{job="alloy", instance=~"\$instance"/, `${title}: ${e} ignores the node`);
  const text = [...byPanel.values()].flat().join("\n");
  for (const m of [
    "alloy_component_controller_running_components",
    "prometheus_remote_storage_samples_failed_total",
    "prometheus_remote_storage_samples_dropped_total",
    "loki_write_dropped_entries_total",
    "loki_write_request_duration_seconds_count",
    "loki_source_file_read_lines_total",
    "loki_source_journal_target_lines_total",
    "alloy_resources_process_resident_memory_bytes",
  ]) {
    assert.ok(text.includes(m), `no ${m}`);
  }
  assert.ok(text.includes('health_type!="healthy"'), "unhealthy components listed");
});

test("the Loki and Alloy dashboards pass the render-time verifier in both profiles", () => {
  for (const { name, profile } of bothProfiles()) {
    const ds = all.filter((d) => d.uid === "obstack-loki" || d.uid === "obstack-alloy");
    assert.equal(ds.length, 2);
    assert.deepEqual(checkQueries({ dashboards: ds, rules: [], staticLabels: profile.alloy.staticLabels }), [], name);
    const shipped = dashboards().map((d) => d.uid);
    assert.ok(shipped.includes("obstack-loki") && shipped.includes("obstack-alloy"), name);
  }
});
