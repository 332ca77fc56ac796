// promtool cases for the kube-prometheus-stack rules the stack turns on itself (general, node-exporter) and for
// the overcommit alerts it decides about: for each alert (and severity), series under which it fires with the
// labels it must carry, and series under which it stays quiet. Series labels follow what the stack collects:
// node-exporter through Alloy (job="node-exporter", instance = node name), external machines through
// Prometheus (job = service = "<machine>-exporters", src/monitors).

export interface Series {
  series: string;
  values: string;
}

export interface KpsCase {
  alert: string;
  /** The case's rule (alerts of the same name differ by severity). */
  severity: string;
  evalTime: string;
  broken: Series[];
  /** Every alert of this name that fires in the broken case (a critical case also passes the warning threshold). */
  fires: Record<string, string>[];
  healthy: Series[];
}

const N = `job="node-exporter", instance="node01"`;
const NL = { job: "node-exporter", instance: "node01" };
const FS = `${N}, device="/dev/sda1", fstype="ext4", mountpoint="/"`;
const FSL = { ...NL, device: "/dev/sda1", fstype: "ext4", mountpoint: "/" };
const s = (series: string, values: string): Series => ({ series, values });

const fsSpace = (avail: string): Series[] => [
  s(`node_filesystem_size_bytes{${FS}}`, "100000000000x400"),
  s(`node_filesystem_avail_bytes{${FS}}`, avail),
  s(`node_filesystem_readonly{${FS}}`, "0x400"),
];
const fsFiles = (free: string): Series[] => [
  s(`node_filesystem_files{${FS}}`, "1000000x400"),
  s(`node_filesystem_files_free{${FS}}`, free),
  s(`node_filesystem_readonly{${FS}}`, "0x400"),
];
const w = (l: Record<string, string>) => ({ ...l, severity: "warning" });
const c = (l: Record<string, string>) => ({ ...l, severity: "critical" });

export const KPS_CASES: KpsCase[] = [
  {
    // An external machine's exporter down: 1 of 1 targets of its job (100% > 10%) for 10 minutes.
    alert: "TargetDown",
    severity: "warning",
    evalTime: "15m",
    broken: [s(`up{job="nas-exporters", namespace="observability", service="nas-exporters", instance="10.20.0.5:9100"}`, "0x30")],
    fires: [w({ job: "nas-exporters", namespace: "observability", service: "nas-exporters" })],
    healthy: [s(`up{job="nas-exporters", namespace="observability", service="nas-exporters", instance="10.20.0.5:9100"}`, "1x30")],
  },
  {
    // An info alert alone in its namespace: InfoInhibitor fires (Alertmanager uses it to mute the info alert).
    alert: "InfoInhibitor",
    severity: "none",
    evalTime: "5m",
    broken: [s(`ALERTS{alertname="CPUThrottlingHigh", severity="info", namespace="apps", alertstate="firing"}`, "1x10")],
    fires: [{ alertstate: "firing", namespace: "apps", severity: "none" }],
    healthy: [
      s(`ALERTS{alertname="CPUThrottlingHigh", severity="info", namespace="apps", alertstate="firing"}`, "1x10"),
      s(`ALERTS{alertname="KubePodCrashLooping", severity="warning", namespace="apps", alertstate="firing"}`, "1x10"),
    ],
  },
  // 20 GB free of 100 GB, 50 MB less every minute: below 15% after 100 minutes, below 10% after 200.
  { alert: "NodeFilesystemSpaceFillingUp", severity: "warning", evalTime: "3h", broken: fsSpace("20000000000-50000000x400"), fires: [w(FSL)], healthy: fsSpace("50000000000x400") },
  { alert: "NodeFilesystemSpaceFillingUp", severity: "critical", evalTime: "270m", broken: fsSpace("20000000000-50000000x400"), fires: [w(FSL), c(FSL)], healthy: fsSpace("50000000000-1000x400") },
  { alert: "NodeFilesystemAlmostOutOfSpace", severity: "warning", evalTime: "40m", broken: fsSpace("4000000000x400"), fires: [w(FSL)], healthy: fsSpace("6000000000x400") },
  { alert: "NodeFilesystemAlmostOutOfSpace", severity: "critical", evalTime: "40m", broken: fsSpace("2000000000x400"), fires: [w(FSL), c(FSL)], healthy: fsSpace("50000000000x400") },
  // 500k of 1M inodes free, 1000 fewer every minute: below 40% after 100 minutes, below 20% after 300.
  { alert: "NodeFilesystemFilesFillingUp", severity: "warning", evalTime: "3h", broken: fsFiles("500000-1000x400"), fires: [w(FSL)], healthy: fsFiles("500000x400") },
  { alert: "NodeFilesystemFilesFillingUp", severity: "critical", evalTime: "370m", broken: fsFiles("500000-1000x400"), fires: [w(FSL), c(FSL)], healthy: fsFiles("300000x400") },
  { alert: "NodeFilesystemAlmostOutOfFiles", severity: "warning", evalTime: "70m", broken: fsFiles("40000x400"), fires: [w(FSL)], healthy: fsFiles("60000x400") },
  { alert: "NodeFilesystemAlmostOutOfFiles", severity: "critical", evalTime: "70m", broken: fsFiles("20000x400"), fires: [w(FSL), c(FSL)], healthy: fsFiles("500000x400") },
  {
    alert: "NodeNetworkReceiveErrs",
    severity: "warning",
    evalTime: "70m",
    broken: [s(`node_network_receive_errs_total{${N}, device="eth0"}`, "0+20x100"), s(`node_network_receive_packets_total{${N}, device="eth0"}`, "0+1000x100")],
    fires: [w({ ...NL, device: "eth0" })],
    healthy: [s(`node_network_receive_errs_total{${N}, device="eth0"}`, "0x100"), s(`node_network_receive_packets_total{${N}, device="eth0"}`, "0+1000x100")],
  },
  {
    alert: "NodeNetworkTransmitErrs",
    severity: "warning",
    evalTime: "70m",
    broken: [s(`node_network_transmit_errs_total{${N}, device="eth0"}`, "0+20x100"), s(`node_network_transmit_packets_total{${N}, device="eth0"}`, "0+1000x100")],
    fires: [w({ ...NL, device: "eth0" })],
    healthy: [s(`node_network_transmit_errs_total{${N}, device="eth0"}`, "0+1x100"), s(`node_network_transmit_packets_total{${N}, device="eth0"}`, "0+1000x100")],
  },
  {
    alert: "NodeHighNumberConntrackEntriesUsed",
    severity: "warning",
    evalTime: "5m",
    broken: [s(`node_nf_conntrack_entries{${N}}`, "80000x10"), s(`node_nf_conntrack_entries_limit{${N}}`, "100000x10")],
    fires: [w(NL)],
    healthy: [s(`node_nf_conntrack_entries{${N}}`, "1000x10"), s(`node_nf_conntrack_entries_limit{${N}}`, "100000x10")],
  },
  {
    alert: "NodeTextFileCollectorScrapeError",
    severity: "warning",
    evalTime: "5m",
    broken: [s(`node_textfile_scrape_error{${N}}`, "1x10")],
    fires: [w(NL)],
    healthy: [s(`node_textfile_scrape_error{${N}}`, "0x10")],
  },
  {
    alert: "NodeClockSkewDetected",
    severity: "warning",
    evalTime: "20m",
    broken: [s(`node_timex_offset_seconds{${N}}`, "0.1x30")],
    fires: [w(NL)],
    healthy: [s(`node_timex_offset_seconds{${N}}`, "0.001x30")],
  },
  {
    alert: "NodeClockNotSynchronising",
    severity: "warning",
    evalTime: "20m",
    broken: [s(`node_timex_sync_status{${N}}`, "0x30"), s(`node_timex_maxerror_seconds{${N}}`, "16x30")],
    fires: [w(NL)],
    healthy: [s(`node_timex_sync_status{${N}}`, "1x30"), s(`node_timex_maxerror_seconds{${N}}`, "0.01x30")],
  },
  {
    alert: "NodeRAIDDegraded",
    severity: "critical",
    evalTime: "20m",
    broken: [s(`node_md_disks_required{${N}, device="md0"}`, "2x30"), s(`node_md_disks{${N}, device="md0", state="active"}`, "1x30")],
    fires: [c({ ...NL, device: "md0" })],
    healthy: [s(`node_md_disks_required{${N}, device="md0"}`, "2x30"), s(`node_md_disks{${N}, device="md0", state="active"}`, "2x30")],
  },
  {
    alert: "NodeRAIDDiskFailure",
    severity: "warning",
    evalTime: "5m",
    broken: [s(`node_md_disks{${N}, device="md0", state="failed"}`, "1x10")],
    fires: [w({ ...NL, device: "md0", state: "failed" })],
    healthy: [s(`node_md_disks{${N}, device="md0", state="failed"}`, "0x10")],
  },
  {
    alert: "NodeFileDescriptorLimit",
    severity: "warning",
    evalTime: "20m",
    broken: [s(`node_filefd_allocated{${N}}`, "75000x30"), s(`node_filefd_maximum{${N}}`, "100000x30")],
    fires: [w(NL)],
    healthy: [s(`node_filefd_allocated{${N}}`, "5000x30"), s(`node_filefd_maximum{${N}}`, "100000x30")],
  },
  {
    alert: "NodeFileDescriptorLimit",
    severity: "critical",
    evalTime: "20m",
    broken: [s(`node_filefd_allocated{${N}}`, "95000x30"), s(`node_filefd_maximum{${N}}`, "100000x30")],
    fires: [w(NL), c(NL)],
    healthy: [s(`node_filefd_allocated{${N}}`, "60000x30"), s(`node_filefd_maximum{${N}}`, "100000x30")],
  },
  {
    alert: "NodeCPUHighUsage",
    severity: "info",
    evalTime: "20m",
    broken: [s(`node_cpu_seconds_total{${N}, cpu="0", mode="user"}`, "0+57x30"), s(`node_cpu_seconds_total{${N}, cpu="0", mode="idle"}`, "0+3x30")],
    fires: [{ ...NL, severity: "info" }],
    healthy: [s(`node_cpu_seconds_total{${N}, cpu="0", mode="user"}`, "0+6x30"), s(`node_cpu_seconds_total{${N}, cpu="0", mode="idle"}`, "0+54x30")],
  },
  {
    alert: "NodeSystemSaturation",
    severity: "warning",
    evalTime: "20m",
    broken: [s(`node_load1{${N}}`, "5x30"), s(`node_cpu_seconds_total{${N}, cpu="0", mode="idle"}`, "0+60x30")],
    fires: [w(NL)],
    healthy: [s(`node_load1{${N}}`, "0.5x30"), s(`node_cpu_seconds_total{${N}, cpu="0", mode="idle"}`, "0+60x30")],
  },
  {
    alert: "NodeMemoryMajorPagesFaults",
    severity: "warning",
    evalTime: "25m",
    broken: [s(`node_vmstat_pgmajfault{${N}}`, "0+60000x30")],
    fires: [w(NL)],
    healthy: [s(`node_vmstat_pgmajfault{${N}}`, "0+60x30")],
  },
  {
    alert: "NodeMemoryHighUtilization",
    severity: "warning",
    evalTime: "20m",
    broken: [s(`node_memory_MemAvailable_bytes{${N}}`, "5000000000x30"), s(`node_memory_MemTotal_bytes{${N}}`, "100000000000x30")],
    fires: [w(NL)],
    healthy: [s(`node_memory_MemAvailable_bytes{${N}}`, "50000000000x30"), s(`node_memory_MemTotal_bytes{${N}}`, "100000000000x30")],
  },
  {
    alert: "NodeDiskIOSaturation",
    severity: "warning",
    evalTime: "45m",
    broken: [s(`node_disk_io_time_weighted_seconds_total{${N}, device="sda"}`, "0+900x60")],
    fires: [w({ ...NL, device: "sda" })],
    healthy: [s(`node_disk_io_time_weighted_seconds_total{${N}, device="sda"}`, "0+60x60")],
  },
  {
    alert: "NodeSystemdServiceFailed",
    severity: "warning",
    evalTime: "10m",
    broken: [s(`node_systemd_unit_state{${N}, name="kubelet.service", state="failed"}`, "1x20")],
    fires: [w({ ...NL, name: "kubelet.service", state: "failed" })],
    healthy: [s(`node_systemd_unit_state{${N}, name="kubelet.service", state="failed"}`, "0x20")],
  },
  {
    alert: "NodeSystemdServiceCrashlooping",
    severity: "warning",
    evalTime: "25m",
    broken: [s(`node_systemd_service_restart_total{${N}, name="containerd.service"}`, "0+1x30")],
    fires: [w({ ...NL, name: "containerd.service" })],
    healthy: [s(`node_systemd_service_restart_total{${N}, name="containerd.service"}`, "3x30")],
  },
  {
    alert: "NodeBondingDegraded",
    severity: "warning",
    evalTime: "10m",
    broken: [s(`node_bonding_slaves{${N}, master="bond0"}`, "2x20"), s(`node_bonding_active{${N}, master="bond0"}`, "1x20")],
    fires: [w({ ...NL, master: "bond0" })],
    healthy: [s(`node_bonding_slaves{${N}, master="bond0"}`, "2x20"), s(`node_bonding_active{${N}, master="bond0"}`, "2x20")],
  },
];

