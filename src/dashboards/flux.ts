// Flux: object state from kube-state-metrics' custom resource state (gotk_resource_info, see
// src/flux-metrics) and reconcile timing/errors from the controllers' own metrics (PodMonitor).
// The controllers' metrics label the object's namespace exported_namespace; namespace is the
// controllers' own.
import { RowBuilder, dashboard, finish, loki, logs, prom, promTable, promVariable, stat, table, timeseries } from "./common.ts";
import { ERROR_LEVELS } from "./logs.ts";
import type { DashboardDef } from "./types.ts";

export const FLUX_UID = "obstack-flux";

const rate = (sel: string) => `rate(${sel}[$__rate_interval])`;

export function fluxDashboard(): DashboardDef {
  const obj = 'exported_namespace=~"$namespace", customresource_kind=~"$kind"';
  const ctl = 'namespace=~"$flux_namespace"';
  const d = dashboard(FLUX_UID, "Flux", "Flux objects that are not ready or suspended, their revisions, and reconcile durations and errors.")
    .withVariable(promVariable("flux_namespace", "label_values(gotk_reconcile_duration_seconds_count, namespace)", { label: "Flux namespace", includeAll: false, multi: false }))
    .withVariable(promVariable("namespace", "label_values(gotk_resource_info, exported_namespace)", { label: "Namespace" }))
    .withVariable(promVariable("kind", "label_values(gotk_resource_info, customresource_kind)", { label: "Kind" }))
    .withRow(new RowBuilder("State"))
    .withPanel(stat("Not ready", [prom(`count(gotk_resource_info{${obj}, ready=~"False|Unknown"}) or vector(0)`)], { w: 6 }))
    .withPanel(stat("Suspended", [prom(`count(gotk_resource_info{${obj}, suspended="true"}) or vector(0)`)], { w: 6 }))
    .withPanel(stat("Objects", [prom(`count(gotk_resource_info{${obj}}) or vector(0)`)], { w: 6 }))
    .withPanel(
      stat("Reconcile errors (range)", [prom(`sum(increase(controller_runtime_reconcile_errors_total{${ctl}}[$__range])) or vector(0)`)], { w: 6 }),
    )
    .withPanel(
      table(
        "Not ready",
        [promTable(`max by (customresource_kind, exported_namespace, name, ready, revision) (gotk_resource_info{${obj}, ready=~"False|Unknown"})`)],
        { description: "Objects whose Ready condition is False or Unknown (Alert and Provider have none).", w: 12 },
      ),
    )
    .withPanel(
      table("Suspended", [promTable(`max by (customresource_kind, exported_namespace, name) (gotk_resource_info{${obj}, suspended="true"})`)], { w: 12 }),
    )
    .withPanel(
      table(
        "Revisions",
        [promTable(`max by (customresource_kind, exported_namespace, name, revision, ready) (gotk_resource_info{${obj}, revision!=""})`)],
        { description: "Applied revision (Kustomizations), chart version (HelmReleases) or artifact revision (sources).", w: 24, h: 10 },
      ),
    )
    .withRow(new RowBuilder("Reconciliation"))
    .withPanel(
      timeseries(
        "Reconcile duration p95 by kind",
        [prom(`histogram_quantile(0.95, sum by (kind, le) (${rate(`gotk_reconcile_duration_seconds_bucket{${ctl}}`)}))`, "{{kind}}")],
        { unit: "s", min: 0 },
      ),
    )
    .withPanel(
      timeseries(
        "Slowest objects (mean reconcile duration)",
        [
          prom(
            `topk(10, sum by (kind, exported_namespace, name) (${rate(`gotk_reconcile_duration_seconds_sum{${ctl}, exported_namespace=~"$namespace"}`)}) / sum by (kind, exported_namespace, name) (${rate(`gotk_reconcile_duration_seconds_count{${ctl}, exported_namespace=~"$namespace"}`)}))`,
            "{{kind}} {{exported_namespace}}/{{name}}",
          ),
        ],
        { unit: "s", min: 0 },
      ),
    )
    .withPanel(
      timeseries("Reconciles per second by controller and result", [prom(`sum by (controller, result) (${rate(`controller_runtime_reconcile_total{${ctl}}`)})`, "{{controller}} {{result}}")], {
        unit: "ops",
        stacked: true,
      }),
    )
    .withPanel(
      timeseries("Reconcile errors per second by controller", [prom(`sum by (controller) (${rate(`controller_runtime_reconcile_errors_total{${ctl}}`)})`, "{{controller}}")], {
        unit: "ops",
        min: 0,
      }),
    )
    .withPanel(
      timeseries("Work queue depth by controller", [prom(`max by (name) (workqueue_depth{${ctl}})`, "{{name}}")], { unit: "short", min: 0, w: 24 }),
    )
    .withRow(new RowBuilder("Controller logs"))
    .withPanel(logs("Flux controller errors", [loki(`{source="pods", namespace="$flux_namespace", level=~"${ERROR_LEVELS}"}`)], { h: 12 }));
  return finish(d);
}
