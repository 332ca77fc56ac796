// SeaweedFS as Loki's S3 store (`loki.storage.type: seaweedfs`): a maintained alternative to MinIO, whose
// community images stopped being published in October 2025. One `weed server -s3` (master, volume server,
// filer and S3 gateway in one process), deployed and wired like MinIO: a StatefulSet on a volume, a
// Service, a Job that creates the buckets and Loki's own identity, Loki's Flux Kustomization after this one.
// Image chrislusf/seaweedfs:4.44 (pushed by .github/workflows/container_release_unified.yml:351 on the tag
// 4.44; Alpine with a shell, user seaweed uid 1000: docker/Dockerfile.go_build:55-100 @ 4.44).
import { Service } from "kubernetes-models/v1";
import { StatefulSet } from "kubernetes-models/apps/v1";
import { Job } from "kubernetes-models/batch/v1";
import { plain, stackLabels, type K8sObject } from "../k8s/object.ts";
import type { Profile } from "../profile/schema.ts";
import { CLAIMS, PORTS as STACK_PORTS, SEAWEEDFS_SERVICE, urls } from "../wiring/names.ts";
import { fluxName, paths } from "../tree/paths.ts";
import { POD_SELECTORS } from "../wiring/graph.ts";
import { preparedBy, volumesFor, type VolumeClaim } from "../storage/local.ts";
import { slotsOf } from "../storage/placement.ts";
import type { Dir } from "../tree/dir.ts";
import { resourcesFor } from "../workloads/resources.ts";
import { RESTRICTED_CONTAINER } from "../workloads/security.ts";
import { lokiS3Secret, S3_KEYS } from "../secrets/index.ts";
import { LOKI_BUCKETS } from "../minio/index.ts";

export const SEAWEEDFS_IMAGE = "chrislusf/seaweedfs:4.44";
export const SEAWEEDFS_BUCKET_JOB = "seaweedfs-buckets";
/** The identity Loki uses (s3.configure -user). */
export const LOKI_IDENTITY = "loki";

/** Ports of `weed server` (weed/command/server.go @ 4.44); each gRPC port is its HTTP port + 10000. */
// The ports are the wiring graph's (src/wiring/names.ts PORTS), which the NetworkPolicies admit.
const PORTS = {
  s3: STACK_PORTS.seaweedfsS3,
  master: STACK_PORTS.seaweedfsMaster,
  masterGrpc: STACK_PORTS.seaweedfsMasterGrpc,
  filer: STACK_PORTS.seaweedfsFiler,
  filerGrpc: STACK_PORTS.seaweedfsFilerGrpc,
  volume: STACK_PORTS.seaweedfsVolume,
  volumeGrpc: STACK_PORTS.seaweedfsVolumeGrpc,
} as const;

// The pods' selector and the bucket Job's pod label are the wiring graph's (src/wiring/graph.ts).
const labels = { ...POD_SELECTORS.seaweedfs, ...stackLabels("seaweedfs") };
const selector = POD_SELECTORS.seaweedfs;
// The image's user (uid/gid 1000); running as it directly, the entrypoint's chown/su-exec step is skipped
// (docker/entrypoint.sh:10-37 @ 4.44), so the command is the binary itself.
/** SeaweedFS and its bucket Job run as this user and group; a local volume is prepared for them. */
export const SEAWEEDFS_OWNER = { uid: 1000, gid: 1000 };
const pod = { runAsNonRoot: true, runAsUser: SEAWEEDFS_OWNER.uid, runAsGroup: SEAWEEDFS_OWNER.gid, fsGroup: SEAWEEDFS_OWNER.gid, seccompProfile: { type: "RuntimeDefault" as const } };

