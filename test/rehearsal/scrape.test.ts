// The scrape rehearsal, for both bundled profiles: a real Prometheus per profile scrapes a real local
// node-exporter as the profile's external machines, through the Prometheus configuration that
// prometheus-operator v0.86.2 generates from the rendered ScrapeConfig objects and the rendered
// Prometheus spec (its default scrape class) — translated in ./operator.ts, citing the operator's
// generator — and loads the rendered rule groups. It shows that external machines are scraped with
// machine_name, that the nodes dashboard finds them, and that every series Prometheus stores carries
// the profile's `cluster`.
//
// Liberties, each only to run on one machine within seconds: a target's address is replaced by the
// local node-exporter's (the "node" exporter) or by a port nobody listens on (any other exporter);
// scrape and rule intervals are 1s. Job names, labels and relabelings are the generated ones.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { stringify } from "yaml";
import { bothProfiles } from "../helpers/fixtures.ts";
import { freePort, scratch, start, startNodeExporter, stop, type Started } from "../../scripts/harness.ts";
import { buildStack } from "../../src/stack/index.ts";
import { mergedRelease } from "../../src/flux/helm.ts";
import { allDashboards } from "../../src/dashboards/index.ts";
import { DATASOURCES } from "../../src/dashboards/datasources.ts";
import { extractDashboardQueries, parsePromQL } from "../../src/queries/verify.ts";
import { NODE_EXPORTER_METRICS, seriesNames } from "../../src/queries/catalog.ts";
import { NODES_UID } from "../../src/dashboards/nodes.ts";
import type { K8sObject } from "../../src/k8s/object.ts";
import type { Profile } from "../../src/profile/schema.ts";
import { monitorClassRules, scrapeConfigJob, type ScrapeClass } from "./operator.ts";
import { forPrometheus, withoutThreshold } from "./promql.ts";

const TOOLS = ["prometheus", "prometheus-node-exporter"];
const missing = TOOLS.filter((t) => spawnSync("sh", ["-c", `command -v ${t}`]).status !== 0);
const skip = missing.length > 0 && process.env.CI !== "true" ? `missing ${missing.join(", ")}: run scripts/install-tools.sh` : false;

const started: (Started | undefined)[] = [];
after(() => started.forEach(stop));

/** The rendered objects with the namespace the tree gives them. */
function rendered(p: Profile): K8sObject[] {
  return buildStack(p).dirs.flatMap((d) =>
    d.files.flatMap((f) => f.objects.map((o) => ({ ...o, metadata: { ...o.metadata, namespace: o.metadata.namespace ?? d.namespace } }))),
  );
}

/** prometheus.prometheusSpec.scrapeClasses of the rendered release: the chart copies it into the Prometheus CR (templates/prometheus/prometheus.yaml:126-129). */
function scrapeClasses(p: Profile): ScrapeClass[] {
  const kps = buildStack(p).releases.find((r) => r.chart.id === "kube-prometheus-stack")!;
  return ((mergedRelease(kps, p.namespace).spec as any).values.prometheus.prometheusSpec.scrapeClasses ?? []) as ScrapeClass[];
}

interface Run {
  profile: Profile;
  prom: Started;
  query: (expr: string) => Promise<{ metric: Record<string, string>; value: [number, string] }[]>;
}

async function startPrometheus(name: string, profile: Profile, nodeExporter: string): Promise<Run> {
  const dir = scratch(`obstack-scrape-${profile.cluster.name}-`);
  const objects = rendered(profile);
  const classes = scrapeClasses(profile);
  const dead = `127.0.0.1:${await freePort()}`;
  const machineJobs = objects
    .filter((o) => o.kind === "ScrapeConfig")
    .map((o) => {
      const job = scrapeConfigJob(o as any, profile.namespace, classes) as { static_configs: { targets: string[]; labels: Record<string, string> }[] };
      return {
        ...job,
        scrape_interval: "1s",
        static_configs: job.static_configs.map((c) => ({ ...c, targets: c.targets.map(() => (c.labels.exporter === "node" ? nodeExporter : dead)) })),
      };
    });
  assert.equal(machineJobs.length, profile.externalMachines.length, `${name}: one ScrapeConfig per external machine`);
  const groups = objects
    .filter((o) => o.kind === "PrometheusRule")
    .flatMap((o) => (o.spec as { groups: { rules: { for?: string }[] }[] }).groups)
    .map((g) => ({ ...g, interval: "1s", rules: g.rules.map((r) => ({ ...r, ...(r.for ? { for: "1s" } : {}) })) }));
  writeFileSync(join(dir, "rules.yml"), stringify({ groups }));
  const port = await freePort();
  const config = {
    global: { scrape_interval: "1s", evaluation_interval: "1s" },
    rule_files: [join(dir, "rules.yml")],
    scrape_configs: [
      ...machineJobs,
      // Prometheus itself as the chart's ServiceMonitor has it scraped, discovery replaced by a static
      // target: what the default scrape class adds to every ServiceMonitor/PodMonitor job.
      { job_name: "serviceMonitor/self", static_configs: [{ targets: [`127.0.0.1:${port}`] }], ...monitorClassRules(classes) },
    ],
  };
  writeFileSync(join(dir, "prometheus.yml"), stringify(config));
  mkdirSync(join(dir, "tsdb"));
  const prom = await start(
    `prometheus-${profile.cluster.name}`,
    "prometheus",
    [`--config.file=${join(dir, "prometheus.yml")}`, `--storage.tsdb.path=${join(dir, "tsdb")}`, `--web.listen-address=127.0.0.1:${port}`],
    port,
    "/-/ready",
  );
  started.push(prom);
  const query = async (expr: string) => {
    const r = await fetch(`${prom.url}/api/v1/query?query=${encodeURIComponent(expr)}`);
    const j = (await r.json()) as { status: string; error?: string; data?: { result: any[] } };
    if (j.status !== "success") throw new Error(`${expr}: ${j.error}`);
    return j.data!.result;
  };
  return { profile, prom, query };
}

