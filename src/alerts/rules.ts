// The stack's own alerting rules: the health of Prometheus, Loki, Alloy, Alertmanager, the stack's
// volumes and Flux. Each rule is data (a typed model rendered as a PrometheusRule by ./index.ts and
// checked with promtool by the tests); thresholds that depend on the profile are computed from it.
//
// Where the series come from (the job labels below must agree with these):
//  - Prometheus, Alertmanager: kube-prometheus-stack's ServiceMonitors, job = the Service's name;
//  - kubelet volume stats and kube-state-metrics (kube_*, gotk_resource_info): the chart's
//    ServiceMonitors, jobs "kubelet" and "kube-state-metrics";
//  - Loki: the ServiceMonitor of ./monitors.ts, job = "loki" (the Loki chart's monitoring is off);
//  - Alloy: the per-node Alloy scrapes itself (job "alloy", instance = node name) and remote-writes
//    the result, so its metrics only arrive while at least one remote-write endpoint accepts them.
import { RUNBOOK_BASE, type Profile } from "../profile/schema.ts";
import { prometheusBytes } from "../profile/units.ts";
import { ALERTMANAGER_SERVICE, LOKI_SERVICE, PROMETHEUS_SERVICE } from "../wiring/names.ts";

/** The project's documentation page holding one runbook section per alert (docs/runbooks.md on GitHub). */
export { RUNBOOK_BASE };

/**
 * critical: something is broken now (data is being lost or alerts cannot be delivered);
 * warning: needs attention within the working day; info: for the record.
 * "none" is for Watchdog only, as in kube-prometheus: an always-firing alert with severity "info"
 * would be inhibited by kube-prometheus-stack's InfoInhibitor (both carry no namespace label).
 */
export type Severity = "critical" | "warning" | "info" | "none";

export interface AlertRule {
  alert: string;
  expr: string;
  for?: string;
  /**
   * `cluster` on every rule: Prometheus stores ALERTS and ALERTS_FOR_STATE with the rule's labels,
   * and an aggregation in the expression drops the scraped series' `cluster`. Per rule rather than
   * the group's `labels` field, which needs Prometheus >= 3.0 (the operator drops it below,
   * pkg/operator/rules.go:127-157 @ v0.86.2) and so cannot be checked with the tests' promtool.
   */
  labels: { severity: Severity; cluster: string };
  annotations: { summary: string; description: string; runbook_url: string };
}

/** A rule before the profile's cluster label is added (alertRuleGroups adds it to every rule). */
type Draft = Omit<AlertRule, "labels"> & { labels: { severity: Severity } };

export interface RuleGroup {
  name: string;
  interval?: string;
  rules: AlertRule[];
}

/** GitHub's heading anchor for an alert's runbook section: the heading is the alert name. */
export function runbookAnchor(alert: string): string {
  return alert.toLowerCase();
}

export function runbookUrl(alert: string, base: string = RUNBOOK_BASE): string {
  return `${base}#${runbookAnchor(alert)}`;
}

function rule(r: { alert: string; expr: string; for?: string; severity: Severity; summary: string; description: string }): Draft {
  return {
    alert: r.alert,
    expr: r.expr,
    ...(r.for !== undefined ? { for: r.for } : {}),
    labels: { severity: r.severity },
    annotations: { summary: r.summary, description: r.description, runbook_url: runbookUrl(r.alert) },
  };
}

/** The alerting threshold for the TSDB size: 80% of the profile's prometheus.retentionSize, in bytes. */
export function tsdbSizeThreshold(p: Profile): number {
  return Math.floor(0.8 * prometheusBytes(p.prometheus.retentionSize));
}

/** The Alloy DaemonSet's name (the chart's fullnameOverride in src/pipeline/index.ts). */
export const ALLOY_DAEMONSET = "alloy-node";
/** Job label of Alloy's self-scrape (src/pipeline/config.ts). */
export const ALLOY_JOB = "alloy";

