// Bundles the CLI into dist/obstack.mjs (run by `npm ci` through the prepare script). One file
// loads several times faster than hundreds of TypeScript modules compiled on the fly; bin/obstack.mjs
// falls back to running the sources through tsx whenever the bundle is missing or older than them.
//
// Start-up is most of a render's CPU time, so the bundle carries only what a command runs:
//  - code splitting: src/main.ts imports each command lazily, so `obstack alloy` loads the Alloy
//    tools (a small chunk) and never the renderer, its schemas and the chart facts;
//  - re2-wasm is compiled on first use, not at load (src/k8s/re2-lazy.ts);
//  - zod's locales: only English, the one zod configures by default (zod/v4/classic/schemas.js);
//  - the Grafana SDK's dashboard v2 modules: each panel package requires them for its v2 builders,
//    which obstack does not use (it builds v1 dashboards); they become a stub that throws if called.
// `node scripts/build.mjs --outdir DIR` builds elsewhere (the tests build a bundle of their own).
import { build } from "esbuild";
import { rmSync } from "node:fs";
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
    b.onResolve({ filter: /^@kubernetes-models\/validate\/runtime\/re2$/ }, () => ({ path: join(root, "src", "k8s", "re2-lazy.ts") }));
    b.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      /[\\/]zod[\\/]v4[\\/]/.test(args.importer) ? { path: join(args.resolveDir, "..", "locales", "index.js"), namespace: "zod-locales" } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: "zod-locales" }, (args) => ({
      contents: `export { default as en } from "./en.js";`,
      resolveDir: dirname(args.path),
      loader: "js",
    }));
    b.onResolve({ filter: /^\.\.\/dashboardv2(beta1)?$/ }, (args) =>
      /grafana-foundation-sdk[\\/]dist[\\/]/.test(args.importer) && !/[\\/]dashboardv2/.test(args.importer)
        ? { path: args.path, namespace: "grafana-v2-stub" }
        : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: "grafana-v2-stub" }, () => ({
      contents: `module.exports = new Proxy({}, { get: (_, k) => k === "__esModule" ? true : () => { throw new Error("the Grafana SDK's dashboard v2 builders are not in obstack's bundle (scripts/build.mjs)"); } });`,
      loader: "js",
    }));
  },
};

await build({
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
});
