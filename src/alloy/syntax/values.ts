// Value checks of literal attribute values: Alloy decodes each literal into its Go type when it
// type-checks a block (syntax/typecheck/typecheck.go:449-465 @ 66ebea856dff, value.DecodeCopy), so a
// duration that does not parse, an unknown relabel action, a regex that does not compile or an
// unknown log level is an error of `alloy validate`, with the decoder's message.
import { requireDependency, resetBeforeSnapshot } from "../../runtime/host.ts";
import type { Attribute, Expr, Position } from "./ast.ts";
import { endPos, startPos } from "./ast.ts";
import { unquote } from "./validator.ts";
import * as nodes from "./nodes.ts";

const { AttributeNode } = nodes;

export interface ValueProblem {
  start: Position;
  end: Position;
  message: string;
}

/** Go's strconv.Quote for the ASCII-printable cases that matter in messages. */
function goQ(s: string): string {
  return JSON.stringify(s);
}

const UNITS: Record<string, true> = { ns: true, us: true, "µs": true, "μs": true, ms: true, s: true, m: true, h: true };

/** Go's time.ParseDuration error message for s, or undefined when it parses (go/src/time/format.go ParseDuration). */
export function goDurationError(orig: string): string | undefined {
  const invalid = `time: invalid duration ${goQ(orig)}`;
  let s = orig;
  if (s !== "" && (s[0] === "-" || s[0] === "+")) s = s.slice(1);
  if (s === "0") return undefined;
  if (s === "") return invalid;
  while (s !== "") {
    if (!(s[0] === "." || (s[0]! >= "0" && s[0]! <= "9"))) return invalid;
    let i = 0;
    while (i < s.length && s[i]! >= "0" && s[i]! <= "9") i++;
    const pre = i > 0;
    s = s.slice(i);
    let post = false;
    if (s !== "" && s[0] === ".") {
      s = s.slice(1);
      let j = 0;
      while (j < s.length && s[j]! >= "0" && s[j]! <= "9") j++;
      post = j > 0;
      s = s.slice(j);
    }
    if (!pre && !post) return invalid;
    let k = 0;
    while (k < s.length && s[k] !== "." && !(s[k]! >= "0" && s[k]! <= "9")) k++;
    if (k === 0) return `time: missing unit in duration ${goQ(orig)}`;
    const u = s.slice(0, k);
    s = s.slice(k);
    if (!UNITS[u]) return `time: unknown unit ${goQ(u)} in duration ${goQ(orig)}`;
  }
  return undefined;
}

/** Relabel actions (internal/component/common/relabel/relabel.go:35-61). */
export const RELABEL_ACTIONS: ReadonlySet<string> = new Set([
  "replace",
  "keep",
  "drop",
  "hashmod",
  "labelmap",
  "labeldrop",
  "labelkeep",
  "lowercase",
  "uppercase",
  "keepequal",
  "dropequal",
]);

/** logging block values (internal/runtime/logging/options.go:26-29, 78-82, 132-134). */
const LOG_VALUES: Record<string, { values: ReadonlySet<string>; what: string }> = {
  level: { values: new Set(["debug", "info", "warn", "error"]), what: "log level" },
  format: { values: new Set(["logfmt", "json"]), what: "log format" },
  destination: { values: new Set(["stderr", "windows_event_log"]), what: "log destination" },
};

interface WrappedRE2 {
  ok(): boolean;
  error(): string;
  delete(): void;
}
type WrappedRE2Ctor = new (pattern: string, ignoreCase: boolean, multiline: boolean, dotAll: boolean) => WrappedRE2;
let re2: WrappedRE2Ctor | null | undefined;
resetBeforeSnapshot(() => (re2 = undefined));

/**
 * Go's regexp is RE2; JavaScript's RegExp is not (lookarounds, backreferences, different
 * escapes). re2-wasm 1.0.2 (Google's RE2 compiled to WebAssembly; a dependency of
 * @kubernetes-models/validate) compiles like Go's regexp/syntax for everything but a few messages.
 * Its embind class WrappedRE2 is used directly: the RE2 wrapper class translates JavaScript
 * syntax first and never frees its WebAssembly object (a few thousand regexes exhaust its 16 MB
 * heap). When the package is absent, regexes are not checked.
 */
