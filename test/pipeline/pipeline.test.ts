import { test } from "node:test";
import assert from "node:assert/strict";
import { defaultProfile } from "../helpers/fixtures.ts";
import { alloyStack } from "../../src/pipeline/index.ts";
import { buildStack } from "../../src/stack/index.ts";
import { checkStack, RenderCheckError } from "../../src/checks/index.ts";
import { parse } from "../../src/alloy/syntax/parser.ts";
import { print, format } from "../../src/alloy/syntax/printer.ts";
import { validate } from "../../src/alloy/syntax/validator.ts";
import { block, attr, arr, ref } from "../../src/alloy/syntax/build.ts";
import { INDEX_LABELS } from "../../src/pipeline/labels.ts";
import { mergedRelease } from "../../src/flux/helm.ts";
import { checkHelmValues } from "../../src/charts/check.ts";

const KEEP = { nodeExporter: ["node_load1", "node_cpu_seconds_total"], kepler: ["kepler_node_cpu_watts"] };
const stackOf = (p = defaultProfile()) => alloyStack(p, KEEP);
const config = (w: "node" | "cluster", p = defaultProfile()) => stackOf(p).configs.find((c) => c.workload === w)!.text;

test("generated configs are canonical: print(parse(x)) == x, formatting idempotent, validator clean", () => {
  for (const w of ["node", "cluster"] as const) {
    const text = config(w);
    const { file, diagnostics } = parse(text, `alloy-${w}.alloy`);
    assert.deepEqual(diagnostics, []);
    assert.equal(print(file), text);
    assert.equal(format(format(text)), text);
    assert.deepEqual(validate(file).filter((d) => d.severity === "error"), []);
  }
});