/**
 * The overcommit alerts on a three-node cluster (they are off below three nodes: src/alerts/kps-rules.ts).
 * Three nodes of 4 CPUs / 16 GiB: N-1 tolerance leaves 8 CPUs / 32 GiB; requests above that fire.
 */
const NODES = ["cp-1", "worker-1", "worker-2"];
const KSM = `job="kube-state-metrics"`;
const alloc = (resource: string, v: string) => NODES.map((n) => s(`kube_node_status_allocatable{${KSM}, node="${n}", resource="${resource}", unit="${resource === "cpu" ? "core" : "byte"}"}`, `${v}x30`));
const role = s(`kube_node_role{${KSM}, node="cp-1", role="control-plane"}`, "1x30");
export const OVERCOMMIT_CASES: KpsCase[] = [
  {
    alert: "KubeCPUOvercommit",
    severity: "warning",
    evalTime: "20m",
    broken: [...alloc("cpu", "4"), role, s(`namespace_cpu:kube_pod_container_resource_requests:sum{namespace="apps"}`, "9x30")],
    fires: [w({})],
    healthy: [...alloc("cpu", "4"), role, s(`namespace_cpu:kube_pod_container_resource_requests:sum{namespace="apps"}`, "7x30")],
  },
  {
    alert: "KubeMemoryOvercommit",
    severity: "warning",
    evalTime: "20m",
    broken: [...alloc("memory", "17179869184"), role, s(`namespace_memory:kube_pod_container_resource_requests:sum{namespace="apps"}`, "36000000000x30")],
    fires: [w({})],
    healthy: [...alloc("memory", "17179869184"), role, s(`namespace_memory:kube_pod_container_resource_requests:sum{namespace="apps"}`, "30000000000x30")],
  },
];

/**
 * The chart's other rules (on before issue #8, kept on): a broken case in which each fires and a healthy one in
 * which it stays quiet. Checked by "fires at all" (promtool reports the alert where none was expected), since their
 * exact labels are the chart's business; the quiet side is exact (no alert).
 */
export interface ChartCase {
  alert: string;
  evalTime: string;
  broken: Series[];
  healthy: Series[];
}

const K = `job="kube-state-metrics", namespace="apps"`;
const KL = `job="kubelet", metrics_path="/metrics", instance="10.0.0.11:10250"`;
const pair = (a: string, av: string, b: string, bv: string): Series[] => [s(a, av), s(b, bv)];

