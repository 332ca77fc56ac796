// Building blocks shared by the stack's dashboards: queries bound to the stable datasource uids,
// panels with the stack's defaults, template variables, and the final pass that numbers panels
// and query refIds (the SDK leaves both to the caller).
import * as cog from "@grafana/grafana-foundation-sdk/cog";
import {
  CustomVariableBuilder,
  DashboardBuilder,
  QueryVariableBuilder,
  RowBuilder,
  TextBoxVariableBuilder,
  VariableRefresh,
  VariableSort,
} from "@grafana/grafana-foundation-sdk/dashboard";
import {
  BarGaugeDisplayMode,
  LegendDisplayMode,
  LegendPlacement,
  LogsSortOrder,
  ReduceDataOptionsBuilder,
  SortOrder,
  StackingConfigBuilder,
  StackingMode,
  TooltipDisplayMode,
  VizLegendOptionsBuilder,
  VizTooltipOptionsBuilder,
} from "@grafana/grafana-foundation-sdk/common";
import { PanelBuilder as TimeseriesPanel } from "@grafana/grafana-foundation-sdk/timeseries";
import { PanelBuilder as StatPanel } from "@grafana/grafana-foundation-sdk/stat";
import { PanelBuilder as TablePanel } from "@grafana/grafana-foundation-sdk/table";
import { PanelBuilder as LogsPanel } from "@grafana/grafana-foundation-sdk/logs";
import { PanelBuilder as BarGaugePanel } from "@grafana/grafana-foundation-sdk/bargauge";
import { DataqueryBuilder as PromQuery, PromQueryFormat } from "@grafana/grafana-foundation-sdk/prometheus";
import { DataqueryBuilder as LokiQuery } from "@grafana/grafana-foundation-sdk/loki";
import { DATASOURCES } from "./datasources.ts";
import type { DashboardDef } from "./types.ts";

export { DashboardBuilder, RowBuilder };

type DsRef = { type: string; uid: string };
/** A query with the datasource it runs on. */
export interface Query {
  ds: DsRef;
  builder: cog.Builder<cog.Dataquery>;
}

/** A PromQL range query. */
export function prom(expr: string, legend = ""): Query {
  return { ds: DATASOURCES.prometheus, builder: new PromQuery().expr(expr).legendFormat(legend).range().datasource(DATASOURCES.prometheus) };
}

/** A PromQL instant query returned as a table (one row per series, labels as columns). */
export function promTable(expr: string): Query {
  return { ds: DATASOURCES.prometheus, builder: new PromQuery().expr(expr).instant().format(PromQueryFormat.Table).datasource(DATASOURCES.prometheus) };
}

/** A LogQL query (metric or log). */
export function loki(expr: string, legend = ""): Query {
  return { ds: DATASOURCES.loki, builder: new LokiQuery().expr(expr).legendFormat(legend).datasource(DATASOURCES.loki) };
}

export interface PanelOpts {
  description?: string;
  unit?: string;
  /** Width in grid columns (of 24). */
  w?: number;
  h?: number;
  min?: number;
  max?: number;
  stacked?: boolean;
}

function datasourceOf(title: string, queries: Query[]): DsRef {
  const first = queries[0];
  if (!first) throw new Error(`panel ${title} has no query`);
  if (queries.some((q) => q.ds.uid !== first.ds.uid)) throw new Error(`panel ${title} mixes datasources`);
  return first.ds;
}

type Common = { title(t: string): unknown; description(d: string): unknown; datasource(d: DsRef): unknown; withTarget(t: cog.Builder<cog.Dataquery>): unknown; height(h: number): unknown; span(w: number): unknown };
function common<T extends Common>(p: T, title: string, queries: Query[], o: PanelOpts, h: number, w: number): T {
  p.title(title);
  if (o.description) p.description(o.description);
  p.datasource(datasourceOf(title, queries));
  for (const q of queries) p.withTarget(q.builder);
  p.height(o.h ?? h);
  p.span(o.w ?? w);
  return p;
}

export function timeseries(title: string, queries: Query[], o: PanelOpts = {}): TimeseriesPanel {
  const p = common(new TimeseriesPanel(), title, queries, o, 8, 12)
    .legend(new VizLegendOptionsBuilder().showLegend(true).displayMode(LegendDisplayMode.List).placement(LegendPlacement.Bottom).calcs([]))
    .tooltip(new VizTooltipOptionsBuilder().mode(TooltipDisplayMode.Multi).sort(SortOrder.Descending))
    .fillOpacity(o.stacked ? 30 : 10);
  if (o.stacked) p.stacking(new StackingConfigBuilder().mode(StackingMode.Normal));
  if (o.unit) p.unit(o.unit);
  if (o.min !== undefined) p.min(o.min);
  if (o.max !== undefined) p.max(o.max);
  return p;
}

export function stat(title: string, queries: Query[], o: PanelOpts = {}): StatPanel {
  const p = common(new StatPanel(), title, queries, o, 5, 6).reduceOptions(new ReduceDataOptionsBuilder().calcs(["lastNotNull"]).values(false));
  if (o.unit) p.unit(o.unit);
  if (o.min !== undefined) p.min(o.min);
  if (o.max !== undefined) p.max(o.max);
  return p;
}

