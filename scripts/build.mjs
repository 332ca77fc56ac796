// Bundles the CLI into dist/obstack.mjs (run by `npm ci` through the prepare script). One file
// loads several times faster than hundreds of TypeScript modules compiled on the fly; bin/obstack.mjs
// falls back to running the sources through tsx whenever the bundle is missing or older than them.
//
// Start-up is most of a render's CPU time, so the bundle carries only what a command runs:
//  - code splitting: src/main.ts imports each command lazily, so `obstack alloy` loads the Alloy
//    tools (a small chunk) and never the renderer, its schemas and the chart facts;
//  - re2-wasm is compiled on first use, not at load (src/k8s/re2-lazy.ts);
//  - zod's locales: only English, the one zod configures by default (zod/v4/classic/schemas.js);
//  - the project's JSON facts are JSON.parse'd strings, not object literals (cheaper to compile and build);
//  - the Grafana SDK's dashboard v2 code: each panel and query package requires its v2 builders, which
//    obstack does not use (it builds v1 dashboards); they become functions that throw if called.
//
// Then the start-up snapshot (src/snapshot.ts says why): the same sources bundled as one CommonJS
// file, dist/snapshot/obstack.cjs, run once by this Node with --build-snapshot into
// dist/snapshot/obstack-<node version>.blob, and the V8 flags it was built with in
// dist/snapshot/flags. bin/obstack starts from the blob when its Node has the same version. A
// snapshot that cannot be built is a warning, not a failed build: bin/obstack then runs the bundle.
//
// `node scripts/build.mjs --outdir DIR` builds elsewhere (the tests build a bundle of their own);
// `--no-snapshot` builds the bundle only.
import { build } from "esbuild";
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { V8_FLAGS } from "../bin/v8-flags.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const { values } = parseArgs({ options: { outdir: { type: "string" }, "no-snapshot": { type: "boolean", default: false } } });
const outdir = values.outdir ?? join(root, "dist");
// Chunks of an earlier build would pile up (their names carry a hash); so would blobs of other Node versions.
rmSync(join(outdir, "chunks"), { recursive: true, force: true });
rmSync(join(outdir, "snapshot"), { recursive: true, force: true });

const trim = {
  name: "obstack-trim",
  setup(b) {
    // The project's own JSON facts (chart keys, chart dashboards, chart parses: ~0.9 MB) as one string
    // each, parsed with JSON.parse at load: V8 scans a string literal far faster than it compiles the
    // same data as an object literal, and JSON.parse builds it faster too (same objects: the render's
    // bytes are unchanged, test/speed/startup.test.ts). Only src/: dependencies require() their JSON.
    b.onLoad({ filter: /\.json$/ }, (args) => {
      if (!args.path.startsWith(join(root, "src"))) return undefined;
      const text = readFileSync(args.path, "utf8");
      JSON.parse(text); // a broken file fails the build, as esbuild's JSON loader would
      return { contents: `export default JSON.parse(${JSON.stringify(text)});`, loader: "js" };
    });
    b.onResolve({ filter: /^@kubernetes-models\/validate\/runtime\/re2$/ }, () => ({ path: join(root, "src", "k8s", "re2-lazy.ts") }));
    b.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      /[\\/]zod[\\/]v4[\\/]/.test(args.importer) ? { path: join(args.resolveDir, "..", "locales", "index.js"), namespace: "zod-locales" } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: "zod-locales" }, (args) => ({
      contents: `export { default as en } from "./en.js";`,
      resolveDir: dirname(args.path),
      loader: "js",
    }));
    // A panel or query package's v2 builders (visualizationBuilder, visualizationV2Builder, queryBuilder,
    // queryV2Builder: the files that require ../dashboardv2*) become functions that throw, so neither
    // they nor the dashboard v2 packages are bundled. The names stay exported, for a clear error.
    b.onLoad({ filter: /grafana-foundation-sdk[\\/]dist[\\/][^\\/]+[\\/][^\\/]+\.js$/ }, (args) => {
      if (/[\\/]dist[\\/]dashboardv2/.test(args.path)) return undefined;
      const source = readFileSync(args.path, "utf8");
      if (!/require\("\.\.\/dashboardv2/.test(source)) return undefined;
      const names = [...source.matchAll(/^exports\.(\w+) = /gm)].map((m) => m[1]).filter((n) => n !== "__esModule");
      const thrower = `function () { throw new Error("the Grafana SDK's dashboard v2 builders are not in obstack's bundle (scripts/build.mjs)"); }`;
      return {
        contents: `"use strict";\nObject.defineProperty(exports, "__esModule", { value: true });\n${[...new Set(names)].map((n) => `exports.${n} = ${thrower};`).join("\n")}\n`,
        loader: "js",
      };
    });
  },
};

