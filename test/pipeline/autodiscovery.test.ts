// Annotation-based discovery (k8s-monitoring-helm's annotations) in the cluster Alloy: rendered in both
// profiles unless turned off, and its relabel rules — the same objects the Alloy config prints — applied
// by a real Prometheus to pods described by the Kubernetes discovery's meta labels.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { stringify } from "yaml";
import { bothProfiles, defaultProfile, secondProfile } from "../helpers/fixtures.ts";
import { buildStack } from "../../src/stack/index.ts";
import { ANNOTATIONS, autodiscoveryRules, podAnnotation } from "../../src/pipeline/autodiscovery.ts";
import { freePort, scratch, start, stop, type Started } from "../../scripts/harness.ts";

const skip = spawnSync("sh", ["-c", "command -v prometheus"]).status !== 0 && process.env.CI !== "true" ? "prometheus not installed: run scripts/install-tools.sh" : false;
const started: (Started | undefined)[] = [];
after(() => started.forEach(stop));

const clusterAlloy = (p: ReturnType<typeof defaultProfile>) => buildStack(p).alloy.find((c) => c.workload === "cluster")!.text;

test("both profiles: the cluster Alloy discovers annotated pods with the upstream rules; annotationDiscovery.enabled: false removes it", () => {
  for (const { name, profile } of bothProfiles()) {
    const text = clusterAlloy(profile);
    assert.match(text, /discovery\.kubernetes "annotated_pods" \{\n\trole = "pod"\n\}/, name);
    const relabel = /discovery\.relabel "annotation_autodiscovery" \{([\s\S]*?)\n\}/.exec(text)![1]!;
    assert.equal(relabel.match(/\brule \{/g)!.length, autodiscoveryRules(profile).length, name);
    assert.match(relabel, /__meta_kubernetes_pod_annotation_k8s_grafana_com_scrape/);
    assert.match(relabel, /__meta_kubernetes_pod_annotation_k8s_grafana_com_metrics_portNumber/);
    assert.match(text, /prometheus\.scrape "annotation_autodiscovery" \{[\s\S]*?forward_to\s+= \[prometheus\.remote_write\.prometheus\.receiver\]/);
    // Only the once-per-cluster Alloy scrapes them: the per-node one would scrape each pod once per node.
    assert.doesNotMatch(buildStack(profile).alloy.find((c) => c.workload === "node")!.text, /annotation_autodiscovery/);
  }
  for (const make of [defaultProfile, secondProfile]) {
    assert.doesNotMatch(clusterAlloy(make({ annotationDiscovery: { enabled: false } })), /annotation_autodiscovery|annotated_pods/);
  }
});

test("the annotation names are k8s-monitoring-helm's", () => {
  assert.equal(ANNOTATIONS.scrape, "k8s.grafana.com/scrape");
  assert.equal(ANNOTATIONS.metricsPortNumber, "k8s.grafana.com/metrics.portNumber");
  assert.equal(ANNOTATIONS.metricsPath, "k8s.grafana.com/metrics.path");
  assert.equal(podAnnotation(ANNOTATIONS.metricsPortNumber), "__meta_kubernetes_pod_annotation_k8s_grafana_com_metrics_portNumber");
});

test("a real Prometheus with the rendered rules scrapes only the annotated, ready pod, on the annotated port and path", { skip, timeout: 60_000 }, async () => {
  const server = createServer((req, res) => {
    if (req.url !== "/custom/metrics") {
      res.statusCode = 404;
      res.end();
      return;
    }
    res.setHeader("Content-Type", "text/plain; version=0.0.4");
    res.end("# TYPE demo_requests_total counter\ndemo_requests_total 7\n");
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  after(() => server.close());
  const port = (server.address() as { port: number }).port;
  const a = (k: keyof typeof ANNOTATIONS) => podAnnotation(ANNOTATIONS[k]);
  // What Kubernetes discovery would report for one container port of each pod.
  const pod = (name: string, extra: Record<string, string>) => ({
    // The declared container port is not where the metrics are: the portNumber annotation must win.
    targets: ["127.0.0.1:1"],
    labels: {
      __meta_kubernetes_pod_name: name,
      __meta_kubernetes_pod_container_name: "app",
      __meta_kubernetes_pod_container_port_name: "http",
      __meta_kubernetes_namespace: "apps",
      __meta_kubernetes_pod_ip: "127.0.0.1",
      __meta_kubernetes_pod_phase: "Running",
      __meta_kubernetes_pod_ready: "true",
      __meta_kubernetes_pod_container_init: "false",
      __meta_kubernetes_pod_label_app_kubernetes_io_name: name,
      ...extra,
    },
  });
  const annotated = { [a("scrape")]: "true", [a("metricsPortNumber")]: String(port), [a("metricsPath")]: "/custom/metrics" };
  const p = defaultProfile();
  const dir = scratch("obstack-autodiscovery-");
  const config = {
    global: { scrape_interval: "1s", scrape_timeout: "1s" },
    scrape_configs: [
      {
        job_name: "annotation_autodiscovery",
        static_configs: [
          pod("annotated", annotated),
          pod("not-annotated", {}),
          pod("opted-out", { ...annotated, [a("scrape")]: "false" }),
          pod("not-ready", { ...annotated, __meta_kubernetes_pod_ready: "false" }),
        ],
        // The rendered rules; intervals shortened so the test takes seconds (the rules set them per target).
        relabel_configs: autodiscoveryRules({ ...p, prometheus: { ...p.prometheus, scrapeInterval: "1s" }, annotationDiscovery: { ...p.annotationDiscovery, scrapeTimeout: "1s" } }),
      },
    ],
  };
  writeFileSync(join(dir, "prometheus.yml"), stringify(config));
  const promPort = await freePort();
  const prom = await start("prometheus", "prometheus", [`--config.file=${join(dir, "prometheus.yml")}`, `--storage.tsdb.path=${join(dir, "tsdb")}`, `--web.listen-address=127.0.0.1:${promPort}`], promPort, "/-/ready");
  started.push(prom);
  const query = async (expr: string) =>
    ((await (await fetch(`${prom.url}/api/v1/query?query=${encodeURIComponent(expr)}`)).json()) as { data: { result: { metric: Record<string, string>; value: [number, string] }[] } }).data.result;
  let demo: Awaited<ReturnType<typeof query>> = [];
  for (const deadline = Date.now() + 30_000; Date.now() < deadline && demo.length === 0; ) {
    demo = await query("demo_requests_total");
    if (demo.length === 0) await new Promise((r) => setTimeout(r, 300));
  }
  assert.equal(demo.length, 1);
  assert.deepEqual(
    { job: demo[0]!.metric.job, namespace: demo[0]!.metric.namespace, pod: demo[0]!.metric.pod, container: demo[0]!.metric.container, instance: demo[0]!.metric.instance },
    { job: "annotated", namespace: "apps", pod: "annotated", container: "app", instance: `127.0.0.1:${port}` },
  );
  const up = await query("up");
  assert.deepEqual(up.map((s) => s.metric.pod), ["annotated"], "pods without the annotation, opted out or not ready are not targets");
  assert.equal(up[0]!.value[1], "1");
});
