// MinIO as Loki's S3 store, deployed on its own (the Loki chart's MinIO subchart is deprecated).
// A Job creates the buckets and Loki's own user, limited by a policy to those buckets (MinIO's root
// credentials stay MinIO's and the Job's); Loki's Flux Kustomization depends on this one, which waits for the
// Job to complete, so the buckets exist before Loki writes.
import { createHash } from "node:crypto";
import { ConfigMap, Service } from "kubernetes-models/v1";
import { StatefulSet } from "kubernetes-models/apps/v1";
import { Job } from "kubernetes-models/batch/v1";
import { plain, stackLabels, type K8sObject } from "../k8s/object.ts";
import type { Profile } from "../profile/schema.ts";
import { CLAIMS, MINIO_SERVICE, PORTS } from "../wiring/names.ts";
import { fluxName, paths } from "../tree/paths.ts";
import { preparedBy, slotsOf, volumesFor, type VolumeClaim } from "../storage/local.ts";
import type { Dir } from "../tree/dir.ts";
import { POD_SELECTORS } from "../wiring/graph.ts";
import { resourcesFor } from "../workloads/resources.ts";
import { lokiS3Secret, MINIO_ROOT_KEYS } from "../secrets/index.ts";

export const MINIO_IMAGE = "quay.io/minio/minio:RELEASE.2025-04-22T22-12-26Z";
export const MC_IMAGE = "quay.io/minio/mc:RELEASE.2025-04-16T18-13-26Z";
export const LOKI_BUCKETS = { chunks: "loki-chunks", ruler: "loki-ruler", admin: "loki-admin" } as const;

// The pods' selector and the bucket Job's pod label are the wiring graph's (src/wiring/graph.ts), which the
// NetworkPolicies select by.
const labels = { ...POD_SELECTORS.minio, ...stackLabels("minio") };
const selector = POD_SELECTORS.minio;
/** MinIO and its bucket Job run as this user and group; the local volume is prepared for them. */
export const MINIO_OWNER = { uid: 1000, gid: 1000 };
const nonRoot = {
  runAsNonRoot: true,
  runAsUser: MINIO_OWNER.uid,
  runAsGroup: MINIO_OWNER.gid,
  fsGroup: MINIO_OWNER.gid,
  seccompProfile: { type: "RuntimeDefault" as const },
};
const restricted = { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] } };

function credentialsEnv(secret: string) {
  return [
    { name: "MINIO_ROOT_USER", valueFrom: { secretKeyRef: { name: secret, key: MINIO_ROOT_KEYS.user } } },
    { name: "MINIO_ROOT_PASSWORD", valueFrom: { secretKeyRef: { name: secret, key: MINIO_ROOT_KEYS.password } } },
  ];
}

export const BUCKET_JOB = "minio-buckets";
/** The MinIO policy Loki's user gets: its own buckets, nothing else (no admin, no other bucket). */
export const LOKI_POLICY = "loki";
const POLICY_DIR = "/policy";
const POLICY_KEY = "loki.json";

/** An IAM policy document (the S3 policy language MinIO implements) for read/write/delete on the buckets. */
export function lokiPolicy(buckets: readonly string[] = Object.values(LOKI_BUCKETS)) {
  return {
    Version: "2012-10-17",
    Statement: [
      { Effect: "Allow", Action: ["s3:ListBucket", "s3:GetBucketLocation", "s3:ListBucketMultipartUploads"], Resource: buckets.map((b) => `arn:aws:s3:::${b}`) },
      {
        Effect: "Allow",
        Action: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"],
        Resource: buckets.map((b) => `arn:aws:s3:::${b}/*`),
      },
    ],
  };
}

