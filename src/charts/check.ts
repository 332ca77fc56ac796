// Checks that every key path of a HelmRelease's `values` exists in the pinned chart version's
// values.yaml, using the committed key facts (./keys) and the catalog's subchart routing.

import { CHARTS, isChartId, type ChartRecord, type SubchartValues } from "./catalog.ts";
import { joinKeyPath, type KeyFacts, type KeyKind } from "./extract.ts";
import { KEY_FACTS } from "./keys/index.ts";

/**
 * Keys whose value is a Kubernetes object or a label/annotation map that charts pass through verbatim
 * (toYaml). When such a key's default is a non-empty map (e.g. `securityContext: {runAsNonRoot: true}`),
 * the defaults are examples of the object's fields, not the full set: anything below is accepted.
 */
export const FREE_FORM_KEY_NAMES: ReadonlySet<string> = new Set([
  "resources",
  "securityContext",
  "podSecurityContext",
  "containerSecurityContext",
  "capabilities",
  "seccompProfile",
  "livenessProbe",
  "readinessProbe",
  "startupProbe",
  "affinity",
  "nodeSelector",
  "selector",
  "matchLabels",
  "labels",
  "podLabels",
  "annotations",
  "podAnnotations",
  "additionalLabels",
  "extraLabels",
  "commonLabels",
  "sessionAffinityConfig",
  "env",
  "deploymentStrategy",
  "updateStrategy",
  "strategy",
  "additionalRuleGroupAnnotations",
  "additionalRuleGroupLabels",
]);

type Status = "unknown" | "open" | "map" | "scalar";

/** One set of facts a key path is looked up in, with the prefix that is stripped first. */
interface Source {
  readonly facts: KeyFacts;
  readonly prefix: readonly string[];
  readonly freeFormPaths: ReadonlySet<string>;
  readonly label: string;
}

const childIndexCache = new WeakMap<KeyFacts, Map<string, string[]>>();

function childIndex(facts: KeyFacts): Map<string, string[]> {
  let idx = childIndexCache.get(facts);
  if (idx) return idx;
  idx = new Map();
  for (const path of Object.keys(facts)) {
    const cut = lastSeparator(path);
    const parent = cut < 0 ? "" : path.slice(0, cut);
    const name = unescapeSegment(cut < 0 ? path : path.slice(cut + 1));
    let list = idx.get(parent);
    if (!list) idx.set(parent, (list = []));
    list.push(name);
  }
  childIndexCache.set(facts, idx);
  return idx;
}

/** Index of the last unescaped "." in a dotted key path, or -1. */
function lastSeparator(path: string): number {
  let last = -1;
  for (let i = 0; i < path.length; i++) {
    if (path[i] === "\\") i++;
    else if (path[i] === ".") last = i;
  }
  return last;
}

function unescapeSegment(seg: string): string {
  return seg.replace(/\\(.)/g, "$1");
}

/** Allowlists name only leaves; make their ancestors known maps. */
function withImpliedParents(allow: KeyFacts): KeyFacts {
  const out: Record<string, KeyKind> = { ...allow };
  for (const path of Object.keys(allow)) {
    let p = path;
    for (let cut = lastSeparator(p); cut >= 0; cut = lastSeparator(p)) {
      p = p.slice(0, cut);
      out[p] ??= "map";
    }
  }
  return out;
}

function statusIn(source: Source, segs: readonly string[]): Status {
  for (let i = 0; i < source.prefix.length; i++) if (segs[i] !== source.prefix[i]) return "unknown";
  const rel = segs.slice(source.prefix.length);
  if (rel.length === 0) return "map";
  let kind: KeyKind | undefined;
  for (let i = 1; i <= rel.length; i++) {
    const path = joinKeyPath(rel.slice(0, i));
    kind = source.facts[path];
    if (kind === undefined) return "unknown";
    if (kind === "open" || kind === "list") return "open";
    if (kind === "map" && (FREE_FORM_KEY_NAMES.has(rel[i - 1]!) || source.freeFormPaths.has(path))) return "open";
  }
  return kind === "map" ? "map" : "scalar";
}

function combine(statuses: readonly Status[]): Status {
  for (const s of ["open", "map", "scalar"] as const) if (statuses.includes(s)) return s;
  return "unknown";
}

function levenshtein(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j]!;
      prev[j] = Math.min(up + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length]!;
}

