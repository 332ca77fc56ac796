// The rehearsal: real node-exporter, Prometheus and Alertmanager on 127.0.0.1 with ephemeral ports,
// all started here and stopped by PID. Prometheus loads the rendered rule groups and scrapes
// node-exporter with the rendered Alloy relabelling translated to a plain scrape config; Alertmanager
// runs the rendered routing with a webhook receiver served by this test. It shows that every dashboard
// query over node-exporter returns data (for the chart dashboards, every node-exporter selector they and
// the chart's enabled recording rules use), and that a provoked alert reaches the webhook through the
// rendered route: LokiDown (the stack's rule) and TargetDown (kube-prometheus-stack's general.rules) for an
// external machine nobody answers for, while Watchdog goes to the heartbeat receiver only.
//
// One liberty, so the test takes seconds: every rule's `for` is shortened to 1s. Expressions, labels
// and routes are the rendered ones.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { createServer, type IncomingMessage } from "node:http";
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { stringify } from "yaml";
import { defaultProfile } from "../helpers/fixtures.ts";
import { freePort, scratch, start, startNodeExporter, stop, type Started } from "../../scripts/harness.ts";
import { buildStack, stackAllowlist, stackQueries } from "../../src/stack/index.ts";
import { mergedRelease } from "../../src/flux/helm.ts";
import { alertRuleGroups } from "../../src/alerts/index.ts";
import { enabledKpsGroups } from "../../src/alerts/kps-rules.ts";
import { allDashboards } from "../../src/dashboards/index.ts";
import { extractDashboardQueries, parsePromQL } from "../../src/queries/verify.ts";
import { NODE_EXPORTER_METRICS, seriesNames } from "../../src/queries/catalog.ts";
import { targetRules, allowlistRules } from "../../src/pipeline/config.ts";
import { DATASOURCES } from "../../src/dashboards/datasources.ts";
import { forPrometheus, withoutThreshold } from "./promql.ts";
import { scrapeConfigJob, type ScrapeClass } from "./operator.ts";

const TOOLS = ["prometheus", "prometheus-alertmanager", "prometheus-node-exporter"];
const missing = TOOLS.filter((t) => spawnSync("sh", ["-c", `command -v ${t}`]).status !== 0);
const skip = missing.length > 0 && process.env.CI !== "true" ? `missing ${missing.join(", ")}: run scripts/install-tools.sh` : false;

const NODE = "rehearsal-node";
const started: (Started | undefined)[] = [];
after(() => started.forEach(stop));

async function body(req: IncomingMessage): Promise<string> {
  let s = "";
  for await (const chunk of req) s += chunk;
  return s;
}

