// Bundles the CLI into dist/obstack.mjs (run by `npm ci` through the prepare script). One file
// loads several times faster than hundreds of TypeScript modules compiled on the fly; bin/obstack.mjs
// falls back to running the sources through tsx whenever the bundle is missing or older than them.
import { build } from "esbuild";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
await build({
  entryPoints: [join(root, "src", "main.ts")],
  outfile: join(root, "dist", "obstack.mjs"),
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  // tsx stays external: it loads users' TypeScript profiles at run time. re2-wasm (the schema
  // validator's regex engine) finds its .wasm file next to its own sources, so it is loaded from node_modules.
  external: ["tsx", "tsx/*", "re2-wasm"],
  // Some dependencies are CommonJS and call require(); give the ESM bundle one.
  banner: { js: "import { createRequire as __obstackRequire } from 'node:module'; const require = __obstackRequire(import.meta.url);" },
  // Smaller source parses faster at start-up; names are kept so stack traces of bugs stay readable.
  minifyWhitespace: true,
  minifySyntax: true,
  logLevel: "warning",
});
