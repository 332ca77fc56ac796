#!/usr/bin/env node
// Runs the CLI in this Node process: the bundle (dist/obstack.mjs, built by `npm ci`) when it is at
// least as new as every source file; otherwise the TypeScript sources through tsx, so a source edit is
// never shadowed by a stale bundle. (bin/obstack, the command npm installs, starts Node from the CLI's
// start-up snapshot instead when one was built for the running Node, and comes here otherwise.)
import module from "node:module";
import { setFlagsFromString } from "node:v8";
import { existsSync, readdirSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { V8_FLAGS } from "./v8-flags.mjs";

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
  // The flags are for renders: on an Alloy file of megabytes the raised budget delays the optimization
  // of the scanner, parser and validator instead (~10% more CPU for `obstack alloy check` of the bench's
  // 11 MB config, paired runs), so `obstack alloy` keeps V8's defaults.
  if (process.argv[2] !== "alloy") for (const flag of V8_FLAGS) setFlagsFromString(flag);
  await import(pathToFileURL(bundle).href);
} else {
  const { register } = await import("tsx/esm/api");
  register();
  await import(pathToFileURL(join(root, "src", "main.ts")).href);
}