function prometheusRules(p: Profile): Draft[] {
  const job = `job="${PROMETHEUS_SERVICE}"`;
  const limit = tsdbSizeThreshold(p);
  return [
    rule({
      alert: "PrometheusTSDBNearRetentionSize",
      // Size-based retention counts the blocks, the WAL and the head chunks on disk (tsdb.BeyondSizeRetention).
      expr:
        `(prometheus_tsdb_storage_blocks_bytes{${job}} + prometheus_tsdb_wal_storage_size_bytes{${job}}` +
        ` + prometheus_tsdb_head_chunks_storage_size_bytes{${job}}) > ${limit}`,
      for: "30m",
      severity: "warning",
      summary: "Prometheus storage is above 80% of retentionSize.",
      description:
        `Prometheus {{ $labels.pod }} stores {{ $value | humanize1024 }}B, more than 80% of prometheus.retentionSize ` +
        `(${p.prometheus.retentionSize}). Once the limit is reached the oldest blocks are deleted before ` +
        `prometheus.retention (${p.prometheus.retention}) is up, so history gets shorter than configured.`,
    }),
    rule({
      alert: "PrometheusRuleEvaluationFailures",
      expr: `increase(prometheus_rule_evaluation_failures_total{${job}}[5m]) > 0`,
      for: "15m",
      severity: "critical",
      summary: "Prometheus fails to evaluate rules.",
      description:
        "Prometheus {{ $labels.pod }} failed {{ $value | humanize }} evaluations of rule group {{ $labels.rule_group }} " +
        "in the last 5 minutes. Alerts of that group may not fire.",
    }),
    rule({
      alert: "PrometheusRemoteWriteReceiveErrors",
      // 5xx: the receiver failed (the sender retries); 4xx: samples rejected for good (out of order, too old, bad labels).
      expr:
        `sum by (namespace, pod, code) (rate(prometheus_http_requests_total{${job}, handler="/api/v1/write", code=~"4..|5.."}[5m]))` +
        ` / on (namespace, pod) group_left() sum by (namespace, pod) (rate(prometheus_http_requests_total{${job}, handler="/api/v1/write"}[5m]))` +
        ` > 0.05`,
      for: "15m",
      severity: "warning",
      summary: "Prometheus rejects remote-write requests.",
      description:
        "{{ $value | humanizePercentage }} of the remote-write requests Prometheus {{ $labels.pod }} received in the last " +
        "5 minutes were answered with HTTP {{ $labels.code }}. Samples Alloy sends (node, Kepler and Alloy metrics) are missing or delayed.",
    }),
  ];
}

function lokiRules(p: Profile): Draft[] {
  const sel = `job="${LOKI_SERVICE}", namespace="${p.namespace}"`;
  return [
    rule({
      alert: "LokiDown",
      expr: `up{${sel}} == 0 or absent(up{${sel}})`,
      for: "5m",
      severity: "critical",
      summary: "Loki is down or not scraped.",
      description:
        `Loki in namespace ${p.namespace} has been unreachable for Prometheus for 5 minutes (or has no scrape target). ` +
        "Logs are not ingested and cannot be queried; Alloy buffers and retries for a while, then drops.",
    }),
    rule({
      alert: "LokiRequestErrors",
      expr:
        `sum by (namespace, job, route) (rate(loki_request_duration_seconds_count{${sel}, status_code=~"5.."}[5m]))` +
        ` / sum by (namespace, job, route) (rate(loki_request_duration_seconds_count{${sel}}[5m])) > 0.05`,
      for: "15m",
      severity: "warning",
      summary: "Loki answers requests with server errors.",
      description: "{{ $value | humanizePercentage }} of the requests to Loki route {{ $labels.route }} failed with a 5xx status in the last 5 minutes.",
    }),
    rule({
      alert: "LokiRetentionNotRunning",
      // Updated after every successful compaction-with-retention run (every 10 minutes by default), also when there is nothing to delete.
      expr: `time() - max by (namespace, job) (loki_compactor_apply_retention_last_successful_run_timestamp_seconds{${sel}}) > 10800`,
      for: "30m",
      severity: "warning",
      summary: "Loki's compactor has not applied retention for 3 hours.",
      description:
        `The last successful retention run of the Loki compactor was {{ $value | humanizeDuration }} ago. Logs older than ` +
        `loki.retention (${p.loki.retention}) are not deleted and object storage keeps growing.`,
    }),
  ];
}

function alloyRules(p: Profile): Draft[] {
  const ns = `namespace="${p.namespace}"`;
  const job = `job="${ALLOY_JOB}"`;
  return [
    rule({
      alert: "AlloyMissingOnNode",
      // Ready nodes without a ready pod of the Alloy DaemonSet (from kube-state-metrics, so it works while Alloy is down).
      expr:
        `(kube_node_info and on (node) (kube_node_status_condition{condition="Ready", status="true"} == 1))` +
        ` unless on (node) (kube_pod_info{${ns}, created_by_kind="DaemonSet", created_by_name="${ALLOY_DAEMONSET}"}` +
        ` and on (namespace, pod) (kube_pod_status_ready{${ns}, condition="true"} == 1))`,
      for: "15m",
      severity: "warning",
      summary: "A node runs no ready Alloy pod.",
      description:
        "Node {{ $labels.node }} has had no ready pod of the DaemonSet " +
        `${p.namespace}/${ALLOY_DAEMONSET} for 15 minutes: its pod logs, journal, node-exporter and Kepler metrics are not collected.`,
    }),
    rule({
      alert: "AlloyComponentUnhealthy",
      expr: `sum by (instance, health_type) (alloy_component_controller_running_components{${job}, health_type!="healthy"}) > 0`,
      for: "15m",
      severity: "warning",
      summary: "An Alloy component is unhealthy.",
      description: "Alloy on node {{ $labels.instance }} runs {{ $value }} component(s) in state {{ $labels.health_type }}.",
    }),
    rule({
      alert: "AlloyRemoteWriteFailing",
      expr: `sum by (instance, url) (rate(prometheus_remote_storage_samples_failed_total{${job}}[5m])) > 0`,
      for: "15m",
      severity: "warning",
      summary: "Alloy fails to remote-write samples to Prometheus.",
      description:
        "Alloy on node {{ $labels.instance }} failed to send {{ $value | humanize }} samples/s to {{ $labels.url }} " +
        "for 15 minutes. Those samples are lost.",
    }),
    rule({
      alert: "AlloyLokiWriteDropping",
      expr: `sum by (instance, reason) (increase(loki_write_dropped_entries_total{${job}}[10m])) > 0`,
      for: "5m",
      severity: "warning",
      summary: "Alloy drops log entries it cannot write to Loki.",
      description: "Alloy on node {{ $labels.instance }} dropped {{ $value | humanize }} log entries in the last 10 minutes (reason: {{ $labels.reason }}).",
    }),
  ];
}

