// Where each component's directory sits in the rendered tree, and the Flux Kustomization name that
// reconciles it: the tree's layout, one place for every component and the tree's own records.
import type { Profile } from "../profile/schema.ts";

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
      seaweedfs: `${obs}/seaweedfs`,
      loki: `${obs}/grafana-loki`,
      grafanaOperator: `${obs}/grafana-operator`,
      grafana: `${obs}/grafana`,
      alloy: `${obs}/grafana-alloy`,
      kepler: `${obs}/kepler`,
      monitorsInfrastructure: `${obs}/monitors-infrastructure`,
      monitorsExternal: `${obs}/monitors-external`,
      alerts: `${obs}/alerts`,
      localVolumes: `${obs}/local-volumes`,
      networkPolicies: `${obs}/network-policies`,
    },
  };
}

/** Flux Kustomization name of an overlay directory. */
export function fluxName(p: Profile, dir: string): string {
  return `${p.namespace}-${dir.split("/").pop()}`;
}
