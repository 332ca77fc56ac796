// kube-prometheus-stack's Kubernetes dashboards under grafana-operator (src/dashboards/kps): shipped by
// reference to the chart's ConfigMaps, verified from the generated chart facts, fed to the allowlist.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { buildStack, stackAllowlist, stackQueries } from "../../src/stack/index.ts";
import { prometheusRelease } from "../../src/prometheus/index.ts";
import { mergedRelease } from "../../src/flux/helm.ts";
import { deepMerge } from "../../src/util/merge.ts";
import { checkQueries, parsePromQL } from "../../src/queries/verify.ts";
import { NODE_EXPORTER_METRICS, knownMetricNames, lookupMetric, seriesNames } from "../../src/queries/catalog.ts";
import { KPS_ABSENT_METRICS, KPS_DASHBOARDS, KPS_FACTS, KUBERNETES_FOLDER, enabledKpsRuleGroups, kpsConfigMapRef, kpsDashboards } from "../../src/dashboards/kps/index.ts";
import { DATASOURCES } from "../../src/dashboards/datasources.ts";
import { FACTS_FILE, kpsChartDir, kpsFactsFromChart, renderKps } from "../../scripts/kps-facts.ts";
import { bothProfiles, defaultProfile } from "../helpers/fixtures.ts";
import type { Profile } from "../../src/profile/schema.ts";

type Json = Record<string, any>;
const objectsOf = (p: Profile): Json[] => buildStack(p).dirs.flatMap((d) => d.files.flatMap((f) => f.objects)) as Json[];
const kpsValues = (p: Profile): Json => (mergedRelease(prometheusRelease(p), p.namespace).spec as Json).values;

/** The views issue #8 asks for, by the chart's ConfigMap name. */
const REQUIRED = [
  "k8s-resources-cluster",
  "k8s-resources-namespace",
  "k8s-resources-node",
  "k8s-resources-pod",
  "k8s-resources-workload",
  "persistentvolumesusage",
  "kubelet",
  "nodes",
  "prometheus",
  "alertmanager-overview",
];

test("the chart's Kubernetes views reach Grafana as GrafanaDashboards on the chart's ConfigMaps, in their own folder (both profiles)", () => {
  for (const { name, profile } of bothProfiles()) {
    const objects = objectsOf(profile);
    const values = kpsValues(profile);
    assert.equal(values.grafana.enabled, false, name);
    assert.equal(values.grafana.forceDeployDashboards, true, `${name}: the chart renders its dashboard ConfigMaps only with forceDeployDashboards`);
    assert.equal(values.grafana.defaultDashboardsEnabled, undefined, `${name}: chart default (true) kept`);
    const folder = objects.find((o) => o.kind === "GrafanaFolder" && o.metadata.name === KUBERNETES_FOLDER.name);
    assert.ok(folder, `${name}: no Kubernetes folder`);
    assert.equal(folder.spec.title, "Kubernetes");
    const byRef = new Map(objects.filter((o) => o.kind === "GrafanaDashboard" && o.spec.configMapRef).map((o) => [o.spec.configMapRef.name, o]));
    for (const view of REQUIRED) {
      const facts = KPS_FACTS.dashboards.find((d) => d.name === view)!;
      const d = byRef.get(`prometheus-kube-prometheus-${view}`);
      assert.ok(d, `${name}: no GrafanaDashboard for ${view}`);
      assert.equal(d.spec.configMapRef.key, facts.key);
      assert.equal(d.spec.folderRef, KUBERNETES_FOLDER.name, `${name}: ${view} outside the Kubernetes folder`);
      assert.deepEqual(d.spec.instanceSelector, folder.spec.instanceSelector);
      assert.equal(d.spec.json, undefined);
    }
    assert.equal(byRef.size, KPS_DASHBOARDS.length);
  }
});

test("every query of the shipped chart dashboards is one the stack can answer (both profiles)", () => {
  for (const { name, profile } of bothProfiles()) {
    const q = stackQueries(profile);
    assert.equal(q.chartDashboards.length, KPS_DASHBOARDS.length);
    assert.deepEqual(checkQueries({ ...q, staticLabels: profile.alloy.staticLabels }), [], name);
    // The recording rules they read come from the chart's groups our values leave on.
    const records = new Set(q.chartRecords.map((r) => r.record));
    for (const r of ["node_namespace_pod_container:container_cpu_usage_seconds_total:sum_rate5m", "namespace_workload_pod:kube_pod_owner:relabel", "cluster:node_cpu:ratio_rate5m", ":node_memory_MemAvailable_bytes:sum"]) {
      assert.ok(records.has(r), `${name}: ${r} is not recorded`);
    }
  }
});