function alertmanagerRules(): Draft[] {
  return [
    rule({
      alert: "AlertmanagerNotificationsFailing",
      expr: `sum by (namespace, pod, integration) (increase(alertmanager_notifications_failed_total{job="${ALERTMANAGER_SERVICE}"}[10m])) > 0`,
      for: "10m",
      severity: "critical",
      summary: "Alertmanager fails to send notifications.",
      description:
        "Alertmanager {{ $labels.pod }} failed {{ $value | humanize }} notifications through {{ $labels.integration }} in the last 10 minutes. " +
        "Alerts routed there are not reaching anyone.",
    }),
  ];
}

function storageRules(p: Profile): Draft[] {
  const sel = `job="kubelet", namespace="${p.namespace}"`;
  return [
    rule({
      alert: "StackVolumeAlmostFull",
      expr: `kubelet_volume_stats_used_bytes{${sel}} / kubelet_volume_stats_capacity_bytes{${sel}} > 0.85`,
      for: "10m",
      severity: "warning",
      summary: "A volume of the observability stack is more than 85% full.",
      description:
        `PersistentVolumeClaim ${p.namespace}/{{ $labels.persistentvolumeclaim }} is {{ $value | humanizePercentage }} full.`,
    }),
  ];
}

function fluxRules(): Draft[] {
  const by = "max by (exported_namespace, name, customresource_kind)";
  return [
    rule({
      alert: "FluxResourceNotReady",
      expr: `${by} (gotk_resource_info{ready=~"False|Unknown", suspended!="true"}) > 0`,
      for: "15m",
      severity: "warning",
      summary: "A Flux resource has not been ready for 15 minutes.",
      description:
        "{{ $labels.customresource_kind }} {{ $labels.exported_namespace }}/{{ $labels.name }} has not been ready for 15 minutes: " +
        "its changes are not applied.",
    }),
    rule({
      alert: "FluxResourceSuspended",
      expr: `${by} (gotk_resource_info{suspended="true"}) > 0`,
      for: "24h",
      severity: "warning",
      summary: "A Flux resource has been suspended for 24 hours.",
      description:
        "{{ $labels.customresource_kind }} {{ $labels.exported_namespace }}/{{ $labels.name }} has been suspended for a day: " +
        "the cluster drifts from Git until it is resumed.",
    }),
  ];
}

function metaRules(): Draft[] {
  return [
    rule({
      alert: "Watchdog",
      expr: "vector(1)",
      severity: "none",
      summary: "Always firing: proves that the alerting pipeline works.",
      description:
        "This alert fires all the time. Alertmanager sends it to alertmanager.heartbeatReceiver (a dead man's switch) when the " +
        "profile names one, else to the null receiver; the switch alarms when Prometheus or Alertmanager stop working.",
    }),
  ];
}

export function alertRuleGroups(p: Profile): RuleGroup[] {
  const drafts: { name: string; rules: Draft[] }[] = [
    { name: "obstack-meta", rules: metaRules() },
    { name: "obstack-prometheus", rules: prometheusRules(p) },
    { name: "obstack-loki", rules: lokiRules(p) },
    { name: "obstack-alloy", rules: alloyRules(p) },
    { name: "obstack-alertmanager", rules: alertmanagerRules() },
    { name: "obstack-storage", rules: storageRules(p) },
    { name: "obstack-flux", rules: fluxRules() },
  ];
  // Runbooks live wherever the profile says a copy of docs/runbooks.md is published.
  const custom = p.alerting.runbookBaseUrl !== RUNBOOK_BASE;
  return drafts.map((g) => ({
    ...g,
    rules: g.rules.map((r) => ({
      ...r,
      labels: { ...r.labels, cluster: p.cluster.name },
      annotations: custom ? { ...r.annotations, runbook_url: runbookUrl(r.alert, p.alerting.runbookBaseUrl) } : r.annotations,
    })),
  }));
}
