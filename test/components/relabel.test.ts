// Relabelling of the profile's own monitors: typed and validated in the profile, rendered into the
// PodMonitor/ServiceMonitor as prometheus-operator's RelabelConfig, and — the real proof — applied by a
// real Prometheus to a real scrape after translating them the way the operator does.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { stringify } from "yaml";
import { defaultProfile, secondProfile } from "../helpers/fixtures.ts";
import { ProfileError, validateProfile } from "../../src/profile/load.ts";
import { buildStack } from "../../src/stack/index.ts";
import { freePort, scratch, start, stop, type Started } from "../../scripts/harness.ts";
import defaultInput from "../../profiles/kimawesome.ts";

type Json = Record<string, any>;
const missing = ["prometheus", "promtool"].filter((t) => spawnSync("sh", ["-c", `command -v ${t}`]).status !== 0);
const skip = missing.length > 0 && process.env.CI !== "true" ? `missing ${missing.join(", ")}: run scripts/install-tools.sh` : false;
const started: (Started | undefined)[] = [];
after(() => started.forEach(stop));

/**
 * A RelabelConfig as prometheus-operator writes it into prometheus.yml: generateRelabelConfig in
 * pkg/prometheus/promcfg.go:2191-2230 @ v0.86.2 (keys renamed, empty fields left out, action lower-cased).
 */
function operatorRelabel(rules: Json[]): Json[] {
  return rules.map((c) => ({
    ...(c.sourceLabels?.length ? { source_labels: c.sourceLabels } : {}),
    ...(c.separator !== undefined ? { separator: c.separator } : {}),
    ...(c.targetLabel ? { target_label: c.targetLabel } : {}),
    ...(c.regex ? { regex: c.regex } : {}),
    ...(c.modulus ? { modulus: c.modulus } : {}),
    ...(c.replacement !== undefined ? { replacement: c.replacement } : {}),
    ...(c.action ? { action: String(c.action).toLowerCase() } : {}),
  }));
}

const monitor = (p: ReturnType<typeof defaultProfile>, name: string): Json =>
  buildStack(p)
    .dirs.flatMap((d) => d.files.flatMap((f) => f.objects))
    .find((o) => (o.kind === "PodMonitor" || o.kind === "ServiceMonitor") && o.metadata.name === name) as Json;

const kgatewayMonitor = () => (defaultInput.podMonitors ?? []).find((m) => m.name === "kgateway-monitor")!;

test("the default profile's kgateway monitor splits envoy_cluster_name as the reference tree does", () => {
  const pm = monitor(defaultProfile(), "kgateway-monitor");
  const rules = pm.spec.podMetricsEndpoints[0].metricRelabelings as Json[];
  assert.deepEqual(
    rules.map((r) => [r.sourceLabels, r.regex, r.targetLabel, r.replacement, r.action]),
    [
      [["envoy_cluster_name"], "kube_(.+)_(.+)_(\\d+)", "kube_namespace", "$1", "replace"],
      [["envoy_cluster_name"], "kube_(.+)_(.+)_(\\d+)", "kube_service", "$2", "replace"],
      [["envoy_cluster_name"], "kube_(.+)_(.+)_(\\d+)", "kube_service_port", "$3", "replace"],
    ],
  );
});

test("second profile: PodMonitors and ServiceMonitors render relabelings, metricRelabelings and params", () => {
  const p = secondProfile({
    podMonitors: [{ ...kgatewayMonitor(), endpoints: [{ ...kgatewayMonitor().endpoints[0]!, relabelings: [{ action: "labeldrop", regex: "pod_template_hash" }] }] }],
    serviceMonitors: [
      {
        name: "pve-exporter",
        selector: { app: "pve-exporter" },
        endpoints: [{ port: "metrics", path: "/pve", params: { module: ["default"] }, metricRelabelings: [{ action: "drop", sourceLabels: ["__name__"], regex: "pve_ha_.*" }] }],
      },
    ],
  });
  const pm = monitor(p, "kgateway-monitor");
  assert.deepEqual(pm.spec.podMetricsEndpoints[0].relabelings, [{ action: "labeldrop", regex: "pod_template_hash" }]);
  assert.equal(pm.spec.podMetricsEndpoints[0].metricRelabelings.length, 3);
  const sm = monitor(p, "pve-exporter");
  assert.deepEqual(sm.spec.endpoints[0].params, { module: ["default"] });
  assert.deepEqual(sm.spec.endpoints[0].metricRelabelings, [{ action: "drop", sourceLabels: ["__name__"], regex: "pve_ha_.*" }]);
  assert.deepEqual(sm.spec.namespaceSelector, undefined, "a ServiceMonitor without namespaces looks in its own namespace");
});

