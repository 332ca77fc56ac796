// Deploy-time properties of the Alloy pipeline and its Flux wiring, for both bundled profiles.
// Relabel rules are taken from the *rendered* Alloy text and evaluated by a real relabel engine
// (Prometheus' target relabelling, the same semantics Alloy's rule blocks have).
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseAllDocuments, stringify } from "yaml";
import { bothProfiles } from "../helpers/fixtures.ts";
import { freePort, scratch, start, stop, type Started } from "../../scripts/harness.ts";
import { buildStack } from "../../src/stack/index.ts";
import { renderFiles } from "../../src/tree/render.ts";
import { parse } from "../../src/alloy/syntax/parser.ts";
import { unquote } from "../../src/alloy/syntax/validator.ts";
import type { Block, Expr, Stmt } from "../../src/alloy/syntax/ast.ts";
import type { Profile } from "../../src/profile/schema.ts";
import type { RelabelRule } from "../../src/pipeline/config.ts";

const missing = spawnSync("sh", ["-c", "command -v prometheus"]).status !== 0;
const noPrometheus = missing && process.env.CI !== "true" ? "missing prometheus: run scripts/install-tools.sh" : false;
const started: (Started | undefined)[] = [];
after(() => started.forEach(stop));

function nodeText(p: Profile): string {
  return buildStack(p).alloy.find((c) => c.workload === "node")!.text;
}

function findBlock(body: Stmt[], name: string, label: string): Block {
  const b = body.find((s): s is Block => s.kind === "Block" && s.name.join(".") === name && s.label === label);
  assert.ok(b, `no ${name} "${label}" in the rendered config`);
  return b;
}

function value(e: Expr): unknown {
  if (e.kind === "Literal") return e.tok === "STRING" ? unquote(e.value) : JSON.parse(e.value);
  if (e.kind === "Array") return e.elements.map(value);
  throw new Error(`unexpected expression ${e.kind}`);
}

/** The `rule` blocks of a rendered component, as relabel rules. */
function renderedRules(text: string, name: string, label: string): RelabelRule[] {
  const { file } = parse(text, "node.alloy");
  return findBlock(file.body, name, label)
    .body.filter((s): s is Block => s.kind === "Block" && s.name.join(".") === "rule")
    .map((r) => Object.fromEntries(r.body.flatMap((a) => (a.kind === "Attribute" ? [[a.name.name, value(a.value)]] : []))) as RelabelRule);
}

/** Alloy's local.file_match glob (doublestar): `*` is any run of characters but `/`. */
function globMatches(glob: string, path: string): boolean {
  const re = new RegExp(`^${glob.split("*").map((s) => s.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join("[^/]*")}$`);
  return re.test(path);
}

interface Target {
  labels: Record<string, string>;
}

/** Runs target relabelling in a real Prometheus: each job's static targets through its rules; returns the kept targets' labels. */
async function relabel(jobs: Record<string, { targets: Target[]; rules: RelabelRule[]; expose: string[] }>): Promise<Record<string, Record<string, string>[]>> {
  const dir = scratch("obstack-relabel-");
  const port = await freePort();
  let n = 0;
  const config = {
    global: { scrape_interval: "1h" },
    scrape_configs: Object.entries(jobs).map(([job, j]) => ({
      job_name: job,
      static_configs: j.targets.map((t) => ({ targets: [`127.0.0.${++n}:1`], labels: t.labels })),
      // The `__` labels the rules set are dropped after relabelling: copy the ones under test to visible labels.
      relabel_configs: [...j.rules, ...j.expose.map((l) => ({ source_labels: [l], target_label: `seen${l}` }))],
    })),
  };
  writeFileSync(join(dir, "prometheus.yml"), stringify(config));
  const prom = await start("prometheus", "prometheus", [`--config.file=${join(dir, "prometheus.yml")}`, `--storage.tsdb.path=${join(dir, "tsdb")}`, `--web.listen-address=127.0.0.1:${port}`], port, "/-/ready");
  started.push(prom);
  try {
    const want = Object.values(jobs).reduce((a, j) => a + j.targets.length, 0);
    const deadline = Date.now() + 30_000;
    for (;;) {
      const r = (await (await fetch(`${prom.url}/api/v1/targets?state=any`)).json()) as {
        data: { activeTargets: { labels: Record<string, string> }[]; droppedTargets: unknown[]; droppedTargetCounts?: Record<string, number> };
      };
      const seen = r.data.activeTargets.length + Object.values(r.data.droppedTargetCounts ?? {}).reduce((a, b) => a + b, r.data.droppedTargetCounts ? 0 : r.data.droppedTargets.length);
      if (seen >= want || Date.now() > deadline) {
        const out: Record<string, Record<string, string>[]> = {};
        for (const job of Object.keys(jobs)) out[job] = r.data.activeTargets.filter((t) => t.labels.job === job).map((t) => t.labels);
        return out;
      }
      await new Promise((res) => setTimeout(res, 250));
    }
  } finally {
    stop(prom);
  }
}