/**
 * The Job's script. `weed shell` reads commands from stdin when it is not a terminal and prints a failing
 * command's error to stderr without failing itself (weed/shell/shell_liner.go:110-150 @ 4.44), so each
 * command's stderr is checked. Idempotent: buckets already listed by `s3.bucket.list` are not created again
 * (its lines are "  <name>\t...": weed/shell/command_s3_bucket_list.go); `s3.configure` adds actions without
 * duplicates and updates the secret of an existing access key (weed/shell/command_s3_configure.go:169-245).
 */
export function bucketScript(p: Profile): string {
  const buckets = Object.values(LOKI_BUCKETS);
  const shell = `weed shell -master=${urls.seaweedfsMaster(p)}`;
  return [
    `run() { echo "$1" | ${shell} 2>/tmp/err; if [ -s /tmp/err ]; then cat /tmp/err >&2; exit 1; fi; }`,
    `existing="$(echo s3.bucket.list | ${shell})"`,
    ...buckets.map((b) => `printf '%s\\n' "$existing" | grep -q "^  ${b}$(printf '\\t')" || run "s3.bucket.create -name ${b}"`),
    `run "s3.configure -user=${LOKI_IDENTITY} -access_key=$LOKI_ACCESS_KEY_ID -secret_key=$LOKI_SECRET_ACCESS_KEY -actions=Read,Write,List -buckets=${buckets.join(",")} -apply"`,
  ].join("\n");
}

function objects(p: Profile, adminSecret: string, size: string): K8sObject[] {
  const statefulSet = new StatefulSet({
    metadata: { name: SEAWEEDFS_SERVICE, labels },
    spec: {
      serviceName: `${SEAWEEDFS_SERVICE}-headless`,
      replicas: 1,
      selector: { matchLabels: selector },
      template: {
        metadata: { labels },
        spec: {
          securityContext: pod,
          containers: [
            {
              name: "seaweedfs",
              image: SEAWEEDFS_IMAGE,
              command: ["/usr/bin/weed"],
              args: [
                "-logtostderr=true",
                "server",
                "-dir=/data",
                // Advertised to the master and `weed shell`: the pod's IP; listen on every interface.
                "-ip=$(POD_IP)",
                "-ip.bind=0.0.0.0",
                "-s3",
                `-s3.port=${PORTS.s3}`,
                // Volumes of 1 GiB (default 30 GB, more than a homelab volume holds), as many as the disk
                // has room for (-volume.max=0: free space / volume size): weed/command/server.go:68 @ 4.44.
                "-master.volumeSizeLimitMB=1024",
                "-volume.max=0",
              ],
              env: [
                { name: "POD_IP", valueFrom: { fieldRef: { fieldPath: "status.podIP" } } },
                // The S3 gateway's admin identity; with any identity, S3 authentication is on
                // (weed/s3api/auth_credentials.go:386-398, 515-560 @ 4.44).
                { name: "AWS_ACCESS_KEY_ID", valueFrom: { secretKeyRef: { name: adminSecret, key: S3_KEYS.id } } },
                { name: "AWS_SECRET_ACCESS_KEY", valueFrom: { secretKeyRef: { name: adminSecret, key: S3_KEYS.secret } } },
              ],
              ports: [
                { name: "s3", containerPort: PORTS.s3 },
                { name: "master", containerPort: PORTS.master },
                { name: "master-grpc", containerPort: PORTS.masterGrpc },
                { name: "filer", containerPort: PORTS.filer },
                { name: "filer-grpc", containerPort: PORTS.filerGrpc },
                { name: "volume", containerPort: PORTS.volume },
                { name: "volume-grpc", containerPort: PORTS.volumeGrpc },
              ],
              // The S3 gateway's /healthz (weed/s3api/s3api_server.go:757-758 @ 4.44).
              readinessProbe: { httpGet: { path: "/healthz", port: "s3" }, periodSeconds: 10 },
              livenessProbe: { httpGet: { path: "/healthz", port: "s3" }, periodSeconds: 30, failureThreshold: 6 },
              resources: resourcesFor(p, "objectStore"),
              securityContext: RESTRICTED_CONTAINER,
              volumeMounts: [
                { name: "data", mountPath: "/data" },
                { name: "tmp", mountPath: "/tmp" },
              ],
            },
          ],
          volumes: [{ name: "tmp", emptyDir: {} }],
        },
      },
      volumeClaimTemplates: [
        {
          metadata: { name: "data" },
          spec: { accessModes: ["ReadWriteOnce"], storageClassName: p.storage.className, resources: { requests: { storage: size } } },
        },
      ],
    },
  });
  const port = (name: string, n: number) => ({ name, port: n, targetPort: name });
  const service = new Service({
    metadata: { name: SEAWEEDFS_SERVICE, labels },
    spec: {
      selector,
      ports: [port("s3", PORTS.s3), port("master", PORTS.master), port("master-grpc", PORTS.masterGrpc), port("filer", PORTS.filer), port("filer-grpc", PORTS.filerGrpc)],
    },
  });
  const headless = new Service({
    metadata: { name: `${SEAWEEDFS_SERVICE}-headless`, labels },
    spec: { clusterIP: "None", selector, ports: [port("s3", PORTS.s3)] },
  });
  const loki = lokiS3Secret(p);
  const job = new Job({
    metadata: { name: SEAWEEDFS_BUCKET_JOB, labels, annotations: { "kustomize.toolkit.fluxcd.io/force": "enabled" } },
    spec: {
      backoffLimit: 20,
      template: {
        metadata: { labels: { ...POD_SELECTORS["seaweedfs-buckets"], ...stackLabels("seaweedfs") } },
        spec: {
          restartPolicy: "OnFailure",
          securityContext: pod,
          containers: [
            {
              name: "weed-shell",
              image: SEAWEEDFS_IMAGE,
              command: ["/bin/sh", "-ec"],
              args: [bucketScript(p)],
              env: [
                { name: "LOKI_ACCESS_KEY_ID", valueFrom: { secretKeyRef: { name: loki.name, key: loki.keys.id } } },
                { name: "LOKI_SECRET_ACCESS_KEY", valueFrom: { secretKeyRef: { name: loki.name, key: loki.keys.secret } } },
                { name: "HOME", value: "/tmp" },
              ],
              resources: resourcesFor(p, "objectStoreJob"),
              securityContext: RESTRICTED_CONTAINER,
              volumeMounts: [{ name: "tmp", mountPath: "/tmp" }],
            },
          ],
          volumes: [{ name: "tmp", emptyDir: {} }],
        },
      },
    },
  });
  return [plain(statefulSet), plain(service), plain(headless), plain(job)];
}