export const CHART_CASES: ChartCase[] = [
  {
    alert: "KubePodCrashLooping",
    evalTime: "25m",
    broken: [s(`kube_pod_container_status_waiting_reason{${K}, pod="api-1", container="api", reason="CrashLoopBackOff"}`, "1x40")],
    healthy: [s(`kube_pod_container_status_waiting_reason{${K}, pod="api-1", container="api", reason="CrashLoopBackOff"}`, "0x40")],
  },
  {
    alert: "KubePodNotReady",
    evalTime: "25m",
    broken: [s(`kube_pod_status_phase{${K}, pod="api-1", phase="Pending"}`, "1x40"), s(`kube_pod_owner{${K}, pod="api-1", owner_kind="ReplicaSet"}`, "1x40")],
    healthy: [s(`kube_pod_status_phase{${K}, pod="api-1", phase="Pending"}`, "0x40"), s(`kube_pod_owner{${K}, pod="api-1", owner_kind="ReplicaSet"}`, "1x40")],
  },
  {
    alert: "KubeDeploymentGenerationMismatch",
    evalTime: "25m",
    broken: pair(`kube_deployment_status_observed_generation{${K}, deployment="api"}`, "3x40", `kube_deployment_metadata_generation{${K}, deployment="api"}`, "4x40"),
    healthy: pair(`kube_deployment_status_observed_generation{${K}, deployment="api"}`, "4x40", `kube_deployment_metadata_generation{${K}, deployment="api"}`, "4x40"),
  },
  {
    alert: "KubeDeploymentReplicasMismatch",
    evalTime: "30m",
    broken: [s(`kube_deployment_spec_replicas{${K}, deployment="api"}`, "3x40"), s(`kube_deployment_status_replicas_available{${K}, deployment="api"}`, "2x40"), s(`kube_deployment_status_replicas_updated{${K}, deployment="api"}`, "3x40")],
    healthy: [s(`kube_deployment_spec_replicas{${K}, deployment="api"}`, "3x40"), s(`kube_deployment_status_replicas_available{${K}, deployment="api"}`, "3x40"), s(`kube_deployment_status_replicas_updated{${K}, deployment="api"}`, "3x40")],
  },
  {
    alert: "KubeDeploymentRolloutStuck",
    evalTime: "25m",
    broken: [s(`kube_deployment_status_condition{${K}, deployment="api", condition="Progressing", status="false"}`, "1x40")],
    healthy: [s(`kube_deployment_status_condition{${K}, deployment="api", condition="Progressing", status="false"}`, "0x40")],
  },
  {
    alert: "KubeStatefulSetReplicasMismatch",
    evalTime: "30m",
    broken: [s(`kube_statefulset_status_replicas_ready{${K}, statefulset="db"}`, "1x40"), s(`kube_statefulset_replicas{${K}, statefulset="db"}`, "2x40"), s(`kube_statefulset_status_replicas_updated{${K}, statefulset="db"}`, "2x40")],
    healthy: [s(`kube_statefulset_status_replicas_ready{${K}, statefulset="db"}`, "2x40"), s(`kube_statefulset_replicas{${K}, statefulset="db"}`, "2x40"), s(`kube_statefulset_status_replicas_updated{${K}, statefulset="db"}`, "2x40")],
  },
  {
    alert: "KubeStatefulSetGenerationMismatch",
    evalTime: "25m",
    broken: pair(`kube_statefulset_status_observed_generation{${K}, statefulset="db"}`, "1x40", `kube_statefulset_metadata_generation{${K}, statefulset="db"}`, "2x40"),
    healthy: pair(`kube_statefulset_status_observed_generation{${K}, statefulset="db"}`, "2x40", `kube_statefulset_metadata_generation{${K}, statefulset="db"}`, "2x40"),
  },
  {
    alert: "KubeStatefulSetUpdateNotRolledOut",
    evalTime: "30m",
    broken: [
      s(`kube_statefulset_status_current_revision{${K}, statefulset="db", revision="db-1"}`, "1x40"),
      s(`kube_statefulset_status_update_revision{${K}, statefulset="db", revision="db-2"}`, "1x40"),
      s(`kube_statefulset_replicas{${K}, statefulset="db"}`, "2x40"),
      s(`kube_statefulset_status_replicas_updated{${K}, statefulset="db"}`, "1x40"),
    ],
    healthy: [
      s(`kube_statefulset_status_current_revision{${K}, statefulset="db", revision="db-2"}`, "1x40"),
      s(`kube_statefulset_status_update_revision{${K}, statefulset="db", revision="db-2"}`, "1x40"),
      s(`kube_statefulset_replicas{${K}, statefulset="db"}`, "2x40"),
      s(`kube_statefulset_status_replicas_updated{${K}, statefulset="db"}`, "2x40"),
    ],
  },
  {
    alert: "KubeDaemonSetRolloutStuck",
    evalTime: "30m",
    broken: [
      s(`kube_daemonset_status_current_number_scheduled{${K}, daemonset="agent"}`, "2x40"),
      s(`kube_daemonset_status_desired_number_scheduled{${K}, daemonset="agent"}`, "3x40"),
      s(`kube_daemonset_status_number_misscheduled{${K}, daemonset="agent"}`, "0x40"),
      s(`kube_daemonset_status_updated_number_scheduled{${K}, daemonset="agent"}`, "3x40"),
      s(`kube_daemonset_status_number_available{${K}, daemonset="agent"}`, "3x40"),
    ],
    healthy: [
      s(`kube_daemonset_status_current_number_scheduled{${K}, daemonset="agent"}`, "3x40"),
      s(`kube_daemonset_status_desired_number_scheduled{${K}, daemonset="agent"}`, "3x40"),
      s(`kube_daemonset_status_number_misscheduled{${K}, daemonset="agent"}`, "0x40"),
      s(`kube_daemonset_status_updated_number_scheduled{${K}, daemonset="agent"}`, "3x40"),
      s(`kube_daemonset_status_number_available{${K}, daemonset="agent"}`, "3x40"),
    ],
  },
  {
    alert: "KubeContainerWaiting",
    evalTime: "70m",
    broken: [s(`kube_pod_container_status_waiting_reason{${K}, pod="api-1", container="api", reason="ImagePullBackOff"}`, "1x80")],
    healthy: [s(`kube_pod_container_status_waiting_reason{${K}, pod="api-1", container="api", reason="ImagePullBackOff"}`, "0x80")],
  },
  {
    alert: "KubeDaemonSetNotScheduled",
    evalTime: "20m",
    broken: pair(`kube_daemonset_status_desired_number_scheduled{${K}, daemonset="agent"}`, "3x40", `kube_daemonset_status_current_number_scheduled{${K}, daemonset="agent"}`, "2x40"),
    healthy: pair(`kube_daemonset_status_desired_number_scheduled{${K}, daemonset="agent"}`, "3x40", `kube_daemonset_status_current_number_scheduled{${K}, daemonset="agent"}`, "3x40"),
  },
  {
    alert: "KubeDaemonSetMisScheduled",
    evalTime: "20m",
    broken: [s(`kube_daemonset_status_number_misscheduled{${K}, daemonset="agent"}`, "1x40")],
    healthy: [s(`kube_daemonset_status_number_misscheduled{${K}, daemonset="agent"}`, "0x40")],
  },
  {
    alert: "KubeJobNotCompleted",
    evalTime: "13h",
    broken: [s(`kube_job_status_start_time{${K}, job_name="backup"}`, "0x800"), s(`kube_job_status_active{${K}, job_name="backup"}`, "1x800")],
    healthy: [s(`kube_job_status_start_time{${K}, job_name="backup"}`, "0x800"), s(`kube_job_status_active{${K}, job_name="backup"}`, "0x800")],
  },
  {
    alert: "KubeJobFailed",
    evalTime: "20m",
    broken: [s(`kube_job_failed{${K}, job_name="backup", condition="true"}`, "1x40")],
    healthy: [s(`kube_job_failed{${K}, job_name="backup", condition="true"}`, "0x40")],
  },
  {
    alert: "KubeHpaMaxedOut",
    evalTime: "20m",
    broken: pair(`kube_horizontalpodautoscaler_status_current_replicas{${K}, horizontalpodautoscaler="api"}`, "5x40", `kube_horizontalpodautoscaler_spec_max_replicas{${K}, horizontalpodautoscaler="api"}`, "5x40"),
    healthy: pair(`kube_horizontalpodautoscaler_status_current_replicas{${K}, horizontalpodautoscaler="api"}`, "2x40", `kube_horizontalpodautoscaler_spec_max_replicas{${K}, horizontalpodautoscaler="api"}`, "5x40"),
  },
  {
    alert: "KubePdbNotEnoughHealthyPods",
    evalTime: "20m",
    broken: pair(`kube_poddisruptionbudget_status_desired_healthy{${K}, poddisruptionbudget="api"}`, "2x40", `kube_poddisruptionbudget_status_current_healthy{${K}, poddisruptionbudget="api"}`, "1x40"),
    healthy: pair(`kube_poddisruptionbudget_status_desired_healthy{${K}, poddisruptionbudget="api"}`, "2x40", `kube_poddisruptionbudget_status_current_healthy{${K}, poddisruptionbudget="api"}`, "2x40"),
  },
  {
    alert: "KubeNodeNotReady",
    evalTime: "20m",
    broken: pair(`kube_node_status_condition{job="kube-state-metrics", node="worker-1", condition="Ready", status="true"}`, "0x40", `kube_node_spec_unschedulable{job="kube-state-metrics", node="worker-1"}`, "0x40"),
    healthy: pair(`kube_node_status_condition{job="kube-state-metrics", node="worker-1", condition="Ready", status="true"}`, "1x40", `kube_node_spec_unschedulable{job="kube-state-metrics", node="worker-1"}`, "0x40"),
  },
  {
    alert: "KubeNodePressure",
    evalTime: "20m",
    broken: pair(`kube_node_status_condition{job="kube-state-metrics", node="worker-1", condition="DiskPressure", status="true"}`, "1x40", `kube_node_spec_unschedulable{job="kube-state-metrics", node="worker-1"}`, "0x40"),
    healthy: pair(`kube_node_status_condition{job="kube-state-metrics", node="worker-1", condition="DiskPressure", status="true"}`, "0x40", `kube_node_spec_unschedulable{job="kube-state-metrics", node="worker-1"}`, "0x40"),
  },
  {
    alert: "KubeNodeUnreachable",
    evalTime: "20m",
    broken: [s(`kube_node_spec_taint{job="kube-state-metrics", node="worker-1", key="node.kubernetes.io/unreachable", effect="NoSchedule", value=""}`, "1x40")],
    healthy: [s(`kube_node_spec_taint{job="kube-state-metrics", node="worker-1", key="node-role.kubernetes.io/control-plane", effect="NoSchedule", value=""}`, "1x40")],
  },
  {
    alert: "KubeNodeReadinessFlapping",
    evalTime: "20m",
    broken: pair(`kube_node_status_condition{job="kube-state-metrics", node="worker-1", condition="Ready", status="true"}`, "1 0 1 0 1 0 1 0 1 0 1 0 1 0 1 0 1 0 1 0 1 0 1 0 1 0 1 0 1 0", `kube_node_spec_unschedulable{job="kube-state-metrics", node="worker-1"}`, "0x40"),
    healthy: pair(`kube_node_status_condition{job="kube-state-metrics", node="worker-1", condition="Ready", status="true"}`, "1x40", `kube_node_spec_unschedulable{job="kube-state-metrics", node="worker-1"}`, "0x40"),
  },
  {
    alert: "KubeletTooManyPods",
    evalTime: "20m",
    broken: [s(`kubelet_running_pods{${KL}}`, "108x40"), s(`kubelet_node_name{${KL}, node="worker-1"}`, "1x40"), s(`kube_node_status_capacity{job="kube-state-metrics", node="worker-1", resource="pods", unit="integer"}`, "110x40")],
    healthy: [s(`kubelet_running_pods{${KL}}`, "30x40"), s(`kubelet_node_name{${KL}, node="worker-1"}`, "1x40"), s(`kube_node_status_capacity{job="kube-state-metrics", node="worker-1", resource="pods", unit="integer"}`, "110x40")],
  },
  {
    alert: "KubeNodeEviction",
    evalTime: "20m",
    broken: [s(`kubelet_evictions{${KL}, eviction_signal="memory.available"}`, "0+1x40"), s(`kubelet_node_name{${KL}, node="worker-1"}`, "1x40")],
    healthy: [s(`kubelet_evictions{${KL}, eviction_signal="memory.available"}`, "3x40"), s(`kubelet_node_name{${KL}, node="worker-1"}`, "1x40")],
  },
  {
    alert: "KubeletClientCertificateExpiration",
    evalTime: "5m",
    broken: [s(`kubelet_certificate_manager_client_ttl_seconds{${KL}}`, "3600x10")],
    healthy: [s(`kubelet_certificate_manager_client_ttl_seconds{${KL}}`, "20000000x10")],
  },
  {
    alert: "KubeletServerCertificateExpiration",
    evalTime: "5m",
    broken: [s(`kubelet_certificate_manager_server_ttl_seconds{${KL}}`, "3600x10")],
    healthy: [s(`kubelet_certificate_manager_server_ttl_seconds{${KL}}`, "20000000x10")],
  },
  {
    alert: "KubeletClientCertificateRenewalErrors",
    evalTime: "25m",
    broken: [s(`kubelet_certificate_manager_client_expiration_renew_errors{${KL}}`, "0+1x40")],
    healthy: [s(`kubelet_certificate_manager_client_expiration_renew_errors{${KL}}`, "0x40")],
  },
  {
    alert: "KubeletServerCertificateRenewalErrors",
    evalTime: "25m",
    broken: [s(`kubelet_server_expiration_renew_errors{${KL}}`, "0+1x40")],
    healthy: [s(`kubelet_server_expiration_renew_errors{${KL}}`, "0x40")],
  },
  {
    alert: "KubeletDown",
    evalTime: "20m",
    broken: [s(`up{job="kubelet", metrics_path="/metrics/cadvisor", instance="10.0.0.11:10250"}`, "1x40")],
    healthy: [s(`up{${KL}}`, "1x40")],
  },
  {
    alert: "KubeVersionMismatch",
    evalTime: "20m",
    broken: [s(`kubernetes_build_info{job="apiserver", instance="a", git_version="v1.33.1"}`, "1x40"), s(`kubernetes_build_info{${KL}, git_version="v1.32.4"}`, "1x40")],
    healthy: [s(`kubernetes_build_info{job="apiserver", instance="a", git_version="v1.33.1"}`, "1x40"), s(`kubernetes_build_info{${KL}, git_version="v1.33.0"}`, "1x40")],
  },
  {
    alert: "KubeStateMetricsListErrors",
    evalTime: "25m",
    broken: pair(`kube_state_metrics_list_total{job="kube-state-metrics", resource="pods", result="error"}`, "0+10x40", `kube_state_metrics_list_total{job="kube-state-metrics", resource="pods", result="success"}`, "0+10x40"),
    healthy: pair(`kube_state_metrics_list_total{job="kube-state-metrics", resource="pods", result="error"}`, "0x40", `kube_state_metrics_list_total{job="kube-state-metrics", resource="pods", result="success"}`, "0+10x40"),
  },
  {
    alert: "ConfigReloaderSidecarErrors",
    evalTime: "25m",
    broken: [s(`reloader_last_reload_successful{namespace="observability", pod="alertmanager-0", container="config-reloader"}`, "0x40")],
    healthy: [s(`reloader_last_reload_successful{namespace="observability", pod="alertmanager-0", container="config-reloader"}`, "1x40")],
  },
];