export function bargauge(title: string, queries: Query[], o: PanelOpts = {}): BarGaugePanel {
  const p = common(new BarGaugePanel(), title, queries, o, 8, 12)
    .displayMode(BarGaugeDisplayMode.Gradient)
    .reduceOptions(new ReduceDataOptionsBuilder().calcs(["lastNotNull"]).values(false));
  if (o.unit) p.unit(o.unit);
  if (o.min !== undefined) p.min(o.min);
  if (o.max !== undefined) p.max(o.max);
  return p;
}

/** A table of instant-query rows; the Time and Value columns are dropped unless `keepValue`. */
export function table(title: string, queries: Query[], o: PanelOpts & { keepValue?: boolean } = {}): TablePanel {
  const p = common(new TablePanel(), title, queries, o, 8, 12)
    .filterable(true)
    .withTransformation({ id: "merge", options: {} })
    .withTransformation({
      id: "organize",
      options: { excludeByName: { Time: true, __name__: true, ...(o.keepValue ? {} : { Value: true }) }, renameByName: {}, indexByName: {} },
    });
  if (o.unit) p.unit(o.unit);
  return p;
}

export function logs(title: string, queries: Query[], o: PanelOpts = {}): LogsPanel {
  return common(new LogsPanel(), title, queries, o, 12, 24)
    .showTime(true)
    .wrapLogMessage(true)
    .enableLogDetails(true)
    .sortOrder(LogsSortOrder.Descending);
}

export interface VariableOpts {
  label?: string;
  multi?: boolean;
  includeAll?: boolean;
  /** Value of "All" (default `.*`). */
  allValue?: string;
  /** Selected value (default: All when includeAll, else the first value). */
  current?: string;
  regex?: string;
}

function queryVariable(ds: DsRef, name: string, query: string, o: VariableOpts): QueryVariableBuilder {
  const includeAll = o.includeAll ?? true;
  const v = new QueryVariableBuilder(name)
    .label(o.label ?? name)
    .datasource(ds)
    .query(query)
    .definition(query)
    .refresh(VariableRefresh.OnTimeRangeChanged)
    .sort(VariableSort.AlphabeticalAsc)
    .multi(o.multi ?? true)
    .includeAll(includeAll);
  if (includeAll) v.allValue(o.allValue ?? ".*");
  if (o.regex) v.regex(o.regex);
  const current = o.current ?? (includeAll ? "$__all" : undefined);
  if (current !== undefined) v.current({ text: current === "$__all" ? "All" : current, value: current });
  return v;
}

/** A query variable on Prometheus (`label_values(metric{...}, label)`). */
export function promVariable(name: string, query: string, o: VariableOpts = {}): QueryVariableBuilder {
  return queryVariable(DATASOURCES.prometheus, name, query, o);
}

/** A query variable on Loki (`label_values({selector}, label)`: index labels only). */
export function lokiVariable(name: string, query: string, o: VariableOpts = {}): QueryVariableBuilder {
  return queryVariable(DATASOURCES.loki, name, query, o);
}

export function customVariable(name: string, values: string[], o: VariableOpts = {}): CustomVariableBuilder {
  const includeAll = o.includeAll ?? true;
  const v = new CustomVariableBuilder(name)
    .label(o.label ?? name)
    .values(values.join(","))
    .multi(o.multi ?? true)
    .includeAll(includeAll);
  if (includeAll) v.allValue(o.allValue ?? ".*");
  const current = o.current ?? (includeAll ? "$__all" : values[0]);
  if (current !== undefined) v.current({ text: current === "$__all" ? "All" : current, value: current });
  return v;
}

export function textVariable(name: string, label: string): TextBoxVariableBuilder {
  return new TextBoxVariableBuilder(name).label(label).defaultValue("").current({ text: "", value: "" });
}

/** A new dashboard with the stack's defaults. */
export function dashboard(uid: string, title: string, description: string): DashboardBuilder {
  return new DashboardBuilder(title)
    .uid(uid)
    .description(description)
    .tags(["obstack"])
    .refresh("1m")
    .time({ from: "now-6h", to: "now" })
    .timezone("browser")
    .readonly();
}

const REF_IDS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";

/** Builds the dashboard and numbers its panels (1, 2, ...) and every panel's query refIds (A, B, ...). */
export function finish(builder: DashboardBuilder): DashboardDef {
  const json = builder.build() as unknown as { uid: string; title: string; panels?: Record<string, unknown>[] };
  let id = 0;
  const visit = (panels: Record<string, unknown>[] | undefined) => {
    for (const p of panels ?? []) {
      p["id"] = ++id;
      const targets = p["targets"] as Record<string, unknown>[] | undefined;
      targets?.forEach((t, i) => (t["refId"] = REF_IDS[i] ?? `Q${i}`));
      visit(p["panels"] as Record<string, unknown>[] | undefined);
    }
  };
  visit(json.panels);
  return { uid: json.uid, title: json.title, json };
}
