// The Helm charts obstack renders as Flux HelmReleases: one typed record per chart, pinned.
// Key facts (which values keys exist) live in ./keys/ and are checked by ./check.ts.
// Facts here were read from the reference values files and the charts' published docs;
// the longer notes on which values keys to set are in ./notes.md.

import type { KeyFacts } from "./extract.ts";

export type ChartId = "kube-prometheus-stack" | "loki" | "grafana-operator" | "alloy" | "kepler";

/** Where Flux fetches a chart from. */
export type ChartRepository =
  | {
      /** A Flux HelmRepository (classic index.yaml repository). */
      readonly type: "HelmRepository";
      readonly name: string;
      readonly url: `https://${string}`;
    }
  | {
      /**
       * A Flux OCIRepository; the url names the chart artifact itself. Reference it with
       * `ref.semver: "<version>"` (matches the tag with or without a leading "v").
       */
      readonly type: "OCIRepository";
      readonly name: string;
      readonly url: `oci://${string}`;
    };

/** How values under one top-level key of a parent chart are checked. */
export interface SubchartValues {
  /** The values key in the parent chart (its alias or chart name). */
  readonly prefix: string;
  readonly chart: string;
  readonly version: string;
  /** `condition` from the parent's Chart.yaml dependencies. */
  readonly condition?: string;
  /** Facts id in ./keys when the subchart's values.yaml is carried. */
  readonly factsId?: string;
  /**
   * When the subchart's values.yaml is not carried: the keys (relative to prefix) that are accepted
   * beyond those the parent's own values.yaml lists under the prefix. Parents of listed keys are implied.
   */
  readonly allowlist?: KeyFacts;
  readonly note?: string;
}

export interface ChartRecord {
  readonly id: ChartId;
  /** Chart name in the repository. */
  readonly chart: string;
  /** Pinned chart version. */
  readonly version: string;
  readonly appVersion: string;
  readonly repository: ChartRepository;
  /** Facts id in ./keys for this chart version's own values.yaml. */
  readonly factsId: string;
  readonly subcharts: readonly SubchartValues[];
  /**
   * Key paths (dotted, see joinKeyPath) below which anything is accepted although the default is a
   * non-empty map: the chart passes them through verbatim (documented as free-form).
   */
  readonly freeFormPaths: readonly string[];
  readonly notes: readonly string[];
}

/**
 * Subchart keys of kube-prometheus-stack 79.12.0 whose values.yaml is not carried: prometheus-node-exporter
 * 4.49.2. Only what a stack needs; kps's own values.yaml already lists extraArgs, podLabels, service.*,
 * prometheus.monitor.*, releaseLabel, rbac.pspEnabled under this prefix. Extend deliberately.
 */
const NODE_EXPORTER_ALLOWLIST: KeyFacts = {
  extraArgs: "list",
  tolerations: "list",
  "hostRootFsMount.enabled": "scalar",
  "hostRootFsMount.mountPropagation": "scalar",
  hostNetwork: "scalar",
  hostPID: "scalar",
  resources: "open",
  nodeSelector: "open",
  affinity: "open",
  priorityClassName: "scalar",
  // values.yaml:358-366 @ prometheus-node-exporter-4.49.2 (pod and container security contexts).
  securityContext: "open",
  containerSecurityContext: "open",
  podAnnotations: "open",
  updateStrategy: "open",
  // values.yaml:484 and :364 @ prometheus-node-exporter-4.49.2 (profile.nodeExporter, src/prometheus/node-exporter.ts).
  extraHostVolumeMounts: "list",
  "image.registry": "scalar",
  "image.repository": "scalar",
  "image.tag": "scalar",
  "prometheus.monitor.enabled": "scalar",
  "prometheus.monitor.interval": "scalar",
  "prometheus.monitor.scrapeTimeout": "scalar",
  "prometheus.monitor.additionalLabels": "open",
  "prometheus.monitor.relabelings": "list",
  "prometheus.monitor.metricRelabelings": "list",
  "service.port": "scalar",
  "service.targetPort": "scalar",
  fullnameOverride: "scalar",
};