const common = {
  bundle: true,
  platform: "node",
  target: "node20",
  plugins: [trim],
  // tsx stays external: it loads users' TypeScript profiles at run time. re2-wasm finds its .wasm file
  // next to its own sources, so it is loaded from node_modules (and only when a pattern is first used).
  external: ["tsx", "tsx/*", "re2-wasm"],
  // Smaller source parses faster at start-up; names are kept so stack traces of bugs stay readable.
  minifyWhitespace: true,
  minifySyntax: true,
  logLevel: "warning",
};

const result = await build({
  ...common,
  entryPoints: { obstack: join(root, "src", "main.ts") },
  outdir,
  entryNames: "[name]",
  outExtension: { ".js": ".mjs" },
  chunkNames: "chunks/[name]-[hash]",
  splitting: true,
  format: "esm",
  // Some dependencies are CommonJS and call require(); give the ESM bundle (and every chunk) one.
  banner: { js: "import { createRequire as __obstackRequire } from 'node:module'; const require = __obstackRequire(import.meta.url);" },
  // OBSTACK_META=1 writes esbuild's metafile to <outdir>/meta.json: what each input adds to each chunk.
  metafile: process.env.OBSTACK_META === "1",
});
if (result.metafile) writeFileSync(join(outdir, "meta.json"), JSON.stringify(result.metafile));

if (!values["no-snapshot"]) {
  const dir = join(outdir, "snapshot");
  mkdirSync(dir, { recursive: true });
  const entry = join(dir, "obstack.cjs");
  // Two passes. esbuild drops unused modules of side-effect-free packages far better when it splits
  // (the prometheus-operator and Kubernetes models' schemas that nothing constructs: 4.7 MB of bundle
  // without splitting against 3.3 MB with it, esbuild 0.28), and every byte of source stays in the
  // snapshot's heap. So: an ESM build split like the CLI's, then one CommonJS file made of its output.
  const esm = join(dir, "esm");
  await build({
    ...common,
    entryPoints: { snapshot: join(root, "src", "snapshot.ts") },
    outdir: esm,
    outExtension: { ".js": ".mjs" },
    splitting: true,
    format: "esm",
    // No module URL exists inside the snapshot: src/runtime/host.ts gets one when a command runs.
    define: { "import.meta.url": "undefined" },
  });
  await build({
    ...common,
    plugins: [],
    entryPoints: [join(esm, "snapshot.mjs")],
    outfile: entry,
    // Node's snapshot builder runs one CommonJS script whose require() reaches built-in modules only
    // (lib/internal/main/mksnapshot.js requireForUserSnapshot): everything else is bundled in.
    format: "cjs",
  });
  rmSync(esm, { recursive: true, force: true });
  const blob = join(dir, "obstack.blob");
  // Written under another name and renamed when complete: Node aborts on a truncated blob.
  const partial = `${blob}.partial`;
  const r = spawnSync(process.execPath, [...V8_FLAGS, "--snapshot-blob", partial, "--build-snapshot", entry], { encoding: "utf8" });
  // Node warns that some built-in modules are "not yet fully verified" in snapshot builders; the tests
  // render through the snapshot and compare the bytes with the bundle's (test/speed/snapshot.test.ts).
  const stderr = r.stderr
    .replace(/^\(node:\d+\) Warning: It's not yet fully verified whether built-in module "[^"]+" works in user snapshot builder scripts\.\n(?:(?:It may still work|To request support|\(Use `node --trace-warnings)[^\n]*\n)*/gm, "");
  if (r.status !== 0) {
    rmSync(partial, { force: true });
    process.stderr.write(`obstack build: warning: no start-up snapshot (bin/obstack runs the bundle instead): node --build-snapshot failed:\n${stderr || r.stdout}`);
  } else {
    if (stderr.trim() !== "") process.stderr.write(stderr);
    writeFileSync(join(dir, "flags"), `${V8_FLAGS.join(" ")}\n`);
    writeFileSync(join(dir, "node"), `${process.execPath}\n`);
    renameSync(partial, blob);
  }
}
