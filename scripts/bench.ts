// npm run bench: numbers, not tests (issue #13). Prints
//  - the CPU seconds (user + system, the process and its children, read with bash's `times`) of
//    `obstack render` as npm installs the command (bin/obstack: Node started from the CLI's start-up
//    snapshot when the build made one for this Node; checks and writes included), and of
//    `node bin/obstack.mjs render` (the bundle loaded by a running Node), on the default profile, paired in each
//    round with `kubectl kustomize` of every directory of the same tree and with `node -e 0`; the medians
//    and the medians of the per-round ratios (targets: render / kustomize <= 0.5, render / node -e 0 <= 4;
//    where NODE_EXTRA_CA_CERTS is set, the render / node -e 0 ratio also without it);
//  - render CPU, wall time and peak memory for generated profiles with 10, 100 and 1,000 external
//    machines, the most a profile may hold (scripts/grow.ts AXIS_MAX; target: linear growth);
//  - `alloy check` (parse + validate) and `alloy fmt` (parse + print) throughput and peak memory on a
//    generated 10 MB config (targets: check >= 10 MB/s, fmt >= 5 MB/s, memory <= 30 bytes per input byte),
//    in process and end to end (`obstack alloy check|fmt FILE`: the CLI bundle, start-up and read included);
//  - node-exporter series per node before and after the derived allowlist, and the used metrics it drops (target 0).
// The machine is shared (CI, other sessions): read ratios from one run, not absolute times across runs.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { kubectl } from "./tools.ts";
import { AXIS_MAX, grownInput } from "./grow.ts";

const ROOT = join(import.meta.dirname, "..");
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const TMP = mkdtempSync(join(tmpdir(), "obstack-bench-"));

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

interface Run {
  cpu: number;
  wall: number;
  /** Peak resident memory of the node process (KiB), when measured. */
  rssKiB?: number;
}

const seconds = (m: string, s: string) => Number(m) * 60 + Number(s);

