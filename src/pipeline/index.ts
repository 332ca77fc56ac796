// Grafana Alloy, deployed with its Helm chart (pinned) twice: a DaemonSet for per-node telemetry
// and a one-replica Deployment for cluster events. The chart owns each config: the Alloy text is the
// release's alloy.configMap.content (in the overlay's values patch), so a Helm rollback restores the
// config with the release, and the chart's config-reloader applies a change without restarting pods.
import { ClusterRole, ClusterRoleBinding } from "kubernetes-models/rbac.authorization.k8s.io/v1";
import { CHARTS } from "../charts/catalog.ts";
import { releaseBase, releasePatch, type ReleaseSpec } from "../flux/helm.ts";
import { plain, stackLabels, type K8sObject } from "../k8s/object.ts";
import type { Profile } from "../profile/schema.ts";
import { fluxName, paths } from "../tree/paths.ts";
import type { Dir } from "../tree/dir.ts";
import { resourcesFor } from "../workloads/resources.ts";
import { nodeAgentPriorityClassName } from "../workloads/index.ts";
import type { Block } from "../alloy/syntax/ast.ts";
import { parse } from "../alloy/syntax/parser.ts";
import { print } from "../alloy/syntax/printer.ts";
import { attachComments } from "./comments.ts";
import { clusterConfig, nodeConfig, type NodeAllowlist } from "./config.ts";
import { annotationDiscoveryBlocks } from "./autodiscovery.ts";

export type Workload = "node" | "cluster";
export const CONFIG_KEY = "config.alloy";

export interface AlloyConfig {
  workload: Workload;
  /** File name used in diagnostics, e.g. alloy-node.alloy. */
  filename: string;
  text: string;
}

/** A profile pipeline given as Alloy text that does not parse. */
export interface PipelineSyntaxError {
  pipeline: string;
  filename: string;
  text: string;
  diagnostics: ReturnType<typeof parse>["diagnostics"];
}

function profileBlocks(p: Profile, workload: Workload, errors: PipelineSyntaxError[]): Block[] {
  return p.alloy.pipelines
    .filter((x) => x.workload === workload)
    .flatMap((x) => {
      if (typeof x.config !== "string") return x.config;
      const filename = `alloy.pipelines.${x.name}`;
      const { file, diagnostics } = parse(x.config, filename);
      if (diagnostics.some((d) => d.severity === "error")) {
        errors.push({ pipeline: x.name, filename, text: x.config, diagnostics });
        return [];
      }
      // Top-level attributes are rejected by the profile schema; comments travel with their statements.
      attachComments(file);
      return file.body.filter((s): s is Block => s.kind === "Block");
    });
}

export function alloyConfigs(p: Profile, keep: NodeAllowlist): { configs: AlloyConfig[]; syntaxErrors: PipelineSyntaxError[] } {
  const syntaxErrors: PipelineSyntaxError[] = [];
  const configs: AlloyConfig[] = [
    { workload: "node", filename: "alloy-node.alloy", text: print(nodeConfig(p, keep, profileBlocks(p, "node", syntaxErrors))) },
    {
      workload: "cluster",
      filename: "alloy-cluster.alloy",
      text: print(clusterConfig(p, [...annotationDiscoveryBlocks(p), ...profileBlocks(p, "cluster", syntaxErrors)])),
    },
  ];
  return { configs, syntaxErrors };
}

/**
 * The chart passes alloy.configMap.content through `tpl` (alloy chart templates/configmap.yaml:13 @
 * helm-chart/1.11.1), so a `{{` in the Alloy text would be read as a template action: each one is
 * written as the action that prints it.
 */
export function helmTplLiteral(text: string): string {
  return text.replaceAll("{{", '{{ "{{" }}');
}

// /var/log (pod logs, the persistent journal) comes with the chart's varlog mount; creating
// /var/log/journal on a host would switch journald to persistent storage, so it is not a volume here.
const HOST_PATHS = [
  { name: "journal-volatile", path: "/run/log/journal", type: "DirectoryOrCreate" },
  // The journal is stored per machine id; the reader needs the host's to find it.
  { name: "machine-id", path: "/etc/machine-id", type: "File" },
];

/** Where Alloy keeps read positions (files and journal cursors) and the WAL. */
const STORAGE_PATH = "/var/lib/alloy";

// Read-only root: Alloy writes only under its storage path (a volume).
const restricted = { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] }, seccompProfile: { type: "RuntimeDefault" } };
const podSecurityContext = { seccompProfile: { type: "RuntimeDefault" } };

/**
 * The chart renders the ConfigMap from alloy.configMap.content (templates/configmap.yaml:2-13), names it
 * after the release's fullname (templates/_config.tpl:5-12) and mounts it at /etc/alloy, where its
 * config-reloader sidecar watches the directory and POSTs Alloy's /-/reload on a change
 * (templates/containers/_watch.yaml:3-17; values.yaml configReloader.enabled: true). With the reloader
 * on, the pod template carries no config checksum (templates/controllers/_pod.yaml:6-8): a config change
 * reloads Alloy in place instead of rolling every pod.
 */
const CHART_OWNS_CONFIG = { configMap: { create: true, key: CONFIG_KEY } };

