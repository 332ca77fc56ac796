// What the running process provides to load code at run time: Node's require for dependencies that
// are kept out of the bundles (re2-wasm finds its .wasm file beside its own sources) and dynamic
// import (tsx, for TypeScript profiles).
//
// Inside the CLI's start-up snapshot (src/snapshot.ts, built by scripts/build.mjs) neither works as
// written: the snapshot's code was compiled with no module URL (`import.meta.url` is empty in its
// CommonJS bundle) and with no dynamic-import callback, so `import()` there fails with "A dynamic
// import callback was not specified" (Node 20, lib/internal/modules/esm/utils.js
// importModuleDynamicallyCallback). The snapshot's main function replaces both (setHost) before it
// runs a command; every other way of running obstack uses the defaults below.
import { createRequire } from "node:module";
import { startupSnapshot } from "node:v8";

interface Host {
  /** The URL that `require` of a dependency resolves from (a file inside this installation). */
  moduleUrl: string;
  /** `import(specifier)` resolved from moduleUrl. */
  importModule: (specifier: string) => Promise<unknown>;
}

const host: Host = {
  moduleUrl: import.meta.url,
  importModule: (specifier) => import(specifier),
};

export function setHost(h: Host): void {
  host.moduleUrl = h.moduleUrl;
  host.importModule = h.importModule;
}

/** Node's require, resolving from this installation: for dependencies left out of the bundles. */
export function requireDependency(specifier: string): unknown {
  if (startupSnapshot.isBuildingSnapshot()) {
    // A WebAssembly instance cannot be serialized into the snapshot, and a module loaded while it is
    // built would be a copy frozen at build time: load at run time only (callers retry then).
    throw new Error(`${specifier} is loaded at run time, not while the start-up snapshot is built`);
  }
  return createRequire(host.moduleUrl)(specifier);
}

/** The URL dependencies are resolved from (tsx's `tsImport` takes it as the parent URL). */
export function dependencyParentUrl(): string {
  return host.moduleUrl;
}

export function importDependency(specifier: string): Promise<unknown> {
  return host.importModule(specifier);
}

/**
 * Registers a reset of a module-level cache that depends on the running process (a loaded
 * dependency, or its absence): run just before the start-up snapshot is serialized, so every run
 * from the snapshot decides afresh. Outside a snapshot build it does nothing.
 */
export function resetBeforeSnapshot(reset: () => void): void {
  if (startupSnapshot.isBuildingSnapshot()) startupSnapshot.addSerializeCallback(reset);
}
