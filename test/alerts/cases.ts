// promtool unit-test cases: for every alert of alertRuleGroups(defaultProfile()), input series under
// which it fires (with the alert it must produce) and input series under which it stays quiet.
// Thresholds that follow the profile are exercised with the default profile's values
// (retentionSize 25GiB → 80% = 21474836480 bytes; namespace observability).
import { ALERTMANAGER_SERVICE, PROMETHEUS_SERVICE } from "../../src/wiring/names.ts";

export interface Series {
  series: string;
  values: string;
}

export interface Scenario {
  series: Series[];
  /** promtool eval_time, e.g. 20m. */
  evalTime: string;
  /** Step of the input series; default 1m. */
  interval?: string;
}

export interface Firing extends Scenario {
  /** The alert's labels besides alertname and severity (severity is taken from the rule). */
  labels: Record<string, string>;
  /** The rendered description annotation (summary and runbook_url are taken from the rule). */
  description: string;
}

export interface AlertCase {
  alert: string;
  fires: Firing;
  /** Further firing scenarios (another path through the expression). */
  alsoFires?: Firing[];
  /** A scenario in which the alert does not fire, or why none can exist. */
  quiet: Scenario | { never: string };
}

const NS = "observability";
const PROM = `job="${PROMETHEUS_SERVICE}", namespace="${NS}", pod="prometheus-0"`;
const PROM_LABELS = { job: PROMETHEUS_SERVICE, namespace: NS, pod: "prometheus-0" };
const LOKI = `job="loki", namespace="${NS}", pod="loki-0", instance="10.0.0.5:3100"`;
const KSM = `job="kube-state-metrics"`;
const ALLOY_POD = (pod: string, node: string) =>
  `kube_pod_info{${KSM}, namespace="${NS}", pod="${pod}", node="${node}", created_by_kind="DaemonSet", created_by_name="alloy-node"}`;
const READY = (pod: string) => `kube_pod_status_ready{${KSM}, namespace="${NS}", pod="${pod}", condition="true"}`;
const NODE = (node: string, ready: 0 | 1): Series[] => [
  { series: `kube_node_info{${KSM}, node="${node}"}`, values: "1x40" },
  { series: `kube_node_status_condition{${KSM}, node="${node}", condition="Ready", status="true"}`, values: `${ready}x40` },
];
const FLUX = (ready: string, suspended: string, name = "apps") =>
  `gotk_resource_info{${KSM}, customresource_kind="Kustomization", exported_namespace="flux-system", name="${name}", ready="${ready}", suspended="${suspended}"}`;
const RW = `prometheus_remote_storage_samples_failed_total{job="alloy", instance="node01", url="http://prometheus-0/api/v1/write", component_id="prometheus.remote_write.prometheus"}`;