function loadRE2(): WrappedRE2Ctor | null {
  if (re2 === undefined) {
    try {
      re2 = (requireDependency("re2-wasm/build/wasm/re2.js") as { WrappedRE2: WrappedRE2Ctor }).WrappedRE2;
    } catch {
      re2 = null;
    }
  }
  return re2;
}

/**
 * True when `p` is made only of constructs on which RE2 cannot fail: literals, `.`, common
 * escapes, simple character classes, groups without `(?`, alternation, and quantifiers (bounded
 * repeats up to 1000) after an atom. Such patterns skip the (slow: ~0.5 ms) WebAssembly compile.
 */
export function plainlyValidRE2(p: string): boolean {
  let depth = 0;
  let atom = false; // the previous token can take a quantifier
  for (let i = 0; i < p.length; ) {
    const c = p[i]!;
    if (c === "\\") {
      const n = p[i + 1];
      // \b and \B are empty-width assertions in RE2 (syntax/parse.go: `\b` word boundary): no quantifier after them.
      if (n === "b" || n === "B") {
        i += 2;
        atom = false;
        continue;
      }
      if (n === undefined || !/[.dDwWsS\\/\-_()[\]{}*+?|^$"'~]/.test(n)) return false;
      i += 2;
      atom = true;
    } else if (c === "(") {
      if (p[i + 1] === "?") {
        // The group forms RE2 accepts (regexp/syntax parse.go): flags `(?i)`, `(?is)`, a non-capturing `(?:` and
        // `(?flags:`, and a named group `(?P<name>`. Anything else goes to RE2 itself.
        const m = /^\(\?(?:([imsU]+)\)|([imsU]*):|P<([A-Za-z_][A-Za-z0-9_]*)>)/.exec(p.slice(i));
        if (!m) return false;
        if (m[1] !== undefined) {
          i += m[0].length;
          atom = false;
          continue;
        }
        depth++;
        i += m[0].length;
        atom = false;
        continue;
      }
      depth++;
      i++;
      atom = false;
    } else if (c === ")") {
      if (depth === 0) return false;
      depth--;
      i++;
      atom = true;
    } else if (c === "|" || c === "^" || c === "$") {
      i++;
      atom = false;
    } else if (c === "*" || c === "+" || c === "?") {
      if (!atom) return false;
      i++;
      if (p[i] === "?") i++;
      atom = false;
    } else if (c === "{") {
      const m = /^\{(\d{1,4})(,(\d{0,4}))?\}/.exec(p.slice(i));
      if (!m) return false;
      const lo = Number(m[1]);
      const hi = m[2] === undefined ? lo : m[3] === "" ? lo : Number(m[3]);
      if (!atom || lo > 1000 || hi > 1000 || hi < lo) return false;
      i += m[0].length;
      if (p[i] === "?") i++;
      atom = false;
    } else if (c === "[") {
      // A simple class: literal characters, escapes, ascending ranges; no `[:` or leading `]`.
      let j = i + 1;
      if (p[j] === "^") j++;
      if (p[j] === "]") return false;
      let prev = "";
      while (j < p.length && p[j] !== "]") {
        const d = p[j]!;
        if (d === "[") return false;
        if (d === "\\") {
          if (!/[dDwWsS.\\\]\[\-^/]/.test(p[j + 1] ?? "")) return false;
          prev = "";
          j += 2;
          continue;
        }
        if (d === "-" && prev !== "" && p[j + 1] !== "]" && p[j + 1] !== undefined) {
          const hi = p[j + 1]!;
          if (!/[A-Za-z0-9]/.test(prev) || !/[A-Za-z0-9]/.test(hi) || hi < prev) return false;
          prev = "";
          j += 2;
          continue;
        }
        if (d.charCodeAt(0) < 0x20) return false;
        prev = d;
        j++;
      }
      if (p[j] !== "]") return false;
      i = j + 1;
      atom = true;
    } else if (c === "]" || c === "}" || c.charCodeAt(0) < 0x20) {
      return false;
    } else {
      i++;
      atom = true;
    }
  }
  return depth === 0;
}

/** RE2 (C++) error texts → Go regexp/syntax ErrorCode texts (go/src/regexp/syntax/parse.go:38-60). */
const RE2_TO_GO: [RegExp, string][] = [
  [/^missing \)/, "missing closing )"],
  [/^missing \]/, "missing closing ]"],
  [/^unexpected \)/, "unexpected )"],
  [/^bad repetition operator/, "invalid nested repetition operator"],
  [/^no argument for repetition operator/, "missing argument to repetition operator"],
  [/^bad repetition size|^invalid repetition size/, "invalid repetition size"],
  [/^bad escape sequence|^invalid escape sequence/, "invalid escape sequence"],
  [/^bad character class range/, "invalid character class range"],
  [/^bad character class/, "invalid character class"],
  [/^invalid named capture group|^bad named capture group/, "invalid named capture"],
  [/^trailing \\/, "trailing backslash at end of expression"],
  [/^invalid perl operator|^bad perl operator/, "invalid or unsupported Perl syntax"],
  [/^invalid UTF-8/, "invalid UTF-8"],
];

