// Loki operations: ingestion, errors and retention of the stack's Loki (monolithic, job="loki"), after
// the upstream loki-mixin's Writes, Operational and Retention dashboards (production/loki-mixin/dashboards/
// loki-writes.libsonnet, loki-operational.libsonnet, loki-retention.libsonnet @ v3.7.6), reduced to one
// Loki. Metric names at v3.7.6: pkg/distributor, pkg/validation/validate.go:131, pkg/compactor/metrics.go,
// pkg/util/log/log.go:138, pkg/util/server/recovery.go:25.
import { LOKI_SERVICE } from "../wiring/names.ts";
import { RowBuilder, dashboard, finish, prom, stat, timeseries } from "./common.ts";
import type { DashboardDef } from "./types.ts";

export const LOKI_UID = "obstack-loki";

const job = `job="${LOKI_SERVICE}"`;
/** The push routes (loki-writes.libsonnet: api_prom_push|loki_api_v1_push|otlp_v1_logs). */
const push = `${job}, route=~"api_prom_push|loki_api_v1_push|otlp_v1_logs"`;
const rate = (sel: string) => `rate(${sel}[$__rate_interval])`;

export function lokiDashboard(): DashboardDef {
  const d = dashboard(LOKI_UID, "Loki operations", "Ingestion, errors and retention of the stack's Loki.")
    .withRow(new RowBuilder("Ingestion"))
    .withPanel(timeseries("Lines received per second", [prom(`sum(${rate(`loki_distributor_lines_received_total{${job}}`)})`, "lines/s")], { unit: "short", w: 8 }))
    .withPanel(
      timeseries(
        "Bytes received per second",
        [
          prom(`sum(${rate(`loki_distributor_bytes_received_total{${job}}`)})`, "log lines"),
          prom(`sum(${rate(`loki_distributor_structured_metadata_bytes_received_total{${job}}`)})`, "structured metadata"),
        ],
        { unit: "Bps", w: 8 },
      ),
    )
    .withPanel(
      timeseries("Push requests per second by status", [prom(`sum by (status_code) (${rate(`loki_request_duration_seconds_count{${push}}`)})`, "{{status_code}}")], {
        unit: "reqps",
        w: 8,
      }),
    )
    .withPanel(
      timeseries(
        "Push latency",
        [
          prom(`histogram_quantile(0.99, sum by (le) (${rate(`loki_request_duration_seconds_bucket{${push}}`)}))`, "p99"),
          prom(`histogram_quantile(0.50, sum by (le) (${rate(`loki_request_duration_seconds_bucket{${push}}`)}))`, "p50"),
        ],
        { unit: "s", w: 8 },
      ),
    )
    .withPanel(timeseries("Streams in memory", [prom(`sum(loki_ingester_memory_streams{${job}})`, "streams")], { w: 8 }))
    .withPanel(
      timeseries("Chunks flushed per second by reason", [prom(`sum by (reason) (${rate(`loki_ingester_chunks_flushed_total{${job}}`)})`, "{{reason}}")], { w: 8 }),
    )
    .withRow(new RowBuilder("Errors"))
    .withPanel(
      timeseries("Discarded lines per second by reason", [prom(`sum by (reason) (${rate(`loki_discarded_samples_total{${job}}`)})`, "{{reason}}")], {
        description: "Lines Loki refused (rate limits, too old, line too long, ...): the sender gets an error and Alloy retries or drops.",
        w: 8,
      }),
    )
    .withPanel(
      timeseries("5xx responses per second by route", [prom(`sum by (route) (${rate(`loki_request_duration_seconds_count{${job}, status_code=~"5.."}`)})`, "{{route}}")], {
        unit: "reqps",
        w: 8,
      }),
    )
    .withPanel(
      timeseries("Loki's own error and warning logs per second", [prom(`sum by (level) (${rate(`loki_internal_log_messages_total{${job}, level=~"error|warn"}`)})`, "{{level}}")], {
        w: 8,
      }),
    )
    .withPanel(stat("Panics (24h)", [prom(`sum(increase(loki_panic_total{${job}}[24h])) or vector(0)`)], { w: 8 }))
    .withPanel(
      stat("WAL disk-full failures (24h)", [prom(`sum(increase(loki_ingester_wal_disk_full_failures_total{${job}}[24h])) or vector(0)`)], { w: 8 }),
    )
    .withPanel(stat("WAL corruptions (24h)", [prom(`sum(increase(loki_ingester_wal_corruptions_total{${job}}[24h])) or vector(0)`)], { w: 8 }))
    .withRow(new RowBuilder("Retention (compactor)"))
    .withPanel(
      stat("Since the last successful retention run", [prom(`time() - max(loki_compactor_apply_retention_last_successful_run_timestamp_seconds{${job}})`)], {
        description: "Retention deletes nothing while this grows (the LokiRetentionNotRunning alert fires after 3h).",
        unit: "s",
        w: 8,
      }),
    )
    .withPanel(
      stat("Since the last successful compaction", [prom(`time() - max(loki_boltdb_shipper_compact_tables_operation_last_successful_run_timestamp_seconds{${job}})`)], {
        unit: "s",
        w: 8,
      }),
    )
    .withPanel(
      timeseries("Retention runs by status", [prom(`sum by (status) (increase(loki_compactor_apply_retention_operation_total{${job}}[1h]))`, "{{status}}")], { w: 8 }),
    )
    .withPanel(
      timeseries("Retention run duration", [prom(`max(loki_compactor_apply_retention_operation_duration_seconds{${job}})`, "duration")], { unit: "s", w: 12 }),
    )
    .withPanel(
      timeseries("Compaction duration", [prom(`max(loki_boltdb_shipper_compact_tables_operation_duration_seconds{${job}})`, "duration")], { unit: "s", w: 12 }),
    );
  return finish(d);
}
