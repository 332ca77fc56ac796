// Checks on the raw profile input before the schema sees it: bounded size and depth (so every later
// check is linear in a bounded input), and no character that YAML parsers read differently.
//
// YAML 1.1 (kustomize's and Flux's go-yaml, PyYAML) treats U+0085, U+2028 and U+2029 as line breaks,
// while YAML 1.2 parsers keep them as content; the `yaml` package writes them unescaped even inside
// double quotes, as it does DEL, the C1 controls and U+FEFF. A lone surrogate has no UTF-8 encoding,
// so kustomize fails on the file. None of these can be meant in a profile: they are rejected here, at
// their path, and the serializer (src/tree/render.ts) refuses any that reach the output anyway.

/** Most values (strings, numbers, keys, array items) a profile may hold: a real one has a few thousand. */
export const MAX_VALUES = 1_000_000;
export const MAX_DEPTH = 64;

// C0 controls other than tab, LF and CR; DEL; C1 controls (NEL among them); the line and paragraph
// separators; the byte-order mark; the non-characters U+FFFE/U+FFFF; unpaired surrogates.
const UNSAFE =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u2028\u2029\uFEFF\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const UNSAFE_SINGLE_LINE = new RegExp(`${UNSAFE.source}|[\\t\\n\\r]`);

const NAMES: Record<number, string> = {
  0x85: "NEXT LINE",
  0x2028: "LINE SEPARATOR",
  0x2029: "PARAGRAPH SEPARATOR",
  0xfeff: "BYTE ORDER MARK",
  0x0a: "a line feed",
  0x0d: "a carriage return",
  0x09: "a tab",
};

/** "U+2028 (LINE SEPARATOR) at character 5" for the first character YAML parsers disagree on, else undefined. */
export function firstUnsafeChar(s: string, singleLine = false): string | undefined {
  const m = (singleLine ? UNSAFE_SINGLE_LINE : UNSAFE).exec(s);
  if (!m) return undefined;
  const code = m[0].charCodeAt(0);
  const hex = `U+${code.toString(16).toUpperCase().padStart(4, "0")}`;
  const name = NAMES[code] ?? (code >= 0xd800 && code <= 0xdfff ? "an unpaired surrogate" : "a control character");
  return `${hex} (${name}) at character ${m.index + 1}`;
}

/** Problems with the input's size, depth or characters, each naming its path. */
export function checkInputShape(input: unknown): string[] {
  const problems: string[] = [];
  const seen = new Set<object>();
  let count = 0;
  const at = (path: string[]) => (path.length === 0 ? "(root)" : path.join("."));
  const stack: { v: unknown; path: string[] }[] = [{ v: input, path: [] }];
  while (stack.length > 0) {
    const { v, path } = stack.pop()!;
    if (++count > MAX_VALUES) return [`(root): the profile holds more than ${MAX_VALUES} values; a profile is a cluster's description, not data: shrink it`];
    if (path.length > MAX_DEPTH) return [`${at(path.slice(0, MAX_DEPTH))}: nested deeper than ${MAX_DEPTH} levels`];
    if (typeof v === "string") {
      const bad = firstUnsafeChar(v);
      if (bad) problems.push(`${at(path)}: contains ${bad}; YAML 1.1 and 1.2 parsers would read the rendered file differently: remove it (in Alloy text, write it as an escape such as \\u2028 inside a string)`);
      if (problems.length >= 20) break;
      continue;
    }
    if (v === null || typeof v !== "object") continue;
    if (seen.has(v)) continue;
    seen.add(v);
    const tooMany = `(root): the profile holds more than ${MAX_VALUES} values; a profile is a cluster's description, not data: shrink it`;
    if (Array.isArray(v)) {
      if (v.length > MAX_VALUES) return [tooMany];
      for (let i = v.length - 1; i >= 0; i--) stack.push({ v: v[i], path: [...path, String(i)] });
      continue;
    }
    const keys = Object.keys(v);
    if (keys.length > MAX_VALUES) return [tooMany];
    for (const key of keys) {
      const bad = firstUnsafeChar(key, true);
      if (bad) problems.push(`${at(path)}: key ${JSON.stringify(key)} contains ${bad}: rename it`);
      stack.push({ v: (v as Record<string, unknown>)[key], path: [...path, key] });
    }
  }
  return problems;
}