/**
 * Go's `error parsing regexp: <code>: `<arg>`` for `expr` (compiled as given), or undefined.
 * The argument part is RE2's, which may differ from Go's in rare cases.
 */
const regexpCache = new Map<string, string | undefined>();

export function goRegexpError(expr: string): string | undefined {
  if (plainlyValidRE2(expr)) return undefined;
  if (regexpCache.has(expr)) return regexpCache.get(expr);
  const RE2 = loadRE2();
  if (!RE2) return undefined;
  const w = new RE2(expr, false, false, false);
  let out: string | undefined;
  try {
    if (!w.ok()) out = goMessage(w.error());
  } finally {
    w.delete();
  }
  if (regexpCache.size > 10000) regexpCache.clear();
  regexpCache.set(expr, out);
  return out;
}

function goMessage(raw: string): string {
  {
    const colon = raw.indexOf(": ");
    const code = colon >= 0 ? raw.slice(0, colon) : raw;
    const arg = colon >= 0 ? raw.slice(colon + 2) : "";
    const go = RE2_TO_GO.find(([re]) => re.test(code))?.[1] ?? code;
    return `error parsing regexp: ${go}: \`${arg}\``;
  }
}

function stringLiteral(e: Expr): string | undefined {
  return e.kind === "Literal" && e.tok === "STRING" ? unquote(e.value) : undefined;
}

function at(e: Expr, message: string): ValueProblem {
  return { start: startPos(e), end: endPos(e), message };
}

/**
 * Problems with the literal value of attribute `a` of documented type `type`.
 * `path`: enclosing block names, outermost first; `args`: argument names of the enclosing block.
 */
export function checkValue(a: Attribute, type: string, path: readonly string[], args?: { has(name: string): boolean }): ValueProblem[] {
  const out: ValueProblem[] = [];
  const name = a instanceof AttributeNode ? a.n : a.name.name;
  const v = a.value;
  const t = type.trim();
  if (t === "duration") {
    // A number is converted to its text first (decode.go:321-325): `30` is "30", missing its unit.
    const s = stringLiteral(v) ?? (v.kind === "Literal" && v.tok === "NUMBER" ? v.value : undefined);
    const e = s !== undefined ? goDurationError(s) : undefined;
    if (e) out.push(at(v, e));
  } else if (t === "list(duration)" && v.kind === "Array") {
    for (const el of v.elements) {
      const s = stringLiteral(el);
      const e = s !== undefined ? goDurationError(s) : undefined;
      if (e) out.push(at(el, e));
    }
  }
  // (asked only for the two arguments it rules: four lookups per attribute otherwise)
  const relabelRule = (name === "action" || name === "regex") && args !== undefined && args.has("source_labels") && args.has("target_label") && args.has("action") && args.has("regex");
  if (relabelRule && name === "action") {
    const s = stringLiteral(v);
    if (s !== undefined && !RELABEL_ACTIONS.has(s)) out.push(at(v, `unrecognized action type ${goQ(s)}`));
  }
  if (relabelRule && name === "regex") {
    // relabel.go:91: regexp.Compile("^(?s:" + s + ")$").
    const s = stringLiteral(v);
    const e = s !== undefined && !plainlyValidRE2(s) ? goRegexpError("^(?s:" + s + ")$") : undefined;
    if (e) out.push(at(v, e));
  }
  if (path.length === 1 && path[0] === "logging" && LOG_VALUES[name]) {
    const s = stringLiteral(v);
    const rule = LOG_VALUES[name]!;
    if (s !== undefined && !rule.values.has(s)) out.push(at(v, `unrecognized ${rule.what} ${goQ(s)}`));
  }
  return out;
}
