// Nodes and machines: node-exporter of the cluster's nodes (scraped by Alloy, job="node-exporter")
// and of external machines (scraped by Prometheus, job="<machine>-exporters") side by side: both
// carry machine_name, the one label this dashboard selects on.
import { RowBuilder, bargauge, dashboard, finish, prom, promTable, promVariable, stat, table, timeseries } from "./common.ts";
import type { DashboardDef } from "./types.ts";

export const NODES_UID = "obstack-nodes";

const M = 'machine_name=~"$machine_name"';
/** Real filesystems only: no pseudo, overlay or per-pod mounts. */
const FS = `${M}, fstype!~"tmpfs|ramfs|overlay|squashfs|nsfs|fuse\\\\..*|autofs|devtmpfs", mountpoint!~"/run.*|/var/lib/kubelet/.*|/var/lib/containerd/.*"`;
/** Physical and bond interfaces: no loopback, CNI or container veths. */
const NET = `${M}, device!~"lo|veth.*|cali.*|cilium.*|lxc.*|flannel.*|cni.*|docker.*|br-.*|vxlan.*|tunl.*|kube-.*|virbr.*"`;
const rate = (sel: string) => `rate(${sel}[$__rate_interval])`;

export function nodesDashboard(): DashboardDef {
  const d = dashboard(NODES_UID, "Nodes and machines", "node-exporter of cluster nodes and external machines, selected by machine_name.")
    .withVariable(promVariable("machine_name", "label_values(node_uname_info, machine_name)", { label: "Machine" }))
    .withRow(new RowBuilder("Overview"))
    .withPanel(
      stat("Exporters up", [prom(`min by (machine_name) (up{job=~"node-exporter|.+-exporters", ${M}})`, "{{machine_name}}")], {
        description: "1 when every exporter of the machine answers (Alloy's scrape for nodes, Prometheus' for external machines).",
        w: 8,
        min: 0,
        max: 1,
      }),
    )
    .withPanel(
      stat("Uptime", [prom(`time() - max by (machine_name) (node_boot_time_seconds{${M}})`, "{{machine_name}}")], { unit: "s", w: 8 }),
    )
    .withPanel(
      table("Machines", [promTable(`max by (machine_name, job, nodename, release, machine) (node_uname_info{${M}})`)], { w: 8, h: 5 }),
    )
    .withRow(new RowBuilder("CPU and load"))
    .withPanel(
      timeseries("CPU busy", [prom(`1 - avg by (machine_name) (${rate(`node_cpu_seconds_total{${M}, mode="idle"}`)})`, "{{machine_name}}")], {
        unit: "percentunit",
        min: 0,
        max: 1,
        w: 8,
      }),
    )
    .withPanel(
      timeseries(
        "CPU by mode",
        [prom(`sum by (machine_name, mode) (${rate(`node_cpu_seconds_total{${M}, mode!="idle"}`)}) / on (machine_name) group_left () count by (machine_name) (node_cpu_seconds_total{${M}, mode="idle"})`, "{{machine_name}} {{mode}}")],
        { unit: "percentunit", min: 0, w: 8, stacked: true },
      ),
    )
    .withPanel(
      timeseries(
        "Load (1m) per CPU",
        [prom(`max by (machine_name) (node_load1{${M}}) / on (machine_name) count by (machine_name) (node_cpu_seconds_total{${M}, mode="idle"})`, "{{machine_name}}")],
        { description: "Above 1: more runnable tasks than CPUs.", unit: "short", min: 0, w: 8 },
      ),
    )
    .withPanel(
      timeseries(
        "Load average",
        [
          prom(`max by (machine_name) (node_load1{${M}})`, "{{machine_name}} 1m"),
          prom(`max by (machine_name) (node_load5{${M}})`, "{{machine_name}} 5m"),
          prom(`max by (machine_name) (node_load15{${M}})`, "{{machine_name}} 15m"),
        ],
        { unit: "short", min: 0 },
      ),
    )
    .withPanel(
      timeseries("CPU pressure (waiting)", [prom(`max by (machine_name) (${rate(`node_pressure_cpu_waiting_seconds_total{${M}}`)})`, "{{machine_name}}")], {
        description: "Share of time some task waited for a CPU (PSI).",
        unit: "percentunit",
        min: 0,
      }),
    )
    .withRow(new RowBuilder("Memory"))
    .withPanel(
      timeseries(
        "Memory used",
        [prom(`1 - max by (machine_name) (node_memory_MemAvailable_bytes{${M}}) / max by (machine_name) (node_memory_MemTotal_bytes{${M}})`, "{{machine_name}}")],
        { unit: "percentunit", min: 0, max: 1 },
      ),
    )
    .withPanel(
      timeseries(
        "Memory available and swap used",
        [
          prom(`max by (machine_name) (node_memory_MemAvailable_bytes{${M}})`, "{{machine_name}} available"),
          prom(`max by (machine_name) (node_memory_SwapTotal_bytes{${M}} - node_memory_SwapFree_bytes{${M}})`, "{{machine_name}} swap used"),
        ],
        { unit: "bytes", min: 0 },
      ),
    )
    .withPanel(
      timeseries("OOM kills", [prom(`sum by (machine_name) (increase(node_vmstat_oom_kill{${M}}[$__rate_interval]))`, "{{machine_name}}")], {
        unit: "short",
        min: 0,
      }),
    )
    .withPanel(
      timeseries("Major page faults per second", [prom(`sum by (machine_name) (${rate(`node_vmstat_pgmajfault{${M}}`)})`, "{{machine_name}}")], {
        unit: "short",
        min: 0,
      }),
    )
    .withRow(new RowBuilder("Disk"))
    .withPanel(
      timeseries(
        "Disk throughput",
        [
          prom(`sum by (machine_name) (${rate(`node_disk_read_bytes_total{${M}}`)})`, "{{machine_name}} read"),
          prom(`-sum by (machine_name) (${rate(`node_disk_written_bytes_total{${M}}`)})`, "{{machine_name}} written"),
        ],
        { description: "Reads up, writes down.", unit: "Bps" },
      ),
    )
    .withPanel(
      timeseries("Disk busy (I/O time)", [prom(`max by (machine_name, device) (${rate(`node_disk_io_time_seconds_total{${M}}`)})`, "{{machine_name}} {{device}}")], {
        unit: "percentunit",
        min: 0,
        max: 1,
      }),
    )
    .withRow(new RowBuilder("Filesystems"))
    .withPanel(
      bargauge(
        "Filesystem fill",
        [prom(`1 - max by (machine_name, mountpoint) (node_filesystem_avail_bytes{${FS}}) / max by (machine_name, mountpoint) (node_filesystem_size_bytes{${FS}})`, "{{machine_name}} {{mountpoint}}")],
        { unit: "percentunit", min: 0, max: 1, h: 10 },
      ),
    )
    .withPanel(
      table(
        "Filesystems full within 24h (linear prediction over 6h)",
        [promTable(`max by (machine_name, mountpoint) (predict_linear(node_filesystem_avail_bytes{${FS}}[6h], 86400)) < 0`)],
        { h: 10 },
      ),
    )
    .withPanel(
      timeseries(
        "Inodes used",
        [prom(`1 - max by (machine_name, mountpoint) (node_filesystem_files_free{${FS}}) / max by (machine_name, mountpoint) (node_filesystem_files{${FS}})`, "{{machine_name}} {{mountpoint}}")],
        { unit: "percentunit", min: 0, max: 1, w: 24 },
      ),
    )
    .withRow(new RowBuilder("Network"))
    .withPanel(
      timeseries(
        "Network throughput",
        [
          prom(`sum by (machine_name) (${rate(`node_network_receive_bytes_total{${NET}}`)})`, "{{machine_name}} received"),
          prom(`-sum by (machine_name) (${rate(`node_network_transmit_bytes_total{${NET}}`)})`, "{{machine_name}} sent"),
        ],
        { description: "Received up, sent down; physical interfaces only.", unit: "Bps" },
      ),
    )
    .withPanel(
      timeseries(
        "Network errors and drops",
        [
          prom(`sum by (machine_name) (${rate(`node_network_receive_errs_total{${NET}}`)} + ${rate(`node_network_transmit_errs_total{${NET}}`)})`, "{{machine_name}} errors"),
          prom(`sum by (machine_name) (${rate(`node_network_receive_drop_total{${NET}}`)} + ${rate(`node_network_transmit_drop_total{${NET}}`)})`, "{{machine_name}} drops"),
        ],
        { unit: "pps", min: 0 },
      ),
    );
  return finish(d);
}
