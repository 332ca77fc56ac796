// A second bundled profile, unlike the default on every axis the stack branches on: three nodes (one
// control plane), a storage class with a real provisioner (no local PersistentVolumes), Loki on an
// external S3 bucket instead of the in-cluster MinIO, another namespace and overlay, a webhook receiver and a
// heartbeat (dead man's switch) receiver for Watchdog.
// Tests render it next to the default profile; every deploy-time property must hold for both.
import { defineStack } from "../src/index.ts";
import { DashboardBuilder } from "@grafana/grafana-foundation-sdk/dashboard";
import { PanelBuilder as Timeseries } from "@grafana/grafana-foundation-sdk/timeseries";
import { DataqueryBuilder as PromQuery } from "@grafana/grafana-foundation-sdk/prometheus";

// The lab's own dashboard (foundation SDK): free space on the NAS, an external machine. Written as an
// exported dashboard would be, with a ${DS_PROMETHEUS} input: obstack maps it to the stack's Prometheus.
const nasDashboard = {
  ...new DashboardBuilder("NAS storage")
    .uid("lab-nas-storage")
    .withPanel(
      new Timeseries()
        .title("Free space by mount point")
        .unit("bytes")
        .datasource({ type: "prometheus", uid: "${DS_PROMETHEUS}" })
        .withTarget(new PromQuery().expr('node_filesystem_avail_bytes{machine_name="nas", fstype!~"tmpfs|overlay"}').legendFormat("{{mountpoint}}")),
    )
    .build(),
  __inputs: [{ name: "DS_PROMETHEUS", label: "Prometheus", type: "datasource", pluginId: "prometheus" }],
};

export default defineStack({
  cluster: { name: "lab-eu", overlay: "lab" },
  namespace: "monitoring",
  nodes: [{ name: "cp-1", controlPlane: true }, { name: "worker-1" }, { name: "worker-2" }],
  storage: { className: "longhorn", provisioner: "driver.longhorn.io" },
  flux: { repositoryRoot: "./clusters/lab", dependsOn: ["infra-controllers"] },
  prometheus: { replicas: 2, retention: "7d", retentionSize: "40GiB", volumeSize: "50Gi" },
  alertmanager: {
    defaultReceiver: "ops",
    receivers: [
      { name: "null", type: "null" },
      { name: "ops", type: "webhook", urlSecret: { name: "alert-webhook", key: "url" } },
      // A dead man's switch (e.g. healthchecks.io): pinged by Watchdog every minute, alarms when the pings stop.
      { name: "heartbeat", type: "webhook", urlSecret: { name: "alert-heartbeat", key: "url" }, sendResolved: false },
    ],
    heartbeatReceiver: "heartbeat",
  },
  loki: {
    retention: "14d",
    storage: {
      type: "s3",
      endpoint: "s3.eu-central-1.amazonaws.com",
      region: "eu-central-1",
      bucket: "lab-eu-loki",
      credentialsSecret: "loki-s3",
    },
  },
  grafana: {
    hostname: "grafana.lab.example.org",
    gateway: { name: "public", namespace: "gateway-system" },
  },
  // The control plane is a VM without RAPL, where Kepler would exit: only the workers run it.
  kepler: { nodes: ["worker-1", "worker-2"] },
  externalMachines: [{ name: "nas", address: "10.20.0.5", exporters: [{ name: "node", port: 9100 }] }],
  dashboards: [{ json: nasDashboard, folder: "Lab" }],
});
