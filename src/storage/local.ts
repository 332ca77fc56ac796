// Local PersistentVolumes for storage classes without a provisioner, and the preparation of their host
// directories. Each PV is pre-bound (claimRef) to the one PVC meant for it: otherwise a small claim could
// grab a large volume of another component.
//
// kubelet does not create a local volume's directory: it resolves spec.local.path with GetFileType and
// fails the mount when the path does not exist (pkg/volume/local/local.go, getGlobalLocalPath). So the
// tree prepares every directory itself, on its node, before the consuming pod starts: one Job per node
// (directory local-volumes/, a Flux Kustomization with wait: true that each consumer dependsOn).
import { createHash } from "node:crypto";
import { PersistentVolume } from "kubernetes-models/v1";
import { Job } from "kubernetes-models/batch/v1";
import type { IJobSpec } from "kubernetes-models/batch/v1/JobSpec";
import { plain, stackLabels, type K8sObject } from "../k8s/object.ts";
import type { Profile } from "../profile/schema.ts";
import { needsLocalVolumes, type VolumeSlot } from "./placement.ts";
export { needsLocalVolumes, replicaNode, singletonNode, slotsOf, volumeSlots, type VolumeSlot } from "./placement.ts";
import { fluxName, paths } from "../tree/paths.ts";
import type { Dir } from "../tree/dir.ts";

/** The user and group the consuming pod runs as: the prepared directory is owned by them. */
export interface Owner {
  uid: number;
  gid: number;
}

export interface VolumeClaim extends VolumeSlot {
  /** Name of the PVC the workload creates (StatefulSet claim names are "<template>-<statefulset>-<ordinal>"). */
  claimName: string;
  size: string;
  owner: Owner;
  /** Directories the workload mounts with subPath inside the volume; prepared with the same owner. */
  subPaths: string[];
}

const hash = (value: unknown, length = 8) => createHash("sha256").update(JSON.stringify(value)).digest("hex").slice(0, length);

/** A DNS-1123 name: prefix, the middle part truncated to fit, and a hash. */
function hashedName(prefix: string, middle: string, h: string, max = 63): string {
  const room = max - prefix.length - h.length - 2;
  return `${prefix}-${middle.slice(0, room).replace(/[-.]+$/, "")}-${h}`;
}

// Flux must never delete a PersistentVolume: with prune, removing a component, renaming a node or changing
// a path would delete the PV of data that is still on disk (docs/runbooks.md, "Local volumes").
export const NO_PRUNE = { "kustomize.toolkit.fluxcd.io/prune": "disabled" };

