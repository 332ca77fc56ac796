// Kepler (>= v0.10 metric names) as a DaemonSet on every node. Its ServiceMonitor stays off:
// Alloy scrapes each node's Kepler pod, so Prometheus must not scrape it a second time.
import { CHARTS } from "../charts/catalog.ts";
import { releaseBase, type ReleaseSpec } from "../flux/helm.ts";
import type { Profile } from "../profile/schema.ts";
import { fluxName, paths } from "../stack/names.ts";
import type { Dir } from "../tree/dir.ts";

export function keplerRelease(): ReleaseSpec {
  return {
    name: "kepler",
    releaseName: "kepler",
    chart: CHARTS.kepler,
    baseValues: {
      serviceMonitor: { enabled: false },
      daemonset: {
        tolerations: [{ operator: "Exists" }],
        resources: { requests: { cpu: "50m", memory: "128Mi" }, limits: { memory: "512Mi" } },
      },
      config: { log: { level: "info" }, kube: { enabled: true } },
    },
    clusterValues: {},
  };
}

export function keplerDirs(p: Profile): Dir[] {
  if (!p.kepler.enabled) return [];
  const at = paths(p);
  const release = keplerRelease();
  return [
    releaseBase(at.base.kepler, [release]),
    {
      path: at.overlay.kepler,
      namespace: p.namespace,
      includes: [at.base.kepler],
      files: [],
      flux: { name: fluxName(p, at.overlay.kepler), dependsOn: [], wait: false },
    },
  ];
}