test("the verifier rejects a chart dashboard whose recording rules are off, or that reads an unknown metric", () => {
  const p = defaultProfile();
  const q = stackQueries(p);
  // node.rules off, as before this change: the Cluster dashboard's CPU and memory utilisation have no data.
  const kps = prometheusRelease(p);
  const values = deepMerge(deepMerge(kps.baseValues, kps.clusterValues), { defaultRules: { rules: { node: false } } });
  const chartRecords = enabledKpsRuleGroups(values).flatMap((g) => g.records.map((r) => ({ group: g.name, ...r })));
  // The chart's rules the release turns on are in q.rules too (their records count as known): without node.rules.
  const problems = checkQueries({ ...q, rules: q.rules.filter((r) => r.group !== "node.rules"), chartRecords });
  assert.ok(problems.some((m) => m.includes('"Kubernetes / Compute Resources / Cluster"') && m.includes("unknown metric cluster:node_cpu:ratio_rate5m")), problems.join("\n") || "no problems at all");
  // A record over series the stack does not collect stays unknown (here: kube-scheduler's).
  // (The group is off on kubeadm, whose scheduler is not scraped: take its record from the chart's facts.)
  const scheduler = enabledKpsRuleGroups({}).flatMap((g) => g.records.map((r) => ({ group: g.name, ...r }))).find((r) => r.group === "kube-scheduler.rules")!;
  const withScheduler = [{ title: "t", datasourceVariables: { datasource: "prometheus" }, queries: [{ where: "panel x", datasource: "${datasource}", selectors: [`${scheduler.record}{}`] }] }];
  assert.ok(checkQueries({ ...q, chartDashboards: withScheduler }).some((m) => m.includes(`unknown metric ${scheduler.record}`)));
  // A panel on a datasource variable that is not Prometheus is no query of the stack.
  const loki = [{ title: "t", datasourceVariables: { datasource: "loki" }, queries: [{ where: "panel x", datasource: "$datasource", selectors: ["up{}"] }] }];
  assert.match(checkQueries({ ...q, chartDashboards: loki }).join("\n"), /neither the stack's Prometheus nor a Prometheus datasource variable/);
});

test("only the pinned absent metrics are excused, and they are really not in the catalog", () => {
  assert.deepEqual(Object.fromEntries(Object.entries(KPS_ABSENT_METRICS).map(([d, m]) => [d, Object.keys(m)])), { kubelet: ["storage_operation_errors_total"] });
  const known = knownMetricNames();
  for (const metrics of Object.values(KPS_ABSENT_METRICS)) for (const m of Object.keys(metrics)) assert.ok(!known.has(m), `${m} is in the catalog: drop the excuse`);
  const kubelet = kpsDashboards().find((d) => d.name === "kubelet")!;
  assert.ok(kubelet.queries.some((q) => q.selectors.some((s) => s.startsWith("storage_operation_errors_total{"))));
  // Removed from the kubelet source (kubernetes#102801), not hidden behind --show-hidden-metrics-for-version; the
  // reason says so and names the series that counts the same failures, which the catalog has as a kubelet metric.
  const why = KPS_ABSENT_METRICS.kubelet!.storage_operation_errors_total!;
  assert.match(why, /removed/);
  assert.doesNotMatch(why, /hidden/);
  const replacement = /(storage_operation_duration_seconds_count)\{status="fail-unknown"\}/.exec(why);
  assert.ok(replacement, why);
  assert.equal(lookupMetric(replacement[1]!)?.family.name, "storage_operation_duration_seconds");
});

test("the allowlist keeps every node-exporter series the chart dashboards and enabled chart recording rules read (both profiles)", () => {
  const nodeNames = new Set(NODE_EXPORTER_METRICS.flatMap(seriesNames));
  for (const { name, profile } of bothProfiles()) {
    const keep = new Set(stackAllowlist(profile).nodeExporter);
    const q = stackQueries(profile);
    const used = new Set([...q.chartDashboards.flatMap((d) => d.queries.flatMap((x) => x.selectors)), ...q.chartRecords.flatMap((r) => r.selectors)].flatMap((s) => parsePromQL(s).metrics).filter((m) => nodeNames.has(m)));
    assert.ok(used.size >= 15, `${name}: only ${used.size} node-exporter metrics found`);
    for (const m of used) assert.ok(keep.has(m), `${name}: ${m} is dropped by Alloy's allowlist`);
    // Only node.rules reads Slab; only Kubernetes / Networking / Cluster reads TCPSynRetrans.
    assert.ok(keep.has("node_memory_Slab_bytes") && keep.has("node_netstat_TcpExt_TCPSynRetrans"), name);
  }
});

test("datasource and cluster variables: the chart's `datasource` resolves to the stack's Prometheus, `cluster` is hidden and finds the cluster label (both profiles)", () => {
  for (const { name, profile } of bothProfiles()) {
    const objects = objectsOf(profile);
    const prom = objects.find((o) => o.kind === "GrafanaDatasource" && o.spec.datasource.uid === DATASOURCES.prometheus.uid);
    assert.equal(prom?.spec.datasource.isDefault, true, `${name}: a datasource variable of type prometheus picks the default Prometheus datasource`);
    for (const d of kpsDashboards()) {
      assert.deepEqual(d.datasourceVariables, { datasource: "prometheus" }, `${d.title}`);
      for (const q of d.queries) assert.match(q.datasource, /^\$\{?datasource\}?$/, `${d.title}, ${q.where}`);
      if (d.name !== "alertmanager-overview") assert.ok(d.clusterVariable, `${d.title} has no cluster variable`);
      if (d.clusterVariable) assert.equal(d.clusterVariable.hide, 2, `${d.title}: cluster variable hidden in a single-cluster Grafana`);
    }
    // Series Prometheus scrapes itself get `cluster` from the default scrape class (external labels are
    // not on the series it queries); Alloy's remote write adds the same value.
    const spec = kpsValues(profile).prometheus.prometheusSpec;
    const defaults = spec.scrapeClasses.filter((c: Json) => c.default === true);
    assert.equal(defaults.length, 1);
    assert.deepEqual(defaults[0].relabelings, [{ action: "replace", targetLabel: "cluster", replacement: profile.cluster.name }]);
    assert.equal(spec.externalLabels.cluster, profile.cluster.name);
  }
});

const chartDir = kpsChartDir();
const noChart = chartDir
  ? false
  : "no copy of kube-prometheus-stack 79.12.0 (../shared/reference/charts/kube-prometheus-stack-79.12.0/ or $OBSTACK_KPS_CHART): the committed facts are not compared with the chart";

test("the committed facts are what the pinned chart renders", { skip: noChart }, () => {
  const committed = JSON.parse(readFileSync(FACTS_FILE, "utf8"));
  assert.deepEqual(kpsFactsFromChart(chartDir!), committed, "stale facts: run npx tsx scripts/kps-facts.ts");
});

test("with the stack's own values, the chart renders every referenced ConfigMap, with its key, in the release namespace (both profiles)", { skip: noChart }, () => {
  for (const { name, profile } of bothProfiles()) {
    const docs = renderKps(chartDir!, kpsValues(profile), profile.namespace);
    const cms = new Map(docs.filter((d) => d.kind === "ConfigMap").map((d) => [d.metadata.name, d]));
    for (const d of kpsDashboards()) {
      const ref = kpsConfigMapRef(d);
      const cm = cms.get(ref.name);
      assert.ok(cm, `${name}: the chart renders no ConfigMap ${ref.name}`);
      assert.equal(cm.metadata.namespace, profile.namespace);
      assert.equal(JSON.parse(cm.data[ref.key]).uid, d.uid);
    }
    // The chart's own GrafanaDashboards (dashboardsConfigMapRefEnabled) stay off: ours replace them.
    assert.ok(!docs.some((d) => d.kind === "GrafanaDashboard"), name);
    // The recording rules the facts say our values enable are the ones the chart renders.
    const rendered = new Set(docs.filter((d) => d.kind === "PrometheusRule").flatMap((d) => d.spec.groups.map((g: Json) => g.name)));
    const expected = enabledKpsRuleGroups(kpsValues(profile)).map((g) => g.name);
    for (const g of expected) assert.ok(rendered.has(g), `${name}: group ${g} not rendered`);
  }
});