// A static pod: the kubelet names its log directory after the manifest hash, the API gives the mirror another uid.
const PODS: { ns: string; pod: string; uid: string; mirror?: string; container: string }[] = [
  { ns: "kube-system", pod: "kube-apiserver-cp-1", uid: "5f1c7c1e-aaaa-4bbb-8ccc-000000000001", mirror: "9c2a7d4be0e8f1a5b3c6d7e8f9a0b1c2", container: "kube-apiserver" },
  { ns: "default", pod: "web-7d9f8b6c5d-x2x4z", uid: "0d8f2b8e-1111-4222-8333-444455556666", container: "web" },
];
const KEYWORDS = ["emerg", "alert", "crit", "error", "warning", "notice", "info", "debug"];
const journalEntries = (p: Profile) => [
  ...p.alloy.journalUnits.flatMap((unit) => KEYWORDS.map((kw) => ({ unit, kw }))),
  { unit: "sshd.service", kw: "info" },
  { unit: "kubelet-other.service", kw: "info" },
  { unit: "kubeletXservice", kw: "info" },
];

/** One Prometheus per profile relabels both the pod-log targets and the journal entries with the rendered rules. */
const relabelled = new Map<Profile, ReturnType<typeof relabel>>();
function relabelledFor(profile: Profile): ReturnType<typeof relabel> {
  if (!relabelled.has(profile)) {
    const text = nodeText(profile);
    relabelled.set(
      profile,
      relabel({
        pods: {
          targets: PODS.map((p) => ({
            labels: {
              __meta_kubernetes_namespace: p.ns,
              __meta_kubernetes_pod_name: p.pod,
              __meta_kubernetes_pod_uid: p.uid,
              __meta_kubernetes_pod_container_name: p.container,
              ...(p.mirror ? { __meta_kubernetes_pod_annotation_kubernetes_io_config_mirror: p.mirror } : {}),
            },
          })),
          rules: renderedRules(text, "discovery.relabel", "pod_logs"),
          expose: ["__path__"],
        },
        journal: {
          targets: journalEntries(profile).map((e) => ({ labels: { __journal__systemd_unit: e.unit, __journal_priority_keyword: e.kw } })),
          rules: renderedRules(text, "loki.relabel", "journal"),
          expose: ["__journal_priority_keyword"],
        },
      }),
    );
  }
  return relabelled.get(profile)!;
}