/** The StatefulSet above: claim template "data", StatefulSet "seaweedfs", mounted without subPath. */
export function seaweedfsVolumeClaims(p: Profile): VolumeClaim[] {
  const storage = p.loki.storage;
  if (storage.type !== "seaweedfs") return [];
  return slotsOf(p, "seaweedfs").map((s) => ({ ...s, claimName: CLAIMS.seaweedfs(0), size: storage.volumeSize, owner: SEAWEEDFS_OWNER, subPaths: [] }));
}

export function seaweedfsDirs(p: Profile): Dir[] {
  const storage = p.loki.storage;
  if (storage.type !== "seaweedfs") return [];
  const at = paths(p);
  const pv = volumesFor(p, seaweedfsVolumeClaims(p));
  return [
    {
      path: at.overlay.seaweedfs,
      namespace: p.namespace,
      files: [
        { name: "seaweedfs.yaml", objects: objects(p, storage.credentialsSecret, storage.volumeSize) },
        ...(pv.length > 0 ? [{ name: "persistentvolumes.yaml", objects: pv }] : []),
      ],
      // wait: the Job completes (buckets and Loki's identity exist) before Loki's Kustomization starts.
      flux: { name: fluxName(p, at.overlay.seaweedfs), dependsOn: preparedBy(p), wait: true },
    },
  ];
}
