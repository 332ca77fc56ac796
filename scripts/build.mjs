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
// `node scripts/build.mjs --outdir DIR` builds elsewhere (the tests build a bundle of their own).
import { build } from "esbuild";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const { values } = parseArgs({ options: { outdir: { type: "string" } } });
const outdir = values.outdir ?? join(root, "dist");
// Chunks of an earlier build would pile up (their names carry a hash).
rmSync(join(outdir, "chunks"), { recursive: true, force: true });

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

const result = await build({
  entryPoints: { obstack: join(root, "src", "main.ts") },
  outdir,
  entryNames: "[name]",
  outExtension: { ".js": ".mjs" },
  chunkNames: "chunks/[name]-[hash]",
  splitting: true,
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  plugins: [trim],
  // tsx stays external: it loads users' TypeScript profiles at run time. re2-wasm finds its .wasm file
  // next to its own sources, so it is loaded from node_modules (and only when a pattern is first used).
  external: ["tsx", "tsx/*", "re2-wasm"],
  // Some dependencies are CommonJS and call require(); give the ESM bundle (and every chunk) one.
  banner: { js: "import { createRequire as __obstackRequire } from 'node:module'; const require = __obstackRequire(import.meta.url);" },
  // Smaller source parses faster at start-up; names are kept so stack traces of bugs stay readable.
  minifyWhitespace: true,
  minifySyntax: true,
  logLevel: "warning",
  // OBSTACK_META=1 writes esbuild's metafile to <outdir>/meta.json: what each input adds to each chunk.
  metafile: process.env.OBSTACK_META === "1",
});
if (result.metafile) writeFileSync(join(outdir, "meta.json"), JSON.stringify(result.metafile));
