// The stack's wiring facts, below every component: the names the charts and operators derive from release
// names, the ports, the claims and the URLs. Datasources, Alloy endpoints, monitors, the NetworkPolicies and
// the README's flow diagram (./graph.ts) all derive from here, so they must agree with the charts.
import type { Profile } from "../profile/schema.ts";

export const PROMETHEUS_RELEASE = "prometheus";
/** kube-prometheus-stack's fullname: "<release>-kube-prometheus-stack" truncated to 26 characters (also the prefix of its dashboard ConfigMaps). */
export const KPS_FULLNAME = `${PROMETHEUS_RELEASE}-kube-prometheus-stack`.slice(0, 26).replace(/-+$/, "");
export const PROMETHEUS_SERVICE = `${KPS_FULLNAME}-prometheus`;
export const ALERTMANAGER_SERVICE = `${KPS_FULLNAME}-alertmanager`;
/** The operator's governing headless Service for every Prometheus StatefulSet. */
export const PROMETHEUS_HEADLESS = "prometheus-operated";
/** StatefulSet the operator creates: "prometheus-<Prometheus CR name>". */
export const PROMETHEUS_STATEFULSET = `prometheus-${KPS_FULLNAME}-prometheus`;

/** The Alertmanager CR kube-prometheus-stack creates ("<fullname>-alertmanager", the name of its Service too,
 * templates/_helpers.tpl "alertmanager.crname") and the StatefulSet the operator makes of it ("alertmanager-<name>",
 * pkg/alertmanager/statefulset.go prefixedName @ v0.86.2). */
export const ALERTMANAGER_STATEFULSET = `alertmanager-${ALERTMANAGER_SERVICE}`;

export const LOKI_RELEASE = "loki";
export const LOKI_SERVICE = "loki";
export const MINIO_SERVICE = "minio";
export const SEAWEEDFS_SERVICE = "seaweedfs";
export const GRAFANA_NAME = "grafana";
/** grafana-operator names the Service of a Grafana CR "<name>-service". */
export const GRAFANA_SERVICE = `${GRAFANA_NAME}-service`;

/**
 * Names of the stack's PersistentVolumeClaims, the one source for the local PVs' claimRefs and the
 * dashboards' volume panels. A StatefulSet names a claim "<template>-<statefulset>-<ordinal>"; the operator's
 * templates are "<prefix>-<name>-db" (pkg/prometheus/common.go VolumeName, pkg/alertmanager/statefulset.go
 * volumeName @ v0.86.2), Loki's chart names its template "storage" in single-binary mode
 * (templates/_workload.tpl @ loki-18.11.0), grafana-operator names a Grafana's claim "<name>-pvc"
 * (controllers/resources/resources.go GetGrafanaDataPVC @ v5.24.0). `ordinal` (replicated components) may be a
 * regex such as "[0-9]+" in queries.
 */
export const CLAIMS = {
  prometheus: (ordinal: number | string) => `${PROMETHEUS_STATEFULSET}-db-${PROMETHEUS_STATEFULSET}-${ordinal}`,
  alertmanager: (ordinal: number | string) => `${ALERTMANAGER_STATEFULSET}-db-${ALERTMANAGER_STATEFULSET}-${ordinal}`,
  // Single-replica components: one claim, whatever the ordinal argument.
  loki: (_ordinal?: number | string) => `storage-${LOKI_RELEASE}-0`,
  minio: (_ordinal?: number | string) => `data-${MINIO_SERVICE}-0`,
  seaweedfs: (_ordinal?: number | string) => `data-${SEAWEEDFS_SERVICE}-0`,
  grafana: (_ordinal?: number | string) => `${GRAFANA_NAME}-pvc`,
} as const;

/**
 * The stack's ports: each is both the port of the Service the URLs below name and the container port it targets
 * (the charts and operators keep the two equal for these), so the URLs and the NetworkPolicies (src/wiring/graph.ts)
 * read one number. Upstream sources: docs/upstream.md "Pod labels and ports (NetworkPolicy)".
 */
export const PORTS = {
  /** Prometheus "web" (prometheus-operator), the remote-write receiver included. */
  prometheus: 9090,
  alertmanager: 9093,
  /** Alertmanager's cluster mesh (TCP and UDP), used only with more than one replica. */
  alertmanagerMesh: 9094,
  /** The operators' config-reloader sidecar ("reloader-web") in Prometheus and Alertmanager pods. */
  reloader: 8080,
  /** Loki's HTTP port ("http-metrics"): push, queries and metrics. */
  loki: 3100,
  lokiGrpc: 9095,
  lokiMemberlist: 7946,
  minio: 9000,
  grafana: 3000,
  /** prometheus-operator's "https" container port (its Service's 443): admission webhook and metrics. */
  prometheusOperator: 10250,
  kubeStateMetrics: 8080,
  nodeExporter: 9100,
  kepler: 28282,
  alloy: 12345,
  /** SeaweedFS (weed server -s3): S3 gateway, master HTTP and gRPC, filer HTTP and gRPC, volume HTTP and gRPC. */
  seaweedfsS3: 8333,
  seaweedfsMaster: 9333,
  seaweedfsMasterGrpc: 19333,
  seaweedfsFiler: 8888,
  seaweedfsFilerGrpc: 18888,
  seaweedfsVolume: 8080,
  seaweedfsVolumeGrpc: 18080,
} as const;

export function svc(profile: Profile, service: string): string {
  return `${service}.${profile.namespace}.svc`;
}

export const urls = {
  prometheus: (p: Profile) => `http://${svc(p, PROMETHEUS_SERVICE)}:${PORTS.prometheus}`,
  alertmanager: (p: Profile) => `http://${svc(p, ALERTMANAGER_SERVICE)}:${PORTS.alertmanager}`,
  loki: (p: Profile) => `http://${svc(p, LOKI_SERVICE)}:${PORTS.loki}`,
  lokiPush: (p: Profile) => `http://${svc(p, LOKI_SERVICE)}:${PORTS.loki}/loki/api/v1/push`,
  minio: (p: Profile) => `${svc(p, MINIO_SERVICE)}:${PORTS.minio}`,
  /** SeaweedFS's S3 gateway (weed server -s3). */
  seaweedfs: (p: Profile) => `${svc(p, SEAWEEDFS_SERVICE)}:${PORTS.seaweedfsS3}`,
  /** SeaweedFS's master (HTTP; its gRPC port is this + 10000), where `weed shell` starts. */
  seaweedfsMaster: (p: Profile) => `${svc(p, SEAWEEDFS_SERVICE)}:${PORTS.seaweedfsMaster}`,
  /** One remote-write endpoint per Prometheus replica, through the headless Service: both replicas get every sample. */
  prometheusReplicaWrites: (p: Profile) =>
    Array.from(
      { length: p.prometheus.replicas },
      (_, i) => `http://${PROMETHEUS_STATEFULSET}-${i}.${svc(p, PROMETHEUS_HEADLESS)}:${PORTS.prometheus}/api/v1/write`,
    ),
};