/** The chart's alerts about the monitoring plane itself (Prometheus, Alertmanager, the operator), in the stack's namespace. */
export function monitoringCases(ns: string): ChartCase[] {
  const P = `job="prometheus-kube-prometheus-prometheus", namespace="${ns}", pod="prometheus-prometheus-kube-prometheus-prometheus-0", instance="10.1.0.9:9090"`;
  const A = `job="prometheus-kube-prometheus-alertmanager", container="alertmanager", namespace="${ns}", service="prometheus-kube-prometheus-alertmanager", pod="alertmanager-0", instance="10.1.0.8:9093"`;
  const O = `job="prometheus-kube-prometheus-operator", namespace="${ns}", controller="prometheus", instance="10.1.0.7:8080"`;
  // A counter that grows (broken) or stays (healthy).
  const counter = (alert: string, metric: string, sel: string, evalTime = "30m"): ChartCase => ({
    alert,
    evalTime,
    broken: [s(`${metric}{${sel}}`, "0+1x300")],
    healthy: [s(`${metric}{${sel}}`, "5x300")],
  });
  const gauge = (alert: string, metric: string, sel: string, bad: string, good: string, evalTime = "30m"): ChartCase => ({
    alert,
    evalTime,
    broken: [s(`${metric}{${sel}}`, `${bad}x60`)],
    healthy: [s(`${metric}{${sel}}`, `${good}x60`)],
  });
  return [
    gauge("PrometheusBadConfig", "prometheus_config_last_reload_successful", P, "0", "1"),
    counter("PrometheusSDRefreshFailure", "prometheus_sd_refresh_failures_total", `${P}, mechanism="kubernetes"`),
    counter("PrometheusKubernetesListWatchFailures", "prometheus_sd_kubernetes_failures_total", P),
    gauge("PrometheusNotConnectedToAlertmanagers", "prometheus_notifications_alertmanagers_discovered", P, "0", "1"),
    counter("PrometheusTSDBReloadsFailing", "prometheus_tsdb_reloads_failures_total", P, "4h30m"),
    counter("PrometheusTSDBCompactionsFailing", "prometheus_tsdb_compactions_failed_total", P, "4h30m"),
    counter("PrometheusDuplicateTimestamps", "prometheus_target_scrapes_sample_duplicate_timestamp_total", P),
    counter("PrometheusOutOfOrderTimestamps", "prometheus_target_scrapes_sample_out_of_order_total", P),
    counter("PrometheusMissingRuleEvaluations", "prometheus_rule_group_iterations_missed_total", `${P}, rule_group="g"`),
    counter("PrometheusTargetLimitHit", "prometheus_target_scrape_pool_exceeded_target_limit_total", P),
    counter("PrometheusLabelLimitHit", "prometheus_target_scrape_pool_exceeded_label_limits_total", P),
    counter("PrometheusScrapeBodySizeLimitHit", "prometheus_target_scrapes_exceeded_body_size_limit_total", P),
    counter("PrometheusScrapeSampleLimitHit", "prometheus_target_scrapes_exceeded_sample_limit_total", P),
    counter("PrometheusTargetSyncFailure", "prometheus_target_sync_failed_total", `${P}, scrape_job="x"`),
    {
      alert: "PrometheusErrorSendingAlertsToSomeAlertmanagers",
      evalTime: "30m",
      broken: pair(`prometheus_notifications_errors_total{${P}, alertmanager="am"}`, "0+10x60", `prometheus_notifications_sent_total{${P}, alertmanager="am"}`, "0+100x60"),
      healthy: pair(`prometheus_notifications_errors_total{${P}, alertmanager="am"}`, "0x60", `prometheus_notifications_sent_total{${P}, alertmanager="am"}`, "0+100x60"),
    },
    {
      alert: "PrometheusHighQueryLoad",
      evalTime: "30m",
      broken: pair(`prometheus_engine_queries{${P}}`, "19x60", `prometheus_engine_queries_concurrent_max{${P}}`, "20x60"),
      healthy: pair(`prometheus_engine_queries{${P}}`, "1x60", `prometheus_engine_queries_concurrent_max{${P}}`, "20x60"),
    },
    gauge("AlertmanagerFailedReload", "alertmanager_config_last_reload_successful", A, "0", "1"),
    {
      alert: "AlertmanagerFailedToSendAlerts",
      evalTime: "30m",
      broken: pair(`alertmanager_notifications_failed_total{${A}, integration="webhook", reason="other"}`, "0+10x60", `alertmanager_notifications_total{${A}, integration="webhook"}`, "0+20x60"),
      healthy: pair(`alertmanager_notifications_failed_total{${A}, integration="webhook", reason="other"}`, "0x60", `alertmanager_notifications_total{${A}, integration="webhook"}`, "0+20x60"),
    },
    {
      alert: "AlertmanagerClusterDown",
      evalTime: "30m",
      broken: [s(`up{${A}}`, "0x60")],
      healthy: [s(`up{${A}}`, "1x60")],
    },
    {
      alert: "PrometheusOperatorReconcileErrors",
      evalTime: "30m",
      broken: pair(`prometheus_operator_reconcile_errors_total{${O}}`, "0+5x60", `prometheus_operator_reconcile_operations_total{${O}}`, "0+10x60"),
      healthy: pair(`prometheus_operator_reconcile_errors_total{${O}}`, "0x60", `prometheus_operator_reconcile_operations_total{${O}}`, "0+10x60"),
    },
    gauge("PrometheusOperatorNotReady", "prometheus_operator_ready", O, "0", "1"),
    gauge("PrometheusOperatorRejectedResources", "prometheus_operator_managed_resources", `${O}, resource="servicemonitors", state="rejected"`, "1", "0"),
    gauge("PrometheusOperatorSyncFailed", "prometheus_operator_syncs", `${O}, status="failed"`, "1", "0"),
  ];
}

