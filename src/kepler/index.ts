// Kepler (>= v0.10 metric names) as a DaemonSet on every node, or on the nodes `kepler.nodes` lists. Its
// ServiceMonitor stays off: Alloy scrapes each node's Kepler pod, so Prometheus must not scrape it a second time.
// Kepler reads CPU energy from RAPL (/sys/class/powercap) and exits where there is none ("no RAPL zones
// found", internal/device/rapl_sysfs_power_meter.go @ v0.11.4), which is most VMs: a crash-looping pod
// would be a failed scrape target forever. With kepler.nodes the DaemonSet gets a required node affinity
// on the node names, so no pod (hence no target) exists on the other nodes; Alloy scrapes only the Kepler
// pods it discovers on its own node, and the dashboards list the nodes that report.
import { CHARTS } from "../charts/catalog.ts";
import { releaseBase, releasePatch, type ReleaseSpec } from "../flux/helm.ts";
import type { Profile } from "../profile/schema.ts";
import { fluxName, paths } from "../tree/paths.ts";
import type { Dir } from "../tree/dir.ts";
import { resourcesFor } from "../workloads/resources.ts";
import { nodeAgentPriorityClassName } from "../workloads/index.ts";

/**
 * Required node affinity on node names (matchFields metadata.name: the node's name, not a label that may differ),
 * one term per node: the API server rejects a node field selector requirement with more than one value
 * (kubernetes pkg/apis/core/validation/validation.go ValidateNodeFieldSelectorRequirement: "must be only one value
 * when `operator` is 'In' or 'NotIn' for node field selector"), and terms are ORed. The DaemonSet controller then
 * replaces the terms of each pod with its own node (pkg/controller/daemon/util/daemonset_util.go
 * ReplaceDaemonSetPodNodeNameNodeAffinity).
 */
export function keplerAffinity(nodes: readonly string[]) {
  return {
    nodeAffinity: {
      requiredDuringSchedulingIgnoredDuringExecution: {
        nodeSelectorTerms: nodes.map((n) => ({ matchFields: [{ key: "metadata.name", operator: "In", values: [n] }] })),
      },
    },
  };
}

export function keplerRelease(p: Profile): ReleaseSpec {
  return {
    name: "kepler",
    releaseName: "kepler",
    chart: CHARTS.kepler,
    baseValues: {
      serviceMonitor: { enabled: false },
      daemonset: { tolerations: [{ operator: "Exists" }] },
      config: { log: { level: "info" }, kube: { enabled: true } },
    },
    // The chart renders daemonset.affinity as the pod's affinity (templates/daemonset.yaml).
    clusterValues: {
      daemonset: { resources: resourcesFor(p, "kepler"), ...(p.kepler.nodes ? { affinity: keplerAffinity(p.kepler.nodes) } : {}) },
    },
    // The chart has no priorityClassName value (templates/daemonset.yaml @ v0.11.4): Flux's post-renderer
    // adds the node agents' PriorityClass to the DaemonSet it renders.
    postRenderers: [
      {
        kustomize: {
          patches: [
            {
              target: { kind: "DaemonSet", name: "kepler" },
              patch: JSON.stringify([{ op: "add", path: "/spec/template/spec/priorityClassName", value: nodeAgentPriorityClassName(p) }]),
            },
          ],
        },
      },
    ],
  };
}

export function keplerDirs(p: Profile): Dir[] {
  if (!p.kepler.enabled) return [];
  const at = paths(p);
  const release = keplerRelease(p);
  return [
    releaseBase(at.base.kepler, [release]),
    {
      path: at.overlay.kepler,
      namespace: p.namespace,
      includes: [at.base.kepler],
      files: [],
      ...(Object.keys(release.clusterValues).length > 0 ? { patches: [{ name: "helmrelease-values.yaml", object: releasePatch(release) }] } : {}),
      flux: { name: fluxName(p, at.overlay.kepler), dependsOn: [], wait: false },
    },
  ];
}