/** Runs the commands one after the other in one bash; CPU is what bash's `times` reports for its children. */
function run(commands: string[][], rss = false, env: NodeJS.ProcessEnv = process.env): Run {
  const rssFile = join(TMP, "rss");
  rmSync(rssFile, { force: true });
  const script = `${commands.map((c) => `${c.map((a) => `'${a.replaceAll("'", `'\\''`)}'`).join(" ")} >/dev/null || exit 1`).join("\n")}\ntimes`;
  const t0 = process.hrtime.bigint();
  const r = spawnSync("bash", ["-c", script], { encoding: "utf8", env: { ...env, ...(rss ? { OBSTACK_BENCH_RSS: rssFile } : {}) } });
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.status !== 0) throw new Error(`${commands.map((c) => c.join(" ")).join("; ")} failed: ${r.stderr}`);
  // `times` prints the shell's own user/system time, then its children's: "0m0.512s 0m0.048s".
  const children = r.stdout.trim().split("\n").at(-1)!;
  const m = /^(\d+)m([\d.]+)s (\d+)m([\d.]+)s$/.exec(children);
  if (!m) throw new Error(`unexpected output of times: ${children}`);
  const cpu = seconds(m[1]!, m[2]!) + seconds(m[3]!, m[4]!);
  return { cpu, wall, ...(rss && existsSync(rssFile) ? { rssKiB: Number(readFileSync(rssFile, "utf8")) } : {}) };
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

// The CLI as users run it: the bundle and the snapshot, built now so neither falls back to the sources.
{
  const b = spawnSync(process.execPath, [join(ROOT, "scripts", "build.mjs")], { encoding: "utf8" });
  if (b.status !== 0) throw new Error(`build failed: ${b.stderr}`);
}
const command = join(ROOT, "bin", "obstack");
const snapshot = existsSync(join(ROOT, "dist", "snapshot", "obstack.blob")) && readFileSync(join(ROOT, "dist", "snapshot", "node"), "utf8").trim() === process.execPath;
const bin = join(ROOT, "bin", "obstack.mjs");
const rssHook = join(ROOT, "scripts", "bench-rss.mjs");
const out = join(TMP, "out");
const render = (profileArgs: string[] = [], dir = out) => [command, "render", ...profileArgs, "--out", dir];
const renderBundle = [process.execPath, bin, "render", "--out", out];
run([render()]);
const k = kubectl();
const dirs = kustomizeDirs(out);
// NODE_EXTRA_CA_CERTS makes every Node process parse that CA bundle at start (node::crypto::UseExtraCaCerts,
// ~35 ms of CPU for Debian's bundle on this machine), `node -e 0` included: where it is set, the ratio is also
// measured without it, on both sides, so the reader sees what it does to the denominator.
const extraCa = process.env.NODE_EXTRA_CA_CERTS !== undefined;
const noCa = Object.fromEntries(Object.entries(process.env).filter(([key]) => key !== "NODE_EXTRA_CA_CERTS"));
const rounds = Array.from({ length: RUNS }, () => ({
  render: run([render()]).cpu,
  bundle: run([renderBundle]).cpu,
  kustomize: run(dirs.map((d) => [k, "kustomize", d])).cpu,
  node: run([[process.execPath, "-e", "0"]]).cpu,
  ...(extraCa ? { renderNoCa: run([render()], false, noCa).cpu, nodeNoCa: run([[process.execPath, "-e", "0"]], false, noCa).cpu } : {}),
}));
const med = (f: (r: (typeof rounds)[number]) => number) => median(rounds.map(f));
const ms = (s: number) => `${(s * 1000).toFixed(0)} ms`;
console.log(`CPU, median of ${RUNS} paired rounds (user + system):`);
console.log(`  obstack render (default profile, bin/obstack, ${snapshot ? "from the start-up snapshot" : "NO snapshot built by this Node: the bundle"}): ${ms(med((r) => r.render))}`);
console.log(`  node bin/obstack.mjs render (the same, the bundle loaded by Node):  ${ms(med((r) => r.bundle))}`);
console.log(`  kubectl kustomize of all ${dirs.length} directories of the same tree:     ${ms(med((r) => r.kustomize))}`);
console.log(`  node -e 0:                                                        ${ms(med((r) => r.node))}`);
console.log(`  render / kustomize(all directories): ${med((r) => r.render / r.kustomize).toFixed(2)} (target <= 0.5)`);
console.log(`  render / node -e 0:                  ${med((r) => r.render / r.node).toFixed(1)} (target <= 4); the bundle: ${med((r) => r.bundle / r.node).toFixed(1)}`);
if (extraCa) {
  console.log(
    `  without NODE_EXTRA_CA_CERTS (set here to ${process.env.NODE_EXTRA_CA_CERTS}), both sides: render ${ms(med((r) => r.renderNoCa!))}, node -e 0 ${ms(med((r) => r.nodeNoCa!))}, ratio ${med((r) => r.renderNoCa! / r.nodeNoCa!).toFixed(1)}`,
  );
}

// Growth: the default profile with N external machines, as a .json profile.
{
  console.log("growth with external machines (render of a generated .json profile, CLI bundle):");
  const rows: { n: number; r: Run }[] = [];
  for (const n of [10, AXIS_MAX.externalMachines / 10, AXIS_MAX.externalMachines]) {
    const profile = join(TMP, `machines-${n}.json`);
    writeFileSync(profile, JSON.stringify(grownInput("externalMachines", n)));
    const dir = join(TMP, `out-${n}`);
    const times = Array.from({ length: Math.min(RUNS, 5) }, () =>
      run([[process.execPath, "--import", rssHook, bin, "render", "--profile", profile, "--out", dir]], true),
    );
    const r: Run = { cpu: median(times.map((t) => t.cpu)), wall: median(times.map((t) => t.wall)), rssKiB: median(times.map((t) => t.rssKiB ?? NaN)) };
    rows.push({ n, r });
    console.log(`  ${String(n).padStart(6)} machines: CPU ${ms(r.cpu).padStart(8)}, wall ${ms(r.wall).padStart(8)}, peak memory ${((r.rssKiB ?? NaN) / 1024).toFixed(0)} MiB`);
  }
  const [a, b, c] = rows as [{ n: number; r: Run }, { n: number; r: Run }, { n: number; r: Run }];
  const perMachine = (x: typeof a, y: typeof a) => ((y.r.cpu - x.r.cpu) / (y.n - x.n)) * 1e6;
  console.log(
    `  CPU per added machine: ${perMachine(a, b).toFixed(0)} µs (${a.n} → ${b.n}), ${perMachine(b, c).toFixed(0)} µs (${b.n} → ${c.n}); linear when these are about equal`,
  );
}

try {
  const { benchAlloy } = await import("../src/alloy/syntax/bench.ts");
  const r = benchAlloy();
  const mb = (r.bytes / 1e6).toFixed(1);
  const line = (what: string, x: typeof r.check, target: number) =>
    `${what} ${x.mbPerSec.toFixed(1)} MB/s (${mb} MB in ${x.ms.toFixed(0)} ms; per CPU second ${x.cpuMbPerSec.toFixed(1)} MB/s; target >= ${target} MB/s), ` +
    `peak memory ${x.bytesPerInputByte.toFixed(1)} bytes per input byte (target <= 30)`;
  console.log(line("alloy check (parse + validate):", r.check, 10));
  console.log(line("alloy fmt (parse + print):     ", r.fmt, 5));
  // End to end, as a user runs it: the CLI bundle on the same file (fmt finds it formatted: writes nothing).
  const cliRuns = Math.max(3, Math.min(RUNS, 5));
  for (const [cmd, target] of [["check", 10], ["fmt", 5]] as const) {
    const times = Array.from({ length: cliRuns }, () => run([[process.execPath, bin, "alloy", cmd, r.path]]));
    const wall = median(times.map((t) => t.wall));
    const cpu = median(times.map((t) => t.cpu));
    console.log(
      `alloy ${cmd}, CLI end to end (bundle, start-up and read included), median of ${cliRuns}: ${(r.bytes / 1e6 / wall).toFixed(1)} MB/s ` +
        `(${mb} MB in ${ms(wall)} wall; ${(r.bytes / 1e6 / cpu).toFixed(1)} MB per CPU second, ${ms(cpu)} CPU; target >= ${target} MB/s)`,
    );
  }
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