export function alloyReleases(): Record<Workload, Omit<ReleaseSpec, "clusterValues">> {
  const common = (workload: Workload) => ({
    name: `alloy-${workload}`,
    releaseName: `alloy-${workload}`,
    chart: CHARTS.alloy,
  });
  return {
    node: {
      ...common("node"),
      baseValues: {
        fullnameOverride: "alloy-node",
        configReloader: { enabled: true },
        // The chart's pod securityContext is global.podSecurityContext (templates/controllers/_pod.yaml:18-21 @ helm-chart/1.11.1).
        global: { podSecurityContext },
        // RBAC is rendered by obstack with only the verbs the pipeline needs.
        rbac: { create: false },
        serviceAccount: { create: true },
        controller: {
          type: "daemonset",
          // Every node, tainted control-plane nodes included.
          tolerations: [{ operator: "Exists" }],
          volumes: {
            extra: [
              ...HOST_PATHS.map((h) => ({ name: h.name, hostPath: { path: h.path, type: h.type } })),
              // Read positions survive restarts and rollouts: no re-shipping of every pod log after a config change.
              { name: "alloy-data", hostPath: { path: "/var/lib/alloy-node", type: "DirectoryOrCreate" } },
            ],
          },
        },
        alloy: {
          enableReporting: false,
          ...CHART_OWNS_CONFIG,
          // /var/log (pod logs) and the journal are mounted read-only.
          storagePath: STORAGE_PATH,
          mounts: {
            varlog: true,
            extra: [
              ...HOST_PATHS.map((h) => ({ name: h.name, mountPath: h.path, readOnly: true })),
              { name: "alloy-data", mountPath: STORAGE_PATH, readOnly: false },
            ],
          },
          extraEnv: [{ name: "NODE_NAME", valueFrom: { fieldRef: { fieldPath: "spec.nodeName" } } }],
          // Root, because pod log files and the journal are readable by root only; no capabilities.
          securityContext: { ...restricted, runAsUser: 0, runAsNonRoot: false },
        },
      },
    },
    cluster: {
      ...common("cluster"),
      baseValues: {
        fullnameOverride: "alloy-cluster",
        configReloader: { enabled: true },
        global: { podSecurityContext },
        rbac: { create: false },
        serviceAccount: { create: true },
        controller: { type: "deployment", replicas: 1, volumes: { extra: [{ name: "alloy-data", emptyDir: {} }] } },
        alloy: {
          enableReporting: false,
          ...CHART_OWNS_CONFIG,
          // Event positions survive container restarts (an emptyDir lives as long as the pod).
          storagePath: STORAGE_PATH,
          mounts: { extra: [{ name: "alloy-data", mountPath: STORAGE_PATH }] },
          securityContext: { ...restricted, runAsNonRoot: true, runAsUser: 473, runAsGroup: 473 },
        },
      },
    },
  };
}

function releaseSpecs(p: Profile, configs: AlloyConfig[]): ReleaseSpec[] {
  const rel = alloyReleases();
  return configs.map((c) => ({
    ...rel[c.workload],
    // The validated Alloy text itself, in the overlay's values patch; requests and a memory limit from the profile.
    clusterValues: {
      alloy: { configMap: { content: helmTplLiteral(c.text) }, resources: resourcesFor(p, c.workload === "node" ? "alloyNode" : "alloyCluster") },
      configReloader: { resources: resourcesFor(p, "alloyConfigReloader") },
      // The node agents' PriorityClass (src/workloads): evicted after what they observe.
      ...(c.workload === "node" ? { controller: { priorityClassName: nodeAgentPriorityClassName(p) } } : {}),
    },
  }));
}

function rbac(p: Profile): K8sObject[] {
  const rules: Record<Workload, { apiGroups: string[]; resources: string[]; verbs: string[] }[]> = {
    // Pod discovery (logs and scrape targets) on the node.
    node: [{ apiGroups: [""], resources: ["pods"], verbs: ["get", "list", "watch"] }],
    // Events of every namespace.
    cluster: [{ apiGroups: ["", "events.k8s.io"], resources: ["events"], verbs: ["get", "list", "watch"] }],
  };
  return (["node", "cluster"] as const).flatMap((w) => {
    const name = `${p.namespace}-alloy-${w}`;
    return [
      plain(new ClusterRole({ metadata: { name, labels: stackLabels("alloy") }, rules: rules[w] })),
      plain(
        new ClusterRoleBinding({
          metadata: { name, labels: stackLabels("alloy") },
          roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name },
          subjects: [{ kind: "ServiceAccount", name: `alloy-${w}`, namespace: p.namespace }],
        }),
      ),
    ];
  });
}

export interface AlloyStack {
  dirs: Dir[];
  releases: ReleaseSpec[];
  configs: AlloyConfig[];
  syntaxErrors: PipelineSyntaxError[];
}

export function alloyStack(p: Profile, keep: NodeAllowlist): AlloyStack {
  const at = paths(p);
  const { configs, syntaxErrors } = alloyConfigs(p, keep);
  const releases = releaseSpecs(p, configs);
  const dirs: Dir[] = [
    releaseBase(at.base.alloy, releases),
    {
      path: at.overlay.alloy,
      namespace: p.namespace,
      includes: [at.base.alloy],
      files: [{ name: "rbac.yaml", objects: rbac(p) }],
      patches: releases.map((r) => ({ name: `${r.name}-values.yaml`, object: releasePatch(r) })),
      // No dependsOn: Alloy is the only scraper of node-exporter and Kepler, so waiting for Loki (which
      // waits for MinIO) or Prometheus would let one storage problem remove every host metric. Alloy
      // starts without them (loki.write and prometheus.remote_write retry and buffer), and its objects
      // (HelmReleases, RBAC) need no CRD but Flux's own.
      flux: { name: fluxName(p, at.overlay.alloy), dependsOn: [], wait: false },
    },
  ];
  return { dirs, releases, configs, syntaxErrors };
}
