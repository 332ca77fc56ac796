// Loki in single-binary mode ("Monolithic", the maintained chart's name for SingleBinary) on S3.
// Retention really deletes: the compactor's retention is on and has a delete-request store;
// without both, Loki keeps every chunk forever whatever retention_period says.
import { CHARTS } from "../charts/catalog.ts";
import { releaseBase, releasePatch, type ReleaseSpec } from "../flux/helm.ts";
import { LOKI_BUCKETS } from "../minio/index.ts";
import type { Profile } from "../profile/schema.ts";
import { CLAIMS, LOKI_RELEASE, urls } from "../wiring/names.ts";
import { fluxName, paths } from "../tree/paths.ts";
import { preparedBy, slotsOf, volumesFor, type VolumeClaim } from "../storage/local.ts";
import type { Dir } from "../tree/dir.ts";
import { resourcesFor } from "../workloads/resources.ts";
import { lokiS3Secret } from "../secrets/index.ts";

/** Loki takes retention in hours (a Prometheus duration such as 31d is parsed by Loki too, but 744h is unambiguous). */
export function retentionHours(d: string): string {
  const unit: Record<string, number> = { ms: 1 / 3_600_000, s: 1 / 3600, m: 1 / 60, h: 1, d: 24, w: 168, y: 8760 };
  let hours = 0;
  for (const [, n, u] of d.matchAll(/([0-9]+)(ms|s|m|h|d|w|y)/g)) hours += Number(n) * unit[u!]!;
  return `${Math.round(hours)}h`;
}

function s3(p: Profile) {
  const st = p.loki.storage;
  // Loki's own credentials: with MinIO, the user the bucket Job creates for it (src/minio), never MinIO's root.
  const secret = lokiS3Secret(p);
  if (st.type === "minio" || st.type === "seaweedfs") {
    return {
      secret: secret.name,
      keys: secret.keys,
      buckets: LOKI_BUCKETS,
      s3: { endpoint: st.type === "minio" ? urls.minio(p) : urls.seaweedfs(p), region: "us-east-1", s3ForcePathStyle: true, insecure: true },
    };
  }
  return {
    secret: secret.name,
    keys: secret.keys,
    buckets: { chunks: st.bucket, ruler: st.bucket, admin: st.bucket },
    s3: { endpoint: st.endpoint, region: st.region, s3ForcePathStyle: true, insecure: st.insecure },
  };
}

export function lokiRelease(p: Profile): ReleaseSpec {
  const store = s3(p);
  return {
    name: "grafana-loki",
    releaseName: LOKI_RELEASE,
    chart: CHARTS.loki,
    timeout: "15m",
    baseValues: {
      deploymentMode: "Monolithic",
      loki: {
        auth_enabled: false,
        commonConfig: { replication_factor: 1 },
        schemaConfig: {
          configs: [{ from: "2024-04-01", store: "tsdb", object_store: "s3", schema: "v13", index: { prefix: "loki_index_", period: "24h" } }],
        },
        compactor: {
          retention_enabled: true,
          delete_request_store: "s3",
          retention_delete_delay: "2h",
          working_directory: "/var/loki/compactor",
        },
        limits_config: { allow_structured_metadata: true, volume_enabled: true },
        pattern_ingester: { enabled: true },
      },
      singleBinary: { replicas: 1 },
      // The rules sidecar (on by default) watches ConfigMaps and Secrets for Loki ruler rules, and the
      // chart gives it a ClusterRole reading every Secret of the cluster (templates/backend/clusterrole.yaml).
      // The stack's alert rules are PrometheusRules; Loki's ruler has no rules to load. Off, and RBAC
      // namespaced: with both, the chart renders no ClusterRole, ClusterRoleBinding or Role at all.
      sidecar: { rules: { enabled: false } },
      rbac: { namespaced: true },
      // Single-binary mode: the scalable targets, the gateway, caches and test pods stay off.
      read: { replicas: 0 },
      write: { replicas: 0 },
      backend: { replicas: 0 },
      gateway: { enabled: false },
      chunksCache: { enabled: false },
      resultsCache: { enabled: false },
      lokiCanary: { enabled: false },
      test: { enabled: false },
      minio: { enabled: false },
    },
    clusterValues: {
      loki: {
        storage: { type: "s3", bucketNames: { ...store.buckets }, s3: { ...store.s3, accessKeyId: "${AWS_ACCESS_KEY_ID}", secretAccessKey: "${AWS_SECRET_ACCESS_KEY}" } },
        limits_config: { retention_period: retentionHours(p.loki.retention) },
      },
      singleBinary: {
        // Without a memory limit the chart sets no GOMEMLIMIT (it derives it from
        // singleBinary.resources.limits.memory, 0.85 of it: templates/_helpers.tpl "loki.componentEnv"),
        // so Loki's heap grows until the kernel kills the pod.
        resources: resourcesFor(p, "loki"),
        // Credentials come from the Secret as environment variables that Loki expands in its config:
        // the chart always passes -config.expand-env=true itself (templates/_pod.tpl), so no extraArgs.
        extraEnv: [
          { name: "AWS_ACCESS_KEY_ID", valueFrom: { secretKeyRef: { name: store.secret, key: store.keys.id } } },
          { name: "AWS_SECRET_ACCESS_KEY", valueFrom: { secretKeyRef: { name: store.secret, key: store.keys.secret } } },
        ],
        persistence: { enabled: true, storageClass: p.storage.className, size: p.loki.volumeSize },
      },
    },
  };
}

/** Loki runs as uid 10001, gid 10001 (fsGroup 10001): loki chart 18.11.0 values.yaml:275-280
 *  (loki.podSecurityContext, which singleBinary inherits: templates/_pod.tpl:72). */
export const LOKI_OWNER = { uid: 10001, gid: 10001 };

// The chart's StatefulSet is named after the release ("loki": templates/monolithic/workload.yaml:7,
// _helpers.tpl:80-87 and 116-127), its claim template "storage" (templates/_workload.tpl:128), mounted at
// /var/loki without subPath (templates/_pod.tpl:276-277); claims are "<template>-<statefulset>-<ordinal>".
export function lokiVolumeClaims(p: Profile): VolumeClaim[] {
  return slotsOf(p, "loki").map((s) => ({ ...s, claimName: CLAIMS.loki(0), size: p.loki.volumeSize, owner: LOKI_OWNER, subPaths: [] }));
}

export function lokiDirs(p: Profile): Dir[] {
  const release = lokiRelease(p);
  const at = paths(p);
  const pv = volumesFor(p, lokiVolumeClaims(p));
  return [
    releaseBase(at.base.loki, [release]),
    {
      path: at.overlay.loki,
      namespace: p.namespace,
      includes: [at.base.loki],
      files: pv.length > 0 ? [{ name: "persistentvolumes.yaml", objects: pv }] : [],
      patches: [{ name: "helmrelease-values.yaml", object: releasePatch(release) }],
      flux: {
        name: fluxName(p, at.overlay.loki),
        // Its volume's directory prepared; the in-cluster store and its buckets (its Job) first.
        dependsOn: [...preparedBy(p), ...(p.loki.storage.type === "minio" ? [at.overlay.minio] : p.loki.storage.type === "seaweedfs" ? [at.overlay.seaweedfs] : [])],
        wait: true,
        timeout: "15m",
      },
    },
  ];
}
