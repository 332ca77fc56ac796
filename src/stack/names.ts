// Names the charts derive from release names, in one place: datasources, Alloy endpoints and
// monitors all point at Services the stack itself renders, so they must agree with the charts.
import type { Profile } from "../profile/schema.ts";

export const PROMETHEUS_RELEASE = "prometheus";
/** kube-prometheus-stack's fullname: "<release>-kube-prometheus-stack" truncated to 26 characters. */
const KPS_FULLNAME = `${PROMETHEUS_RELEASE}-kube-prometheus-stack`.slice(0, 26).replace(/-+$/, "");
export const PROMETHEUS_SERVICE = `${KPS_FULLNAME}-prometheus`;
export const ALERTMANAGER_SERVICE = `${KPS_FULLNAME}-alertmanager`;
/** The operator's governing headless Service for every Prometheus StatefulSet. */
export const PROMETHEUS_HEADLESS = "prometheus-operated";
/** StatefulSet the operator creates: "prometheus-<Prometheus CR name>". */
export const PROMETHEUS_STATEFULSET = `prometheus-${KPS_FULLNAME}-prometheus`;

export const LOKI_RELEASE = "loki";
export const LOKI_SERVICE = "loki";
export const MINIO_SERVICE = "minio";
export const GRAFANA_NAME = "grafana";
/** grafana-operator names the Service of a Grafana CR "<name>-service". */
export const GRAFANA_SERVICE = `${GRAFANA_NAME}-service`;

export function svc(profile: Profile, service: string): string {
  return `${service}.${profile.namespace}.svc`;
}

export const urls = {
  prometheus: (p: Profile) => `http://${svc(p, PROMETHEUS_SERVICE)}:9090`,
  alertmanager: (p: Profile) => `http://${svc(p, ALERTMANAGER_SERVICE)}:9093`,
  loki: (p: Profile) => `http://${svc(p, LOKI_SERVICE)}:3100`,
  lokiPush: (p: Profile) => `http://${svc(p, LOKI_SERVICE)}:3100/loki/api/v1/push`,
  minio: (p: Profile) => `${svc(p, MINIO_SERVICE)}:9000`,
  /** One remote-write endpoint per Prometheus replica, through the headless Service: both replicas get every sample. */
  prometheusReplicaWrites: (p: Profile) =>
    Array.from(
      { length: p.prometheus.replicas },
      (_, i) => `http://${PROMETHEUS_STATEFULSET}-${i}.${svc(p, PROMETHEUS_HEADLESS)}:9090/api/v1/write`,
    ),
};

/** Directory paths of the tree. */
export function paths(p: Profile) {
  const obs = `overlays/${p.cluster.overlay}/infrastructure/observability`;
  return {
    base: {
      prometheus: "overlays/base/prometheus",
      grafanaOperator: "overlays/base/grafana/grafana-operator",
      loki: "overlays/base/grafana/grafana-loki",
      alloy: "overlays/base/grafana/grafana-alloy",
      dashboards: "overlays/base/grafana/dashboards",
      kepler: "overlays/base/kepler",
    },
    overlay: {
      root: obs,
      prometheus: `${obs}/prometheus`,
      minio: `${obs}/minio`,
      loki: `${obs}/grafana-loki`,
      grafanaOperator: `${obs}/grafana-operator`,
      grafana: `${obs}/grafana`,
      alloy: `${obs}/grafana-alloy`,
      kepler: `${obs}/kepler`,
      monitorsInfrastructure: `${obs}/monitors-infrastructure`,
      monitorsExternal: `${obs}/monitors-external`,
      alerts: `${obs}/alerts`,
      localVolumes: `${obs}/local-volumes`,
    },
  };
}

/** Flux Kustomization name of an overlay directory. */
export function fluxName(p: Profile, dir: string): string {
  return `${p.namespace}-${dir.split("/").pop()}`;
}