/**
 * The rest of the chart's alerts the stack keeps on, each rule (alert and severity, and for the burn-rate alert
 * its windows) with a broken case asserting the alert and its full label set, and a quiet case (close to the
 * threshold where no other rule of the name fires there: the quiet case expects no alert of the name at all).
 * Inputs are the series the rules read as the stack scrapes them; where an alert reads a recording rule
 * (KubeAPIErrorBudgetBurn reads apiserver_request:burnrate*, KubeletPlegDurationHigh reads
 * node_quantile:kubelet_pleg_relist_duration_seconds:histogram_quantile), the inputs are the raw series the
 * recording rules read, and the enabled chart groups run the chain in promtool.
 */
export function labelledChartCases(ns: string): KpsCase[] {
  const am = (pod: string, ip: string) => ({ job: "prometheus-kube-prometheus-alertmanager", container: "alertmanager", namespace: ns, service: "prometheus-kube-prometheus-alertmanager", pod, instance: `${ip}:9093` });
  const sel = (l: Record<string, string>) => Object.entries(l).map(([k, v]) => `${k}="${v}"`).join(", ");
  const A0 = am("alertmanager-0", "10.1.0.8");
  const A1 = am("alertmanager-1", "10.1.0.18");
  const AMS = { namespace: ns, service: "prometheus-kube-prometheus-alertmanager" };
  const P = { job: "prometheus-kube-prometheus-prometheus", namespace: ns, pod: "prometheus-prometheus-kube-prometheus-prometheus-0", instance: "10.1.0.9:9090" };
  const RW = { ...P, remote_name: "r0", url: "https://metrics.example.org/api/v1/write" };
  const O = { job: "prometheus-kube-prometheus-operator", namespace: ns, controller: "prometheus", instance: "10.1.0.7:8080" };
  const KSM1 = `job="kube-state-metrics", instance="10.1.0.2:8080"`;
  const KSM2 = `job="kube-state-metrics", instance="10.1.0.12:8080"`;
  const HPA = { job: "kube-state-metrics", namespace: "apps", horizontalpodautoscaler: "api" };
  const Q = { namespace: "apps", resourcequota: "apps-quota" };
  const quota = (resource: string, used: string, hard: string) => [
    s(`kube_resourcequota{${KSM1}, ${sel(Q)}, resource="${resource}", type="used"}`, `${used}x40`),
    s(`kube_resourcequota{${KSM1}, ${sel(Q)}, resource="${resource}", type="hard"}`, `${hard}x40`),
  ];
  const nodesAlloc = (resource: string, v: string) =>
    ["worker-1", "worker-2"].map((n) => s(`kube_node_status_allocatable{${KSM1}, node="${n}", resource="${resource}", unit="${resource === "cpu" ? "core" : "byte"}"}`, `${v}x40`));
  const quotaHard = (resource: string, v: string) => s(`kube_resourcequota{${KSM1}, ${sel(Q)}, resource="${resource}", type="hard"}`, `${v}x40`);
  const C = { namespace: "apps", pod: "api-1", container: "api", instance: "10.0.0.11:10250" };
  const cadv = `job="kubelet", metrics_path="/metrics/cadvisor", node="worker-1", id="/kubepods/pod1/c1", image="api:1"`;
  const PVC = { job: "kubelet", metrics_path: "/metrics", instance: "10.0.0.11:10250", namespace: "apps", persistentvolumeclaim: "data" };
  const volume = (prefix: "bytes" | "inodes", avail: string) => {
    const [a, cap, used] = prefix === "bytes" ? ["available_bytes", "capacity_bytes", "used_bytes"] : ["inodes_free", "inodes", "inodes_used"];
    return [s(`kubelet_volume_stats_${a}{${sel(PVC)}}`, avail), s(`kubelet_volume_stats_${cap}{${sel(PVC)}}`, "100000000000x200"), s(`kubelet_volume_stats_${used}{${sel(PVC)}}`, "50000000000x200")];
  };
  const APISERVER = { job: "apiserver", instance: "10.0.0.1:6443" };
  const AS = `job="apiserver", namespace="default", service="kubernetes", instance="10.0.0.1:6443"`;
  // Client certificate lifetimes (seconds) as the apiserver's histogram: 10 per minute observed in one bucket.
  const certBuckets = ["21600", "43200", "86400", "172800", "345600", "604800", "2592000", "+Inf"];
  const certs = (upTo: string) => [
    ...certBuckets.map((le) => s(`apiserver_client_certificate_expiration_seconds_bucket{${AS}, le="${le}"}`, certBuckets.indexOf(le) >= certBuckets.indexOf(upTo) ? "0+10x40" : "0x40")),
    s(`apiserver_client_certificate_expiration_seconds_count{${AS}}`, "0+10x40"),
  ];
  // apiserver SLI inputs of kube-apiserver-burnrate.rules: 100 reads and 100 writes a minute, all within their
  // latency target; `errors` of the reads answer 5xx. Read burn rate = errors / 100, write burn rate 0.
  const AR = `job="apiserver", namespace="default", service="kubernetes", instance="10.0.0.1:6443"`;
  const sli = (errors: number): Series[] => [
    s(`apiserver_request_sli_duration_seconds_count{${AR}, verb="GET", scope="resource", resource="pods"}`, "0+100x200"),
    s(`apiserver_request_sli_duration_seconds_bucket{${AR}, verb="GET", scope="resource", resource="pods", le="1"}`, "0+100x200"),
    s(`apiserver_request_sli_duration_seconds_count{${AR}, verb="LIST", scope="namespace", resource="pods"}`, "0+10x200"),
    s(`apiserver_request_sli_duration_seconds_bucket{${AR}, verb="LIST", scope="namespace", resource="pods", le="5"}`, "0+10x200"),
    s(`apiserver_request_sli_duration_seconds_count{${AR}, verb="LIST", scope="cluster", resource="nodes"}`, "0+10x200"),
    s(`apiserver_request_sli_duration_seconds_bucket{${AR}, verb="LIST", scope="cluster", resource="nodes", le="30"}`, "0+10x200"),
    s(`apiserver_request_total{${AR}, verb="GET", resource="pods", code="200"}`, `0+${100 - errors}x200`),
    s(`apiserver_request_total{${AR}, verb="GET", resource="pods", code="500"}`, `0+${errors}x200`),
    s(`apiserver_request_sli_duration_seconds_count{${AR}, verb="POST", resource="pods"}`, "0+100x200"),
    s(`apiserver_request_sli_duration_seconds_bucket{${AR}, verb="POST", resource="pods", le="1"}`, "0+100x200"),
    s(`apiserver_request_total{${AR}, verb="POST", resource="pods", code="201"}`, "0+100x200"),
  ];
  // Multi-window burn-rate thresholds (budget 1%): 1x (3d/6h), 3x (1d/2h), 6x (6h/30m), 14.4x (1h/5m).
  const burn = (long: string, short: string, severity: string) => ({ long, short, severity });
  const B1 = burn("3d", "6h", "warning");
  const B3 = burn("1d", "2h", "warning");
  const B6 = burn("6h", "30m", "critical");
  const B14 = burn("1h", "5m", "critical");
  const KLL = { job: "kubelet", metrics_path: "/metrics", instance: "10.0.0.11:10250" };
  const KLS = sel(KLL);
  const plegBuckets = (le: string) =>
    ["1", "10", "30", "+Inf"].map((b) => s(`kubelet_pleg_relist_duration_seconds_bucket{${KLS}, le="${b}"}`, b === "+Inf" || Number(b) >= Number(le) ? "0+60x40" : "0x40"));
  const podWorker = (le: string) =>
    ["10", "60", "120", "+Inf"].map((b) => s(`kubelet_pod_worker_duration_seconds_bucket{${KLS}, operation_type="create", le="${b}"}`, b === "+Inf" || Number(b) >= Number(le) ? "0+5x40" : "0x40"));
  const nodeName = s(`kubelet_node_name{${KLS}, node="worker-1"}`, "1x40");
  return [
    {
      // Two replicas, one of which sees only itself.
      alert: "AlertmanagerMembersInconsistent",
      severity: "critical",
      evalTime: "30m",
      broken: [s(`alertmanager_cluster_members{${sel(A0)}}`, "1x40"), s(`alertmanager_cluster_members{${sel(A1)}}`, "2x40")],
      fires: [c(A0)],
      healthy: [s(`alertmanager_cluster_members{${sel(A0)}}`, "2x40"), s(`alertmanager_cluster_members{${sel(A1)}}`, "2x40")],
    },
    {
      // Half the webhook notifications of both replicas fail. Only the critical rule fires (see UNFIREABLE_RULES).
      alert: "AlertmanagerClusterFailedToSendAlerts",
      severity: "critical",
      evalTime: "30m",
      broken: [A0, A1].flatMap((a) => pair(`alertmanager_notifications_failed_total{${sel(a)}, integration="webhook", reason="other"}`, "0+10x40", `alertmanager_notifications_total{${sel(a)}, integration="webhook"}`, "0+20x40")),
      fires: [c({ ...AMS, integration: "webhook" })],
      // One replica fails, the other delivers: the cluster still sends (that is AlertmanagerFailedToSendAlerts).
      healthy: [
        ...pair(`alertmanager_notifications_failed_total{${sel(A0)}, integration="webhook", reason="other"}`, "0+10x40", `alertmanager_notifications_total{${sel(A0)}, integration="webhook"}`, "0+20x40"),
        ...pair(`alertmanager_notifications_failed_total{${sel(A1)}, integration="webhook", reason="other"}`, "0x40", `alertmanager_notifications_total{${sel(A1)}, integration="webhook"}`, "0+20x40"),
      ],
    },
    {
      alert: "AlertmanagerConfigInconsistent",
      severity: "critical",
      evalTime: "30m",
      broken: [s(`alertmanager_config_hash{${sel(A0)}}`, "111x40"), s(`alertmanager_config_hash{${sel(A1)}}`, "222x40")],
      fires: [c(AMS)],
      healthy: [s(`alertmanager_config_hash{${sel(A0)}}`, "222x40"), s(`alertmanager_config_hash{${sel(A1)}}`, "222x40")],
    },
    {
      // One of two replicas restarts every minute.
      alert: "AlertmanagerClusterCrashlooping",
      severity: "critical",
      evalTime: "30m",
      broken: [s(`process_start_time_seconds{${sel(A0)}}`, "1000+60x40"), s(`process_start_time_seconds{${sel(A1)}}`, "1000x40"), s(`up{${sel(A0)}}`, "1x40"), s(`up{${sel(A1)}}`, "1x40")],
      fires: [c(AMS)],
      // Four restarts in ten minutes are not yet a crash loop (> 4).
      healthy: [s(`process_start_time_seconds{${sel(A0)}}`, "1000x25 2000 3000 4000 5000 5000x10"), s(`process_start_time_seconds{${sel(A1)}}`, "1000x40"), s(`up{${sel(A0)}}`, "1x40"), s(`up{${sel(A1)}}`, "1x40")],
    },
    // KubeAPIErrorBudgetBurn, one case per pair of windows, each evaluated once its `for` has passed and before the
    // next slower pair's has: read error ratio 2% passes only 1x (3d/6h, for 3h), 5% also 3x (1d/2h, for 1h), 10%
    // also 6x (6h/30m, for 15m), 20% all four (1h/5m, for 2m). The quiet cases (0.5%) run as long.
    { alert: "KubeAPIErrorBudgetBurn", severity: "warning", evalTime: "190m", broken: sli(2), fires: [B1], healthy: sli(0.5) },
    { alert: "KubeAPIErrorBudgetBurn", severity: "warning", evalTime: "70m", broken: sli(5), fires: [B3], healthy: sli(0.5) },
    { alert: "KubeAPIErrorBudgetBurn", severity: "critical", evalTime: "20m", broken: sli(10), fires: [B6], healthy: sli(0.5) },
    { alert: "KubeAPIErrorBudgetBurn", severity: "critical", evalTime: "5m", broken: sli(20), fires: [B14], healthy: sli(0.5) },
    {
      alert: "KubeStateMetricsWatchErrors",
      severity: "critical",
      evalTime: "30m",
      broken: pair(`kube_state_metrics_watch_total{${KSM1}, resource="pods", result="error"}`, "0+1x40", `kube_state_metrics_watch_total{${KSM1}, resource="pods", result="success"}`, "0+10x40"),
      fires: [c({})],
      healthy: pair(`kube_state_metrics_watch_total{${KSM1}, resource="pods", result="error"}`, "0x40", `kube_state_metrics_watch_total{${KSM1}, resource="pods", result="success"}`, "0+10x40"),
    },
    {
      alert: "KubeStateMetricsShardingMismatch",
      severity: "critical",
      evalTime: "30m",
      broken: pair(`kube_state_metrics_total_shards{${KSM1}}`, "2x40", `kube_state_metrics_total_shards{${KSM2}}`, "3x40"),
      fires: [c({})],
      healthy: pair(`kube_state_metrics_total_shards{${KSM1}}`, "2x40", `kube_state_metrics_total_shards{${KSM2}}`, "2x40"),
    },
    {
      // Two shards configured, only shard 0 reports.
      alert: "KubeStateMetricsShardsMissing",
      severity: "critical",
      evalTime: "30m",
      broken: pair(`kube_state_metrics_total_shards{${KSM1}}`, "2x40", `kube_state_metrics_shard_ordinal{${KSM1}, shard_ordinal="0"}`, "0x40"),
      fires: [c({})],
      healthy: [
        ...pair(`kube_state_metrics_total_shards{${KSM1}}`, "2x40", `kube_state_metrics_shard_ordinal{${KSM1}, shard_ordinal="0"}`, "0x40"),
        ...pair(`kube_state_metrics_total_shards{${KSM2}}`, "2x40", `kube_state_metrics_shard_ordinal{${KSM2}, shard_ordinal="1"}`, "1x40"),
      ],
    },
    {
      // Wants 5, has 3 (between min 2 and max 10), unchanged for 15 minutes.
      alert: "KubeHpaReplicasMismatch",
      severity: "warning",
      evalTime: "40m",
      broken: [
        s(`kube_horizontalpodautoscaler_status_desired_replicas{${sel(HPA)}}`, "5x50"),
        s(`kube_horizontalpodautoscaler_status_current_replicas{${sel(HPA)}}`, "3x50"),
        s(`kube_horizontalpodautoscaler_spec_min_replicas{${sel(HPA)}}`, "2x50"),
        s(`kube_horizontalpodautoscaler_spec_max_replicas{${sel(HPA)}}`, "10x50"),
      ],
      fires: [w(HPA)],
      healthy: [
        s(`kube_horizontalpodautoscaler_status_desired_replicas{${sel(HPA)}}`, "5x50"),
        s(`kube_horizontalpodautoscaler_status_current_replicas{${sel(HPA)}}`, "5x50"),
        s(`kube_horizontalpodautoscaler_spec_min_replicas{${sel(HPA)}}`, "2x50"),
        s(`kube_horizontalpodautoscaler_spec_max_replicas{${sel(HPA)}}`, "10x50"),
      ],
    },
    // Two nodes of 4 CPUs / 16 GiB: hard quotas above 1.5x allocatable fire.
    { alert: "KubeCPUQuotaOvercommit", severity: "warning", evalTime: "20m", broken: [...nodesAlloc("cpu", "4"), quotaHard("requests.cpu", "13")], fires: [w({})], healthy: [...nodesAlloc("cpu", "4"), quotaHard("requests.cpu", "11")] },
    {
      alert: "KubeMemoryQuotaOvercommit",
      severity: "warning",
      evalTime: "20m",
      broken: [...nodesAlloc("memory", "17179869184"), quotaHard("requests.memory", "55000000000")],
      fires: [w({})],
      healthy: [...nodesAlloc("memory", "17179869184"), quotaHard("requests.memory", "50000000000")],
    },
    { alert: "KubeQuotaAlmostFull", severity: "info", evalTime: "30m", broken: quota("pods", "95", "100"), fires: [{ ...Q, resource: "pods", severity: "info" }], healthy: quota("pods", "80", "100") },
    { alert: "KubeQuotaFullyUsed", severity: "info", evalTime: "30m", broken: quota("pods", "100", "100"), fires: [{ ...Q, resource: "pods", severity: "info" }], healthy: quota("pods", "99", "100") },
    { alert: "KubeQuotaExceeded", severity: "warning", evalTime: "30m", broken: quota("pods", "101", "100"), fires: [w({ ...Q, resource: "pods" })], healthy: quota("pods", "100", "100") },
    {
      // Half the CFS periods throttled (> 25%).
      alert: "CPUThrottlingHigh",
      severity: "info",
      evalTime: "30m",
      broken: pair(`container_cpu_cfs_throttled_periods_total{${cadv}, ${sel(C)}}`, "0+300x40", `container_cpu_cfs_periods_total{${cadv}, ${sel(C)}}`, "0+600x40"),
      fires: [{ ...C, severity: "info" }],
      healthy: pair(`container_cpu_cfs_throttled_periods_total{${cadv}, ${sel(C)}}`, "0+120x40", `container_cpu_cfs_periods_total{${cadv}, ${sel(C)}}`, "0+600x40"),
    },
    // 2% free (< 3%) and steady: critical only. 10% free, 10 MB less a minute (empty within 4 days): warning only.
    { alert: "KubePersistentVolumeFillingUp", severity: "critical", evalTime: "20m", broken: volume("bytes", "2000000000x200"), fires: [c(PVC)], healthy: volume("bytes", "4000000000x200") },
    { alert: "KubePersistentVolumeFillingUp", severity: "warning", evalTime: "90m", broken: volume("bytes", "10000000000-10000000x200"), fires: [w(PVC)], healthy: volume("bytes", "10000000000x200") },
    { alert: "KubePersistentVolumeInodesFillingUp", severity: "critical", evalTime: "20m", broken: volume("inodes", "2000000000x200"), fires: [c(PVC)], healthy: volume("inodes", "4000000000x200") },
    { alert: "KubePersistentVolumeInodesFillingUp", severity: "warning", evalTime: "90m", broken: volume("inodes", "10000000000-10000000x200"), fires: [w(PVC)], healthy: volume("inodes", "10000000000x200") },
    {
      alert: "KubePersistentVolumeErrors",
      severity: "critical",
      evalTime: "20m",
      broken: [s(`kube_persistentvolume_status_phase{${KSM1}, persistentvolume="pv-1", phase="Failed"}`, "1x40")],
      fires: [c({ job: "kube-state-metrics", instance: "10.1.0.2:8080", persistentvolume: "pv-1", phase: "Failed" })],
      healthy: [s(`kube_persistentvolume_status_phase{${KSM1}, persistentvolume="pv-1", phase="Failed"}`, "0x40"), s(`kube_persistentvolume_status_phase{${KSM1}, persistentvolume="pv-1", phase="Bound"}`, "1x40")],
    },
    // Client certificates presented to the apiserver that expire in 4-7 days (warning) or in 12-24 hours (both).
    { alert: "KubeClientCertificateExpiration", severity: "warning", evalTime: "20m", broken: certs("604800"), fires: [w(APISERVER)], healthy: certs("2592000") },
    { alert: "KubeClientCertificateExpiration", severity: "critical", evalTime: "20m", broken: certs("86400"), fires: [w(APISERVER), c(APISERVER)], healthy: certs("2592000") },
    {
      alert: "KubeAggregatedAPIErrors",
      severity: "warning",
      evalTime: "30m",
      broken: [s(`aggregator_unavailable_apiservice_total{${AS}, name="v1beta1.metrics.k8s.io", reason="FailedDiscoveryCheck"}`, "0+1x40")],
      fires: [w({ instance: "10.0.0.1:6443", name: "v1beta1.metrics.k8s.io", reason: "FailedDiscoveryCheck" })],
      healthy: [s(`aggregator_unavailable_apiservice_total{${AS}, name="v1beta1.metrics.k8s.io", reason="FailedDiscoveryCheck"}`, "3x40")],
    },
    {
      alert: "KubeAggregatedAPIDown",
      severity: "warning",
      evalTime: "30m",
      broken: [s(`aggregator_unavailable_apiservice{${AS}, name="v1beta1.metrics.k8s.io"}`, "1x40")],
      fires: [w({ namespace: "default", name: "v1beta1.metrics.k8s.io" })],
      // One minute in ten unavailable: 90% available (>= 85%).
      healthy: [s(`aggregator_unavailable_apiservice{${AS}, name="v1beta1.metrics.k8s.io"}`, "0 0 0 0 0 0 0 0 0 1 0 0 0 0 0 0 0 0 0 1 0 0 0 0 0 0 0 0 0 1 0x10")],
    },
    {
      // No apiserver target at all (the ServiceMonitor lost it), while the kubelets are scraped.
      alert: "KubeAPIDown",
      severity: "critical",
      evalTime: "30m",
      broken: [s(`up{${KLS}}`, "1x40")],
      fires: [c({ job: "apiserver" })],
      healthy: [s(`up{${KLS}}`, "1x40"), s(`up{${AS}}`, "1x40")],
    },
    {
      alert: "KubeAPITerminatedRequests",
      severity: "warning",
      evalTime: "30m",
      broken: pair(`apiserver_request_terminations_total{${AS}, verb="LIST", code="429"}`, "0+30x40", `apiserver_request_total{${AS}, verb="LIST", code="200"}`, "0+70x40"),
      fires: [w({})],
      healthy: pair(`apiserver_request_terminations_total{${AS}, verb="LIST", code="429"}`, "0+10x40", `apiserver_request_total{${AS}, verb="LIST", code="200"}`, "0+90x40"),
    },
    {
      // PLEG relists taking 10-30 s (kubelet.rules records the quantile the alert reads).
      alert: "KubeletPlegDurationHigh",
      severity: "warning",
      evalTime: "30m",
      broken: [...plegBuckets("30"), nodeName],
      fires: [w({ instance: KLL.instance, node: "worker-1", quantile: "0.99" })],
      healthy: [...plegBuckets("1"), nodeName],
    },
    {
      alert: "KubeletPodStartUpLatencyHigh",
      severity: "warning",
      evalTime: "30m",
      broken: [...podWorker("120"), nodeName],
      fires: [w({ instance: KLL.instance, node: "worker-1" })],
      healthy: [...podWorker("10"), nodeName],
    },
    {
      alert: "KubeClientErrors",
      severity: "warning",
      evalTime: "30m",
      broken: pair(`rest_client_requests_total{${AS}, code="503", method="GET", host="10.0.0.1:6443"}`, "0+5x40", `rest_client_requests_total{${AS}, code="200", method="GET", host="10.0.0.1:6443"}`, "0+95x40"),
      fires: [w({ job: "apiserver", namespace: "default", instance: "10.0.0.1:6443" })],
      healthy: pair(`rest_client_requests_total{${AS}, code="503", method="GET", host="10.0.0.1:6443"}`, "0x40", `rest_client_requests_total{${AS}, code="200", method="GET", host="10.0.0.1:6443"}`, "0+95x40"),
    },
    ...(
      [
        ["PrometheusOperatorListErrors", "list_operations_failed_total", "list_operations_total"],
        ["PrometheusOperatorWatchErrors", "watch_operations_failed_total", "watch_operations_total"],
        ["PrometheusOperatorStatusUpdateErrors", "status_update_errors_total", "status_update_operations_total"],
      ] as const
    ).map(([alert, failed, total]): KpsCase => ({
      alert,
      severity: "warning",
      evalTime: "40m",
      // half of the operations fail (above 40% and 10%); healthy: none do.
      broken: pair(`prometheus_operator_${failed}{${sel(O)}}`, "0+5x50", `prometheus_operator_${total}{${sel(O)}}`, "0+10x50"),
      fires: [w({ namespace: ns, controller: "prometheus" })],
      healthy: pair(`prometheus_operator_${failed}{${sel(O)}}`, "0x50", `prometheus_operator_${total}{${sel(O)}}`, "0+10x50"),
    })),
    {
      // 12 failed lookups a minute (0.2/s > 0.1/s); healthy: 3 a minute.
      alert: "PrometheusOperatorNodeLookupErrors",
      severity: "warning",
      evalTime: "30m",
      broken: [s(`prometheus_operator_node_address_lookup_errors_total{${sel(O)}}`, "0+12x40")],
      fires: [w(O)],
      healthy: [s(`prometheus_operator_node_address_lookup_errors_total{${sel(O)}}`, "0+3x40")],
    },
    {
      // 50 more queued notifications a minute: past the capacity (1000) within 30 minutes; healthy: 1 a minute.
      alert: "PrometheusNotificationQueueRunningFull",
      severity: "warning",
      evalTime: "30m",
      broken: pair(`prometheus_notifications_queue_length{${sel(P)}}`, "0+50x40", `prometheus_notifications_queue_capacity{${sel(P)}}`, "1000x40"),
      fires: [w(P)],
      healthy: pair(`prometheus_notifications_queue_length{${sel(P)}}`, "0+1x40", `prometheus_notifications_queue_capacity{${sel(P)}}`, "1000x40"),
    },
    {
      alert: "PrometheusNotIngestingSamples",
      severity: "warning",
      evalTime: "30m",
      broken: pair(`prometheus_tsdb_head_samples_appended_total{${sel(P)}, type="float"}`, "5000x40", `prometheus_target_metadata_cache_entries{${sel(P)}, scrape_job="kubelet"}`, "300x40"),
      fires: [w(P)],
      healthy: pair(`prometheus_tsdb_head_samples_appended_total{${sel(P)}, type="float"}`, "5000+1000x40", `prometheus_target_metadata_cache_entries{${sel(P)}, scrape_job="kubelet"}`, "300x40"),
    },
    {
      // 10 of 110 samples a minute fail to reach the remote (9% > 1%).
      alert: "PrometheusRemoteStorageFailures",
      severity: "critical",
      evalTime: "30m",
      broken: pair(`prometheus_remote_storage_samples_failed_total{${sel(RW)}}`, "0+10x40", `prometheus_remote_storage_samples_total{${sel(RW)}}`, "0+100x40"),
      fires: [c(RW)],
      healthy: pair(`prometheus_remote_storage_samples_failed_total{${sel(RW)}}`, "0x40", `prometheus_remote_storage_samples_total{${sel(RW)}}`, "0+100x40"),
    },
    {
      alert: "PrometheusRemoteWriteBehind",
      severity: "critical",
      evalTime: "30m",
      broken: pair(`prometheus_remote_storage_queue_highest_timestamp_seconds{${sel(RW)}}`, "100000+60x40", `prometheus_remote_storage_queue_highest_sent_timestamp_seconds{${sel(RW)}}`, "99000+60x40"),
      fires: [c(RW)],
      healthy: pair(`prometheus_remote_storage_queue_highest_timestamp_seconds{${sel(RW)}}`, "100000+60x40", `prometheus_remote_storage_queue_highest_sent_timestamp_seconds{${sel(RW)}}`, "99900+60x40"),
    },
    {
      alert: "PrometheusRemoteWriteDesiredShards",
      severity: "warning",
      evalTime: "30m",
      broken: pair(`prometheus_remote_storage_shards_desired{${sel(RW)}}`, "60x40", `prometheus_remote_storage_shards_max{${sel(RW)}}`, "50x40"),
      fires: [w(RW)],
      healthy: pair(`prometheus_remote_storage_shards_desired{${sel(RW)}}`, "40x40", `prometheus_remote_storage_shards_max{${sel(RW)}}`, "50x40"),
    },
    {
      // Every Alertmanager rejects 10% of the notifications (> 3%); healthy: one of them does, the other takes all.
      alert: "PrometheusErrorSendingAlertsToAnyAlertmanager",
      severity: "critical",
      evalTime: "30m",
      broken: ["10.1.0.8:9093", "10.1.0.18:9093"].flatMap((am) =>
        pair(`prometheus_notifications_errors_total{${sel(P)}, alertmanager="http://${am}/api/v2/alerts"}`, "0+10x40", `prometheus_notifications_sent_total{${sel(P)}, alertmanager="http://${am}/api/v2/alerts"}`, "0+100x40"),
      ),
      fires: [c(P)],
      healthy: [
        ...pair(`prometheus_notifications_errors_total{${sel(P)}, alertmanager="http://10.1.0.8:9093/api/v2/alerts"}`, "0+10x40", `prometheus_notifications_sent_total{${sel(P)}, alertmanager="http://10.1.0.8:9093/api/v2/alerts"}`, "0+100x40"),
        ...pair(`prometheus_notifications_errors_total{${sel(P)}, alertmanager="http://10.1.0.18:9093/api/v2/alerts"}`, "0x40", `prometheus_notifications_sent_total{${sel(P)}, alertmanager="http://10.1.0.18:9093/api/v2/alerts"}`, "0+100x40"),
      ],
    },
    // The kubelet's certificates (ChartCases fire both severities at once; here each severity on its own).
    ...(["client", "server"] as const).flatMap((kind): KpsCase[] => {
      const alert = kind === "client" ? "KubeletClientCertificateExpiration" : "KubeletServerCertificateExpiration";
      const ttl = (v: string) => [s(`kubelet_certificate_manager_${kind}_ttl_seconds{${KLS}, node="worker-1"}`, `${v}x10`)];
      const L = { ...KLL, node: "worker-1" };
      return [
        { alert, severity: "warning", evalTime: "5m", broken: ttl("172800"), fires: [w(L)], healthy: ttl("700000") },
        { alert, severity: "critical", evalTime: "5m", broken: ttl("43200"), fires: [w(L), c(L)], healthy: ttl("700000") },
      ];
    }),
  ];
}

/**
 * Rules the stack turns on that cannot fire as the chart renders them, each with the reason and a check that the
 * reason still holds in the rule's expression (the test fails once it does not, so the rule then needs a case).
 */
export const UNFIREABLE_RULES: { alert: string; labels: Record<string, string>; reason: string; holds: (expr: string) => boolean }[] = [
  {
    alert: "AlertmanagerClusterFailedToSendAlerts",
    labels: { severity: "warning" },
    // kube-prometheus-stack 79.12.0, templates/prometheus/rules-1.14/alertmanager.rules.yaml:175,177 (tag
    // kube-prometheus-stack-79.12.0) hard-codes integration!~`.*` for the warning rule (its critical twin, :141,143,
    // selects integration=~`.*`): `.*` matches every value, also the empty one, so the warning selects no series.
    reason: "the chart renders its selector as integration!~`.*` (every integration is critical), which selects no series",
    holds: (expr) => expr.includes("integration!~`.*`"),
  },
];
