// Stack overview: is every part of the stack up, and how full is it.
import { DashboardBuilder, RowBuilder } from "@grafana/grafana-foundation-sdk/dashboard";
import { PanelBuilder as TimeseriesPanel } from "@grafana/grafana-foundation-sdk/timeseries";
import { PanelBuilder as StatPanel } from "@grafana/grafana-foundation-sdk/stat";
import { DataqueryBuilder as PromQuery } from "@grafana/grafana-foundation-sdk/prometheus";
import { DataqueryBuilder as LokiQuery } from "@grafana/grafana-foundation-sdk/loki";
import { DATASOURCES } from "./datasources.ts";

export interface DashboardDef {
  /** Stable uid and CR name. */
  uid: string;
  title: string;
  json: unknown;
}

const prom = (expr: string, legend: string) => new PromQuery().expr(expr).legendFormat(legend).datasource(DATASOURCES.prometheus);

export function stackOverview(): DashboardDef {
  const uid = "obstack-overview";
  const dashboard = new DashboardBuilder("Observability stack overview")
    .uid(uid)
    .tags(["obstack"])
    .refresh("1m")
    .time({ from: "now-6h", to: "now" })
    .withRow(new RowBuilder("Health"))
    .withPanel(
      new StatPanel()
        .title("Targets up")
        .description("Scrape targets of the stack's own components that answer.")
        .datasource(DATASOURCES.prometheus)
        .withTarget(prom('sum by (job) (up{namespace="observability"})', "{{job}}"))
        .height(6)
        .span(12),
    )
    .withPanel(
      new TimeseriesPanel()
        .title("Prometheus TSDB size against retentionSize")
        .datasource(DATASOURCES.prometheus)
        .unit("bytes")
        .withTarget(prom("prometheus_tsdb_storage_blocks_bytes", "{{pod}} blocks"))
        .withTarget(prom("prometheus_tsdb_retention_limit_bytes", "{{pod}} retention limit"))
        .height(8)
        .span(12),
    )
    .withRow(new RowBuilder("Ingestion"))
    .withPanel(
      new TimeseriesPanel()
        .title("Samples appended per second")
        .datasource(DATASOURCES.prometheus)
        .withTarget(prom("sum by (pod) (rate(prometheus_tsdb_head_samples_appended_total[5m]))", "{{pod}}"))
        .height(8)
        .span(12),
    )
    .withPanel(
      new TimeseriesPanel()
        .title("Log lines per second by namespace")
        .datasource(DATASOURCES.loki)
        .withTarget(new LokiQuery().expr("sum by (namespace) (rate({namespace=~\".+\"}[5m]))").legendFormat("{{namespace}}").datasource(DATASOURCES.loki))
        .height(8)
        .span(12),
    );
  return { uid, title: "Observability stack overview", json: dashboard.build() };
}
