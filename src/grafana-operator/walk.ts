// Generic walker: checks a JSON value against a carried schema node and appends
// "<json path>: <problem>" lines. Kept separate from validate.ts so the same walker can
// check sub-documents (e.g. a spec fragment in a profile) without the kind/metadata framing.
import type { Node, ObjectNode, Rule } from "./schema/dsl.ts";

type Json = Record<string, unknown>;

export const isPlainObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

/** `a.b` for identifier-like keys, `a["app.kubernetes.io/name"]` otherwise; `[3]` for indices. */
export function joinPath(path: string, key: string | number): string {
  if (typeof key === "number") return `${path}[${key}]`;
  if (/^[A-Za-z_$][\w$-]*$/.test(key)) return path ? `${path}.${key}` : key;
  return `${path}[${JSON.stringify(key)}]`;
}

export function describe(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  if (typeof v === "number") return Number.isInteger(v) ? "integer" : "number";
  return typeof v;
}

const expected = (what: string, v: unknown) => `expected ${what}, got ${describe(v)}`;

// Standard base64 as Kubernetes decodes `format: byte` (padding required).
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const patternCache = new Map<string, RegExp>();
const regex = (p: string) => patternCache.get(p) ?? patternCache.set(p, new RegExp(p, "u")).get(p)!;

export function walk(node: Node, value: unknown, path: string, errors: string[]): void {
  const at = path || "<root>";
  const fail = (msg: string) => errors.push(`${at}: ${msg}`);

  // Kubernetes prunes nulls on non-nullable fields instead of rejecting them; in a rendered
  // manifest a null is still always a bug, so we report it.
  if (value === null) {
    if ((node.t === "integer" || node.t === "boolean") && node.nullable) return;
    return void fail(expected(nodeTypeName(node), value));
  }

  switch (node.t) {
    case "string": {
      if (typeof value !== "string") return void fail(expected("string", value));
      if (node.enum && !node.enum.includes(value)) {
        return void fail(`must be one of ${node.enum.map((e) => JSON.stringify(e)).join(", ")}, got ${JSON.stringify(value)}`);
      }
      if (node.minLength !== undefined || node.maxLength !== undefined) {
        const len = codePoints(value);
        if (node.minLength !== undefined && len < node.minLength) fail(`must be at least ${node.minLength} characters`);
        if (node.maxLength !== undefined && len > node.maxLength) fail(`must be at most ${node.maxLength} characters`);
      }
      if (node.pattern !== undefined && !regex(node.pattern).test(value)) fail(`${JSON.stringify(value)} does not match ${node.pattern}`);
      if (node.format === "byte" && !BASE64.test(value)) fail("must be base64 (format: byte)");
      if (node.format === "date-time" && Number.isNaN(Date.parse(value))) fail("must be an RFC 3339 date-time");
      return;
    }
    case "integer":
      if (typeof value !== "number" || !Number.isInteger(value)) return void fail(expected("integer", value));
      if (node.minimum !== undefined && value < node.minimum) fail(`must be >= ${node.minimum}`);
      if (node.maximum !== undefined && value > node.maximum) fail(`must be <= ${node.maximum}`);
      return;
    case "boolean":
      if (typeof value !== "boolean") fail(expected("boolean", value));
      return;
    case "intOrString":
      if (typeof value !== "string" && !(typeof value === "number" && Number.isInteger(value))) fail(expected("integer or string", value));
      return;
    case "array":
      if (!Array.isArray(value)) return void fail(expected("array", value));
      if (node.minItems !== undefined && value.length < node.minItems) fail(`must have at least ${node.minItems} items`);
      if (node.maxItems !== undefined && value.length > node.maxItems) fail(`must have at most ${node.maxItems} items`);
      value.forEach((item, i) => walk(node.items, item, joinPath(path, i), errors));
      return;
    case "map":
      if (!isPlainObject(value)) return void fail(expected("object", value));
      for (const [k, v] of Object.entries(value)) walk(node.values, v, joinPath(path, k), errors);
      return;
    case "free":
      if (!isPlainObject(value)) fail(expected("object", value));
      return;
    case "opaque":
      if (node.type === "array" ? !Array.isArray(value) : !isPlainObject(value)) fail(expected(node.type, value));
      return;
    case "meta":
      return walkMeta(value, path, errors);
    case "object":
      if (!isPlainObject(value)) return void fail(expected("object", value));
      return walkObject(node, value, path, errors);
  }
}

function walkObject(node: ObjectNode, value: Json, path: string, errors: string[]): void {
  for (const k of node.required ?? []) {
    if (value[k] === undefined) errors.push(`${joinPath(path, k)}: required`);
  }
  for (const [k, v] of Object.entries(value)) {
    const child = node.props[k];
    if (child === undefined) errors.push(`${joinPath(path, k)}: unknown field`);
    else if (v !== undefined) walk(child, v, joinPath(path, k), errors);
  }
  for (const rule of node.rules ?? []) {
    if (!ruleHolds(rule, value)) errors.push(`${path || "<root>"}: ${rule.message}`);
  }
}

function ruleHolds(rule: Rule, value: Json): boolean {
  // CEL `has(self.f)`: the key is present. undefined counts as absent (JSON drops it).
  const present = rule.fields.filter((f) => value[f] !== undefined).length;
  return rule.kind === "exactlyOne" ? present === 1 : present <= 1;
}

// ObjectMeta is validated by the API server, not the CRD. We check the parts a rendered
// object controls and reject misspelt keys (a `namepsace` typo silently lands in "default").
const META_STRINGS = ["name", "namespace", "generateName", "uid", "resourceVersion", "creationTimestamp", "deletionTimestamp", "selfLink"];
const META_OTHER = ["labels", "annotations", "generation", "deletionGracePeriodSeconds", "ownerReferences", "finalizers", "managedFields"];

function walkMeta(value: unknown, path: string, errors: string[]): void {
  if (!isPlainObject(value)) return void errors.push(`${path}: ${expected("object", value)}`);
  if (value.name === undefined && value.generateName === undefined) errors.push(`${joinPath(path, "name")}: required`);
  for (const [k, v] of Object.entries(value)) {
    const p = joinPath(path, k);
    if (META_STRINGS.includes(k)) {
      if (typeof v !== "string") errors.push(`${p}: ${expected("string", v)}`);
    } else if (k === "labels" || k === "annotations") {
      walk({ t: "map", values: { t: "string" } }, v, p, errors);
    } else if (!META_OTHER.includes(k)) {
      errors.push(`${p}: unknown field`);
    }
  }
}

function nodeTypeName(node: Node): string {
  switch (node.t) {
    case "intOrString":
      return "integer or string";
    case "map":
    case "free":
    case "meta":
    case "object":
      return "object";
    case "opaque":
      return node.type;
    default:
      return node.t;
  }
}

/** The length the API server checks (characters, not UTF-16 units), without making an array of them
 *  (the dashboards' JSON strings are tens of kilobytes, and most strings have no length bounds). */
function codePoints(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n--;
        i++;
      }
    }
  }
  return n;
}