for (const { name, profile } of bothProfiles()) {
  test(`${name}: control-plane (mirror pod) logs are found where the kubelet writes them, ordinary pods too`, { skip: noPrometheus, timeout: 60_000 }, async () => {
    const seen = await relabelledFor(profile);
    assert.equal(seen.pods!.length, 2);
    for (const p of PODS) {
      const target = seen.pods!.find((t) => t.pod === p.pod);
      assert.ok(target, `${p.pod} kept`);
      // kubelet: <podLogsDir>/<namespace>_<name>_<uid as the kubelet knows it>/<container>/<restarts>.log
      const onDisk = `/var/log/pods/${p.ns}_${p.pod}_${p.mirror ?? p.uid}/${p.container}/0.log`;
      assert.ok(globMatches(target.seen__path__!, onDisk), `${p.pod}: ${target.seen__path__} does not match ${onDisk}`);
      if (p.mirror) assert.ok(!globMatches(target.seen__path__!, `/var/log/pods/${p.ns}_${p.pod}_${p.uid}/${p.container}/0.log`));
    }
  });

  test(`${name}: journal units are selected by one keep on the unit, levels are the pod-log levels`, { skip: noPrometheus, timeout: 60_000 }, async () => {
    assert.doesNotMatch(nodeText(profile), /\bmatches\s*=/, "several journal matches are a logical AND in Alloy's contract");
    const { POD_LEVELS } = await import("../../src/pipeline/labels.ts");
    const kept = (await relabelledFor(profile)).journal!;
    assert.deepEqual(new Set(kept.map((t) => t.unit)), new Set(profile.alloy.journalUnits), "only the profile's units, each of them");
    assert.equal(kept.length, profile.alloy.journalUnits.length * KEYWORDS.length);
    const expected: Record<string, string> = { emerg: "critical", alert: "critical", crit: "critical", error: "error", warning: "warning", notice: "info", info: "info", debug: "debug" };
    for (const t of kept) {
      assert.ok(POD_LEVELS.includes(t.level!), `level ${t.level} is not a pod-log level`);
      assert.equal(t.level, expected[t.seen__journal_priority_keyword!], `priority ${t.seen__journal_priority_keyword}`);
    }
  });
}

function fluxKustomizations(p: Profile): Map<string, { spec: { dependsOn?: { name: string }[]; retryInterval?: string; interval: string } }> {
  const files = renderFiles(buildStack(p).dirs, p, "test");
  const out = new Map<string, { spec: { dependsOn?: { name: string }[]; retryInterval?: string; interval: string } }>();
  for (const [path, text] of files) {
    if (!path.endsWith("/kustomization.flux.yaml")) continue;
    const ks = parseAllDocuments(text)[0]!.toJS() as { metadata: { name: string }; spec: { dependsOn?: { name: string }[]; retryInterval?: string; interval: string } };
    out.set(ks.metadata.name, ks);
  }
  return out;
}

for (const { name, profile } of bothProfiles()) {
  test(`${name}: Alloy (the only scraper of node-exporter and Kepler) waits for no Loki, MinIO or Prometheus`, () => {
    const ks = fluxKustomizations(profile);
    const alloy = [...ks.entries()].find(([n]) => n.endsWith("grafana-alloy"));
    assert.ok(alloy, "a Flux Kustomization for Alloy");
    // Transitively: nothing Alloy waits for may be a storage component.
    const waitsFor = new Set<string>();
    const visit = (n: string) => {
      for (const d of ks.get(n)?.spec.dependsOn ?? []) if (!waitsFor.has(d.name)) (waitsFor.add(d.name), visit(d.name));
    };
    visit(alloy[0]);
    assert.deepEqual([...waitsFor].sort(), [...profile.flux.dependsOn].sort(), "only the profile's own Flux prerequisites");
    // ...which is all its objects need to be admitted: core, RBAC and Flux's own kinds, no other CRD.
    const stack = buildStack(profile);
    const dirs = stack.dirs.filter((d) => d.path.endsWith("grafana-alloy"));
    assert.equal(dirs.length, 2, "base and overlay");
    for (const o of dirs.flatMap((d) => [...d.files.flatMap((f) => f.objects), ...(d.patches ?? []).map((x) => x.object)])) {
      assert.match(o.apiVersion, /^(v1|rbac\.authorization\.k8s\.io\/v1|(helm|source)\.toolkit\.fluxcd\.io\/v[0-9a-z]+)$/, `${o.kind} ${o.metadata.name}`);
    }
  });

  test(`${name}: every generated Flux Kustomization retries a failure sooner than its interval`, () => {
    const ks = fluxKustomizations(profile);
    assert.ok(ks.size >= 8);
    const seconds = (d: string) => [...d.matchAll(/([0-9.]+)(ms|s|m|h)/g)].reduce((a, [, v, u]) => a + Number(v) * { ms: 0.001, s: 1, m: 60, h: 3600 }[u as "s"], 0);
    for (const [n, k] of ks) {
      assert.ok(k.spec.retryInterval, `${n} has no retryInterval: a failure would wait a whole interval (${k.spec.interval})`);
      assert.match(k.spec.retryInterval!, /^([0-9]+(\.[0-9]+)?(ms|s|m|h))+$/, "the CRD's pattern");
      assert.ok(seconds(k.spec.retryInterval!) < seconds(k.spec.interval), `${n}: retryInterval below interval`);
    }
  });
}

