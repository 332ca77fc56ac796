// Throughput and memory benchmark of `alloy check` (parse + validate) and `alloy fmt` (parse +
// print) on a large generated config. Called from `npm run bench`; not used by tests.
//
// Memory is measured in a fresh child process per command (peak RSS during the work minus the
// RSS before it, over the input size), so one measurement does not inherit another's heap.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { BodyItem } from "./build.ts";
import { arr, attr, block, call, comment, file, obj, ref } from "./build.ts";
import { print } from "./printer.ts";
import { parse } from "./parser.ts";
import { validate } from "./validator.ts";
import { hasErrors } from "./diag.ts";

/** Generates a large, valid Alloy config with `pipelines` log+metrics pipelines (~1.05 kB each). */
export function generateLargeConfig(pipelines: number): string {
  const items: BodyItem[] = [block("logging", [attr("level", "info"), attr("format", "logfmt")])];
  for (let i = 0; i < pipelines; i++) {
    const n = `p${i}`;
    items.push(
      comment(`Pipeline ${i}: pods of namespace ns${i}.`),
      block("discovery.kubernetes", n, [attr("role", "pod"), block("namespaces", [attr("names", [`ns${i}`])])]),
      block("discovery.relabel", n, [
        attr("targets", ref(`discovery.kubernetes.${n}.targets`)),
        block("rule", [attr("source_labels", ["__meta_kubernetes_namespace"]), attr("target_label", "namespace")]),
        block("rule", [attr("source_labels", ["__meta_kubernetes_pod_name"]), attr("target_label", "pod"), attr("action", "replace")]),
        block("rule", [attr("regex", `__meta_kubernetes_pod_label_(app|team)_${i % 50}`), attr("action", "labelmap")]),
      ]),
      block("loki.source.kubernetes", n, [
        attr("targets", ref(`discovery.relabel.${n}.output`)),
        attr("forward_to", [ref(`loki.process.${n}.receiver`)]),
      ]),
      block("loki.process", n, [
        block("stage.cri", []),
        block("stage.labels", [attr("values", obj({ level: "", app: "" }))]),
        block("stage.static_labels", [attr("values", obj({ cluster: "main", pipeline: n }))]),
        attr("forward_to", [ref("loki.write.default.receiver")]),
      ]),
      block("prometheus.scrape", n, [
        attr("targets", ref(`discovery.relabel.${n}.output`)),
        attr("forward_to", [ref(`prometheus.relabel.${n}.receiver`)]),
        attr("scrape_interval", "30s"),
      ]),
      block("prometheus.relabel", n, [
        attr("forward_to", [ref("prometheus.remote_write.default.receiver")]),
        block("rule", [attr("action", "labeldrop"), attr("regex", "tmp_.*")]),
      ]),
    );
  }
  items.push(
    block("loki.write", "default", [block("endpoint", [attr("url", call("sys.env", "LOKI_URL"))])]),
    block("prometheus.remote_write", "default", [
      block("endpoint", [attr("url", call("string.format", "%s/api/v1/push", call("coalesce", call("sys.env", "MIMIR_URL"), "http://mimir")))]),
    ]),
    block("local.file_match", "logs", [attr("path_targets", arr(obj({ __path__: "/var/log/*.log" })))]),
  );
  return print(file(...items));
}

export interface BenchRun {
  /** Wall-clock throughput (best round). */
  mbPerSec: number;
  ms: number;
  /** Throughput per second of CPU time of the process (best round): steadier on a shared machine. */
  cpuMbPerSec: number;
  bytesPerInputByte: number;
}

export interface BenchResult {
  bytes: number;
  /** The generated config, written to a temporary directory. */
  path: string;
  check: BenchRun;
  fmt: BenchRun;
}

function runCheck(src: string): void {
  const r = parse(src, "bench.alloy");
  const diags = [...r.diagnostics, ...validate(r.file, { filename: "bench.alloy" })];
  if (hasErrors(diags)) throw new Error(`bench config is invalid: ${diags[0]!.message}`);
}

function runFmt(src: string): void {
  const r = parse(src, "bench.alloy");
  if (print(r.file) !== src) throw new Error("bench config is not canonical");
}

function best(rounds: number, f: () => void): { ms: number; cpuMs: number } {
  let ms = Infinity;
  let cpuMs = Infinity;
  for (let i = 0; i < rounds; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    f();
    ms = Math.min(ms, performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpuMs = Math.min(cpuMs, (c.user + c.system) / 1000);
  }
  return { ms, cpuMs };
}

/** Peak RSS increase of one `command` run on `path`, in a fresh process (bytes). */
function memoryOf(command: "check" | "fmt", path: string): number {
  const self = fileURLToPath(import.meta.url);
  const r = spawnSync(process.execPath, ["--import", "tsx", self, command, path], { encoding: "utf8", maxBuffer: 1 << 20 });
  if (r.status !== 0) throw new Error(`memory run failed: ${r.stderr}`);
  return Number(r.stdout.trim());
}

/** Times check and fmt (best of `rounds`) on a generated config of about `mb` MB. */
export function benchAlloy(opts: { mb?: number; rounds?: number } = {}): BenchResult {
  const src = generateLargeConfig(Math.ceil(((opts.mb ?? 10) * 1e6) / 1050));
  const bytes = Buffer.byteLength(src, "utf8");
  const rounds = opts.rounds ?? 3;
  runCheck(src); // warm-up and correctness
  runFmt(src);
  const check = best(rounds, () => runCheck(src));
  const fmt = best(rounds, () => runFmt(src));
  const path = join(mkdtempSync(join(tmpdir(), "alloy-bench-")), "bench.alloy");
  writeFileSync(path, src);
  const run = (t: { ms: number; cpuMs: number }, command: "check" | "fmt"): BenchRun => ({
    mbPerSec: bytes / 1e6 / (t.ms / 1000),
    ms: t.ms,
    cpuMbPerSec: bytes / 1e6 / (t.cpuMs / 1000),
    bytesPerInputByte: memoryOf(command, path) / bytes,
  });
  return { bytes, path, check: run(check, "check"), fmt: run(fmt, "fmt") };
}

// Child process of memoryOf: read the file, note the RSS, run the command, print the peak increase.
if (process.argv[1] && process.argv[1] === fileURLToPath(import.meta.url)) {
  const [command, path] = process.argv.slice(2);
  const src = readFileSync(path!, "utf8");
  const before = process.memoryUsage().rss;
  let peak = before;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
  timer.unref();
  if (command === "check") runCheck(src);
  else runFmt(src);
  // resourceUsage().maxRSS is the process's peak (kB), sampling cannot miss it.
  peak = Math.max(peak, process.resourceUsage().maxRSS * 1024);
  clearInterval(timer);
  console.log(String(Math.max(0, peak - before)));
}
