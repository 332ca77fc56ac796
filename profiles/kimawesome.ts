// The bundled default profile: the reference cluster kim7s (overlay kimawesome), rebuilt from a profile.
import { defineStack } from "../src/index.ts";

export default defineStack({
  cluster: { name: "kim7s", overlay: "kimawesome" },
  namespace: "observability",
  nodes: [
    { name: "controlplane-82md", controlPlane: true },
    { name: "node01-82nm" },
  ],
  storage: { className: "local-storage", provisioner: "kubernetes.io/no-provisioner", localPath: "/mnt" },
  grafana: {
    hostname: "grafana.kim.tec.br",
    gateway: { name: "https-gateway", namespace: "kube-system", sectionName: "https-grafana" },
    adminSecret: "credentials",
  },
  podMonitors: [
    {
      name: "metallb-monitor",
      selector: { "app.kubernetes.io/instance": "metallb" },
      endpoints: [{ port: "monitoring" }],
    },
  ],
  externalMachines: [
    { name: "xps-notebook", address: "192.168.0.221", exporters: [{ name: "node", port: 9100 }, { name: "process", port: 9256 }] },
    { name: "media-center", address: "192.168.0.111", exporters: [{ name: "node", port: 9100 }] },
    { name: "proxmox", address: "192.168.0.4", exporters: [{ name: "node", port: 9100 }] },
  ],
});
