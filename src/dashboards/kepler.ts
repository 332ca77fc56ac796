// Kepler (>= 0.10 metric names): CPU power and energy per node, namespace and pod. Every query pins one
// RAPL zone ($zone, default package): core and uncore are parts of package, so adding zones would
// count the same joules twice. Summing one zone across sockets (several `path`s) is correct.
import { RowBuilder, bargauge, dashboard, finish, prom, promTable, promVariable, stat, table, timeseries } from "./common.ts";
import type { DashboardDef } from "./types.ts";

export const KEPLER_UID = "obstack-kepler";

export function keplerDashboard(): DashboardDef {
  const node = 'zone="$zone", node_name=~"$node_name"';
  const d = dashboard(KEPLER_UID, "Kepler power and energy", "CPU power and energy (Kepler) per node, namespace and pod, for one RAPL zone.")
    .withVariable(
      promVariable("zone", "label_values(kepler_node_cpu_watts, zone)", { label: "Zone", includeAll: false, multi: false, current: "package" }),
    )
    .withVariable(promVariable("node_name", "label_values(kepler_node_cpu_watts, node_name)", { label: "Node" }))
    .withRow(new RowBuilder("Nodes"))
    .withPanel(stat("Power now", [prom(`sum(kepler_node_cpu_watts{${node}})`)], { description: "Selected nodes, zone $zone.", unit: "watt", w: 6 }))
    .withPanel(
      stat("Energy over the range", [prom(`sum(increase(kepler_node_cpu_joules_total{${node}}[$__range]))`)], { unit: "joule", w: 6 }),
    )
    .withPanel(
      stat("Mean CPU usage", [prom('avg(kepler_node_cpu_usage_ratio{node_name=~"$node_name"})')], { unit: "percentunit", w: 6, min: 0, max: 1 }),
    )
    .withPanel(
      stat("Active share of power", [prom(`sum(kepler_node_cpu_active_watts{${node}}) / sum(kepler_node_cpu_watts{${node}})`)], {
        description: "Power attributed to running workloads; the rest is idle power.",
        unit: "percentunit",
        w: 6,
        min: 0,
        max: 1,
      }),
    )
    .withPanel(timeseries("Power per node", [prom(`sum by (node_name) (kepler_node_cpu_watts{${node}})`, "{{node_name}}")], { unit: "watt", min: 0 }))
    .withPanel(
      timeseries(
        "Active and idle power per node",
        [
          prom(`sum by (node_name) (kepler_node_cpu_active_watts{${node}})`, "{{node_name}} active"),
          prom(`sum by (node_name) (kepler_node_cpu_idle_watts{${node}})`, "{{node_name}} idle"),
        ],
        { unit: "watt", min: 0, stacked: true },
      ),
    )
    .withPanel(
      bargauge("Energy per node over the range", [prom(`sum by (node_name) (increase(kepler_node_cpu_joules_total{${node}}[$__range]))`, "{{node_name}}")], {
        unit: "joule",
        min: 0,
        w: 24,
      }),
    )
    .withRow(new RowBuilder("Namespaces and pods"))
    .withPanel(
      timeseries("Power per namespace", [prom(`sum by (pod_namespace) (kepler_pod_cpu_watts{${node}})`, "{{pod_namespace}}")], {
        unit: "watt",
        min: 0,
        stacked: true,
      }),
    )
    .withPanel(
      timeseries("Top 10 pods by power", [prom(`topk(10, sum by (pod_namespace, pod_name) (kepler_pod_cpu_watts{${node}}))`, "{{pod_namespace}}/{{pod_name}}")], {
        unit: "watt",
        min: 0,
      }),
    )
    .withPanel(
      table(
        "Energy per namespace over the range",
        [promTable(`sort_desc(sum by (pod_namespace) (increase(kepler_pod_cpu_joules_total{${node}}[$__range])))`)],
        { unit: "joule", keepValue: true },
      ),
    )
    .withPanel(
      table(
        "Top 20 containers by power",
        [
          promTable(
            `topk(20, sum by (node_name, pod_id, container_name) (kepler_container_cpu_watts{${node}}) * on (pod_id) group_left (pod_namespace, pod_name) group by (pod_id, pod_namespace, pod_name) (kepler_pod_cpu_watts{${node}}))`,
          ),
        ],
        { unit: "watt", keepValue: true },
      ),
    );
  return finish(d);
}
