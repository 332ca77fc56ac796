// The CLI's start-up snapshot (issue #13). Most of a render's CPU time is start-up: compiling the
// bundle, building the schemas and facts its modules make when they load, and running every
// function for the first time. Node 20 has no compile cache (module.enableCompileCache arrived in
// 22.1), but it can start from a V8 heap snapshot (`node --build-snapshot`, Node >= 18.8; see
// doc/api/cli.md "--build-snapshot" and doc/api/v8.md "Startup Snapshot API"): scripts/build.mjs
// bundles this file as CommonJS and runs it once with --build-snapshot; bin/obstack then starts Node
// from the resulting blob, where every module below is already loaded and every function the warm-up
// ran is already compiled.
//
// What the snapshot must not carry is state of the build: the warm-up renders in memory and into a
// temporary directory it removes; module caches that hold a loaded dependency reset before the heap is
// serialized (src/runtime/host.ts resetBeforeSnapshot); nothing reads the environment, the working
// directory or the arguments until a command runs (profile paths, --out and the default ./out are
// resolved then). test/speed/snapshot.test.ts renders both bundled profiles through the snapshot and
// through the bundle and compares the bytes.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { startupSnapshot } from "node:v8";
import vm from "node:vm";
import defaultProfile from "../profiles/kimawesome.ts";
import secondProfile from "../profiles/three-node-s3.ts";
import { runAlloyCli } from "./alloy/cli.ts";
import { main, type Io } from "./cli.ts";
import { processIo } from "./commands.ts";
import { DATASOURCES } from "./dashboards/datasources.ts";
import { dashboards } from "./grafana/index.ts";
import { clearQueryCache, extractDashboardQueries, parseLogQL, parsePromQL } from "./queries/verify.ts";
import { validateProfile } from "./profile/load.ts";
import { render } from "./render.ts";
import { setHost } from "./runtime/host.ts";
import { writeTree } from "./tree/write.ts";

const quiet: Io = { stdout: () => true, stderr: () => true };

/** Runs what commands run, so their functions are compiled in the snapshot. Writes only to a temporary directory. */
async function warmUp(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "obstack-snapshot-"));
  try {
    for (const [input, name] of [
      [defaultProfile, "kimawesome.ts"],
      [secondProfile, "three-node-s3.ts"],
    ] as const) {
      const { files } = render(validateProfile(input, `profiles/${name}`), name);
      writeTree(join(dir, name), files, { force: false });
      writeTree(join(dir, name), files, { force: false }); // unchanged files: the path of a repeated render
    }
    await main(["render", "--out", join(dir, "cli"), "--check"], quiet);
    const alloy = join(dir, "config.alloy");
    writeFileSync(alloy, 'prometheus.relabel "keep" {\n  forward_to = []\n\n  rule {\n    action = "keep"\n    regex  = "node_.*"\n  }\n}\n');
    await runAlloyCli(["check", alloy], quiet);
    await runAlloyCli(["fmt", "--check", alloy], quiet);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  // The parse caches, keyed by query text (src/queries/verify.ts), now hold the bundled profiles' own
  // queries: a render of the bundled profile would find them parsed. Only obstack's constants stay: the
  // parses of its own dashboards' queries (the same for every profile). The chart's are generated facts.
  clearQueryCache();
  for (const d of dashboards()) {
    for (const q of extractDashboardQueries(d)) {
      if (q.datasourceUid === DATASOURCES.loki.uid) parseLogQL(q.expr);
      else parsePromQL(q.expr);
    }
  }
}

/** The blob this process started from (`--snapshot-blob PATH`, as bin/obstack passes it). */
function blobPath(): string {
  const i = process.execArgv.indexOf("--snapshot-blob");
  const p = i >= 0 ? process.execArgv[i + 1] : process.execArgv.find((a) => a.startsWith("--snapshot-blob="))?.slice("--snapshot-blob=".length);
  if (p === undefined) throw new Error("started from a snapshot without --snapshot-blob");
  return p;
}

/**
 * `import()` for code compiled into the snapshot, which has no dynamic-import callback of its own: a
 * script compiled now, whose imports Node's default ESM loader resolves from `file`
 * (vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER, Node >= 20.10 / 21.7). Node marks that constant
 * experimental and warns once; the warning is about Node's API, not the user's input, so it is not shown.
 */
function importerFrom(file: string): (specifier: string) => Promise<unknown> {
  const importer = new vm.Script("(specifier) => import(specifier)", {
    filename: file,
    importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  }).runInThisContext() as (specifier: string) => Promise<unknown>;
  return (specifier) => {
    // Node warns (once) when the first import() reaches its dynamic-import callback, synchronously
    // (lib/internal/modules/esm/utils.js importModuleDynamicallyCallback → emitExperimentalWarning).
    const emit = process.emitWarning;
    process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
      if (/USE_MAIN_CONTEXT_DEFAULT_LOADER/.test(typeof warning === "string" ? warning : warning.message)) return;
      (emit as (...a: unknown[]) => void).call(process, warning, ...rest);
    }) as typeof process.emitWarning;
    try {
      return importer(specifier);
    } finally {
      process.emitWarning = emit;
    }
  };
}

if (!startupSnapshot.isBuildingSnapshot()) {
  throw new Error("src/snapshot.ts is the entry of the start-up snapshot: scripts/build.mjs runs it with node --build-snapshot");
}
// The builder serializes the heap once the event loop is empty, that is after the warm-up; a warm-up
// that fails is an unhandled rejection, which fails the build.
void warmUp();
startupSnapshot.setDeserializeMainFunction(() => {
  // The blob sits in <install>/dist/snapshot/: dependencies resolve from there, as from the bundle.
  const file = join(dirname(blobPath()), "obstack.cjs");
  setHost({ moduleUrl: pathToFileURL(file).href, importModule: importerFrom(file) });
  const io = processIo();
  // bin/obstack passes the command after `--` (so Node reads none of it as its own option).
  const argv = process.argv.slice(1);
  void (argv[0] === "alloy" ? runAlloyCli(argv.slice(1), io) : main(argv, io)).then((code) => {
    process.exitCode = code;
  });
});