test("rehearsal on real Prometheus, Alertmanager and node-exporter", { skip, timeout: 120_000 }, async (t) => {
  const dir = scratch("obstack-rehearsal-");
  const notifications: { receiver: string; alerts: { labels: Record<string, string> }[] }[] = [];
  const webhook = createServer(async (req, res) => {
    notifications.push(JSON.parse(await body(req)));
    res.end("ok");
  });
  await new Promise<void>((r) => webhook.listen(0, "127.0.0.1", r));
  after(() => webhook.close());
  const webhookPort = (webhook.address() as { port: number }).port;

  const profile = defaultProfile({
    alertmanager: {
      defaultReceiver: "team",
      heartbeatReceiver: "heartbeat",
      receivers: [
        { name: "null", type: "null" },
        { name: "oncall", type: "webhook", url: `http://127.0.0.1:${webhookPort}/alerts` },
        { name: "team", type: "webhook", url: `http://127.0.0.1:${webhookPort}/team` },
        { name: "heartbeat", type: "webhook", url: `http://127.0.0.1:${webhookPort}/heartbeat`, sendResolved: false },
      ],
      routes: [{ receiver: "oncall", matchers: ['severity="critical"'] }],
    },
  });

  const ne = await startNodeExporter();
  started.push(ne);

  const amPort = await freePort();
  // The routing as rendered: the Alertmanager config inside the kube-prometheus-stack release.
  const stack = buildStack(profile);
  const kps = stack.releases.find((r) => r.chart.id === "kube-prometheus-stack")!;
  const amConfig = structuredClone((mergedRelease(kps, profile.namespace).spec as any).values.alertmanager.config);
  const classes = ((mergedRelease(kps, profile.namespace).spec as any).values.prometheus.prometheusSpec.scrapeClasses ?? []) as ScrapeClass[];
  // Rehearsal-speed grouping; the routing tree itself is the rendered one.
  Object.assign(amConfig.route, { group_wait: "1s", group_interval: "1s" });
  for (const r of amConfig.route.routes) if (r.group_wait) Object.assign(r, { group_wait: "1s", group_interval: "1s" });
  writeFileSync(join(dir, "alertmanager.yml"), stringify(amConfig));
  const am = await start(
    "alertmanager",
    "prometheus-alertmanager",
    [`--config.file=${join(dir, "alertmanager.yml")}`, `--storage.path=${join(dir, "am")}`, `--web.listen-address=127.0.0.1:${amPort}`, "--cluster.listen-address="],
    amPort,
    "/-/ready",
  );
  started.push(am);

  // The rule groups as rendered: the PrometheusRule objects of the tree.
  const rendered = stack.dirs.flatMap((d) => d.files.flatMap((f) => f.objects)).filter((o) => o.kind === "PrometheusRule");
  const groups = rendered.flatMap((o) =>
    (o.spec as { groups: { name: string; rules: { for?: string }[] }[] }).groups.map((g) => ({
      ...g,
      interval: "1s",
      rules: g.rules.map((r) => ({ ...r, ...(r.for ? { for: "1s" } : {}) })),
    })),
  );
  assert.equal(groups.length, alertRuleGroups(profile).length);
  // kube-prometheus-stack's groups the stack turns on (the chart renders them in the cluster; here from the facts).
  for (const g of enabledKpsGroups(profile).filter((x) => ["general.rules", "node-exporter", "node-exporter.rules"].includes(x.name))) {
    groups.push({ name: g.name, interval: "1s", rules: g.rules.map((r) => ({ ...r, ...(r.for ? { for: "1s" } : {}) })) });
  }
  writeFileSync(join(dir, "rules.yml"), stringify({ groups }));
  const deadLoki = await freePort();
  const keep = stackAllowlist(profile);
  const promPort = await freePort();
  const promConfig = {
    global: { scrape_interval: "1s", evaluation_interval: "1s" },
    alerting: { alertmanagers: [{ static_configs: [{ targets: [`127.0.0.1:${amPort}`] }] }] },
    rule_files: [join(dir, "rules.yml")],
    scrape_configs: [
      {
        // What Alloy does on each node, as plain Prometheus: the same target and metric relabelling,
        // the Kubernetes discovery labels of a node-exporter pod given statically.
        job_name: "node-exporter",
        static_configs: [
          {
            targets: [ne.url.replace("http://", "")],
            labels: {
              __meta_kubernetes_pod_node_name: NODE,
              __meta_kubernetes_pod_label_app_kubernetes_io_name: "prometheus-node-exporter",
              __meta_kubernetes_pod_container_port_name: "http-metrics",
              cluster: profile.cluster.name,
            },
          },
        ],
        relabel_configs: targetRules("nodeExporter"),
        metric_relabel_configs: allowlistRules(keep.nodeExporter),
      },
      // Loki as Prometheus sees it through its ServiceMonitor, but nothing listens: LokiDown is provoked.
      { job_name: "loki", static_configs: [{ targets: [`127.0.0.1:${deadLoki}`], labels: { namespace: profile.namespace } }] },
      // The first external machine as rendered, unreachable: TargetDown is provoked.
      // (translated as prometheus-operator does: test/rehearsal/operator.ts; only the targets are swapped).
      ...stack.dirs
        .filter((d) => d.path.includes("monitors-external"))
        .flatMap((d) => d.files.filter((f) => f.name === `${profile.externalMachines[0]!.name}.yaml`).flatMap((f) => f.objects))
        .filter((o) => o.kind === "ScrapeConfig")
        .map((o) => {
          const job = scrapeConfigJob(o as never, profile.namespace, classes);
          const statics = job.static_configs as { targets: string[]; labels: Record<string, string> }[];
          return { ...job, static_configs: statics.map((c) => ({ ...c, targets: [`127.0.0.1:${deadLoki}`] })) };
        }),
    ],
  };
  writeFileSync(join(dir, "prometheus.yml"), stringify(promConfig));
  const prom = await start(
    "prometheus",
    "prometheus",
    // resend-delay 1s: an alert firing at the first evaluation (Watchdog) is sent before the notifier knows the
    // Alertmanager and would otherwise wait the default minute to be re-sent.
    [`--config.file=${join(dir, "prometheus.yml")}`, `--storage.tsdb.path=${join(dir, "tsdb")}`, `--web.listen-address=127.0.0.1:${promPort}`, "--rules.alert.resend-delay=1s"],
    promPort,
    "/-/ready",
  );
  started.push(prom);

  const query = async (expr: string) => {
    const r = await fetch(`${prom.url}/api/v1/query?query=${encodeURIComponent(expr)}`);
    const j = (await r.json()) as { status: string; error?: string; data?: { result: unknown[] } };
    if (j.status !== "success") throw new Error(`${expr}: ${j.error}`);
    return j.data!.result;
  };
  // Enough scrapes for rate() over the substituted windows.
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline && (await query(`count_over_time(up{job="node-exporter"}[1m])`).then((r) => r.length === 0 || Number((r[0] as { value: [number, string] }).value[1]) < 8))) {
    await new Promise((r) => setTimeout(r, 500));
  }

  await t.test("the rendered relabelling names the node", async () => {
    const up = (await query('up{job="node-exporter"}')) as { metric: Record<string, string> }[];
    assert.equal(up.length, 1);
    assert.equal(up[0]!.metric.instance, NODE);
    assert.equal(up[0]!.metric.machine_name, NODE);
  });

  await t.test("every dashboard query over node-exporter returns data", async () => {
    const nodeNames = new Set(NODE_EXPORTER_METRICS.flatMap(seriesNames));
    const checked: string[] = [];
    for (const d of allDashboards()) {
      for (const q of extractDashboardQueries(d)) {
        if (q.datasourceUid !== DATASOURCES.prometheus.uid || q.panel.startsWith("variable")) continue;
        const metrics = parsePromQL(q.expr).metrics;
        if (metrics.length === 0 || !metrics.every((m) => nodeNames.has(m))) continue;
        const expr = withoutThreshold(forPrometheus(q.expr));
        const result = await query(expr);
        assert.ok(result.length > 0, `dashboard "${d.title}", ${q.panel}: no data for ${expr}`);
        checked.push(q.expr);
      }
    }
    assert.ok(checked.length >= 5, `only ${checked.length} node-exporter queries found`);
  });

  await t.test("every node-exporter selector of the chart dashboards and enabled chart recording rules returns data", async () => {
    // Their queries are carried as facts (src/dashboards/kps): each selector, matchers as the chart
    // writes them, must find series after the allowlist.
    const nodeNames = new Set(NODE_EXPORTER_METRICS.flatMap(seriesNames));
    const q = stackQueries(profile);
    const sources = [
      ...q.chartDashboards.flatMap((d) => d.queries.map((x) => ({ where: `dashboard "${d.title}", ${x.where}`, selectors: x.selectors }))),
      ...q.chartRecords.map((r) => ({ where: `rule group ${r.group}, record ${r.record}`, selectors: r.selectors })),
    ];
    const checked = new Set<string>();
    for (const s of sources) {
      for (const sel of s.selectors) {
        const metric = parsePromQL(sel).metrics[0];
        if (metric === undefined || !nodeNames.has(metric) || checked.has(sel)) continue;
        const expr = forPrometheus(sel);
        assert.ok((await query(expr)).length > 0, `${s.where}: no data for ${expr}`);
        checked.add(sel);
      }
    }
    assert.ok(checked.size >= 20, `only ${checked.size} node-exporter selectors found`);
    assert.ok([...checked].some((x) => x.startsWith("node_memory_Slab_bytes")), "node.rules' selectors are among them");
  });

  await t.test("TargetDown for an unreachable external machine reaches the default receiver's webhook", async () => {
    const machine = profile.externalMachines[0]!.name;
    const until = Date.now() + 45_000;
    const targetDown = () =>
      notifications.find((n) => n.alerts.some((a) => a.labels.alertname === "TargetDown" && JSON.stringify(a.labels).includes(machine)));
    while (!targetDown() && Date.now() < until) await new Promise((r) => setTimeout(r, 250));
    const n = targetDown();
    assert.ok(n, `TargetDown for ${machine} never reached the webhook; got ${JSON.stringify(notifications.map((x) => x.alerts.map((a) => a.labels)))}`);
    assert.equal(n.receiver, "team");
    const a = n.alerts.find((x) => x.labels.alertname === "TargetDown")!;
    assert.equal(a.labels.severity, "warning");
    // The operator's ScrapeConfig job: job from jobName, no Kubernetes namespace/service labels (promcfg.go:3174-3202).
    assert.equal(a.labels.job, `${machine}-exporters`);
  });

  await t.test("a provoked alert reaches the webhook through the rendered route; Watchdog reaches only the heartbeat receiver", async () => {
    const until = Date.now() + 45_000;
    const lokiDown = () => notifications.find((n) => n.alerts.some((a) => a.labels.alertname === "LokiDown"));
    while (!lokiDown() && Date.now() < until) await new Promise((r) => setTimeout(r, 250));
    const n = lokiDown();
    assert.ok(n, `LokiDown never reached the webhook; got ${JSON.stringify(notifications.map((x) => x.alerts.map((a) => a.labels.alertname)))}`);
    assert.equal(n.receiver, "oncall");
    assert.equal(n.alerts.find((a) => a.labels.alertname === "LokiDown")!.labels.severity, "critical");
    const watchdogFiring = await query('ALERTS{alertname="Watchdog", alertstate="firing"}');
    assert.equal(watchdogFiring.length, 1, "Watchdog fires");
    // Watchdog goes to the heartbeat receiver and nowhere else.
    const heartbeatUntil = Date.now() + 20_000;
    const beats = () => notifications.filter((x) => x.alerts.some((a) => a.labels.alertname === "Watchdog"));
    while (beats().length === 0 && Date.now() < heartbeatUntil) await new Promise((r) => setTimeout(r, 250));
    assert.ok(beats().length > 0, `Watchdog reaches the heartbeat receiver; got ${JSON.stringify(notifications.map((x) => [x.receiver, x.alerts.map((a) => a.labels.alertname)]))}`);
    assert.deepEqual([...new Set(beats().map((x) => x.receiver))], ["heartbeat"], "Watchdog goes to the heartbeat receiver only");
  });
});