/** The closest sibling key name, if one is close enough to be a likely typo. */
export function suggestKey(name: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    if (c === name) continue;
    const d = c.toLowerCase() === name.toLowerCase() ? 0.5 : levenshtein(name, c);
    if (d < bestD || (d === bestD && best !== undefined && c < best)) {
      best = c;
      bestD = d;
    }
  }
  const limit = Math.max(1, Math.min(3, Math.floor(name.length / 3)));
  return bestD <= limit ? best : undefined;
}

function siblings(sources: readonly Source[], segs: readonly string[]): Set<string> {
  const out = new Set<string>();
  const parent = segs.slice(0, -1);
  for (const s of sources) {
    if (parent.length < s.prefix.length) {
      // the unknown key is the prefix level itself (cannot happen for the root source, whose prefix is empty)
      continue;
    }
    if (!s.prefix.every((p, i) => parent[i] === p)) continue;
    const rel = parent.slice(s.prefix.length);
    for (const c of childIndex(s.facts).get(rel.length === 0 ? "" : joinKeyPath(rel)) ?? []) out.add(c);
  }
  return out;
}

function isPlainMap(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function sourcesFor(record: ChartRecord): Source[] {
  const own = KEY_FACTS[record.factsId];
  if (!own) throw new Error(`no committed key facts ${record.factsId} for ${record.chart} ${record.version}`);
  const sources: Source[] = [
    { facts: own, prefix: [], freeFormPaths: new Set(record.freeFormPaths), label: "the chart's values.yaml" },
  ];
  for (const sub of record.subcharts) sources.push(...subchartSources(sub));
  return sources;
}

function subchartSources(sub: SubchartValues): Source[] {
  const out: Source[] = [];
  if (sub.factsId) {
    const facts = KEY_FACTS[sub.factsId];
    if (!facts) throw new Error(`no committed key facts ${sub.factsId} for subchart ${sub.chart} ${sub.version}`);
    const label = `subchart ${sub.chart} ${sub.version}'s values.yaml`;
    out.push({ facts, prefix: [sub.prefix], freeFormPaths: new Set(), label });
    // Helm passes `global` to every subchart: the subchart's own global.* keys are valid at the top level.
    out.push({ facts, prefix: [], freeFormPaths: new Set(), label });
  }
  if (sub.allowlist) {
    out.push({
      facts: withImpliedParents(sub.allowlist),
      prefix: [sub.prefix],
      freeFormPaths: new Set(),
      label: `the allowlist carried for subchart ${sub.chart} ${sub.version}`,
    });
  }
  return out;
}

/**
 * Returns one message per key path of `values` that the pinned chart version does not define
 * (an empty array when all keys are known). Keys below a list, an open map (`{}`/null default or
 * documented free-form) or a FREE_FORM_KEY_NAMES map are not checked. Values under a subchart's
 * prefix are checked against the parent's keys and the subchart's facts or allowlist.
 */
export function checkHelmValues(chartId: string, version: string, values: unknown): string[] {
  if (!isChartId(chartId)) return [`${chartId} ${version}: no such chart in the catalog`];
  const record = CHARTS[chartId];
  const where = `${record.chart} ${version}`;
  if (record.version !== version) {
    return [`${where}: no key facts for this version (the catalog pins ${record.chart} ${record.version})`];
  }
  if (values === undefined || values === null) return [];
  if (!isPlainMap(values)) return [`${where}: values must be a map`];

  const allSources = sourcesFor(record);
  const messages: string[] = [];

  const sourcesAt = (segs: readonly string[]): Source[] =>
    allSources.filter((s) => {
      // subchart facts at the top level only answer for `global.*`
      if (s.prefix.length === 0 && s !== allSources[0]) return segs[0] === "global";
      return s.prefix.every((p, i) => segs[i] === p);
    });

  const walk = (map: Record<string, unknown>, prefix: readonly string[]): void => {
    for (const key of Object.keys(map)) {
      const segs = [...prefix, key];
      const sources = sourcesAt(segs);
      const status = combine(sources.map((s) => statusIn(s, segs)));
      if (status === "open") continue;
      if (status === "unknown") {
        const labels = [...new Set(sources.map((s) => s.label))];
        const suggestion = suggestKey(key, siblings(sources, segs));
        messages.push(
          `${where}: values.${joinKeyPath(segs)} is not a key of ${labels.join(" nor of ")}` +
            (suggestion ? ` (did you mean ${suggestion}?)` : ""),
        );
        continue;
      }
      const value = map[key];
      if (isPlainMap(value)) walk(value, segs);
    }
  };
  walk(values, []);
  return messages;
}
