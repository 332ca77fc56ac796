// The three log sources of the Alloy pipeline (src/pipeline/labels.ts): pod logs, Kubernetes events
// and the nodes' journal. Stream selectors use index labels only; per-pod values (pod, kind, reason,
// ...) are structured metadata and are filtered or grouped after the selector.
import { JOURNAL_LEVELS, JOURNAL_PROBLEM_LEVELS } from "../pipeline/labels.ts";
import { RowBuilder, customVariable, dashboard, finish, loki, logs, lokiVariable, promVariable, textVariable, timeseries } from "./common.ts";
import type { DashboardDef } from "./types.ts";

export const POD_LOGS_UID = "obstack-pod-logs";
export const EVENTS_UID = "obstack-events";
export const JOURNAL_UID = "obstack-journal";

/** Levels that count as errors, as the pipeline extracts them (any case) and as the journal names them. */
/** Pod log levels are normalized by the pipeline (POD_LEVELS); these are the troubled ones. */
export const ERROR_LEVELS = "critical|error";
const WARNING_LEVELS = "warning";

export function podLogsDashboard(): DashboardDef {
  const streams = 'source="pods", namespace=~"$namespace", app=~"$app", container=~"$container"';
  const after = '| pod=~"$pod" |~ "(?i)$search"';
  const d = dashboard(POD_LOGS_UID, "Pod logs", "Container logs by namespace, app, pod and container; volume by level and error lines.")
    .withVariable(lokiVariable("namespace", 'label_values({source="pods"}, namespace)', { label: "Namespace" }))
    .withVariable(lokiVariable("app", 'label_values({source="pods", namespace=~"$namespace"}, app)', { label: "App" }))
    // pod is structured metadata, which Loki's label API does not list: kube-state-metrics knows the pods.
    .withVariable(promVariable("pod", 'label_values(kube_pod_info{namespace=~"$namespace"}, pod)', { label: "Pod" }))
    .withVariable(lokiVariable("container", 'label_values({source="pods", namespace=~"$namespace", app=~"$app"}, container)', { label: "Container" }))
    .withVariable(textVariable("search", "Line contains (regex)"))
    .withRow(new RowBuilder("Volume"))
    .withPanel(
      timeseries("Log volume by level", [loki(`sum by (level) (count_over_time({${streams}} ${after} [$__auto]))`, "{{level}}")], {
        description: "Lines without a recognised level are counted under an empty level.",
        unit: "short",
        stacked: true,
      }),
    )
    .withPanel(
      timeseries("Error lines by app", [loki(`sum by (namespace, app) (count_over_time({${streams}, level=~"${ERROR_LEVELS}"} ${after} [$__auto]))`, "{{namespace}}/{{app}}")], {
        unit: "short",
        stacked: true,
      }),
    )
    .withPanel(
      timeseries("Log volume by pod (top 10)", [loki(`topk(10, sum by (pod) (count_over_time({${streams}} ${after} [$__auto])))`, "{{pod}}")], {
        unit: "short",
        w: 24,
      }),
    )
    .withRow(new RowBuilder("Lines"))
    .withPanel(logs("Error lines", [loki(`{${streams}, level=~"${ERROR_LEVELS}"} ${after}`)], { h: 12 }))
    .withPanel(logs("Warnings", [loki(`{${streams}, level=~"${WARNING_LEVELS}"} ${after}`)], { h: 10 }))
    .withPanel(logs("All lines", [loki(`{${streams}} ${after}`)], { h: 14 }));
  return finish(d);
}