test("relabel rules are validated: action enum, regex compiles, required fields; messages name the profile path", () => {
  const bad = (rule: Json) => {
    try {
      validateProfile({ ...defaultInput, podMonitors: [{ name: "m", selector: { a: "b" }, endpoints: [{ port: "x", metricRelabelings: [rule] }] }] }, "p.ts");
      return [];
    } catch (e) {
      if (e instanceof ProfileError) return e.problems;
      throw e;
    }
  };
  assert.match(bad({ action: "rename", sourceLabels: ["a"] }).join("\n"), /^podMonitors\.0\.endpoints\.0\.metricRelabelings\.0\.action: /m);
  assert.match(bad({ sourceLabels: ["a"], regex: "kube_(.+", targetLabel: "x" }).join("\n"), /metricRelabelings\.0\.regex: regex does not compile/);
  assert.match(bad({ sourceLabels: ["a"], regex: "(.*)" }).join("\n"), /metricRelabelings\.0\.targetLabel: action replace needs targetLabel/);
  assert.match(bad({ action: "hashmod", sourceLabels: ["a"], targetLabel: "s" }).join("\n"), /metricRelabelings\.0\.modulus: action hashmod needs modulus/);
  assert.match(bad({ action: "keep", regex: "x" }).join("\n"), /metricRelabelings\.0\.sourceLabels: action keep needs sourceLabels/);
  assert.match(bad({ sourceLabels: ["bad-label"], targetLabel: "x" }).join("\n"), /metricRelabelings\.0\.sourceLabels\.0: must be a Prometheus label name/);
  assert.deepEqual(bad({ sourceLabels: ["a"], targetLabel: "x", regex: "kube_(.+)_(\\d+)", replacement: "$1" }), []);
  // RE2 spellings JavaScript lacks are still accepted: named groups and inline flags.
  assert.deepEqual(bad({ sourceLabels: ["a"], targetLabel: "x", regex: "(?i)(?P<ns>[a-z]+)_(?s:.*)" }), []);
});

test("a real Prometheus applies the rendered kgateway metricRelabelings to a scraped Envoy series", { skip, timeout: 60_000 }, async () => {
  const exposition = [
    "# TYPE envoy_cluster_upstream_rq_total counter",
    'envoy_cluster_upstream_rq_total{envoy_cluster_name="kube_default_echo_8080"} 5',
    'envoy_cluster_upstream_rq_total{envoy_cluster_name="kube_my-ns_web-svc_443"} 3',
    'envoy_cluster_upstream_rq_total{envoy_cluster_name="xds_cluster"} 1',
    "",
  ].join("\n");
  const server = createServer((_req, res) => {
    res.setHeader("Content-Type", "text/plain; version=0.0.4");
    res.end(exposition);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  after(() => server.close());
  const target = `127.0.0.1:${(server.address() as { port: number }).port}`;

  const pm = monitor(defaultProfile(), "kgateway-monitor");
  const ep = pm.spec.podMetricsEndpoints[0];
  const dir = scratch("obstack-relabel-");
  const config = {
    global: { scrape_interval: "1s" },
    scrape_configs: [{ job_name: "kgateway", metrics_path: ep.path, static_configs: [{ targets: [target] }], metric_relabel_configs: operatorRelabel(ep.metricRelabelings) }],
  };
  writeFileSync(join(dir, "prometheus.yml"), stringify(config));
  const check = spawnSync("promtool", ["check", "config", join(dir, "prometheus.yml")], { encoding: "utf8" });
  assert.equal(check.status, 0, check.stdout + check.stderr);
  const port = await freePort();
  const prom = await start("prometheus", "prometheus", [`--config.file=${join(dir, "prometheus.yml")}`, `--storage.tsdb.path=${join(dir, "tsdb")}`, `--web.listen-address=127.0.0.1:${port}`], port, "/-/ready");
  started.push(prom);
  const query = async (expr: string) => {
    const r = (await (await fetch(`${prom.url}/api/v1/query?query=${encodeURIComponent(expr)}`)).json()) as { data: { result: { metric: Record<string, string> }[] } };
    return r.data.result;
  };
  let series: { metric: Record<string, string> }[] = [];
  for (const deadline = Date.now() + 30_000; Date.now() < deadline && series.length < 3; ) {
    series = await query("envoy_cluster_upstream_rq_total");
    if (series.length < 3) await new Promise((r) => setTimeout(r, 300));
  }
  const by = new Map(series.map((s) => [s.metric.envoy_cluster_name, s.metric]));
  assert.deepEqual(
    [by.get("kube_default_echo_8080")?.kube_namespace, by.get("kube_default_echo_8080")?.kube_service, by.get("kube_default_echo_8080")?.kube_service_port],
    ["default", "echo", "8080"],
  );
  assert.deepEqual([by.get("kube_my-ns_web-svc_443")?.kube_namespace, by.get("kube_my-ns_web-svc_443")?.kube_service, by.get("kube_my-ns_web-svc_443")?.kube_service_port], ["my-ns", "web-svc", "443"]);
  // A cluster name outside the pattern is left alone.
  assert.equal(by.get("xds_cluster")?.kube_service, undefined);
});

test("both profiles: the profile's ScrapeConfigs render with static targets, labels and relabelling", () => {
  for (const make of [defaultProfile, secondProfile]) {
    const p = make({
      scrapeConfigs: [
        {
          name: "truenas-graphite",
          targets: ["192.168.10.3:9108"],
          labels: { machine_name: "truenas" },
          metricRelabelings: [{ action: "drop", sourceLabels: ["__name__"], regex: "dropped_.*" }],
          metrics: ["disk_*"],
        },
      ],
    });
    const sc = buildStack(p)
      .dirs.flatMap((d) => d.files.flatMap((f) => f.objects))
      .find((o) => o.kind === "ScrapeConfig" && o.metadata.name === "truenas-graphite") as Json;
    assert.ok(sc);
    assert.equal(sc.apiVersion, "monitoring.coreos.com/v1alpha1");
    assert.deepEqual(sc.spec.staticConfigs, [{ targets: ["192.168.10.3:9108"], labels: { machine_name: "truenas" } }]);
    assert.equal(sc.spec.metricsPath, "/metrics");
    assert.deepEqual(sc.spec.metricRelabelings, [{ action: "drop", sourceLabels: ["__name__"], regex: "dropped_.*" }]);
  }
  assert.throws(() => defaultProfile({ scrapeConfigs: [{ name: "x", targets: ["no-port"] }] }), /scrapeConfigs\.0\.targets\.0: must be host:port/);
});