/**
 * Subchart keys of kube-prometheus-stack 79.12.0 for grafana 10.3.0 (values.yaml not carried). obstack runs
 * Grafana through grafana-operator, so normally only `grafana.enabled: false` (kps's own key) is set;
 * this list covers a minimal bundled Grafana. kps's values.yaml lists admin.*, ingress.*, sidecar.*,
 * serviceMonitor.*, defaultDashboards*, forceDeploy* itself.
 */
const GRAFANA_ALLOWLIST: KeyFacts = {
  adminPassword: "scalar",
  "grafana\\.ini": "open",
  "persistence.enabled": "scalar",
  "persistence.size": "scalar",
  "persistence.storageClassName": "scalar",
  resources: "open",
  nodeSelector: "open",
  tolerations: "list",
  affinity: "open",
  plugins: "list",
  env: "open",
  envFromSecret: "scalar",
  datasources: "open",
  dashboardProviders: "open",
  dashboards: "open",
  "service.type": "scalar",
  "service.port": "scalar",
  fullnameOverride: "scalar",
};

export const CHARTS: Readonly<Record<ChartId, ChartRecord>> = {
  "kube-prometheus-stack": {
    id: "kube-prometheus-stack",
    chart: "kube-prometheus-stack",
    version: "79.12.0",
    appVersion: "prometheus-operator v0.86.2 (Prometheus v3.8.0, Alertmanager v0.29.0)",
    repository: {
      type: "HelmRepository",
      name: "prometheus-community",
      url: "https://prometheus-community.github.io/helm-charts",
    },
    factsId: "kube-prometheus-stack-79.12.0",
    subcharts: [
      {
        prefix: "kube-state-metrics",
        chart: "kube-state-metrics",
        version: "6.4.2",
        condition: "kubeStateMetrics.enabled",
        factsId: "kube-state-metrics-6.4.2",
      },
      {
        prefix: "prometheus-node-exporter",
        chart: "prometheus-node-exporter",
        version: "4.49.2",
        condition: "nodeExporter.enabled",
        allowlist: NODE_EXPORTER_ALLOWLIST,
        note: "values.yaml not carried: only kps-listed keys and NODE_EXPORTER_ALLOWLIST are accepted",
      },
      {
        prefix: "grafana",
        chart: "grafana",
        version: "10.3.0",
        condition: "grafana.enabled",
        allowlist: GRAFANA_ALLOWLIST,
        note: "values.yaml not carried (repository https://grafana.github.io/helm-charts): only kps-listed keys and GRAFANA_ALLOWLIST are accepted",
      },
      {
        prefix: "prometheus-windows-exporter",
        chart: "prometheus-windows-exporter",
        version: "0.12.*",
        condition: "windowsMonitoring.enabled",
        allowlist: {},
        note: "values.yaml not carried and not used by obstack: only kps-listed keys are accepted",
      },
    ],
    // Alertmanager's own configuration file, rendered verbatim into the Alertmanager secret.
    freeFormPaths: ["alertmanager.config"],
    notes: [
      "`global` (rbac.create, rbac.createAggregateClusterRoles, imageRegistry, imagePullSecrets) is passed by Helm to every subchart; a subchart's own global.* keys (from carried facts) are accepted too.",
      "crds is a local subchart (0.0.0, condition crds.enabled) whose keys kps's values.yaml lists itself.",
      "The five *SelectorNilUsesHelmValues default to true: ServiceMonitors/PodMonitors/rules without the release label are ignored unless set to false.",
      "Prometheus defaults: retention 10d, no retentionSize, podAntiAffinity soft; storageSpec {} (emptyDir).",
    ],
  },
  // Loki 18.x: the open-source chart published from grafana-community/helm-charts since 2026-03
  // (grafana/loki's own chart 7.x targets the enterprise product).
  //  (a) Monolithic: deploymentMode: Monolithic ("SingleBinary" is the deprecated spelling),
  //      singleBinary.replicas: 1 (default 0); other modes off: write/read/backend.replicas: 0 (default 3);
  //      distributed components' replicas already default to 0; loki.commonConfig.replication_factor: 1 (default 3).
  //  (b) S3/MinIO: loki.storage.type: s3, loki.storage.bucketNames.{chunks,ruler,admin} (documented only in a
  //      comment, accepted because loki.storage is schema-free-form), loki.storage.s3.{endpoint,region,accessKeyId,
  //      secretAccessKey,s3ForcePathStyle,insecure}; credentials from a Secret: singleBinary.extraEnvFrom [secretRef]
  //      plus singleBinary.extraArgs ["-config.expand-env=true"] and ${VAR} references in accessKeyId/secretAccessKey.
  //  (c) retention: loki.compactor.{retention_enabled: true, delete_request_store: s3} and
  //      loki.limits_config.retention_period (both maps are free-form; compactor defaults to {}).
  //  (d) off: minio.enabled false (default; needs ignoreMinioDeprecation to be true to enable), gateway.enabled,
  //      chunksCache.enabled, resultsCache.enabled, lokiCanary.enabled, test.enabled (all default true);
  //      no selfMonitoring key exists in 18.11.0 (monitoring.* only creates ServiceMonitor/rules/dashboards when enabled).
  loki: {
    id: "loki",
    chart: "loki",
    version: "18.11.0",
    appVersion: "Loki 3.7.6",
    repository: {
      type: "HelmRepository",
      name: "grafana-community",
      url: "https://grafana-community.github.io/helm-charts",
    },
    factsId: "loki-18.11.0",
    subcharts: [],
    freeFormPaths: [],
    notes: [
      "values.yaml carries helm-schema annotations; maps annotated additionalProperties/skipProperties are free-form (kind open).",
      "Since 17.0.0 minio.enabled: true is refused unless ignoreMinioDeprecation: true; deploy MinIO separately.",
    ],
  },
  // grafana-operator 5.24.0: ServiceMonitor off by default (serviceMonitor.enabled: false);
  // a Deployment, tolerations: [] (add {operator: Exists} to run on any node); resources: {}.
  "grafana-operator": {
    id: "grafana-operator",
    chart: "grafana-operator",
    version: "5.24.0",
    appVersion: "grafana-operator v5.24.0",
    repository: {
      type: "OCIRepository",
      name: "grafana-operator",
      url: "oci://ghcr.io/grafana/helm-charts/grafana-operator",
    },
    factsId: "grafana-operator-5.24.0",
    subcharts: [],
    freeFormPaths: [],
    notes: ["Published only as an OCI chart (helm upgrade -i … oci://ghcr.io/grafana/helm-charts/grafana-operator --version 5.24.0)."],
  },
  // alloy 1.11.1: controller.type daemonset (default) | deployment | statefulset; alloy.configMap.{create,content,name,key};
  // alloy.mounts.{varlog,dockercontainers,extra}; alloy.securityContext; alloy.resources; rbac.create;
  // controller.tolerations (default []).
  alloy: {
    id: "alloy",
    chart: "alloy",
    version: "1.11.1",
    appVersion: "Alloy v1.18.1",
    repository: {
      type: "HelmRepository",
      name: "grafana",
      url: "https://grafana.github.io/helm-charts",
    },
    factsId: "alloy-1.11.1",
    subcharts: [],
    freeFormPaths: [],
    notes: [],
  },
  // kepler 0.11.4 (the chart in sustainable-computing-io/kepler manifests/helm/kepler, not the old kepler-helm-chart):
  // serviceMonitor.enabled defaults to false; daemonset.tolerations defaults to the control-plane/master
  // NoSchedule tolerations (a list: set [{operator: Exists}] to run on every node, lists replace).
  kepler: {
    id: "kepler",
    chart: "kepler",
    version: "0.11.4",
    appVersion: "Kepler v0.11.4",
    repository: {
      type: "OCIRepository",
      name: "kepler",
      url: "oci://quay.io/sustainable_computing_io/charts/kepler",
    },
    factsId: "kepler-0.11.4",
    subcharts: [],
    freeFormPaths: [],
    notes: ["Metrics renamed in Kepler v0.10.0 (kepler_container_cpu_joules_total, kepler_node_cpu_*)."],
  },
};

export const CHART_IDS: readonly ChartId[] = Object.keys(CHARTS) as ChartId[];

export function isChartId(id: string): id is ChartId {
  return Object.prototype.hasOwnProperty.call(CHARTS, id);
}

/** The catalog record for a chart; throws for an unknown id. */
export function getChart(id: string): ChartRecord {
  if (!isChartId(id)) throw new Error(`unknown chart id ${JSON.stringify(id)} (known: ${CHART_IDS.join(", ")})`);
  return CHARTS[id];
}
