// Static checks of the stack's queries, before anything is deployed: every PromQL expression parses
// (@prometheus-io/lezer-promql) and names only metrics of the catalog (or recording rules); every
// LogQL expression parses (@grafana/lezer-logql) and uses only the labels the Alloy pipeline attaches
// (src/pipeline/labels.ts). Grafana template variables are replaced with placeholders first, and
// positions in messages refer to the original expression.
import { parser as promParser } from "@prometheus-io/lezer-promql";
import { parser as logqlParser } from "@grafana/lezer-logql";
import { DATASOURCES } from "../dashboards/datasources.ts";
import type { DashboardDef } from "../dashboards/types.ts";
import { INDEX_LABELS, LOG_SOURCES, STRUCTURED_METADATA, queryLabels, selectorLabels, type LogSource } from "../pipeline/labels.ts";
import { KEPLER_METRICS, NODE_EXPORTER_METRICS, knownMetricNames, seriesNames, type MetricDef } from "./catalog.ts";
import chartParses from "./chart-parses.generated.json" with { type: "json" };
import { NAMESPACE_TOKEN } from "../alerts/kps-rules.ts";

type Tree = ReturnType<typeof promParser.parse>;
type SyntaxNode = Tree["topNode"];

// ---------------------------------------------------------------------------------------------
// Grafana template variables

/** Grafana's built-in variables that stand for a duration (`[$__rate_interval]`). */
const DURATION_VARIABLES = new Set(["__rate_interval", "__interval", "__range", "__auto"]);
/** Built-ins that stand for a number. */
const NUMBER_VARIABLES = new Set(["__range_s", "__range_ms", "__interval_ms", "__rate_interval_ms", "__auto_ms"]);

interface Substituted {
  text: string;
  /** Maps a position in `text` back to the original expression. */
  toOriginal(pos: number): number;
}

const VARIABLE = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?:[:.][^}]*)?\}|\$([A-Za-z_][A-Za-z0-9_]*)/y;

/**
 * Replaces Grafana variables outside string literals with placeholders the parsers accept: a duration
 * (`5m`) for the interval/range built-ins and for any variable in a duration position (after `[`, `:`
 * or `offset`), a number otherwise. Variables inside string literals (`namespace=~"$namespace"`) are
 * left alone: they are matcher values, not syntax.
 */
