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