test("per node: pods of this node only, CRI pod logs, journal units, node-exporter and Kepler with instance = node", () => {
  const node = config("node");
  assert.match(node, /field = "spec\.nodeName=" \+ sys\.env\("NODE_NAME"\)/);
  assert.match(node, /replacement\s+= "\/var\/log\/pods\/\*\$1\/\*\.log"/);
  assert.match(node, /stage\.cri \{ ?\}/);
  assert.doesNotMatch(node, /matches\s+=/, "several matches are an AND in Alloy's contract");
  assert.match(node, /source_labels = \["__journal__systemd_unit"\]\s+regex\s+= "\(kubelet\\\\\.service\|containerd\\\\\.service\)"\s+action\s+= "keep"/);
  assert.match(node, /__journal__systemd_unit"\]\s+target_label\s+= "unit"/);
  assert.match(node, /job_name\s+= "node-exporter"/);
  assert.match(node, /job_name\s+= "kepler"/);
  assert.match(node, /regex\s+= "\^\(node_load1\|node_cpu_seconds_total\)\$"/, "the allowlist comes from the given metric names");
  assert.doesNotMatch(node, /kubernetes_events/, "events are not collected per node");
  const units = config("node", defaultProfile({ alloy: { journalUnits: ["crio.service"] } }));
  assert.match(units, /regex\s+= "\(crio\\\\\.service\)"\s+action\s+= "keep"/);
});

test("events once per cluster, with level from the event type", () => {
  const cluster = config("cluster");
  assert.match(cluster, /loki\.source\.kubernetes_events "events"/);
  assert.match(cluster, /level = "warning"/);
  const rel = stackOf().releases.find((r) => r.name === "alloy-cluster")!;
  assert.equal((rel.baseValues as any).controller.type, "deployment");
  assert.equal((rel.baseValues as any).controller.replicas, 1);
});

test("index labels are the bounded ones; pod and image are structured metadata", () => {
  const node = config("node");
  assert.match(node, new RegExp(`values = \\[${INDEX_LABELS.pods.map((l) => `"${l}"`).join(", ")}\\]`));
  assert.ok(!INDEX_LABELS.pods.includes("pod") && !INDEX_LABELS.pods.includes("image"));
  assert.match(node, /stage\.structured_metadata \{\s+values = \{\s+pod\s+= "pod",\s+image\s+= "image"/);
});

test("custom static labels and the cluster label on every log line and metric", () => {
  const p = defaultProfile({ alloy: { staticLabels: { team: "platform" } } });
  for (const w of ["node", "cluster"] as const) {
    const text = config(w, p);
    assert.match(text, /external_labels = \{\s+cluster = "kim7s",\s+team\s+= "platform",\s+\}/);
  }
});

test("metrics go to every Prometheus replica through the headless Service", () => {
  const urls = (replicas: number) =>
    [...config("node", defaultProfile({ nodes: [{ name: "a" }, { name: "b" }, { name: "c" }], prometheus: { replicas } })).matchAll(/url = "(http:\/\/prometheus-[^"]+)"/g)].map((m) => m[1]);
  assert.deepEqual(urls(2), [0, 1].map((i) => `http://prometheus-prometheus-kube-prometheus-prometheus-${i}.prometheus-operated.observability.svc:9090/api/v1/write`));
  assert.equal(urls(3).length, 3);
  assert.match(config("node"), /url = "http:\/\/loki\.observability\.svc:3100\/loki\/api\/v1\/push"/);
});

test("deployment: pinned chart, every node, read-only host paths, least-privilege RBAC", () => {
  const p = defaultProfile();
  const s = stackOf(p);
  for (const r of s.releases) {
    const hr = mergedRelease(r, p.namespace) as any;
    assert.equal(hr.spec.chart.spec.version, "1.11.1");
    assert.deepEqual(checkHelmValues("alloy", "1.11.1", hr.spec.values), []);
    assert.equal(hr.spec.values.alloy.configMap.create, true, "the chart owns the config");
    assert.ok(hr.spec.values.alloy.resources.requests && hr.spec.values.alloy.resources.limits);
    assert.equal(hr.spec.values.rbac.create, false);
  }
  const node = mergedRelease(s.releases[0]!, p.namespace) as any;
  assert.deepEqual(node.spec.values.controller.tolerations, [{ operator: "Exists" }]);
  for (const m of node.spec.values.alloy.mounts.extra) assert.equal(m.readOnly, m.mountPath !== "/var/lib/alloy", m.name);
  assert.deepEqual(node.spec.values.alloy.mounts.extra.map((m: any) => m.mountPath).sort(), ["/etc/machine-id", "/run/log/journal", "/var/lib/alloy"]);
  assert.equal(node.spec.values.alloy.mounts.varlog, true, "/var/log, with the persistent journal, read-only through the chart");
  assert.equal(node.spec.values.alloy.storagePath, "/var/lib/alloy", "read positions survive restarts");
  assert.ok(node.spec.values.controller.volumes.extra.some((v: any) => v.hostPath?.path === "/var/lib/alloy-node"));
  const cluster = mergedRelease(s.releases[1]!, p.namespace) as any;
  assert.equal(cluster.spec.values.alloy.securityContext.runAsNonRoot, true);
  const objects = s.dirs.flatMap((d) => d.files.flatMap((f) => f.objects)) as any[];
  for (const role of objects.filter((o) => o.kind === "ClusterRole")) {
    for (const rule of role.rules) assert.deepEqual(rule.verbs, ["get", "list", "watch"]);
  }
});

function renderProblems(p: ReturnType<typeof defaultProfile>): string {
  try {
    checkStack(buildStack(p), p);
  } catch (e) {
    if (e instanceof RenderCheckError) return e.problems.join("\n");
    throw e;
  }
  return "";
}

test("a profile pipeline is validated with the rest: bad references fail the render with file, line and message", () => {
  const good = defaultProfile({
    // The bundled dashboard reads the bundled pipeline's metrics, which this replaces.
    dashboards: [],
    alloy: {
      pipelines: [
        {
          name: "gateway-metrics",
          workload: "node",
          config: `prometheus.relabel "gateway" {\n  forward_to = [prometheus.remote_write.prometheus.receiver]\n}\n`,
        },
      ],
    },
  });
  assert.equal(renderProblems(good), "");
  const bad = defaultProfile({
    alloy: { pipelines: [{ name: "broken", workload: "node", config: `loki.process "x" {\n  forward_to = [loki.write.nowhere.receiver]\n}\n` }] },
  });
  const msg = renderProblems(bad);
  assert.match(msg, /Alloy config alloy-node\.alloy is invalid:/);
  assert.match(msg, /Error: alloy-node\.alloy:\d+:\d+: .*loki\.write\.nowhere/);
  const syntax = defaultProfile({ alloy: { pipelines: [{ name: "typo", workload: "cluster", config: `loki.process "x" {\n  forward_to = [\n` }] } });
  assert.match(renderProblems(syntax), /Alloy pipeline typo of the profile does not parse:\n.*alloy\.pipelines\.typo:\d+:\d+/);
});

test("a TypeScript profile can add typed blocks", () => {
  const p = defaultProfile({
    dashboards: [],
    alloy: { pipelines: [{ name: "typed", workload: "cluster", config: [block("prometheus.relabel", "mine", [attr("forward_to", arr(ref("prometheus.remote_write.prometheus.receiver")))])] }] },
  });
  assert.match(config("cluster", p), /prometheus\.relabel "mine"/);
  assert.equal(renderProblems(p), "");
});

test("journal levels on dashboards are the values the journal source really emits", async () => {
  const { JOURNAL_LEVELS } = await import("../../src/pipeline/labels.ts");
  const { allDashboards } = await import("../../src/dashboards/index.ts");
  // The journal's priority keywords are normalized to the pod-log level set.
  assert.deepEqual([...JOURNAL_LEVELS], ["critical", "error", "warning", "info", "debug"]);
  const journal = JSON.stringify(allDashboards().find((d) => d.uid === "obstack-journal")!.json);
  for (const m of journal.matchAll(/level=~\\"([a-z|]+)\\"/g)) {
    for (const level of m[1]!.split("|")) assert.ok((JOURNAL_LEVELS as readonly string[]).includes(level), `journal level ${level} is never emitted`);
  }
  assert.match(journal, /level=~\\"critical\|error\|warning\\"/);
});

test("the once-per-cluster Alloy reports its own health too", () => {
  assert.match(config("cluster"), /prometheus\.scrape "alloy" \{\s+targets\s+= \[\{\s+__address__ = "127\.0\.0\.1:12345",\s+instance\s+= "alloy-cluster",/);
});

test("the allowlist is derived from the stack's queries, plus the profile's keepMetrics", async () => {
  const { stackAllowlist, stackQueries } = await import("../../src/stack/index.ts");
  const p = defaultProfile();
  const keep = stackAllowlist(p);
  assert.ok(keep.nodeExporter.includes("node_cpu_seconds_total"));
  assert.ok(keep.kepler.some((m) => m.startsWith("kepler_node_cpu")));
  // Everything kept is used by some query: nothing is on the list by hand.
  const text = stackQueries(p).exprs.join("\n");
  for (const m of [...keep.nodeExporter, ...keep.kepler]) {
    const family = m.replace(/_(bucket|sum|count)$/, "");
    assert.ok(text.includes(m) || text.includes(family), `${m} is kept but no query uses it`);
  }
  const more = stackAllowlist(defaultProfile({ alloy: { keepMetrics: ["node_hwmon_temp_celsius", "kepler_node_dram_joules_total"] } }));
  assert.ok(more.nodeExporter.includes("node_hwmon_temp_celsius"));
  assert.ok(more.kepler.includes("kepler_node_dram_joules_total"));
});

test("levels are bounded: pod spellings normalized, journal and event levels from what the lines say", async () => {
  const { POD_LEVELS } = await import("../../src/pipeline/labels.ts");
  const node = config("node");
  for (const level of POD_LEVELS) assert.match(node, new RegExp(`level = "${level}"`));
  assert.match(node, /selector = "\{level=~\\"\(\?i\)\(error\|err\)\\"\}"/);
  assert.match(node, /loki\.process "journal"/);
  assert.match(node, /\^E\[0-9\]\{4\} \|level=error/, "klog E lines are errors");
  assert.match(node, /\^F\[0-9\]\{4\} \|level=\(fatal\|panic\)/, "klog F lines are critical");
  assert.match(node, /stage\.label_keep \{\s+values = \["cluster", "source", "unit", "node_name", "level"\]/, "no job label on journal streams");
  const cluster = config("cluster");
  assert.match(cluster, /values = \{\s+level = "type",/);
  assert.match(cluster, /\{source=\\"events\\", level=\\"Warning\\"\}/);
});

test("static control-plane pods are named by their component label, not the node", () => {
  assert.match(config("node"), /"__meta_kubernetes_pod_label_app", "__meta_kubernetes_pod_label_component", "__meta_kubernetes_pod_label_k8s_app", "controller_name"/);
});
