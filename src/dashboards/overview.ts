// Stack overview: is every part of the stack up and writing, and how full is it.
import { CLAIMS } from "../wiring/names.ts";
import { RowBuilder, bargauge, dashboard, finish, loki, prom, promTable, stat, table, timeseries } from "./common.ts";
import type { DashboardDef } from "./types.ts";

export type { DashboardDef } from "./types.ts";

export const OVERVIEW_UID = "obstack-overview";

/** The claims of the stack's volumes as regexes: every component of CLAIMS (the names the local volumes
 * are bound to), any replica ordinal. A component added there appears in the panels without an edit here. */
export const STACK_CLAIMS = Object.fromEntries(Object.entries(CLAIMS).map(([c, name]) => [c, name("[0-9]+")])) as {
  [C in keyof typeof CLAIMS]: string;
};

const rate = (sel: string) => `rate(${sel}[$__rate_interval])`;

export function stackOverview(): DashboardDef {
  const logClaims = `persistentvolumeclaim=~"${STACK_CLAIMS.loki}|${STACK_CLAIMS.minio}"`;
  const allClaims = `persistentvolumeclaim=~"${Object.values(STACK_CLAIMS).join("|")}"`;
  // Prometheus counts blocks, WAL and head chunks against retentionSize.
  const tsdbBytes = "(prometheus_tsdb_storage_blocks_bytes + prometheus_tsdb_wal_storage_size_bytes + prometheus_tsdb_head_chunks_storage_size_bytes)";
  const alloyNode = 'label_replace(up{job="alloy"} == 1, "node", "$1", "instance", "(.+)")';

  const d = dashboard(OVERVIEW_UID, "Observability stack overview", "Is every part of the stack up and writing, and how full is it.")
    .withRow(new RowBuilder("Health"))
    .withPanel(
      stat("Scrape targets down", [prom("count(up == 0) or vector(0)")], {
        description: "Targets (Prometheus' own scrapes and Alloy's, remote-written) whose last scrape failed.",
        w: 4,
      }),
    )
    .withPanel(
      stat("Nodes without a running Alloy", [prom(`count(kube_node_info unless on(node) ${alloyNode}) or vector(0)`)], {
        description: "Nodes kube-state-metrics knows that no Alloy reports from: their logs and node metrics are missing.",
        w: 4,
      }),
    )
    .withPanel(
      stat("Firing alerts", [prom('count(ALERTS{alertstate="firing", alertname!="Watchdog"}) or vector(0)')], {
        description: "Firing alerts besides the always-firing Watchdog.",
        w: 4,
      }),
    )
    .withPanel(
      table("Nodes without a running Alloy (list)", [promTable(`kube_node_info unless on(node) ${alloyNode}`)], {
        description: "Every node should run one Alloy pod (DaemonSet); a node listed here sends neither logs nor node metrics.",
        w: 12,
        h: 5,
      }),
    )
    .withPanel(
      timeseries("Alloy up per node", [prom('up{job="alloy"}', "{{instance}}")], { min: 0, max: 1, w: 8 }),
    )
    .withPanel(
      timeseries("Alloy running components per node", [prom('sum by (instance) (alloy_component_controller_running_components{job="alloy"})', "{{instance}}")], {
        w: 8,
      }),
    )
    .withPanel(
      table("Alloy versions", [promTable('count by (version) (alloy_build_info{job="alloy"})')], { keepValue: true, w: 8 }),
    )
    .withRow(new RowBuilder("Ingestion"))
    .withPanel(
      timeseries("Samples scraped per second by job", [prom("sum by (job) (sum_over_time(scrape_samples_post_metric_relabeling[5m])) / 300", "{{job}}")], {
        description: "Samples per scrape summed over five minutes, per second: Prometheus' scrapes and Alloy's (remote-written).",
        unit: "short",
        stacked: true,
      }),
    )
    .withPanel(
      timeseries("Samples appended per second per Prometheus", [prom(`sum by (pod) (${rate("prometheus_tsdb_head_samples_appended_total")})`, "{{pod}}")], {
        unit: "short",
      }),
    )
    .withPanel(
      timeseries("Log lines per second by source", [loki('sum by (source) (rate({source=~"pods|journal|events"}[$__auto]))', "{{source}}")], {
        unit: "short",
        stacked: true,
      }),
    )
    .withPanel(
      timeseries("Log bytes per second by source", [loki('sum by (source) (bytes_rate({source=~"pods|journal|events"}[$__auto]))', "{{source}}")], {
        unit: "Bps",
        stacked: true,
      }),
    )
    .withPanel(
      timeseries("Samples remote-written per second per node", [prom(`sum by (instance) (${rate('prometheus_remote_storage_samples_total{job="alloy"}')})`, "{{instance}}")], {
        unit: "short",
      }),
    )
    .withPanel(
      timeseries("Log entries sent per second per node", [prom(`sum by (instance) (${rate('loki_write_sent_entries_total{job="alloy"}')})`, "{{instance}}")], {
        unit: "short",
      }),
    )
    .withRow(new RowBuilder("Storage"))
    .withPanel(
      timeseries(
        "Prometheus TSDB size against retentionSize",
        [prom(`sum by (pod) ${tsdbBytes}`, "{{pod}} used"), prom("max by (pod) (prometheus_tsdb_retention_limit_bytes)", "{{pod}} retentionSize")],
        { description: "Blocks, WAL and head chunks: what Prometheus compares with retentionSize before deleting blocks.", unit: "bytes", min: 0 },
      ),
    )
    .withPanel(
      bargauge("Prometheus TSDB use of retentionSize", [prom(`sum by (pod) ${tsdbBytes} / sum by (pod) (prometheus_tsdb_retention_limit_bytes)`, "{{pod}}")], {
        unit: "percentunit",
        min: 0,
        max: 1,
      }),
    )
    .withPanel(
      timeseries(
        "Loki and MinIO volumes against capacity",
        [
          prom(`max by (persistentvolumeclaim) (kubelet_volume_stats_used_bytes{${logClaims}})`, "{{persistentvolumeclaim}} used"),
          prom(`max by (persistentvolumeclaim) (kubelet_volume_stats_capacity_bytes{${logClaims}})`, "{{persistentvolumeclaim}} capacity"),
        ],
        { unit: "bytes", min: 0 },
      ),
    )
    .withPanel(
      bargauge(
        "Stack volumes used",
        [
          prom(
            `max by (persistentvolumeclaim) (kubelet_volume_stats_used_bytes{${allClaims}}) / max by (persistentvolumeclaim) (kubelet_volume_stats_capacity_bytes{${allClaims}})`,
            "{{persistentvolumeclaim}}",
          ),
        ],
        { description: "Prometheus, Alertmanager, Loki, MinIO and Grafana claims (kubelet volume stats).", unit: "percentunit", min: 0, max: 1 },
      ),
    )
    .withRow(new RowBuilder("Write errors"))
    .withPanel(
      timeseries(
        "Remote-write failures per node",
        [
          prom(`sum by (instance) (${rate('prometheus_remote_storage_samples_failed_total{job="alloy"}')})`, "{{instance}} failed"),
          prom(`sum by (instance) (${rate('prometheus_remote_storage_samples_retried_total{job="alloy"}')})`, "{{instance}} retried"),
          prom(`sum by (instance) (${rate('prometheus_remote_storage_samples_dropped_total{job="alloy"}')})`, "{{instance}} dropped"),
        ],
        { description: "Samples Alloy could not write to Prometheus.", unit: "short", w: 8 },
      ),
    )
    .withPanel(
      timeseries(
        "Remote-write requests Prometheus rejected",
        [prom(`sum by (pod, code) (${rate('prometheus_http_requests_total{handler="/api/v1/write", code!~"2.."}')})`, "{{pod}} {{code}}")],
        { unit: "reqps", w: 8 },
      ),
    )
    .withPanel(
      timeseries(
        "Loki write errors per node",
        [
          prom(`sum by (instance) (${rate('loki_write_dropped_entries_total{job="alloy"}')})`, "{{instance}} dropped"),
          prom(`sum by (instance) (${rate('loki_write_batch_retries_total{job="alloy"}')})`, "{{instance}} batch retries"),
        ],
        { description: "Log entries Alloy gave up on, and batches it had to retry.", unit: "short", w: 8 },
      ),
    )
    .withPanel(
      table("Firing alerts", [promTable('sum by (alertname, severity, namespace) (ALERTS{alertstate="firing", alertname!="Watchdog"})')], { w: 24, h: 6 }),
    );
  return finish(d);
}
