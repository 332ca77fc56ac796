// MinIO as Loki's S3 store, deployed on its own (the Loki chart's MinIO subchart is deprecated).
// A Job creates the buckets; Loki's Flux Kustomization depends on this one, which waits for the
// Job to complete, so the buckets exist before Loki writes.
import { Service } from "kubernetes-models/v1";
import { StatefulSet } from "kubernetes-models/apps/v1";
import { Job } from "kubernetes-models/batch/v1";
import { plain, stackLabels, type K8sObject } from "../k8s/object.ts";
import type { Profile } from "../profile/schema.ts";
import { CLAIMS, MINIO_SERVICE, fluxName, paths } from "../stack/names.ts";
import { singletonNode, volumesFor } from "../storage/local.ts";
import type { Dir } from "../tree/dir.ts";
import { resourcesFor } from "../workloads/resources.ts";

export const MINIO_IMAGE = "quay.io/minio/minio:RELEASE.2025-04-22T22-12-26Z";
export const MC_IMAGE = "quay.io/minio/mc:RELEASE.2025-04-16T18-13-26Z";
export const LOKI_BUCKETS = { chunks: "loki-chunks", ruler: "loki-ruler", admin: "loki-admin" } as const;

const labels = { "app.kubernetes.io/name": "minio", ...stackLabels("minio") };
const selector = { "app.kubernetes.io/name": "minio" };
const nonRoot = { runAsNonRoot: true, runAsUser: 1000, runAsGroup: 1000, fsGroup: 1000, seccompProfile: { type: "RuntimeDefault" as const } };
const restricted = { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] } };

function credentialsEnv(secret: string) {
  return [
    { name: "MINIO_ROOT_USER", valueFrom: { secretKeyRef: { name: secret, key: "rootUser" } } },
    { name: "MINIO_ROOT_PASSWORD", valueFrom: { secretKeyRef: { name: secret, key: "rootPassword" } } },
  ];
}

function objects(p: Profile, secret: string, size: string): K8sObject[] {
  const statefulSet = new StatefulSet({
    metadata: { name: MINIO_SERVICE, labels },
    spec: {
      // A StatefulSet's governing Service is headless: it gives the pod its stable DNS name.
      serviceName: `${MINIO_SERVICE}-headless`,
      replicas: 1,
      selector: { matchLabels: selector },
      template: {
        metadata: { labels },
        spec: {
          securityContext: nonRoot,
          containers: [
            {
              name: "minio",
              image: MINIO_IMAGE,
              args: ["server", "/data", "--console-address", ":9001"],
              env: [...credentialsEnv(secret), { name: "MINIO_PROMETHEUS_AUTH_TYPE", value: "public" }],
              ports: [
                { name: "api", containerPort: 9000 },
                { name: "console", containerPort: 9001 },
              ],
              readinessProbe: { httpGet: { path: "/minio/health/ready", port: "api" }, periodSeconds: 10 },
              livenessProbe: { httpGet: { path: "/minio/health/live", port: "api" }, periodSeconds: 30 },
              resources: resourcesFor(p, "objectStore"),
              // Read-only root: MinIO writes only under /data; the default certs dir ($HOME/.minio/certs) is
              // created with permission errors ignored (cmd/config-dir.go:86-96 @ RELEASE.2025-04-22T22-12-26Z).
              securityContext: restricted,
              volumeMounts: [{ name: "data", mountPath: "/data" }],
            },
          ],
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
  const service = new Service({
    metadata: { name: MINIO_SERVICE, labels },
    spec: {
      selector,
      ports: [
        { name: "api", port: 9000, targetPort: "api" },
        { name: "console", port: 9001, targetPort: "console" },
      ],
    },
  });
  const headless = new Service({
    metadata: { name: `${MINIO_SERVICE}-headless`, labels },
    spec: { clusterIP: "None", selector, ports: [{ name: "api", port: 9000, targetPort: "api" }] },
  });
  const buckets = Object.values(LOKI_BUCKETS);
  const job = new Job({
    metadata: {
      name: "minio-buckets",
      labels,
      // A Job's template is immutable: let Flux recreate it when the bucket list changes.
      annotations: { "kustomize.toolkit.fluxcd.io/force": "enabled" },
    },
    spec: {
      backoffLimit: 20,
      template: {
        metadata: { labels: stackLabels("minio") },
        spec: {
          restartPolicy: "OnFailure",
          securityContext: nonRoot,
          containers: [
            {
              name: "mc",
              image: MC_IMAGE,
              command: ["/bin/sh", "-ec"],
              args: [
                [
                  `mc alias set stack http://${MINIO_SERVICE}:9000 "$MINIO_ROOT_USER" "$MINIO_ROOT_PASSWORD"`,
                  ...buckets.map((b) => `mc mb --ignore-existing stack/${b}`),
                ].join("\n"),
              ],
              env: [...credentialsEnv(secret), { name: "MC_CONFIG_DIR", value: "/tmp/mc" }],
              resources: resourcesFor(p, "objectStoreJob"),
              securityContext: restricted,
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

export function minioDirs(p: Profile): Dir[] {
  const storage = p.loki.storage;
  if (storage.type !== "minio") return [];
  const at = paths(p);
  const pv = volumesFor(p, [
    { component: "minio", claimName: CLAIMS.minio(0), size: storage.volumeSize, node: singletonNode(p), dir: "minio" },
  ]);
  // Everything here depends on the profile (Secret, size, storage class), so MinIO has no base.
  return [
    {
      path: at.overlay.minio,
      namespace: p.namespace,
      files: [
        { name: "minio.yaml", objects: objects(p, storage.credentialsSecret, storage.volumeSize) },
        ...(pv.length > 0 ? [{ name: "persistentvolumes.yaml", objects: pv }] : []),
      ],
      flux: { name: fluxName(p, at.overlay.minio), dependsOn: [], wait: true },
    },
  ];
}