export function substituteVariables(expr: string): Substituted {
  let text = "";
  const segments: { at: number; from: number; newLen: number; oldLen: number }[] = [];
  let quote: string | undefined;
  for (let i = 0; i < expr.length; ) {
    const ch = expr[i]!;
    if (quote !== undefined) {
      text += ch;
      if (ch === "\\" && quote !== "`" && i + 1 < expr.length) {
        text += expr[i + 1];
        i += 2;
        continue;
      }
      if (ch === quote) quote = undefined;
      i++;
      continue;
    }
    if (ch === '"' || ch === "'" || ch === "`") {
      quote = ch;
      text += ch;
      i++;
      continue;
    }
    if (ch === "$") {
      VARIABLE.lastIndex = i;
      const m = VARIABLE.exec(expr);
      if (m) {
        const name = (m[1] ?? m[2])!;
        const before = text.replace(/\s+$/, "");
        const durationPosition = /[[:]$/.test(before) || /\boffset$/.test(before);
        const placeholder = DURATION_VARIABLES.has(name) ? "5m" : NUMBER_VARIABLES.has(name) ? "300" : durationPosition ? "5m" : "1";
        segments.push({ at: text.length, from: i, newLen: placeholder.length, oldLen: m[0].length });
        text += placeholder;
        i += m[0].length;
        continue;
      }
    }
    text += ch;
    i++;
  }
  return {
    text,
    toOriginal(pos: number): number {
      let shift = 0;
      for (const s of segments) {
        if (pos < s.at) break;
        if (pos < s.at + s.newLen) return s.from;
        shift += s.oldLen - s.newLen;
      }
      return pos + shift;
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Shared helpers

function unquote(lit: string): string {
  if (lit.length < 2) return lit;
  const q = lit[0];
  const body = lit.slice(1, -1);
  if (q === "`") return body;
  return body.replace(/\\(.)/g, (_, c: string) => ({ n: "\n", t: "\t", r: "\r" })[c] ?? c);
}

function syntaxErrors(tree: Tree, sub: Substituted, original: string): string[] {
  const errors: string[] = [];
  tree.iterate({
    enter: (n) => {
      if (!n.type.isError) return;
      const at = sub.toOriginal(n.from);
      const near = original.slice(at, Math.max(at + 1, sub.toOriginal(n.to))).trim();
      errors.push(near === "" || at >= original.length ? `syntax error at position ${at}: unexpected end of query` : `syntax error at position ${at} near ${JSON.stringify(near.slice(0, 30))}`);
    },
  });
  return errors;
}

function children(node: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let c = node.firstChild; c; c = c.nextSibling) out.push(c);
  return out;
}

function descendants(node: SyntaxNode, name: string): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  const cursor = node.cursor();
  const visit = (): void => {
    do {
      if (cursor.name === name) out.push(cursor.node);
      if (cursor.firstChild()) {
        visit();
        cursor.parent();
      }
    } while (cursor.nextSibling());
  };
  if (cursor.firstChild()) visit();
  return out;
}

const sortedUnique = (xs: Iterable<string>): string[] => [...new Set(xs)].sort();

// ---------------------------------------------------------------------------------------------
// PromQL

export interface LabelMatcher {
  label: string;
  op: "=" | "!=" | "=~" | "!~";
  value: string;
}

export interface PromSelector {
  /** The metric name, when the selector names one (bare name, quoted name or `__name__="..."`). */
  metric?: string;
  matchers: LabelMatcher[];
}

export interface PromQLInfo {
  errors: string[];
  /** Metric names used (sorted, unique). */
  metrics: string[];
  /** Every vector selector with its matchers. */
  selectors: PromSelector[];
  /** Label names matched per metric name ("" for selectors without a metric name). */
  labelsBySelector: Record<string, string[]>;
  /** Labels named in by/without/on/ignoring/group_left/group_right clauses and Grafana's label_values. */
  groupingLabels: string[];
}

/** Grafana's Prometheus variable query functions (not PromQL): label_values, label_names, metrics, query_result. */
const LABEL_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const VARIABLE_FUNCTION = /^\s*(label_values|label_names|metrics|query_result)\s*\(([\s\S]*)\)\s*$/;

function splitLastTopLevelComma(s: string): [string, string] | undefined {
  let depth = 0;
  let quote: string | undefined;
  let last = -1;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    if (quote) {
      if (ch === "\\") i++;
      else if (ch === quote) quote = undefined;
    } else if (ch === '"' || ch === "'" || ch === "`") quote = ch;
    else if ("({[".includes(ch)) depth++;
    else if (")}]".includes(ch)) depth--;
    else if (ch === "," && depth === 0) last = i;
  }
  return last < 0 ? undefined : [s.slice(0, last), s.slice(last + 1)];
}

// ---------------------------------------------------------------------------------------------
// One parse per expression and language: the allowlist derivation and the render checks read the same
// queries, and a render used to parse each of them two or three times. Results are shared, so callers
// must treat them as read-only. Bounded so a long-lived process (tests, a watch loop) cannot grow it
// without limit.

const MAX_CACHED = 20_000;
const promCache = new Map<string, PromQLInfo>();
const logqlCache = new Map<string, LogQLInfo>();

function cached<T>(cache: Map<string, T>, expr: string, parse: (expr: string) => T): T {
  let r = cache.get(expr);
  if (r === undefined) {
    if (cache.size >= MAX_CACHED) cache.clear();
    r = parse(expr);
    cache.set(expr, r);
  }
  return r;
}

/** Forgets every parsed query (for tests that count parser calls, and src/snapshot.ts). */
export function clearQueryCache(): void {
  promCache.clear();
  logqlCache.clear();
}

// The chart's expressions (its dashboards' and recording rules' selectors, its rules) are fixed facts of the
// pinned chart: their parses are generated too (scripts/chart-parses.ts), so a render does not parse them
// (they were ~540 of its ~680 cold parses). test/queries/chart-parses.test.ts re-parses them all and compares.
let chartParsed: Map<string, PromQLInfo> | undefined;

function chartParse(expr: string): PromQLInfo | undefined {
  if (chartParsed === undefined) {
    chartParsed = new Map();
    for (const [e, c] of Object.entries((chartParses as unknown as { promql: Record<string, CompactPromQL> }).promql)) chartParsed.set(e, expandPromQL(c));
  }
  return chartParsed.get(expr);
}

// The chart writes its release namespace into some rule expressions; the facts hold NAMESPACE_TOKEN there,
// always as the value of a `namespace="..."` matcher (src/alerts/kps-rules.generated.ts), and a render
// fills in the profile's namespace. Such an expression is the token's entry with that one value changed:
// a Kubernetes name holds no quote or backslash, so the text parses the same way.
const NAMESPACE_MATCHER = /namespace="([a-z0-9](?:[-a-z0-9]*[a-z0-9])?)"/;

function chartRuleParse(expr: string): PromQLInfo | undefined {
  const ns = NAMESPACE_MATCHER.exec(expr)?.[1];
  if (ns === undefined || ns === NAMESPACE_TOKEN) return undefined;
  const template = expr.split(`namespace="${ns}"`).join(`namespace="${NAMESPACE_TOKEN}"`);
  const info = chartParse(template);
  if (info === undefined || template.split(NAMESPACE_TOKEN).join(ns) !== expr) return undefined;
  const sub = (v: string) => v.split(NAMESPACE_TOKEN).join(ns);
  const [sels, grouping, errors] = compactPromQL(info);
  return expandPromQL([sels.map(([metric, ms]) => [metric, ms.map(([l, op, v]) => [l, op, sub(v)])]), grouping, errors]);
}

/** Parses a PromQL expression (or a Grafana Prometheus variable query) with Grafana variables substituted. */
export function parsePromQL(expr: string): PromQLInfo {
  return chartParse(expr) ?? cached(promCache, expr, (e) => chartRuleParse(e) ?? parsePromQLUncached(e));
}

/** parsePromQL without the generated chart parses and the cache (for the generator and its drift test). */
export function parsePromQLUncached(expr: string): PromQLInfo {
  const fn = VARIABLE_FUNCTION.exec(expr);
  if (fn) {
    const [, name, args] = fn as unknown as [string, string, string];
    const offset = expr.indexOf("(") + 1;
    const empty: PromQLInfo = { errors: [], metrics: [], selectors: [], labelsBySelector: {}, groupingLabels: [] };
    const inner = (sel: string, at: number, labels: string[]): PromQLInfo => {
      if (sel.trim() === "") return { ...empty, groupingLabels: labels };
      const r = parsePromQL(sel);
      return {
        ...r,
        errors: r.errors.map((e) => e.replace(/at position (\d+)/, (_, p: string) => `at position ${Number(p) + at}`)),
        groupingLabels: sortedUnique([...r.groupingLabels, ...labels]),
      };
    };
    if (name === "label_values") {
      const parts = splitLastTopLevelComma(args);
      const label = (parts ? parts[1] : args).trim();
      const r = parts === undefined ? { ...empty, groupingLabels: [label] } : inner(parts[0], offset, [label]);
      if (!LABEL_NAME.test(label)) {
        const at = offset + (parts ? parts[0].length + 1 : 0);
        // Not a label name: most likely a broken selector; report its syntax errors too.
        const sel = parts === undefined ? inner(args, offset, []) : r;
        return { ...r, errors: [...sel.errors, `syntax error at position ${at}: label_values expects a label name as its last argument, got ${JSON.stringify(label)}`] };
      }
      return r;
    }
    if (name === "label_names" || name === "query_result") return inner(args, offset, []);
    return empty; // metrics(regex)
  }

  const sub = substituteVariables(expr);
  const tree = promParser.parse(sub.text);
  const errors = syntaxErrors(tree, sub, expr);
  const selectors: PromSelector[] = [];
  const grouping: string[] = [];
  const text = (n: SyntaxNode) => sub.text.slice(n.from, n.to);

  tree.iterate({
    enter: (ref) => {
      const n = ref.node;
      if (n.name === "VectorSelector") {
        const sel: PromSelector = { matchers: [] };
        for (const c of children(n)) {
          if (c.name === "Identifier") sel.metric = text(c);
          if (c.name !== "LabelMatchers") continue;
          for (const m of children(c)) {
            if (m.name === "QuotedLabelName") sel.metric = unquote(text(m));
            if (m.name !== "UnquotedLabelMatcher" && m.name !== "QuotedLabelMatcher") continue;
            const nameNode = m.getChild("LabelName") ?? m.getChild("QuotedLabelName");
            const op = m.getChild("MatchOp");
            const value = m.getChild("StringLiteral");
            if (!nameNode || !op || !value) continue;
            const label = nameNode.name === "QuotedLabelName" ? unquote(text(nameNode)) : text(nameNode);
            sel.matchers.push({ label, op: text(op) as LabelMatcher["op"], value: unquote(text(value)) });
          }
        }
        const byName = sel.matchers.find((m) => m.label === "__name__");
        if (sel.metric === undefined && byName) {
          if (byName.op === "=") sel.metric = byName.value;
        }
        selectors.push(sel);
        // `__name__=~"a|b"` with literal alternatives names each metric.
        if (byName && byName.op === "=~" && /^[A-Za-z_:][A-Za-z0-9_:]*(\|[A-Za-z_:][A-Za-z0-9_:]*)*$/.test(byName.value)) {
          for (const alt of byName.value.split("|")) selectors.push({ metric: alt, matchers: sel.matchers.filter((m) => m !== byName) });
        }
      }
      if (n.name === "GroupingLabels") {
        for (const l of children(n)) if (l.name === "LabelName") grouping.push(text(l));
        for (const l of children(n)) if (l.name === "QuotedLabelName") grouping.push(unquote(text(l)));
      }
    },
  });

  return promInfo(errors, selectors, grouping);
}

/** The parse's summary, derived from its selectors and grouping labels. */
function promInfo(errors: string[], selectors: PromSelector[], grouping: string[]): PromQLInfo {
  // No prototype: a metric may be named toString or __proto__.
  const labelsBySelector: Record<string, string[]> = Object.create(null) as Record<string, string[]>;
  for (const s of selectors) {
    const key = s.metric ?? "";
    labelsBySelector[key] = sortedUnique([...(labelsBySelector[key] ?? []), ...s.matchers.map((m) => m.label).filter((l) => l !== "__name__")]);
  }
  return {
    errors,
    metrics: sortedUnique(selectors.flatMap((s) => (s.metric === undefined ? [] : [s.metric]))),
    selectors,
    labelsBySelector,
    groupingLabels: sortedUnique(grouping),
  };
}

/** A parse as the generated file stores it: [selectors as [metric or null, [label, op, value]...], grouping labels, errors]. */
export type CompactPromQL = [[string | null, [string, LabelMatcher["op"], string][]][], string[], string[]];

export function compactPromQL(info: PromQLInfo): CompactPromQL {
  return [info.selectors.map((s) => [s.metric ?? null, s.matchers.map((m) => [m.label, m.op, m.value])]), info.groupingLabels, info.errors];
}

export function expandPromQL([sels, grouping, errors]: CompactPromQL): PromQLInfo {
  return promInfo(
    errors,
    sels.map(([metric, ms]) => ({ ...(metric === null ? {} : { metric }), matchers: ms.map(([label, op, value]) => ({ label, op, value })) })),
    grouping,
  );
}

// ---------------------------------------------------------------------------------------------
// LogQL

export interface LogQLSelector {
  matchers: LabelMatcher[];
  /** The log source the selector pins with `source="..."`, if any. */
  source?: LogSource;
}

export interface LogQLInfo {
  errors: string[];
  /** Every stream selector with its matchers. */
  selectors: LogQLSelector[];
  /** Label names used in stream selectors (sorted, unique). */
  selectorLabels: string[];
  /** Label names used after the selectors: label filters, drop/keep, unwrap, label_format sources, by/without/on/ignoring. */
  queryLabels: string[];
  /** Labels the query creates itself (label_format targets, json/logfmt/regexp/pattern extractions). */
  introducedLabels: string[];
}

/** Labels Loki itself attaches to lines that fail a stage. */
const LOKI_BUILTIN_LABELS = ["__error__", "__error_details__"];

/** Parses a LogQL expression (or a Grafana Loki variable query) with Grafana variables substituted. */
export function parseLogQL(expr: string): LogQLInfo {
  return cached(logqlCache, expr, parseLogQLUncached);
}

function parseLogQLUncached(expr: string): LogQLInfo {
  // Grafana's Loki variable queries: label_names(), label_values(label), label_values(selector, label).
  const fn = /^\s*(label_values|label_names)\s*\(([\s\S]*)\)\s*$/.exec(expr);
  if (fn) {
    const args = fn[2]!;
    const parts = splitLastTopLevelComma(args);
    const empty: LogQLInfo = { errors: [], selectors: [], selectorLabels: [], queryLabels: [], introducedLabels: [] };
    if (fn[1] === "label_names") return empty;
    if (parts === undefined) return { ...empty, selectorLabels: [args.trim()].filter((l) => l !== "") };
    const offset = expr.indexOf("(") + 1;
    const r = parseLogQL(parts[0]);
    return {
      ...r,
      errors: r.errors.map((e) => e.replace(/at position (\d+)/, (_, p: string) => `at position ${Number(p) + offset}`)),
      // The label whose values are listed must be a stream label: Loki's label API knows only index labels.
      selectorLabels: sortedUnique([...r.selectorLabels, parts[1].trim()]),
    };
  }

  const sub = substituteVariables(expr);
  const tree = logqlParser.parse(sub.text);
  const errors = syntaxErrors(tree, sub, expr);
  const text = (n: SyntaxNode) => sub.text.slice(n.from, n.to);
  const selectors: LogQLSelector[] = [];
  const used: string[] = [];
  const introduced: string[] = [];

  tree.iterate({
    enter: (ref) => {
      const n = ref.node;
      switch (n.name) {
        case "Selector": {
          const sel: LogQLSelector = { matchers: [] };
          for (const m of descendants(n, "Matcher")) {
            const [id, op, value] = children(m);
            if (!id || !op || !value || id.name !== "Identifier") continue;
            sel.matchers.push({ label: text(id), op: text(op) as LabelMatcher["op"], value: unquote(text(value)) });
          }
          const src = sel.matchers.find((m) => m.label === "source" && m.op === "=");
          if (src && (LOG_SOURCES as readonly string[]).includes(src.value)) sel.source = src.value as LogSource;
          selectors.push(sel);
          return false;
        }
        case "Matcher":
        case "NumberFilter":
        case "DurationFilter":
        case "BytesFilter":
        case "IpLabelFilter":
        case "DropLabel":
        case "KeepLabel":
        case "UnwrapExpr": {
          const id = n.getChild("Identifier");
          if (id) used.push(text(id));
          return;
        }
        case "Labels":
          for (const id of n.getChildren("Identifier")) used.push(text(id));
          return;
        case "LabelName":
          used.push(text(n));
          return;
        case "LabelFormatMatcher": {
          const ids = n.getChildren("Identifier");
          if (ids[0]) introduced.push(text(ids[0]));
          if (ids[1]) used.push(text(ids[1]));
          return;
        }
        case "LabelExtractionExpression": {
          const id = n.getChild("Identifier");
          if (id) introduced.push(text(id));
          return;
        }
        case "LabelParser": {
          const kind = n.firstChild?.name;
          const str = n.getChild("String");
          if (!str) return;
          const body = unquote(text(str));
          if (kind === "Regexp") for (const m of body.matchAll(/\(\?P?<([A-Za-z_][A-Za-z0-9_]*)>/g)) introduced.push(m[1]!);
          if (kind === "Pattern") for (const m of body.matchAll(/<([A-Za-z_][A-Za-z0-9_]*)>/g)) if (m[1] !== "_") introduced.push(m[1]!);
          return;
        }
      }
      return;
    },
  });

  return {
    errors,
    selectors,
    selectorLabels: sortedUnique(selectors.flatMap((s) => s.matchers.map((m) => m.label))),
    queryLabels: sortedUnique(used),
    introducedLabels: sortedUnique(introduced),
  };
}

// ---------------------------------------------------------------------------------------------
// Dashboards

export interface DashboardQuery {
  /** `panel "<title>"` or `variable "<name>"`. */
  panel: string;
  datasourceUid: string;
  expr: string;
}

interface PanelJson {
  type?: string;
  title?: string;
  id?: number;
  datasource?: { uid?: string } | string | null;
  targets?: { expr?: unknown; datasource?: { uid?: string } | string | null }[];
  panels?: PanelJson[];
}

const uidOf = (ds: PanelJson["datasource"]): string | undefined =>
  ds === null || ds === undefined ? undefined : typeof ds === "string" ? ds : ds.uid;

/** Every query of a dashboard: panel targets (rows' nested panels included) and query variables. */
export function extractDashboardQueries(def: DashboardDef): DashboardQuery[] {
  const json = def.json as { panels?: PanelJson[]; templating?: { list?: Record<string, unknown>[] } };
  const out: DashboardQuery[] = [];
  const visit = (panels: PanelJson[] | undefined) => {
    for (const p of panels ?? []) {
      if (p.type === "row") {
        visit(p.panels);
        continue;
      }
      const name = `panel ${JSON.stringify(p.title ?? `#${p.id ?? "?"}`)}`;
      for (const t of p.targets ?? []) {
        if (typeof t.expr !== "string") continue;
        out.push({ panel: name, datasourceUid: uidOf(t.datasource) ?? uidOf(p.datasource) ?? "", expr: t.expr });
      }
      visit(p.panels);
    }
  };
  visit(json.panels);
  for (const v of json.templating?.list ?? []) {
    if (v["type"] !== "query") continue;
    const q = v["query"];
    const expr = typeof q === "string" ? q : q !== null && typeof q === "object" && typeof (q as { query?: unknown }).query === "string" ? (q as { query: string }).query : typeof v["definition"] === "string" ? (v["definition"] as string) : "";
    out.push({ panel: `variable ${JSON.stringify(String(v["name"]))}`, datasourceUid: uidOf(v["datasource"] as PanelJson["datasource"]) ?? "", expr });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// The check

export interface RuleQuery {
  group: string;
  alert?: string;
  record?: string;
  expr: string;
}

/** A dashboard whose queries are carried as facts (kube-prometheus-stack's ConfigMaps, src/dashboards/kps). */
export interface ChartDashboardInput {
  title: string;
  /** Datasource-type variables: name → plugin type. */
  datasourceVariables: Record<string, string>;
  queries: { where: string; datasource: string; selectors: string[] }[];
  /** Metrics a panel reads that the stack knowingly cannot answer (metric → why): not reported. */
  absentMetrics?: Record<string, string>;
}

/** A recording rule the chart installs, by its record and the selectors of its expression. */
export interface ChartRecordInput {
  group: string;
  record: string;
  selectors: string[];
}

export interface CheckInput {
  dashboards: DashboardDef[];
  rules: RuleQuery[];
  /** Chart dashboards shipped by reference: their selectors are checked like any query. */
  chartDashboards?: ChartDashboardInput[];
  /** The chart's enabled recording rules: a record is known when every metric its expression reads is. */
  chartRecords?: ChartRecordInput[];
  /** The profile's alloy.staticLabels: also stream labels of every log line. */
  staticLabels?: Record<string, string>;
  /** Metrics the Alloy pipelines make from log lines (src/pipeline/metrics.ts, derived from the configs). */
  pipelineMetrics?: readonly MetricDef[];
  /** The profile's own dashboards, checked like the stack's; `where` names the profile path. */
  userDashboards?: { where: string; def: DashboardDef }[];
  /** Metrics the profile's own sources declare (names, or prefixes ending in *): known to its dashboards. */
  declaredMetrics?: readonly string[];
}

function promProblems(expr: string, known: ReadonlySet<string>, alsoKnown: (metric: string) => boolean = () => false, hint = ""): string[] {
  const info = parsePromQL(expr);
  if (info.errors.length > 0) return info.errors;
  return info.metrics.filter((m) => !known.has(m) && !alsoKnown(m)).map((m) => `unknown metric ${m}${hint}`);
}

const DECLARE_HINT =
  " (the stack does not collect it: declare it with metrics: [...] on the monitor, exporter or Alloy pipeline it comes from)";

function logqlProblems(expr: string, staticLabels: Record<string, string>): string[] {
  const info = parseLogQL(expr);
  if (info.errors.length > 0) return info.errors;
  const problems: string[] = [];
  const statics = Object.keys(staticLabels);
  const anySelector = selectorLabels(staticLabels);
  const anyLabel = queryLabels(staticLabels);
  const after = new Set<string>([...LOKI_BUILTIN_LABELS, ...info.introducedLabels]);
  for (const sel of info.selectors) {
    const allowed = sel.source ? new Set([...INDEX_LABELS[sel.source], ...statics]) : anySelector;
    for (const m of sel.matchers) {
      if (!allowed.has(m.label)) {
        problems.push(
          anySelector.has(m.label)
            ? `label ${m.label} is not a stream label of source="${sel.source}" (stream labels: ${[...allowed].join(", ")})`
            : STRUCTURED_METADATA.pods.includes(m.label) || STRUCTURED_METADATA.events.includes(m.label)
              ? `label ${m.label} is structured metadata, not a stream label: filter it after the selector (| ${m.label}=...)`
              : `unknown stream label ${m.label}`,
        );
      }
    }
    const labels = sel.source ? [...INDEX_LABELS[sel.source], ...STRUCTURED_METADATA[sel.source], ...statics] : [...anyLabel];
    for (const l of labels) after.add(l);
  }
  if (info.selectors.length === 0) for (const l of anyLabel) after.add(l);
  // Grafana's label_values(selector, label): the listed label must be a stream label.
  for (const l of info.selectorLabels) {
    if (info.selectors.some((s) => s.matchers.some((m) => m.label === l))) continue;
    const sources = info.selectors.flatMap((s) => (s.source ? [s.source] : []));
    const allowed = sources.length > 0 ? new Set([...sources.flatMap((s) => INDEX_LABELS[s]), ...statics]) : anySelector;
    if (!allowed.has(l)) {
      problems.push(
        anyLabel.has(l)
          ? `label ${l} is not a stream label${sources.length > 0 ? ` of source="${sources.join(",")}"` : ""}: Loki's label API lists stream labels only`
          : `unknown stream label ${l}`,
      );
    }
  }
  for (const l of info.queryLabels) if (!after.has(l)) problems.push(`unknown label ${l}`);
  return sortedUnique(problems);
}

/**
 * Checks every dashboard query and alert/recording rule. Returns one message per problem, naming the
 * dashboard and panel (or rule group and rule) and the expression; [] when everything is fine.
 */
/**
 * The chart's records the stack can answer: those whose every selector names a known metric or another
 * answerable record (to a fixpoint). A record over series the stack does not collect stays unknown, and
 * so does every dashboard query reading it.
 */
export function answerableRecords(records: readonly ChartRecordInput[], known: ReadonlySet<string>): Set<string> {
  const ok = new Set<string>();
  for (let changed = true; changed; ) {
    changed = false;
    for (const r of records) {
      if (ok.has(r.record)) continue;
      const metrics = r.selectors.flatMap((sel) => parsePromQL(sel).metrics);
      if (metrics.every((m) => known.has(m) || ok.has(m))) {
        ok.add(r.record);
        changed = true;
      }
    }
  }
  return ok;
}

function variableName(uid: string): string | undefined {
  return /^\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))$/.exec(uid)?.slice(1).find((x) => x !== undefined);
}

export function checkQueries(input: CheckInput): string[] {
  const known = knownMetricNames();
  for (const m of input.pipelineMetrics ?? []) for (const n of seriesNames(m)) known.add(n);
  for (const r of input.rules) if (r.record) known.add(r.record);
  for (const r of answerableRecords(input.chartRecords ?? [], known)) known.add(r);
  const staticLabels = input.staticLabels ?? {};
  const out: string[] = [];
  for (const d of input.chartDashboards ?? []) {
    for (const q of d.queries) {
      const where = `dashboard ${JSON.stringify(d.title)}, ${q.where}`;
      // The chart's panels run on its `datasource` variable, which Grafana resolves to the default
      // Prometheus datasource; anything else would not be a Prometheus query.
      const v = variableName(q.datasource);
      if (q.datasource !== DATASOURCES.prometheus.uid && (v === undefined || d.datasourceVariables[v] !== DATASOURCES.prometheus.type)) {
        out.push(`${where}: datasource ${JSON.stringify(q.datasource)} is neither the stack's Prometheus nor a Prometheus datasource variable`);
        continue;
      }
      // Metrics the chart's dashboard only tests for absence count as known (without copying `known`
      // for every selector, which made this loop grow with selectors × metrics).
      const absent = (m: string) => d.absentMetrics !== undefined && Object.hasOwn(d.absentMetrics, m);
      for (const sel of q.selectors) {
        for (const p of promProblems(sel, known, absent)) out.push(`${where}: ${p} in ${sel}`);
      }
    }
  }
  const declared = input.declaredMetrics ?? [];
  const isDeclared = (m: string) => declared.some((p) => (p.endsWith("*") ? m.startsWith(p.slice(0, -1)) : m === p));
  const all = [
    ...input.dashboards.map((def) => ({ prefix: "", def, user: false })),
    ...(input.userDashboards ?? []).map((u) => ({ prefix: `profile ${u.where}: `, def: u.def, user: true })),
  ];
  for (const { prefix, def: d, user } of all) {
    for (const q of extractDashboardQueries(d)) {
      const where = `${prefix}dashboard ${JSON.stringify(d.title)}, ${q.panel}`;
      let problems: string[];
      // A panel of the profile's without a datasource runs on Grafana's default one: the stack's Prometheus.
      const uid = user && q.datasourceUid === "" ? DATASOURCES.prometheus.uid : q.datasourceUid;
      if (uid === DATASOURCES.prometheus.uid) problems = user ? promProblems(q.expr, known, isDeclared, DECLARE_HINT) : promProblems(q.expr, known);
      else if (uid === DATASOURCES.loki.uid) problems = logqlProblems(q.expr, staticLabels);
      else problems = [`datasource uid ${JSON.stringify(q.datasourceUid)} is not one of the stack's (${DATASOURCES.prometheus.uid}, ${DATASOURCES.loki.uid})`];
      if (q.expr.trim() === "") problems.push("empty query");
      for (const p of problems) out.push(`${where}: ${p} in ${q.expr}`);
    }
  }
  for (const r of input.rules) {
    const where = `rule group ${JSON.stringify(r.group)}, ${r.alert !== undefined ? `alert ${JSON.stringify(r.alert)}` : `record ${JSON.stringify(r.record ?? "?")}`}`;
    for (const p of promProblems(r.expr, known)) out.push(`${where}: ${p} in ${r.expr}`);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Alloy allowlist

/** Series every scrape adds; kept for node-exporter/Kepler when a query selects them with that job. */
const SCRAPE_SERIES = new Set(["up", "scrape_duration_seconds", "scrape_samples_scraped", "scrape_samples_post_metric_relabeling", "scrape_series_added"]);

function familyIndex(defs: readonly MetricDef[]): Map<string, string[]> {
  const m = new Map<string, string[]>();
  for (const d of defs) {
    const all = seriesNames(d);
    for (const n of all) m.set(n, all);
  }
  return m;
}

/** Whether the selector's job matchers (if any) let series of the given job through. */
function selectsJob(sel: PromSelector, job: string): boolean {
  return sel.matchers
    .filter((m) => m.label === "job")
    .every((m) => {
      if (m.op === "=") return m.value === job;
      if (m.op === "!=") return m.value !== job;
      try {
        const matches = new RegExp(`^(?:${m.value})$`).test(job);
        return m.op === "=~" ? matches : !matches;
      } catch {
        return true; // a regex JavaScript cannot read (RE2 syntax): keep rather than lose data
      }
    });
}

/**
 * The node-exporter and Kepler series names the queries use (sorted, unique), for Alloy to keep only
 * those. A histogram or summary used through any of its series keeps all of them (_bucket, _sum, _count);
 * `up` and the other scrape series are kept for a source when some query's selector lets that source's
 * job through (`up{job="node-exporter"}`, `count(up == 0)`, but not `up{job="alloy"}`), since Alloy's
 * allowlist sits after its scrape. LogQL queries may be
 * passed along with PromQL: they are recognised and skipped.
 */
export function deriveNodeAllowlist(queries: string[]): { nodeExporter: string[]; kepler: string[] } {
  const node = familyIndex(NODE_EXPORTER_METRICS);
  const kepler = familyIndex(KEPLER_METRICS);
  const keep = { nodeExporter: new Set<string>(), kepler: new Set<string>() };
  for (const q of queries) {
    const info = parsePromQL(q);
    // LogQL among the queries names no series: skip what only LogQL parses.
    if (info.errors.length > 0 && parseLogQL(q).errors.length === 0) continue;
    for (const sel of info.selectors) {
      // {__name__=~"node_memory_.+"}: every catalogued name the regex matches (literal alternatives are
      // already split into selectors by parsePromQL).
      const byRegex = sel.matchers.find((m) => m.label === "__name__" && m.op === "=~");
      if (sel.metric === undefined && byRegex) {
        let re: RegExp | undefined;
        try {
          re = new RegExp(`^(?:${byRegex.value})$`);
        } catch {
          re = undefined;
        }
        for (const [n, family] of [...node, ...kepler]) {
          if (re === undefined || !re.test(n)) continue;
          const into = node.has(n) ? keep.nodeExporter : keep.kepler;
          for (const f of family) into.add(f);
        }
      }
      const name = sel.metric;
      if (name === undefined) continue;
      for (const n of node.get(name) ?? []) keep.nodeExporter.add(n);
      for (const n of kepler.get(name) ?? []) keep.kepler.add(n);
      if (SCRAPE_SERIES.has(name)) {
        if (selectsJob(sel, "node-exporter")) keep.nodeExporter.add(name);
        if (selectsJob(sel, "kepler")) keep.kepler.add(name);
      }
    }
  }
  return { nodeExporter: [...keep.nodeExporter].sort(), kepler: [...keep.kepler].sort() };
}
