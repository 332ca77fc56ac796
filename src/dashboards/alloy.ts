// Alloy operations: per node (and the once-per-cluster instance), component health, write errors and
// resources, after the upstream alloy-mixin (operations/alloy-mixin/dashboards/controller.libsonnet,
// prometheus.libsonnet, loki.libsonnet, resources.libsonnet @ v1.18.1). Every Alloy reports with
// job="alloy" and instance = its node name (or alloy-cluster), remote-written to Prometheus.
import { RowBuilder, dashboard, finish, prom, promVariable, timeseries, table, promTable } from "./common.ts";
import type { DashboardDef } from "./types.ts";

export const ALLOY_UID = "obstack-alloy";

const sel = (extra = "") => `{job="alloy", instance=~"$instance"${extra ? `, ${extra}` : ""}}`;
const rate = (metric: string, extra = "") => `rate(${metric}${sel(extra)}[$__rate_interval])`;

export function alloyDashboard(): DashboardDef {
  const d = dashboard(ALLOY_UID, "Alloy operations", "Alloy per node: component health, write errors, resources.")
    .withVariable(promVariable("instance", 'label_values(alloy_build_info{job="alloy"}, instance)', { label: "Node / instance" }))
    .withRow(new RowBuilder("Components"))
    .withPanel(
      timeseries(
        "Components by health",
        [prom(`sum by (instance, health_type) (alloy_component_controller_running_components${sel()})`, "{{instance}} {{health_type}}")],
        { description: "Running components per health state (controller.libsonnet): anything but healthy needs a look.", stacked: true, w: 12 },
      ),
    )
    .withPanel(
      table("Unhealthy components", [promTable(`alloy_component_controller_running_components${sel('health_type!="healthy"')} > 0`)], {
        keepValue: true,
        w: 12,
      }),
    )
    .withPanel(
      timeseries("Component evaluation rate", [prom(`sum by (instance) (${rate("alloy_component_evaluation_seconds_count")})`, "{{instance}}")], { w: 8 }),
    )
    .withPanel(
      timeseries(
        "Slowest component evaluations (p99)",
        [prom(`histogram_quantile(0.99, sum by (instance, le) (${rate("alloy_component_evaluation_seconds_bucket")}))`, "{{instance}}")],
        { unit: "s", w: 8 },
      ),
    )
    .withPanel(
      timeseries("Configuration loaded", [prom(`alloy_config_last_load_successful${sel()}`, "{{instance}}")], {
        description: "1 when the last configuration load succeeded.",
        min: 0,
        max: 1,
        w: 8,
      }),
    )
    .withRow(new RowBuilder("Metrics: remote write to Prometheus"))
    .withPanel(timeseries("Samples sent per second", [prom(`sum by (instance) (${rate("prometheus_remote_storage_samples_total")})`, "{{instance}}")], { w: 8 }))
    .withPanel(
      timeseries(
        "Failed, retried and dropped samples per second",
        [
          prom(`sum by (instance) (${rate("prometheus_remote_storage_samples_failed_total")})`, "{{instance}} failed"),
          prom(`sum by (instance) (${rate("prometheus_remote_storage_samples_retried_total")})`, "{{instance}} retried"),
          prom(`sum by (instance) (${rate("prometheus_remote_storage_samples_dropped_total")})`, "{{instance}} dropped"),
        ],
        { w: 8 },
      ),
    )
    .withPanel(
      timeseries(
        "Remote-write delay",
        [
          prom(
            `max by (instance) (prometheus_remote_storage_highest_timestamp_in_seconds${sel()}) - on (instance) group_right max by (instance, url) (prometheus_remote_storage_queue_highest_sent_timestamp_seconds${sel()})`,
            "{{instance}} {{url}}",
          ),
        ],
        { description: "How far the newest sample sent lags the newest sample read (prometheus.libsonnet).", unit: "s", w: 8 },
      ),
    )
    .withPanel(
      timeseries("Active series in the WAL", [prom(`sum by (instance) (prometheus_remote_write_wal_storage_active_series${sel()})`, "{{instance}}")], { w: 12 }),
    )
    .withPanel(
      timeseries("Shards", [prom(`sum by (instance) (prometheus_remote_storage_shards${sel()})`, "{{instance}}")], { w: 12 }),
    )
    .withRow(new RowBuilder("Logs: loki.write and sources"))
    .withPanel(timeseries("Log entries sent per second", [prom(`sum by (instance) (${rate("loki_write_sent_entries_total")})`, "{{instance}}")], { w: 8 }))
    .withPanel(
      timeseries(
        "Dropped entries and batch retries per second",
        [
          prom(`sum by (instance, reason) (${rate("loki_write_dropped_entries_total")})`, "{{instance}} dropped {{reason}}"),
          prom(`sum by (instance) (${rate("loki_write_batch_retries_total")})`, "{{instance}} batch retries"),
        ],
        { w: 8 },
      ),
    )
    .withPanel(
      timeseries(
        "Write requests by status",
        [prom(`sum by (instance, status_code) (${rate("loki_write_request_duration_seconds_count")})`, "{{instance}} {{status_code}}")],
        { unit: "reqps", w: 8 },
      ),
    )
    .withPanel(
      timeseries(
        "Lines read per second by source",
        [
          prom(`sum by (instance) (${rate("loki_source_file_read_lines_total")})`, "{{instance}} pod logs"),
          prom(`sum by (instance) (${rate("loki_source_journal_target_lines_total")})`, "{{instance}} journal"),
        ],
        { w: 12 },
      ),
    )
    .withPanel(timeseries("Files tailed", [prom(`sum by (instance) (loki_source_file_files_active_total${sel()})`, "{{instance}}")], { w: 12 }))
    .withRow(new RowBuilder("Resources"))
    .withPanel(timeseries("CPU", [prom(`sum by (instance) (${rate("alloy_resources_process_cpu_seconds_total")})`, "{{instance}}")], { unit: "cores", w: 8 }))
    .withPanel(timeseries("Memory (RSS)", [prom(`sum by (instance) (alloy_resources_process_resident_memory_bytes${sel()})`, "{{instance}}")], { unit: "bytes", w: 8 }))
    .withPanel(
      timeseries(
        "Network",
        [
          prom(`sum by (instance) (${rate("alloy_resources_machine_rx_bytes_total")})`, "{{instance}} received"),
          prom(`sum by (instance) (${rate("alloy_resources_machine_tx_bytes_total")})`, "{{instance}} sent"),
        ],
        { unit: "Bps", w: 8 },
      ),
    );
  return finish(d);
}
