// The metrics an Alloy configuration makes out of log lines: every `metric.*` block of every
// loki.process `stage.metrics`, with the name Prometheus stores and, where the pipeline shows them,
// the labels its series carry. Derived from the configuration itself (the stack's and the profile's
// pipelines alike), so the query verifier knows them without a hand-kept list.
//
// Alloy facts (internal/component/loki/process/ @ v1.18.1):
//  - the stored name is prefix + name; prefix defaults to "loki_process_custom_", and an empty prefix
//    means the default too (stages/metric.go:19, 47-88);
//  - a series' labels are the log entry's labels at that stage (recordCounter/Histogram: With(labels)),
//    plus component_id and component_path, which Alloy's controller adds to every component's
//    registerer (runtime/internal/controller/node_builtin_component.go:187-190);
//  - loki.source.file adds a `filename` label (source/file/file.go:43).
// The self-scrape then adds job and instance, remote write the external labels.
import { parse } from "../alloy/syntax/parser.ts";
import { unquote } from "../alloy/syntax/validator.ts";
import type { Block, Expr, File, Stmt } from "../alloy/syntax/ast.ts";
import type { MetricDef } from "../queries/catalog.ts";

export const DEFAULT_METRICS_PREFIX = "loki_process_custom_";
/** Labels every component metric gets from Alloy, then from the stack's self-scrape and remote write. */
export const ALLOY_COMPONENT_LABELS = ["component_id", "component_path"] as const;
export const SELF_SCRAPE_LABELS = ["job", "instance", "cluster"] as const;

export interface ProducedMetric extends MetricDef {
  /** The loki.process component that makes it. */
  component: string;
  /** Labels of its series (besides `le` of histograms); undefined when the pipeline does not show them. */
  labels?: string[];
}

const blocks = (body: Stmt[]): Block[] => body.filter((s): s is Block => s.kind === "Block");
const nameOf = (b: Block) => b.name.join(".");

function attrOf(b: Block, name: string): Expr | undefined {
  for (const s of b.body) if (s.kind === "Attribute" && s.name.name === name) return s.value;
  return undefined;
}

function stringOf(e: Expr | undefined): string | undefined {
  return e?.kind === "Literal" && e.tok === "STRING" ? unquote(e.value) : undefined;
}

function stringsOf(e: Expr | undefined): string[] {
  if (e?.kind === "Array") return e.elements.flatMap((x) => stringOf(x) ?? []);
  return [];
}

function keysOf(e: Expr | undefined): string[] {
  return e?.kind === "Object" ? e.fields.map((f) => f.name.name) : [];
}

/** `a.b.c.d` of a reference expression. */
function refPath(e: Expr): string | undefined {
  if (e.kind === "Identifier") return e.ident.name;
  if (e.kind === "Access") {
    const head = refPath(e.value);
    return head === undefined ? undefined : `${head}.${e.name.name}`;
  }
  return undefined;
}

function refsIn(e: Expr | undefined): string[] {
  if (!e) return [];
  if (e.kind === "Array") return e.elements.flatMap((x) => refsIn(x));
  const p = refPath(e);
  return p === undefined ? [] : [p];
}

/** The non-internal labels a discovery.relabel sets on its targets, following its `targets` chain. */
function discoveryLabels(file: File, component: string, seen = new Set<string>()): string[] | undefined {
  if (seen.has(component)) return undefined;
  seen.add(component);
  const b = blocks(file.body).find((x) => `${nameOf(x)}.${x.label}` === component);
  if (!b) return undefined;
  const kind = nameOf(b);
  if (kind === "discovery.kubernetes") return []; // only __meta_* labels
  const upstream = refsIn(attrOf(b, kind === "local.file_match" ? "path_targets" : "targets"));
  let labels: string[] = [];
  for (const r of upstream) {
    const comp = r.split(".").slice(0, -1).join(".");
    const l = discoveryLabels(file, comp, seen);
    if (l === undefined) return undefined;
    labels.push(...l);
  }
  if (kind === "discovery.relabel") {
    for (const rule of blocks(b.body).filter((x) => nameOf(x) === "rule")) {
      const action = stringOf(attrOf(rule, "action")) ?? "replace";
      const target = stringOf(attrOf(rule, "target_label"));
      if (action === "replace" && target && !target.startsWith("__")) labels.push(target);
      if (action === "labeldrop" || action === "labelkeep") return undefined;
    }
  } else if (kind !== "local.file_match") return undefined;
  labels = [...new Set(labels)];
  return labels;
}

/** Labels of the entries a loki.process receives from a loki.source.file, when the chain is visible. */
function entryLabels(file: File, process: Block): string[] | undefined {
  const receiver = `loki.process.${process.label}.receiver`;
  const sources = blocks(file.body).filter((b) => refsIn(attrOf(b, "forward_to")).includes(receiver));
  if (sources.length === 0) return undefined;
  const all: string[] = [];
  for (const s of sources) {
    if (nameOf(s) !== "loki.source.file") return undefined;
    for (const r of refsIn(attrOf(s, "targets"))) {
      const l = discoveryLabels(file, r.split(".").slice(0, -1).join("."));
      if (l === undefined) return undefined;
      all.push(...l);
    }
    all.push("filename");
  }
  return [...new Set(all)];
}

/** The metrics one parsed Alloy configuration makes from log lines. */
export function metricsOf(file: File): ProducedMetric[] {
  const out: ProducedMetric[] = [];
  for (const process of blocks(file.body).filter((b) => nameOf(b) === "loki.process")) {
    const component = `loki.process.${process.label}`;
    let labels = entryLabels(file, process);
    const set = (f: (l: string[]) => string[]) => {
      if (labels !== undefined) labels = [...new Set(f(labels))];
    };
    for (const stage of blocks(process.body)) {
      switch (nameOf(stage)) {
        case "stage.label_keep": {
          const keep = stringsOf(attrOf(stage, "values"));
          set((l) => l.filter((x) => keep.includes(x)));
          break;
        }
        case "stage.label_drop": {
          const drop = stringsOf(attrOf(stage, "values"));
          set((l) => l.filter((x) => !drop.includes(x)));
          break;
        }
        case "stage.labels":
        case "stage.static_labels":
          set((l) => [...l, ...keysOf(attrOf(stage, "values"))]);
          break;
        case "stage.metrics":
          for (const m of blocks(stage.body)) {
            const kind = { "metric.counter": "counter", "metric.gauge": "gauge", "metric.histogram": "histogram" }[nameOf(m)] as MetricDef["kind"] | undefined;
            const name = stringOf(attrOf(m, "name"));
            if (!kind || !name) continue;
            const prefix = stringOf(attrOf(m, "prefix")) || DEFAULT_METRICS_PREFIX;
            out.push({
              name: prefix + name,
              kind,
              component,
              ...(labels ? { labels: [...labels, ...ALLOY_COMPONENT_LABELS, ...SELF_SCRAPE_LABELS].sort() } : {}),
            });
          }
          break;
        case "stage.match":
        case "stage.drop":
        default:
          // Nested stages of a match only apply to some lines; labels they add are not on every series.
          break;
      }
    }
  }
  return out;
}

/** The metrics the given Alloy configurations (text) make from log lines. */
export function producedMetrics(configs: readonly { text: string; filename: string }[]): ProducedMetric[] {
  return configs.flatMap((c) => metricsOf(parse(c.text, c.filename).file));
}