test("external machines scraped through the generated ScrapeConfig jobs; every stored series has cluster (both profiles)", { skip, timeout: 120_000 }, async (t) => {
  const ne = await startNodeExporter();
  started.push(ne);
  const runs = await Promise.all(bothProfiles().map(({ name, profile }) => startPrometheus(name, profile, ne.url.replace("http://", ""))));
  // Enough scrapes of every machine's node-exporter for rate() over the substituted 30s windows.
  const deadline = Date.now() + 40_000;
  for (const r of runs) {
    const nodeJobs = r.profile.externalMachines.filter((m) => m.exporters.some((e) => e.name === "node")).length;
    const ready = async () => {
      const c = await r.query(`count_over_time(up{exporter="node"}[1m]) >= 8`);
      return c.length >= nodeJobs && (await r.query('ALERTS{alertname="Watchdog"}')).length > 0;
    };
    while (Date.now() < deadline && !(await ready())) await new Promise((res) => setTimeout(res, 500));
  }

  for (const { profile, query } of runs) {
    const cluster = profile.cluster.name;
    await t.test(`${cluster}: every exporter of every external machine is a target with machine_name, exporter and cluster`, async () => {
      for (const m of profile.externalMachines) {
        const up = await query(`up{job="${m.name}-exporters"}`);
        assert.deepEqual(
          up.map((s) => [s.metric.machine_name, s.metric.exporter, s.metric.cluster]).sort(),
          m.exporters.map((e) => [m.name, e.name, cluster]).sort(),
          `${m.name}: ${JSON.stringify(up.map((s) => s.metric))}`,
        );
        const node = up.find((s) => s.metric.exporter === "node");
        if (node) assert.equal(node.value[1], "1", `${m.name}: node exporter up`);
      }
    });

    await t.test(`${cluster}: the nodes dashboard lists every external machine and each node-exporter panel has data from them`, async () => {
      const listed = new Set((await query("node_uname_info")).map((s) => s.metric.machine_name));
      for (const m of profile.externalMachines.filter((x) => x.exporters.some((e) => e.name === "node"))) assert.ok(listed.has(m.name), m.name);
      const nodeNames = new Set(NODE_EXPORTER_METRICS.flatMap(seriesNames));
      const nodes = allDashboards().find((d) => d.uid === NODES_UID)!;
      let checked = 0;
      for (const q of extractDashboardQueries(nodes)) {
        if (q.datasourceUid !== DATASOURCES.prometheus.uid || q.panel.startsWith("variable")) continue;
        const metrics = parsePromQL(q.expr).metrics;
        if (metrics.length === 0 || !metrics.every((x) => nodeNames.has(x) || x === "up")) continue;
        const expr = withoutThreshold(forPrometheus(q.expr));
        const result = await query(expr);
        assert.ok(result.length > 0, `${q.panel}: no data for ${expr}`);
        checked++;
      }
      assert.ok(checked >= 10, `only ${checked} queries checked`);
    });

    await t.test(`${cluster}: every series Prometheus stores — scraped, up, scrape_*, ALERTS — has cluster="${cluster}"`, async () => {
      const all = await query('count({__name__=~".+"})');
      assert.ok(Number(all[0]?.value[1] ?? 0) > 100, "series stored");
      const without = await query(`{__name__=~".+", cluster!="${cluster}"}`);
      assert.deepEqual(
        without.map((s) => s.metric).slice(0, 5),
        [],
        `${without.length} series without cluster="${cluster}"`,
      );
      const watchdog = await query('ALERTS{alertname="Watchdog"}');
      assert.equal(watchdog[0]?.metric.cluster, cluster, "rule output (ALERTS) keeps cluster");
      assert.ok((await query('up{job="serviceMonitor/self", cluster!=""}')).length === 1, "a ServiceMonitor-style job gets cluster");
    });
  }
});