/** The policy as a ConfigMap named after its content: a changed policy changes the Job's template, so Flux re-runs it. */
function lokiPolicyConfigMap(): K8sObject {
  const text = `${JSON.stringify(lokiPolicy(), null, 2)}\n`;
  const hash = createHash("sha256").update(text).digest("hex").slice(0, 10);
  return plain(new ConfigMap({ metadata: { name: `minio-loki-policy-${hash}`, labels }, data: { [POLICY_KEY]: text } }));
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
                { name: "api", containerPort: PORTS.minio },
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
        { name: "api", port: PORTS.minio, targetPort: "api" },
        { name: "console", port: 9001, targetPort: "console" },
      ],
    },
  });
  const headless = new Service({
    metadata: { name: `${MINIO_SERVICE}-headless`, labels },
    spec: { clusterIP: "None", selector, ports: [{ name: "api", port: PORTS.minio, targetPort: "api" }] },
  });
  const buckets = Object.values(LOKI_BUCKETS);
  const policy = lokiPolicyConfigMap();
  const loki = lokiS3Secret(p);
  const job = new Job({
    metadata: {
      name: BUCKET_JOB,
      labels,
      // A Job's template is immutable: let Flux recreate it when the bucket list or the policy changes.
      annotations: { "kustomize.toolkit.fluxcd.io/force": "enabled" },
    },
    spec: {
      backoffLimit: 20,
      template: {
        // Its own name label: the NetworkPolicies (src/wiring) let this pod, not any pod, reach MinIO.
        metadata: { labels: { ...POD_SELECTORS["minio-buckets"], ...stackLabels("minio") } },
        spec: {
          restartPolicy: "OnFailure",
          securityContext: nonRoot,
          containers: [
            {
              name: "mc",
              image: MC_IMAGE,
              command: ["/bin/sh", "-ec"],
              // Every step is idempotent, so the Job may run again: `mb --ignore-existing`; `policy create`
              // replaces the policy; `user add` of an existing user sets its secret key; `policy attach`
              // tolerates an association that already exists (cmd/admin-policy-attach.go:105 @ RELEASE.2025-04-16T18-13-26Z).
              // Usage: `admin policy create TARGET POLICYNAME POLICYFILE` (cmd/admin-policy-create.go:43),
              // `admin user add TARGET ACCESSKEY SECRETKEY` (cmd/admin-user-add.go:45), `admin policy attach
              // TARGET POLICY --user USER` (cmd/admin-policy-attach.go:52) @ RELEASE.2025-04-16T18-13-26Z.
              args: [
                [
                  `mc alias set stack http://${MINIO_SERVICE}:${PORTS.minio} "$MINIO_ROOT_USER" "$MINIO_ROOT_PASSWORD"`,
                  ...buckets.map((b) => `mc mb --ignore-existing stack/${b}`),
                  `mc admin policy create stack ${LOKI_POLICY} ${POLICY_DIR}/${POLICY_KEY}`,
                  `mc admin user add stack "$LOKI_ACCESS_KEY_ID" "$LOKI_SECRET_ACCESS_KEY"`,
                  `mc admin policy attach stack ${LOKI_POLICY} --user "$LOKI_ACCESS_KEY_ID"`,
                ].join("\n"),
              ],
              env: [
                ...credentialsEnv(secret),
                { name: "LOKI_ACCESS_KEY_ID", valueFrom: { secretKeyRef: { name: loki.name, key: loki.keys.id } } },
                { name: "LOKI_SECRET_ACCESS_KEY", valueFrom: { secretKeyRef: { name: loki.name, key: loki.keys.secret } } },
                { name: "MC_CONFIG_DIR", value: "/tmp/mc" },
              ],
              resources: resourcesFor(p, "objectStoreJob"),
              securityContext: restricted,
              volumeMounts: [
                { name: "tmp", mountPath: "/tmp" },
                { name: "policy", mountPath: POLICY_DIR, readOnly: true },
              ],
            },
          ],
          volumes: [
            { name: "tmp", emptyDir: {} },
            { name: "policy", configMap: { name: policy.metadata.name } },
          ],
        },
      },
    },
  });
  return [plain(statefulSet), plain(service), plain(headless), policy, plain(job)];
}

/** The StatefulSet above: claim template "data", StatefulSet "minio", mounted at /data without subPath. */
export function minioVolumeClaims(p: Profile): VolumeClaim[] {
  const storage = p.loki.storage;
  if (storage.type !== "minio") return [];
  return slotsOf(p, "minio").map((s) => ({ ...s, claimName: CLAIMS.minio(0), size: storage.volumeSize, owner: MINIO_OWNER, subPaths: [] }));
}

export function minioDirs(p: Profile): Dir[] {
  const storage = p.loki.storage;
  if (storage.type !== "minio") return [];
  const at = paths(p);
  const pv = volumesFor(p, minioVolumeClaims(p));
  // Everything here depends on the profile (Secret, size, storage class), so MinIO has no base.
  return [
    {
      path: at.overlay.minio,
      namespace: p.namespace,
      files: [
        { name: "minio.yaml", objects: objects(p, storage.credentialsSecret, storage.volumeSize) },
        ...(pv.length > 0 ? [{ name: "persistentvolumes.yaml", objects: pv }] : []),
      ],
      flux: { name: fluxName(p, at.overlay.minio), dependsOn: preparedBy(p), wait: true },
    },
  ];
}