for (const { name, profile } of bothProfiles()) {
  test(`${name}: the Alloy chart owns its config (Helm rollbacks restore it, the reloader applies it live)`, async () => {
    const { mergedRelease } = await import("../../src/flux/helm.ts");
    const stack = buildStack(profile);
    const objects = stack.dirs.flatMap((d) => d.files.flatMap((f) => f.objects));
    assert.deepEqual(objects.filter((o) => o.kind === "ConfigMap" && /^alloy-/.test(o.metadata.name)), [], "no ConfigMap outside the release for Flux to prune");
    const alloyDir = stack.dirs.find((d) => d.path.endsWith("grafana-alloy") && d.patches)!;
    for (const r of stack.releases.filter((x) => x.chart.id === "alloy")) {
      const values = (mergedRelease(r, profile.namespace).spec as { values: any }).values;
      assert.equal(values.alloy.configMap.create, true);
      assert.equal(values.alloy.configMap.name, undefined, "the chart names the ConfigMap after the release");
      assert.notEqual(values.configReloader?.enabled, false, "the chart's config-reloader reloads a changed config in place");
      // The text is in the overlay's values patch, and it is the config the render checks validated.
      const patch = alloyDir.patches!.find((x) => x.object.metadata.name === r.name)!.object as unknown as { spec: { values: any } };
      const content: string = patch.spec.values.alloy.configMap.content;
      const config = stack.alloy.find((c) => `alloy-${c.workload}` === r.name)!;
      assert.equal(content.replaceAll('{{ "{{" }}', "{{"), config.text);
      const { file, diagnostics } = parse(config.text, config.filename);
      assert.deepEqual(diagnostics.filter((d) => d.severity === "error"), []);
      assert.ok(file.body.length > 5);
    }
  });
}

