// npm run bench: numbers, not tests. Prints
//  - wall time of `obstack render` (the CLI, checks included) on the default profile, next to
//    `kubectl kustomize` of the rendered overlay (the root alone, and every overlay directory as
//    Flux builds them), median of several runs, and the ratio (target: render <= 3x kustomize);
//  - `alloy check` (parse + validate) and `alloy fmt` (parse + print) throughput and peak memory on a
//    generated 10 MB config (targets: check >= 10 MB/s, fmt >= 5 MB/s, memory <= 30 bytes per input byte).
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, statSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { kubectl } from "./tools.ts";

const ROOT = join(import.meta.dirname, "..");
const RUNS = Number(process.env.BENCH_RUNS ?? 7);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function time(cmd: string, args: string[]): number {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { encoding: "utf8" });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed: ${r.stderr}`);
  return ms;
}

function kustomizeDirs(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    if (existsSync(join(d, "kustomization.yaml"))) out.push(d);
    for (const n of readdirSync(d)) if (statSync(join(d, n)).isDirectory()) walk(join(d, n));
  };
  walk(dir);
  return out;
}

const out = mkdtempSync(join(tmpdir(), "obstack-bench-"));
const bin = join(ROOT, "bin", "obstack.mjs");
const renderMs = median(Array.from({ length: RUNS }, () => time(process.execPath, [bin, "render", "--out", out])));
const overlay = join(out, "overlays", "kimawesome", "infrastructure", "observability");
const k = kubectl();
const rootMs = median(Array.from({ length: RUNS }, () => time(k, ["kustomize", overlay])));
const dirs = kustomizeDirs(overlay);
const allMs = median(Array.from({ length: RUNS }, () => dirs.reduce((sum, d) => sum + time(k, ["kustomize", d]), 0)));

console.log(`obstack render (default profile, CLI, checks included): ${renderMs.toFixed(0)} ms (median of ${RUNS})`);
console.log(`kubectl kustomize <overlay root>:                        ${rootMs.toFixed(0)} ms`);
console.log(`kubectl kustomize of all ${dirs.length} overlay directories:           ${allMs.toFixed(0)} ms`);
console.log(`ratio render / kustomize(all overlay directories):       ${(renderMs / allMs).toFixed(2)}x (target <= 3x)`);
console.log(`ratio render / kustomize(overlay root):                  ${(renderMs / rootMs).toFixed(2)}x`);

try {
  const { benchAlloy } = await import("../src/alloy/syntax/bench.ts");
  const r = benchAlloy();
  const mb = (r.bytes / 1e6).toFixed(1);
  const line = (what: string, x: typeof r.check, target: number) =>
    `${what} ${x.mbPerSec.toFixed(1)} MB/s (${mb} MB in ${x.ms.toFixed(0)} ms; per CPU second ${x.cpuMbPerSec.toFixed(1)} MB/s; target >= ${target} MB/s), ` +
    `peak memory ${x.bytesPerInputByte.toFixed(1)} bytes per input byte (target <= 30)`;
  console.log(line("alloy check (parse + validate):", r.check, 10));
  console.log(line("alloy fmt (parse + print):     ", r.fmt, 5));
} catch (e) {
  console.log(`alloy check/fmt: unavailable (${(e as Error).message})`);
}

// Series per node from a real node-exporter, before and after the allowlist derived from the
// stack's queries; and any metric a query uses that node-exporter does not expose.
{
  const { startNodeExporter, stop, seriesByName } = await import("./harness.ts");
  const { stackAllowlist, stackQueries } = await import("../src/stack/index.ts");
  const { parsePromQL } = await import("../src/queries/verify.ts");
  const { validateProfile } = await import("../src/profile/load.ts");
  const { default: input } = await import("../profiles/kimawesome.ts");
  let ne;
  try {
    ne = await startNodeExporter();
    const series = seriesByName(await (await fetch(`${ne.url}/metrics`)).text());
    const before = [...series.values()].reduce((a, b) => a + b, 0);
    const keep = stackAllowlist(validateProfile(input, "kimawesome.ts")).nodeExporter;
    const after = keep.reduce((sum, name) => sum + (series.get(name) ?? 0), 0);
    // (the scraper adds up and scrape_* series, about 5 per target, before and after alike)
    // up and scrape_* are made by the scraper itself, not exposed by node-exporter.
    const synthetic = (name: string) => name === "up" || name.startsWith("scrape_");
    const missing = keep.filter((name) => !series.has(name) && !synthetic(name));
    console.log(`node-exporter series per node: ${before} before, ${after} after the derived allowlist (${keep.length} metric names): ${(100 * (1 - after / before)).toFixed(0)}% fewer (target >= 50%)`);
    console.log(`metrics used by queries but not exposed by this node-exporter: ${missing.length === 0 ? "none" : missing.join(", ")}`);
    // Used = every metric this node-exporter exposes that a dashboard, a stack rule or an enabled
    // kube-prometheus-stack rule names (counted from the queries, independently of the catalog).
    const profile = validateProfile(input, "kimawesome.ts");
    const used = new Set(
      stackQueries(profile).exprs.flatMap((e) =>
        parsePromQL(e).selectors.flatMap((sel) => {
          // a selector pinned to another job (process_start_time_seconds{job="alloy"}) does not read node-exporter
          const job = sel.matchers.find((m) => m.label === "job");
          const otherJob = job !== undefined && !(job.op === "=" ? job.value === "node-exporter" : job.op === "=~" && new RegExp(`^(?:${job.value})$`).test("node-exporter"));
          return sel.metric !== undefined && series.has(sel.metric) && !otherJob ? [sel.metric] : [];
        }),
      ),
    );
    const dropped = [...used].filter((m) => !keep.includes(m));
    console.log(`node-exporter series kept per node: ${after} (${[...used].length} used metric names); used metrics the allowlist drops: ${dropped.length}${dropped.length > 0 ? ` (${dropped.join(", ")})` : ""} (target 0)`);
  } catch (e) {
    console.log(`node-exporter series: unavailable (${(e as Error).message.split("\n")[0]}); run scripts/install-tools.sh`);
  } finally {
    stop(ne);
  }
}
