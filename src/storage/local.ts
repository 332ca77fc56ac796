// Local PersistentVolumes for storage classes without a provisioner. Each PV is pre-bound (claimRef)
// to the one PVC meant for it: otherwise a small claim could grab a large volume of another component.
import { PersistentVolume } from "kubernetes-models/v1";
import { plain, stackLabels, type K8sObject } from "../k8s/object.ts";
import type { Profile } from "../profile/schema.ts";

export interface VolumeClaim {
  component: string;
  /** Name of the PVC the workload creates (StatefulSet claim names are "<template>-<statefulset>-<ordinal>"). */
  claimName: string;
  size: string;
  node: string;
  /** Host directory name under storage.localPath. */
  dir: string;
}

export function needsLocalVolumes(p: Profile): boolean {
  return p.storage.provisioner === "kubernetes.io/no-provisioner";
}

/** Where single-replica components keep their data: the configured node, else the first worker. */
export function singletonNode(p: Profile): string {
  return p.storage.singletonNode ?? (p.nodes.find((n) => !n.controlPlane) ?? p.nodes[0]!).name;
}

/** Nodes for replica i of a replicated component: distinct nodes, in profile order. */
export function replicaNode(p: Profile, i: number): string {
  return p.nodes[i % p.nodes.length]!.name;
}

export function localVolume(p: Profile, v: VolumeClaim): K8sObject {
  return plain(
    new PersistentVolume({
      metadata: { name: `${p.namespace}-${v.claimName}`.slice(0, 253), labels: stackLabels(v.component) },
      spec: {
        capacity: { storage: v.size },
        volumeMode: "Filesystem",
        accessModes: ["ReadWriteOnce"],
        persistentVolumeReclaimPolicy: "Retain",
        storageClassName: p.storage.className,
        claimRef: { namespace: p.namespace, name: v.claimName },
        local: { path: `${p.storage.localPath}/${v.dir}` },
        nodeAffinity: {
          required: {
            nodeSelectorTerms: [{ matchExpressions: [{ key: "kubernetes.io/hostname", operator: "In", values: [v.node] }] }],
          },
        },
      },
    }),
  );
}

export function volumesFor(p: Profile, claims: VolumeClaim[]): K8sObject[] {
  return needsLocalVolumes(p) ? claims.map((c) => localVolume(p, c)) : [];
}
