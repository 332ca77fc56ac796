// JSON-merge-patch semantics (RFC 7386 without deletions): maps merge, lists and scalars replace.
// This is what kustomize does when an overlay patches a HelmRelease's values, and what Helm does
// with values over chart defaults, so one function models both.

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

export function deepMerge<T>(base: T, patch: unknown): T {
  if (!isPlainObject(base) || !isPlainObject(patch)) return structuredClone(patch) as T;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(patch)) {
    out[k] = k in out ? deepMerge(out[k], v) : structuredClone(v);
  }
  return out as T;
}
