// Where each local volume lives: node and host directory, for every component, in one place. Kept free of
// Kubernetes model imports: the profile schema checks placements, and profiles load it.
import type { LocalVolumeComponent, Profile } from "../profile/schema.ts";

/** Where one local volume lives: placed here, for every component, so placement has one source. */
export interface VolumeSlot {
  component: LocalVolumeComponent;
  /** Unique in the stack: the default directory name and the volume's name in the preparation Job. */
  key: string;
  node: string;
  /** Host directory: storage.paths.<component>, else <storage.localPath>/<key>. */
  path: string;
}

export function needsLocalVolumes(p: Profile): boolean {
  return p.storage.provisioner === "kubernetes.io/no-provisioner";
}

/** Where single-replica components keep their data: the configured node, else the first worker. */
export function singletonNode(p: Profile): string {
  return p.storage.singletonNode ?? (p.nodes.find((n) => !n.controlPlane) ?? p.nodes[0]!).name;
}

/** Node for replica i of a replicated component: distinct nodes, in profile order (wrapping around). */
export function replicaNode(p: Profile, i: number): string {
  const n = p.nodes.length;
  return p.nodes[((i % n) + n) % n]!.name;
}

function slot(p: Profile, component: LocalVolumeComponent, key: string, node: string): VolumeSlot {
  return { component, key, node, path: p.storage.paths[component] ?? `${p.storage.localPath}/${key}` };
}

/** Every local volume the stack's components claim, with its node and host directory. */
export function volumeSlots(p: Profile): VolumeSlot[] {
  const n = p.nodes.length;
  return [
    ...Array.from({ length: p.prometheus.replicas }, (_, i) => slot(p, "prometheus", `prometheus-${i}`, replicaNode(p, i))),
    // Alertmanager fills the nodes from the other end, so it does not pile onto Prometheus replica 0.
    ...Array.from({ length: p.alertmanager.replicas }, (_, i) => slot(p, "alertmanager", `alertmanager-${i}`, replicaNode(p, n - 1 - i))),
    slot(p, "loki", "loki", singletonNode(p)),
    ...(p.loki.storage.type === "minio" ? [slot(p, "minio", "minio", singletonNode(p))] : []),
    ...(p.loki.storage.type === "seaweedfs" ? [slot(p, "seaweedfs", "seaweedfs", singletonNode(p))] : []),
    slot(p, "grafana", "grafana", singletonNode(p)),
  ];
}

export function slotsOf(p: Profile, component: LocalVolumeComponent): VolumeSlot[] {
  return volumeSlots(p).filter((s) => s.component === component);
}
