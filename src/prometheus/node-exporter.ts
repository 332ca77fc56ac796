// The cluster's node-exporter collectors beyond the defaults (profile.nodeExporter), as values of
// kube-prometheus-stack 79.12.0's prometheus-node-exporter subchart (4.49.2).
//
// - `extraArgs` is a list: Helm replaces a list value instead of merging it, so kube-prometheus-stack's own
//   filesystem excludes (its values.yaml, prometheus-node-exporter.extraArgs) are repeated here first.
// - `extraHostVolumeMounts` entries {name, hostPath, mountPath, readOnly, type} become a hostPath volume and
//   a mount (prometheus-node-exporter templates/daemonset.yaml:161-168 and :300-307 @ 4.49.2).
import type { Profile } from "../profile/schema.ts";

/** kube-prometheus-stack 79.12.0 values.yaml, prometheus-node-exporter.extraArgs. */
export const KPS_NODE_EXPORTER_ARGS = [
  "--collector.filesystem.mount-points-exclude=^/(dev|proc|sys|run/containerd/.+|var/lib/docker/.+|var/lib/kubelet/.+)($|/)",
  "--collector.filesystem.fs-types-exclude=^(autofs|binfmt_misc|bpf|cgroup2?|configfs|debugfs|devpts|devtmpfs|fusectl|hugetlbfs|iso9660|mqueue|nsfs|overlay|proc|procfs|pstore|rpc_pipefs|securityfs|selinuxfs|squashfs|sysfs|tracefs|erofs)$",
];

interface HostMount {
  name: string;
  hostPath: string;
  mountPath: string;
  readOnly: boolean;
  type: string;
}

/** Values for the subchart, or {} when the profile enables no extra collector (the chart's defaults stay). */
export function nodeExporterCollectorValues(p: Profile): { extraArgs?: string[]; extraHostVolumeMounts?: HostMount[]; containerSecurityContext?: unknown } {
  const collectors = p.nodeExporter.collectors;
  if (collectors.length === 0) return {};
  const args = [...KPS_NODE_EXPORTER_ARGS, ...collectors.map((c) => `--collector.${c}`)];
  const mounts: HostMount[] = [];
  const systemd = collectors.includes("systemd");
  if (systemd) {
    // The systemd collector talks to systemd over the host's D-Bus system bus socket (/run/dbus/system_bus_socket),
    // which the chart does not mount; /proc and /sys (wifi, processes, ...) are mounted by the chart already.
    mounts.push({ name: "dbus", hostPath: "/run/dbus", mountPath: "/var/run/dbus", readOnly: true, type: "Directory" });
  }
  if (p.nodeExporter.textfileDirectory !== undefined) {
    const dir = "/host/textfile";
    mounts.push({ name: "textfile", hostPath: p.nodeExporter.textfileDirectory, mountPath: dir, readOnly: true, type: "DirectoryOrCreate" });
    args.push(`--collector.textfile.directory=${dir}`);
  }
  return {
    extraArgs: args,
    ...(mounts.length > 0 ? { extraHostVolumeMounts: mounts } : {}),
    // The host's D-Bus policy (AppArmor on Ubuntu/Debian) refuses a confined container's connection; the
    // reference cluster ran node-exporter unconfined for this.
    ...(systemd ? { containerSecurityContext: { appArmorProfile: { type: "Unconfined" } } } : {}),
  };
}
