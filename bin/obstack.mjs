#!/usr/bin/env node
// Runs the bundled CLI (dist/obstack.mjs, built by `npm ci`) when it is at least as new as every
// source file; otherwise runs the TypeScript sources through tsx, so a source edit is never
// shadowed by a stale bundle.
import module from "node:module";
import { setFlagsFromString } from "node:v8";
import { existsSync, readdirSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const bundle = join(root, "dist", "obstack.mjs");

function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(p) : statSync(p).mtimeMs);
  }
  return newest;
}

const fresh =
  existsSync(bundle) &&
  statSync(bundle).mtimeMs >= Math.max(newestSource(join(root, "src")), newestSource(join(root, "profiles")));
if (fresh) {
  // Node >= 22.1 can keep the bundle's compiled code on disk between runs (os.tmpdir()/node-compile-cache
  // unless NODE_COMPILE_CACHE says otherwise); Node 20 has no such API and compiles at every start.
  module.enableCompileCache?.();
  // A render is short: V8's optimizing compiler, at its default budget, spends more CPU (on its own
  // threads) optimizing functions that run a few hundred times than it saves. A larger budget lets
  // only the hot functions of a long render (thousands of machines) be optimized. Measured with
  // `npm run bench` (scripts/bench.ts): about a quarter less CPU on the default profile, and no loss
  // at 10,000 external machines.
  setFlagsFromString("--interrupt-budget=600000");
  await import(pathToFileURL(bundle).href);
} else {
  const { register } = await import("tsx/esm/api");
  register();
  await import(pathToFileURL(join(root, "src", "main.ts")).href);
}