export function localVolume(p: Profile, v: VolumeClaim): K8sObject {
  // spec.local and spec.nodeAffinity are immutable: a PV whose node or path changes is a new PV (new name),
  // and the old one stays behind (not pruned) until its data has been dealt with.
  const name = hashedName(p.namespace, v.key, hash([v.node, v.path]), 253);
  return plain(
    new PersistentVolume({
      metadata: { name, labels: stackLabels(v.component), annotations: NO_PRUNE },
      spec: {
        capacity: { storage: v.size },
        volumeMode: "Filesystem",
        accessModes: ["ReadWriteOnce"],
        persistentVolumeReclaimPolicy: "Retain",
        storageClassName: p.storage.className,
        claimRef: { namespace: p.namespace, name: v.claimName },
        local: { path: v.path },
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

/** Directories the components' Flux Kustomizations wait for: the preparation, when there is one. */
export function preparedBy(p: Profile): string[] {
  return needsLocalVolumes(p) ? [paths(p).overlay.localVolumes] : [];
}

export const PREPARE_IMAGE = "docker.io/library/busybox:1.37.0";
/** Where the preparation container sees each host directory: /volumes/<key>. */
export const PREPARE_MOUNT_ROOT = "/volumes";

/**
 * The preparation command, fixed; the volumes come as arguments, three per volume: the directory as the
 * container sees it, "uid:gid", and the subPath directories inside it (space-separated, may be empty).
 * The directory itself exists already (hostPath DirectoryOrCreate); existing contents keep their owner.
 * It fails, and with it the Job and the Flux Kustomization, if the owner did not take.
 */
export const PREPARE_SCRIPT = [
  "set -eu",
  'while [ "$#" -ge 3 ]; do',
  '  dir=$1; owner=$2; subdirs=$3; shift 3',
  '  for s in $subdirs; do mkdir -p "$dir/$s"; chown "$owner" "$dir/$s"; done',
  '  chown "$owner" "$dir"',
  '  actual=$(stat -c %u:%g "$dir")',
  '  if [ "$actual" != "$owner" ]; then echo "$dir is owned by $actual, not $owner" >&2; exit 1; fi',
  '  echo "prepared $dir for $owner${subdirs:+ (with $subdirs)}"',
  "done",
  'if [ "$#" -ne 0 ]; then echo "arguments must come in threes: directory, uid:gid, subdirectories" >&2; exit 2; fi',
].join("\n");

/** The arguments of the preparation command for these volumes. */
export function prepareArgs(claims: VolumeClaim[]): string[] {
  return claims.flatMap((c) => [`${PREPARE_MOUNT_ROOT}/${c.key}`, `${c.owner.uid}:${c.owner.gid}`, c.subPaths.join(" ")]);
}

/**
 * Linux capabilities the preparation needs, and nothing else: CHOWN to give a directory to the pod's user;
 * DAC_OVERRIDE only where a subPath directory may have to be created inside a directory that already
 * belongs to that user (a re-run, or data kept from before).
 */
export function prepareCapabilities(claims: VolumeClaim[]): string[] {
  return ["CHOWN", ...(claims.some((c) => c.subPaths.length > 0) ? ["DAC_OVERRIDE"] : [])];
}

function preparationJob(p: Profile, node: string, claims: VolumeClaim[]): K8sObject {
  const spec: IJobSpec = {
    backoffLimit: 3,
    template: {
      metadata: { labels: stackLabels("local-volumes") },
      spec: {
        restartPolicy: "Never",
        nodeSelector: { "kubernetes.io/hostname": node },
        // Volumes sit on control-plane nodes too (a Prometheus replica per node).
        tolerations: [{ operator: "Exists" }],
        automountServiceAccountToken: false,
        // Root, but only with the capabilities chown needs: the directories are created by the kubelet
        // (hostPath DirectoryOrCreate), the container only hands them to the pod's user and group.
        securityContext: { runAsUser: 0, runAsGroup: 0, runAsNonRoot: false, seccompProfile: { type: "RuntimeDefault" } },
        containers: [
          {
            name: "prepare",
            image: PREPARE_IMAGE,
            command: ["/bin/sh", "-c", PREPARE_SCRIPT, "prepare-volumes"],
            args: prepareArgs(claims),
            securityContext: {
              privileged: false,
              allowPrivilegeEscalation: false,
              readOnlyRootFilesystem: true,
              capabilities: { drop: ["ALL"], add: prepareCapabilities(claims) },
            },
            resources: { requests: { cpu: "10m", memory: "16Mi" }, limits: { memory: "64Mi" } },
            volumeMounts: claims.map((c) => ({ name: c.key, mountPath: `${PREPARE_MOUNT_ROOT}/${c.key}` })),
          },
        ],
        volumes: claims.map((c) => ({ name: c.key, hostPath: { path: c.path, type: "DirectoryOrCreate" } })),
      },
    },
  };
  // A Job's pod template is immutable, and a completed Job never runs again: the name carries a hash of
  // the spec, so a changed path, owner or image is a new Job (Flux prunes the old one) that runs once.
  return plain(
    new Job({
      metadata: { name: hashedName("prepare", node, hash(spec)), labels: stackLabels("local-volumes") },
      spec,
    }),
  );
}

/** The preparation directory: one Job per node that holds local volumes. Empty with a provisioner. */
export function localVolumeDirs(p: Profile, claims: VolumeClaim[]): Dir[] {
  if (!needsLocalVolumes(p) || claims.length === 0) return [];
  const at = paths(p);
  const nodes = [...new Set(claims.map((c) => c.node))];
  return [
    {
      path: at.overlay.localVolumes,
      namespace: p.namespace,
      files: [{ name: "prepare-jobs.yaml", objects: nodes.map((n) => preparationJob(p, n, claims.filter((c) => c.node === n))) }],
      flux: { name: fluxName(p, at.overlay.localVolumes), dependsOn: [], wait: true, timeout: "10m" },
    },
  ];
}