test("Alloy text reaches the chart's tpl unchanged: every {{ is printed by an action", async () => {
  const { helmTplLiteral } = await import("../../src/pipeline/index.ts");
  assert.equal(helmTplLiteral('x = "a{{b}}c {{{"'), 'x = "a{{ "{{" }}b}}c {{ "{{" }}{"');
  const { defaultProfile } = await import("../helpers/fixtures.ts");
  const p = defaultProfile({
    alloy: { pipelines: [{ name: "braces", workload: "cluster", config: 'loki.process "braces" {\n  forward_to = []\n\n  stage.template {\n    source   = "x"\n    template = "{{ .Value }}"\n  }\n}\n' }] },
  });
  const r = buildStack(p).releases.find((x) => x.name === "alloy-cluster")!;
  const content = (r.clusterValues as any).alloy.configMap.content as string;
  assert.match(content, /template = "\{\{ "\{\{" \}\} \.Value \}\}"/);
});

/** Go/Prometheus duration in hours. */
function hours(d: string): number {
  return [...d.matchAll(/([0-9.]+)(ms|s|m|h|d|w)/g)].reduce((a, [, v, u]) => a + Number(v) * { ms: 1 / 3_600_000, s: 1 / 3600, m: 1 / 60, h: 1, d: 24, w: 168 }[u as "h"], 0);
}

for (const { name, profile } of bothProfiles()) {
  test(`${name}: the first start on a running cluster reads nothing Loki would reject (no AlloyLogsDropped)`, async () => {
    const { lokiRelease } = await import("../../src/loki/index.ts");
    const { LOKI_ACCEPTS } = await import("../../src/pipeline/config.ts");
    const { SHARED } = await import("../helpers/fixtures.ts");
    // What Loki accepts, as this stack deploys it: our values over the chart's defaults.
    const rel = lokiRelease(profile);
    const loki = { ...(rel.baseValues.loki as any), ...(rel.clusterValues.loki as any) };
    const limits = { ...(rel.baseValues.loki as any)?.limits_config, ...(rel.clusterValues.loki as any)?.limits_config };
    assert.equal(limits.reject_old_samples_max_age, undefined, "the chart default applies (else compare with the override)");
    assert.equal(loki.ingester?.max_chunk_age, undefined, "Loki's default max_chunk_age (2h) applies");
    const chartValues = join(SHARED, "reference/charts/loki-community-18.11.0.values.yaml");
    if (existsSync(chartValues)) {
      const m = /reject_old_samples_max_age:\s*(\S+)/.exec(readFileSync(chartValues, "utf8"));
      assert.equal(hours(m![1]!), LOKI_ACCEPTS.rejectOldSamplesMaxAgeHours, "chart default reject_old_samples_max_age");
    }
    const text = nodeText(profile);
    const { file } = parse(text, "node.alloy");
    // Pod logs: every file from its start (no tail_from_end: a new container's first lines are kept),
    // lines older than Loki's out-of-order window (several files feed one stream) dropped first.
    assert.doesNotMatch(text, /tail_from_end/);
    const podLogs = findBlock(file.body, "loki.process", "pod_logs");
    const stages = podLogs.body.filter((s): s is Block => s.kind === "Block").map((b) => b.name.join("."));
    const drop = podLogs.body.find((s): s is Block => s.kind === "Block" && s.name.join(".") === "stage.drop");
    assert.ok(drop, "pod log lines Loki would reject are dropped in Alloy, not by Loki");
    assert.ok(stages.indexOf("stage.cri") < stages.indexOf("stage.drop"), "after stage.cri: the line's own timestamp");
    const olderThan = value((drop.body.find((s) => s.kind === "Attribute" && s.name.name === "older_than") as { value: Expr }).value) as string;
    assert.ok(hours(olderThan) < LOKI_ACCEPTS.outOfOrderWindowMinutes / 60, `older_than ${olderThan} inside the out-of-order window`);
    assert.ok(hours(olderThan) < LOKI_ACCEPTS.rejectOldSamplesMaxAgeHours);
    // Journal: read in time order from max_age back when no cursor is stored.
    const journal = findBlock(file.body, "loki.source.journal", "units");
    const maxAge = value((journal.body.find((s) => s.kind === "Attribute" && s.name.name === "max_age") as { value: Expr }).value) as string;
    assert.ok(hours(maxAge) < LOKI_ACCEPTS.rejectOldSamplesMaxAgeHours, `journal max_age ${maxAge} below reject_old_samples_max_age`);
    // Events: a new alloy-cluster pod re-lists every event, stamped with its last (or first) occurrence
    // (loki/source/kubernetes_events/event_controller.go:204, :316-321 @ v1.18.1): the same drop first.
    const cluster = parse(buildStack(profile).alloy.find((c) => c.workload === "cluster")!.text, "cluster.alloy").file;
    const events = findBlock(cluster.body, "loki.process", "events");
    const first = events.body.find((s): s is Block => s.kind === "Block");
    assert.equal(first?.name.join("."), "stage.drop", "events older than Loki accepts are dropped before anything else");
    const eventsOlderThan = value((first!.body.find((s) => s.kind === "Attribute" && s.name.name === "older_than") as { value: Expr }).value) as string;
    assert.ok(hours(eventsOlderThan) < LOKI_ACCEPTS.outOfOrderWindowMinutes / 60, `events older_than ${eventsOlderThan} inside the out-of-order window`);
  });
}

test("Flux intervals are Go durations, as the Kustomization CRD requires: a day count is refused with the path", async () => {
  const { defaultProfile } = await import("../helpers/fixtures.ts");
  assert.throws(() => defaultProfile({ flux: { interval: "1d" } as never }), /flux\.interval[\s\S]*Go duration/);
  assert.throws(() => defaultProfile({ flux: { retryInterval: "2d" } as never }), /flux\.retryInterval[\s\S]*Go duration/);
  assert.equal(defaultProfile({ flux: { interval: "1h30m", retryInterval: "90s" } as never }).flux.retryInterval, "90s");
});