export function eventsDashboard(): DashboardDef {
  const ns = 'namespace=~"$namespace"';
  const kind = '| kind=~"$kind"';
  const d = dashboard(EVENTS_UID, "Kubernetes events", "Kubernetes events by reason, kind and namespace; warnings first.")
    .withVariable(lokiVariable("namespace", 'label_values({source="events"}, namespace)', { label: "Namespace" }))
    .withVariable(
      customVariable(
        "kind",
        ["Pod", "Node", "Deployment", "ReplicaSet", "StatefulSet", "DaemonSet", "Job", "CronJob", "PersistentVolumeClaim", "Service", "HelmRelease", "Kustomization"],
        { label: "Kind" },
      ),
    )
    .withRow(new RowBuilder("Warnings"))
    .withPanel(
      timeseries("Warning events by reason", [loki(`sum by (reason) (count_over_time({source="events", level="warning", ${ns}} ${kind} [$__auto]))`, "{{reason}}")], {
        unit: "short",
        stacked: true,
      }),
    )
    .withPanel(
      timeseries("Warning events by namespace and kind", [loki(`sum by (namespace, kind) (count_over_time({source="events", level="warning", ${ns}} ${kind} [$__auto]))`, "{{namespace}} {{kind}}")], {
        unit: "short",
        stacked: true,
      }),
    )
    .withPanel(logs("Warning events", [loki(`{source="events", level="warning", ${ns}} ${kind}`)], { h: 12 }))
    .withRow(new RowBuilder("All events"))
    .withPanel(
      timeseries("Events by reason", [loki(`sum by (reason) (count_over_time({source="events", ${ns}} ${kind} [$__auto]))`, "{{reason}}")], { unit: "short", stacked: true, w: 8 }),
    )
    .withPanel(
      timeseries("Events by kind", [loki(`sum by (kind) (count_over_time({source="events", ${ns}} ${kind} [$__auto]))`, "{{kind}}")], { unit: "short", stacked: true, w: 8 }),
    )
    .withPanel(
      timeseries("Events by namespace", [loki(`sum by (namespace) (count_over_time({source="events", ${ns}} ${kind} [$__auto]))`, "{{namespace}}")], {
        unit: "short",
        stacked: true,
        w: 8,
      }),
    )
    .withPanel(logs("All events", [loki(`{source="events", ${ns}} ${kind}`)], { h: 14 }));
  return finish(d);
}


export function journalDashboard(): DashboardDef {
  const sel = (unit: string) => `{source="journal", unit=${unit}, node_name=~"$node_name", level=~"$level"}`;
  const problems = (unit: string) => `{source="journal", unit="${unit}", node_name=~"$node_name", level=~"${JOURNAL_PROBLEM_LEVELS.join("|")}"}`;
  const d = dashboard(JOURNAL_UID, "Node journal", "kubelet and containerd (and any other shipped unit) from each node's systemd journal.")
    .withVariable(lokiVariable("node_name", 'label_values({source="journal"}, node_name)', { label: "Node" }))
    .withVariable(lokiVariable("unit", 'label_values({source="journal"}, unit)', { label: "Unit" }))
    .withVariable(customVariable("level", [...JOURNAL_LEVELS], { label: "Level" }))
    .withRow(new RowBuilder("Volume"))
    .withPanel(
      timeseries("Journal lines by node and level", [loki(`sum by (node_name, level) (count_over_time(${sel('~"$unit"')} [$__auto]))`, "{{node_name}} {{level}}")], {
        unit: "short",
        stacked: true,
        w: 24,
      }),
    )
    .withPanel(
      timeseries("kubelet errors and warnings by node", [loki(`sum by (node_name, level) (count_over_time(${problems("kubelet.service")} [$__auto]))`, "{{node_name}} {{level}}")], {
        unit: "short",
        stacked: true,
      }),
    )
    .withPanel(
      timeseries("containerd errors and warnings by node", [loki(`sum by (node_name, level) (count_over_time(${problems("containerd.service")} [$__auto]))`, "{{node_name}} {{level}}")], {
        unit: "short",
        stacked: true,
      }),
    )
    .withRow(new RowBuilder("Lines"))
    .withPanel(logs("kubelet", [loki(sel('"kubelet.service"'))], { h: 12 }))
    .withPanel(logs("containerd", [loki(sel('"containerd.service"'))], { h: 12 }))
    .withPanel(logs("Selected units", [loki(sel('~"$unit"'))], { h: 12 }));
  return finish(d);
}