export const ALERT_CASES: AlertCase[] = [
  {
    alert: "Watchdog",
    fires: { series: [], evalTime: "1m", labels: {}, description: "This alert fires all the time. Alertmanager sends it to alertmanager.heartbeatReceiver (a dead man's switch) when the profile names one, else to the null receiver; the switch alarms when Prometheus or Alertmanager stop working." },
    quiet: { never: "vector(1) fires at every evaluation: that is its purpose" },
  },
  {
    alert: "PrometheusTSDBNearRetentionSize",
    // 20e9 + 1e9 + 0.6e9 = 21.6e9 > 21474836480 (80% of 25GiB)
    fires: {
      series: [
        { series: `prometheus_tsdb_storage_blocks_bytes{${PROM}}`, values: "20000000000x60" },
        { series: `prometheus_tsdb_wal_storage_size_bytes{${PROM}}`, values: "1000000000x60" },
        { series: `prometheus_tsdb_head_chunks_storage_size_bytes{${PROM}}`, values: "600000000x60" },
      ],
      evalTime: "40m",
      labels: PROM_LABELS,
      
      description:
        "Prometheus prometheus-0 stores 20.12GiB, more than 80% of prometheus.retentionSize (25GiB). Once the limit is reached the oldest blocks are deleted before prometheus.retention (2d) is up, so history gets shorter than configured.",
    },
    // 20.4e9 is above 80% of 25e9 (decimal GB) but below 80% of 25GiB: the threshold uses Prometheus' binary units.
    quiet: {
      series: [
        { series: `prometheus_tsdb_storage_blocks_bytes{${PROM}}`, values: "19000000000x60" },
        { series: `prometheus_tsdb_wal_storage_size_bytes{${PROM}}`, values: "1000000000x60" },
        { series: `prometheus_tsdb_head_chunks_storage_size_bytes{${PROM}}`, values: "400000000x60" },
      ],
      evalTime: "40m",
    },
  },
  {
    alert: "PrometheusRuleEvaluationFailures",
    fires: {
      series: [{ series: `prometheus_rule_evaluation_failures_total{${PROM}, rule_group="/etc/prometheus/rules/a.yaml;g"}`, values: "0+1x40" }],
      evalTime: "25m",
      labels: { ...PROM_LABELS, rule_group: "/etc/prometheus/rules/a.yaml;g" },
      
      description:
        "Prometheus prometheus-0 failed 5 evaluations of rule group /etc/prometheus/rules/a.yaml;g in the last 5 minutes. Alerts of that group may not fire.",
    },
    quiet: {
      series: [{ series: `prometheus_rule_evaluation_failures_total{${PROM}, rule_group="/etc/prometheus/rules/a.yaml;g"}`, values: "3x40" }],
      evalTime: "25m",
    },
  },
  {
    alert: "PrometheusRemoteWriteReceiveErrors",
    // 10 of 110 requests/min rejected (9%) > 5%
    fires: {
      series: [
        { series: `prometheus_http_requests_total{${PROM}, handler="/api/v1/write", code="204"}`, values: "0+100x40" },
        { series: `prometheus_http_requests_total{${PROM}, handler="/api/v1/write", code="400"}`, values: "0+10x40" },
        { series: `prometheus_http_requests_total{${PROM}, handler="/api/v1/query", code="503"}`, values: "0+100x40" },
      ],
      evalTime: "25m",
      labels: { namespace: NS, pod: "prometheus-0", code: "400" },
      
      description:
        "9.091% of the remote-write requests Prometheus prometheus-0 received in the last 5 minutes were answered with HTTP 400. Samples Alloy sends (node, Kepler and Alloy metrics) are missing or delayed.",
    },
    // 1 of 101 (1%); errors on other handlers do not count
    quiet: {
      series: [
        { series: `prometheus_http_requests_total{${PROM}, handler="/api/v1/write", code="204"}`, values: "0+100x40" },
        { series: `prometheus_http_requests_total{${PROM}, handler="/api/v1/write", code="500"}`, values: "0+1x40" },
        { series: `prometheus_http_requests_total{${PROM}, handler="/api/v1/query", code="503"}`, values: "0+100x40" },
      ],
      evalTime: "25m",
    },
  },
  {
    alert: "LokiDown",
    fires: {
      series: [{ series: `up{${LOKI}}`, values: "0x20" }],
      evalTime: "10m",
      labels: { job: "loki", namespace: NS, pod: "loki-0", instance: "10.0.0.5:3100" },
      
      description:
        "Loki in namespace observability has been unreachable for Prometheus for 5 minutes (or has no scrape target). Logs are not ingested and cannot be queried; Alloy buffers and retries for a while, then drops.",
    },
    // no Loki target at all (the ServiceMonitor or the Service is gone)
    alsoFires: [
      {
        series: [{ series: `up{job="prometheus", namespace="${NS}"}`, values: "1x20" }],
        evalTime: "10m",
        labels: { job: "loki", namespace: NS },
        description:
          "Loki in namespace observability has been unreachable for Prometheus for 5 minutes (or has no scrape target). Logs are not ingested and cannot be queried; Alloy buffers and retries for a while, then drops.",
      },
    ],
    quiet: { series: [{ series: `up{${LOKI}}`, values: "1x20" }], evalTime: "10m" },
  },
  {
    alert: "LokiRequestErrors",
    fires: {
      series: [
        { series: `loki_request_duration_seconds_count{${LOKI}, route="loki_api_v1_push", status_code="204"}`, values: "0+10x40" },
        { series: `loki_request_duration_seconds_count{${LOKI}, route="loki_api_v1_push", status_code="500"}`, values: "0+10x40" },
      ],
      evalTime: "25m",
      labels: { job: "loki", namespace: NS, route: "loki_api_v1_push" },
      
      description:
        "50% of the requests to Loki route loki_api_v1_push failed with a 5xx status in the last 5 minutes.",
    },
    // 4xx (client errors) do not count
    quiet: {
      series: [
        { series: `loki_request_duration_seconds_count{${LOKI}, route="loki_api_v1_push", status_code="204"}`, values: "0+10x40" },
        { series: `loki_request_duration_seconds_count{${LOKI}, route="loki_api_v1_push", status_code="400"}`, values: "0+10x40" },
      ],
      evalTime: "25m",
    },
  },
  {
    alert: "LokiRetentionNotRunning",
    // last success at t=0, evaluated at 4h
    fires: {
      series: [{ series: `loki_compactor_apply_retention_last_successful_run_timestamp_seconds{${LOKI}}`, values: "0x60" }],
      interval: "5m",
      evalTime: "4h",
      labels: { job: "loki", namespace: NS },
      
      description:
        "The last successful retention run of the Loki compactor was 4h 0m 0s ago. Logs older than loki.retention (31d) are not deleted and object storage keeps growing.",
    },
    // a successful run every 10 minutes
    quiet: {
      series: [{ series: `loki_compactor_apply_retention_last_successful_run_timestamp_seconds{${LOKI}}`, values: "0 0+600x30" }],
      interval: "5m",
      evalTime: "4h",
    },
  },
  {
    alert: "AlloyMissingOnNode",
    // node01 runs a ready Alloy pod; node02's is not ready; node03 is NotReady itself (not this alert's business)
    fires: {
      series: [
        ...NODE("node01", 1),
        ...NODE("node02", 1),
        ...NODE("node03", 0),
        { series: ALLOY_POD("alloy-node-aaaaa", "node01"), values: "1x40" },
        { series: READY("alloy-node-aaaaa"), values: "1x40" },
        { series: ALLOY_POD("alloy-node-bbbbb", "node02"), values: "1x40" },
        { series: READY("alloy-node-bbbbb"), values: "0x40" },
      ],
      evalTime: "20m",
      labels: { job: "kube-state-metrics", node: "node02" },
      
      description:
        "Node node02 has had no ready pod of the DaemonSet observability/alloy-node for 15 minutes: its pod logs, journal, node-exporter and Kepler metrics are not collected.",
    },
    quiet: {
      series: [
        ...NODE("node01", 1),
        ...NODE("node02", 1),
        { series: ALLOY_POD("alloy-node-aaaaa", "node01"), values: "1x40" },
        { series: READY("alloy-node-aaaaa"), values: "1x40" },
        { series: ALLOY_POD("alloy-node-bbbbb", "node02"), values: "1x40" },
        { series: READY("alloy-node-bbbbb"), values: "1x40" },
      ],
      evalTime: "20m",
    },
  },
  {
    alert: "AlloyComponentUnhealthy",
    fires: {
      series: [
        { series: `alloy_component_controller_running_components{job="alloy", instance="node01", health_type="healthy"}`, values: "20x30" },
        { series: `alloy_component_controller_running_components{job="alloy", instance="node01", health_type="unhealthy"}`, values: "1x30" },
      ],
      evalTime: "20m",
      labels: { instance: "node01", health_type: "unhealthy" },
      
      description:
        "Alloy on node node01 runs 1 component(s) in state unhealthy.",
    },
    quiet: {
      series: [
        { series: `alloy_component_controller_running_components{job="alloy", instance="node01", health_type="healthy"}`, values: "21x30" },
        { series: `alloy_component_controller_running_components{job="alloy", instance="node01", health_type="unhealthy"}`, values: "0x30" },
      ],
      evalTime: "20m",
    },
  },
  {
    alert: "AlloyRemoteWriteFailing",
    fires: {
      series: [{ series: RW, values: "0+60x40" }],
      evalTime: "25m",
      labels: { instance: "node01", url: "http://prometheus-0/api/v1/write" },
      
      description:
        "Alloy on node node01 failed to send 1 samples/s to http://prometheus-0/api/v1/write for 15 minutes. Those samples are lost.",
    },
    quiet: { series: [{ series: RW, values: "7x40" }], evalTime: "25m" },
  },
  {
    alert: "AlloyLokiWriteDropping",
    fires: {
      series: [{ series: `loki_write_dropped_entries_total{job="alloy", instance="node01", reason="rate_limited"}`, values: "0+10x30" }],
      evalTime: "20m",
      labels: { instance: "node01", reason: "rate_limited" },
      
      description:
        "Alloy on node node01 dropped 100 log entries in the last 10 minutes (reason: rate_limited).",
    },
    // drops long ago, none in the last 10 minutes
    quiet: {
      series: [{ series: `loki_write_dropped_entries_total{job="alloy", instance="node01", reason="rate_limited"}`, values: "0+10x5 50x30" }],
      evalTime: "25m",
    },
  },
  {
    alert: "AlertmanagerNotificationsFailing",
    fires: {
      series: [
        { series: `alertmanager_notifications_failed_total{job="${ALERTMANAGER_SERVICE}", namespace="${NS}", pod="alertmanager-0", integration="webhook"}`, values: "0+1x40" },
      ],
      evalTime: "25m",
      labels: { namespace: NS, pod: "alertmanager-0", integration: "webhook" },
      
      description:
        "Alertmanager alertmanager-0 failed 10 notifications through webhook in the last 10 minutes. Alerts routed there are not reaching anyone.",
    },
    quiet: {
      series: [
        { series: `alertmanager_notifications_failed_total{job="${ALERTMANAGER_SERVICE}", namespace="${NS}", pod="alertmanager-0", integration="webhook"}`, values: "2x40" },
      ],
      evalTime: "25m",
    },
  },
  {
    alert: "StackVolumeAlmostFull",
    fires: {
      series: [
        { series: `kubelet_volume_stats_used_bytes{job="kubelet", namespace="${NS}", persistentvolumeclaim="storage-loki-0"}`, values: "9000000000x30" },
        { series: `kubelet_volume_stats_capacity_bytes{job="kubelet", namespace="${NS}", persistentvolumeclaim="storage-loki-0"}`, values: "10000000000x30" },
      ],
      evalTime: "15m",
      labels: { job: "kubelet", namespace: NS, persistentvolumeclaim: "storage-loki-0" },
      
      description:
        "PersistentVolumeClaim observability/storage-loki-0 is 90% full.",
    },
    // 80% in the stack's namespace; a full volume elsewhere is not the stack's
    quiet: {
      series: [
        { series: `kubelet_volume_stats_used_bytes{job="kubelet", namespace="${NS}", persistentvolumeclaim="storage-loki-0"}`, values: "8000000000x30" },
        { series: `kubelet_volume_stats_capacity_bytes{job="kubelet", namespace="${NS}", persistentvolumeclaim="storage-loki-0"}`, values: "10000000000x30" },
        { series: `kubelet_volume_stats_used_bytes{job="kubelet", namespace="other", persistentvolumeclaim="data"}`, values: "9900000000x30" },
        { series: `kubelet_volume_stats_capacity_bytes{job="kubelet", namespace="other", persistentvolumeclaim="data"}`, values: "10000000000x30" },
      ],
      evalTime: "15m",
    },
  },
  {
    alert: "FluxResourceNotReady",
    fires: {
      // Unknown counts: a resource stuck reconciling for 15 minutes is not ready either.
      series: [{ series: FLUX("Unknown", "false"), values: "1x30" }],
      evalTime: "20m",
      labels: { customresource_kind: "Kustomization", exported_namespace: "flux-system", name: "apps" },
      
      description:
        "Kustomization flux-system/apps has not been ready for 15 minutes: its changes are not applied.",
    },
    // not ready for about 10 minutes, then ready; a suspended not-ready resource is FluxResourceSuspended's
    quiet: {
      series: [
        { series: FLUX("False", "false"), values: "1x5" },
        { series: FLUX("True", "false"), values: "_x10 1x20" },
        { series: FLUX("False", "true", "paused"), values: "1x30" },
      ],
      evalTime: "20m",
    },
  },
  {
    alert: "FluxResourceSuspended",
    fires: {
      series: [{ series: FLUX("True", "true"), values: "1x300" }],
      interval: "5m",
      evalTime: "1450m",
      labels: { customresource_kind: "Kustomization", exported_namespace: "flux-system", name: "apps" },
      
      description:
        "Kustomization flux-system/apps has been suspended for a day: the cluster drifts from Git until it is resumed.",
    },
    // suspended for 23 hours only
    quiet: { series: [{ series: FLUX("True", "true"), values: "1x300" }], interval: "5m", evalTime: "1380m" },
  },
];
