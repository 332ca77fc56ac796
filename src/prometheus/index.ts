// kube-prometheus-stack: Prometheus, Alertmanager, kube-state-metrics (with the Flux metrics) and
// node-exporter in one HelmRelease. node-exporter's own ServiceMonitor is off: Alloy scrapes it
// on each node, and a second scrape by Prometheus would store every node series twice.
import { nodeExporterCollectorValues } from "./node-exporter.ts";
import { CHARTS } from "../charts/catalog.ts";
import { releaseBase, releasePatch, type ReleaseSpec } from "../flux/helm.ts";
import { fluxStateMetricsValues } from "../flux-metrics/index.ts";
import { alertmanagerConfig, alertmanagerSecrets } from "../alertmanager/config.ts";
import type { Profile } from "../profile/schema.ts";
import { ALERTMANAGER_SERVICE, PROMETHEUS_RELEASE, PROMETHEUS_STATEFULSET, fluxName, paths } from "../stack/names.ts";
import { replicaNode, volumesFor, type VolumeClaim } from "../storage/local.ts";
import type { Dir } from "../tree/dir.ts";

const CONTROL_PLANE_TOLERATION = { key: "node-role.kubernetes.io/control-plane", operator: "Exists", effect: "NoSchedule" };

/** prometheus-operator names claims "<template>-<statefulset>-<ordinal>", the template "<prefix>-<name>-db". */
function prometheusClaims(p: Profile): VolumeClaim[] {
  return Array.from({ length: p.prometheus.replicas }, (_, i) => ({
    component: "prometheus",
    claimName: `${PROMETHEUS_STATEFULSET}-db-${PROMETHEUS_STATEFULSET}-${i}`,
    size: p.prometheus.volumeSize,
    node: replicaNode(p, i),
    dir: `prometheus-${i}`,
  }));
}

function alertmanagerClaims(p: Profile): VolumeClaim[] {
  const sts = `alertmanager-${ALERTMANAGER_SERVICE}`;
  return Array.from({ length: p.alertmanager.replicas }, (_, i) => ({
    component: "alertmanager",
    claimName: `${sts}-db-${sts}-${i}`,
    size: p.alertmanager.volumeSize,
    node: replicaNode(p, p.nodes.length - 1 - i),
    dir: `alertmanager-${i}`,
  }));
}

function volumeClaimTemplate(p: Profile, size: string) {
  return {
    volumeClaimTemplate: {
      spec: { storageClassName: p.storage.className, accessModes: ["ReadWriteOnce"], resources: { requests: { storage: size } } },
    },
  };
}

export function prometheusRelease(p: Profile): ReleaseSpec {
  const secrets = alertmanagerSecrets(p);
  return {
    name: PROMETHEUS_RELEASE,
    releaseName: PROMETHEUS_RELEASE,
    chart: CHARTS["kube-prometheus-stack"],
    crds: true,
    timeout: "15m",
    baseValues: {
      // No Grafana of the chart (grafana-operator runs the stack's), but its dashboard ConfigMaps, which
      // GrafanaDashboard objects reference (src/dashboards/kps).
      grafana: { enabled: false, forceDeployDashboards: true },
      // The chart's rule groups over node-exporter would query series Alloy's allowlist drops (they
      // would never fire), and its general group duplicates the stack's Watchdog. The stack's own
      // rules (src/alerts) cover these; the chart's Kubernetes groups stay on. `node.rules` stays on:
      // the Kubernetes / Compute Resources / Cluster dashboard reads its cluster:node_cpu:ratio_rate5m and
      // :node_memory_MemAvailable_bytes:sum, and the allowlist keeps the node-exporter series it uses.
      defaultRules: {
        rules: {
          general: false,
          nodeExporterAlerting: false,
          nodeExporterRecording: false,
          kubePrometheusNodeRecording: false,
          network: false,
          windows: false,
        },
      },
      nodeExporter: { enabled: true },
      "prometheus-node-exporter": {
        prometheus: { monitor: { enabled: false } },
        // Every node, whatever its taints: Alloy expects one node-exporter per node.
        tolerations: [{ operator: "Exists" }],
      },
      kubeStateMetrics: { enabled: true },
      prometheus: {
        prometheusSpec: {
          // Discover ServiceMonitors, PodMonitors, rules, probes and scrape configs in every
          // namespace, not only those carrying this release's label.
          serviceMonitorSelectorNilUsesHelmValues: false,
          podMonitorSelectorNilUsesHelmValues: false,
          ruleSelectorNilUsesHelmValues: false,
          probeSelectorNilUsesHelmValues: false,
          scrapeConfigSelectorNilUsesHelmValues: false,
          // Alloy remote-writes node, Kepler and log-derived metrics to each replica.
          enableRemoteWriteReceiver: true,
          tolerations: [CONTROL_PLANE_TOLERATION],
        },
      },
      alertmanager: { alertmanagerSpec: { tolerations: [CONTROL_PLANE_TOLERATION] } },
    },
    clusterValues: {
      prometheus: {
        podDisruptionBudget: { enabled: p.prometheus.replicas > 1, minAvailable: 1 },
        prometheusSpec: {
          replicas: p.prometheus.replicas,
          podAntiAffinity: p.prometheus.antiAffinity,
          retention: p.prometheus.retention,
          retentionSize: p.prometheus.retentionSize,
          scrapeInterval: p.prometheus.scrapeInterval,
          externalLabels: { cluster: p.cluster.name },
          // External labels are not on the series Prometheus queries itself, but Alloy writes node-exporter,
          // Kepler and its own series with `cluster`: the default scrape class gives every Prometheus scrape
          // the same label, so the chart dashboards' hidden `cluster` variable (from up{job="kube-state-metrics"})
          // selects node-exporter-derived series too (prometheus_types.go ScrapeClass @ v0.86.2).
          scrapeClasses: [{ name: "cluster", default: true, relabelings: [{ action: "replace", targetLabel: "cluster", replacement: p.cluster.name }] }],
          storageSpec: volumeClaimTemplate(p, p.prometheus.volumeSize),
        },
      },
      alertmanager: {
        podDisruptionBudget: { enabled: p.alertmanager.replicas > 1, minAvailable: 1 },
        config: alertmanagerConfig(p),
        alertmanagerSpec: {
          replicas: p.alertmanager.replicas,
          storage: volumeClaimTemplate(p, p.alertmanager.volumeSize),
          ...(secrets.length > 0 ? { secrets } : {}),
        },
      },
      "kube-state-metrics": fluxStateMetricsValues(p),
      ...(p.nodeExporter.collectors.length > 0 ? { "prometheus-node-exporter": nodeExporterCollectorValues(p) } : {}),
    },
  };
}

export function prometheusDirs(p: Profile): Dir[] {
  const release = prometheusRelease(p);
  const at = paths(p);
  return [
    releaseBase(at.base.prometheus, [release]),
    {
      path: at.overlay.prometheus,
      namespace: p.namespace,
      includes: [at.base.prometheus],
      files: [{ name: "persistentvolumes.yaml", objects: volumesFor(p, [...prometheusClaims(p), ...alertmanagerClaims(p)]) }].filter(
        (f) => f.objects.length > 0,
      ),
      patches: [{ name: "helmrelease-values.yaml", object: releasePatch(release) }],
      flux: { name: fluxName(p, at.overlay.prometheus), dependsOn: [], wait: true, timeout: "20m" },
    },
  ];
}
