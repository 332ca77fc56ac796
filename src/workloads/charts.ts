// Facts of the pinned charts: every container each release runs (with our values), and the values key that
// sets its resources and security context. The charts are not in the project at render time; these facts
// are what the values must set. test/workloads/charts.test.ts checks that every key is set in the rendered
// values (always) and, when chart sources are present (OBSTACK_CHART_SOURCES), renders the charts with
// `helm template` and compares the containers it finds with this list, and each with the restricted profile.
import type { ResourceComponent } from "./resources.ts";
import { ALERTMANAGER_STATEFULSET, KPS_FULLNAME, PROMETHEUS_RELEASE, PROMETHEUS_STATEFULSET } from "../wiring/names.ts";

export interface ChartContainer {
  /** ReleaseSpec.name of the HelmRelease that renders it. */
  release: string;
  /** "<Kind>/<name>" of the workload (for operator-made pods: the StatefulSet the operator creates). */
  workload: string;
  container: string;
  component: ResourceComponent;
  /** Values key (dotted) whose value is the container's `resources`. */
  resources: string;
  /** Values key(s) of the container's (and pod's) security context, or where the chart/operator sets it. */
  security: string;
  /** Set for pods created by prometheus-operator from a custom resource the chart renders: that resource. */
  generatedFrom?: string;
}

const KPS = "prometheus";
const OPERATOR_RELOADER = "prometheusOperator.prometheusConfigReloader.resources";
/** prometheus-operator v0.86.2 sets the container security contexts of the pods it creates itself. */
const OPERATOR_SC = {
  prometheus: "operator: pkg/prometheus/server/statefulset.go:304-310 @ v0.86.2; pod: prometheus.prometheusSpec.securityContext",
  alertmanager: "operator: pkg/alertmanager/statefulset.go:702-708 @ v0.86.2; pod: alertmanager.alertmanagerSpec.securityContext",
  reloader: "operator: pkg/operator/config_reloader.go:309-315 @ v0.86.2",
};

/** A StatefulSet prometheus-operator makes from the chart's Prometheus or Alertmanager resource: its main
 *  container, and the config reloader the operator adds as a container and as an init container. */
function operatorStatefulSet(kind: "Prometheus" | "Alertmanager", statefulSet: string, component: "prometheus" | "alertmanager", resources: string, security: string): ChartContainer[] {
  const common = { release: KPS, workload: `StatefulSet/${statefulSet}`, generatedFrom: `${kind}/${KPS_FULLNAME}-${component}` };
  return [
    { ...common, container: component, component, resources, security },
    ...["config-reloader", "init-config-reloader"].map((container) => ({
      ...common,
      container,
      component: "prometheusConfigReloader" as const,
      resources: OPERATOR_RELOADER,
      security: OPERATOR_SC.reloader,
    })),
  ];
}

export const CHART_CONTAINERS: ChartContainer[] = [
  // kube-prometheus-stack 79.12.0
  {
    release: KPS,
    workload: `Deployment/${KPS_FULLNAME}-operator`,
    container: "kube-prometheus-stack",
    component: "prometheusOperator",
    resources: "prometheusOperator.resources",
    security: "prometheusOperator.containerSecurityContext, prometheusOperator.securityContext (chart defaults: values.yaml:3235-3252 @ kube-prometheus-stack-79.12.0)",
  },
  ...(["create", "patch"] as const).map((job) => ({
    release: KPS,
    workload: `Job/${KPS_FULLNAME}-admission-${job}`,
    container: job,
    component: "admissionWebhookJobs" as const,
    // Both Jobs take the patch Job's resources (templates/prometheus-operator/admission-webhooks/job-patch/*.yaml:54-55).
    resources: "prometheusOperator.admissionWebhooks.patch.resources",
    security: `prometheusOperator.admissionWebhooks.${job === "create" ? "createSecretJob" : "patchWebhookJob"}.securityContext, prometheusOperator.admissionWebhooks.patch.securityContext (chart defaults)`,
  })),
  ...operatorStatefulSet("Prometheus", PROMETHEUS_STATEFULSET, "prometheus", "prometheus.prometheusSpec.resources", OPERATOR_SC.prometheus),
  ...operatorStatefulSet("Alertmanager", ALERTMANAGER_STATEFULSET, "alertmanager", "alertmanager.alertmanagerSpec.resources", OPERATOR_SC.alertmanager),
  // kube-state-metrics 6.4.2 (subchart)
  {
    release: KPS,
    workload: `Deployment/${PROMETHEUS_RELEASE}-kube-state-metrics`,
    container: "kube-state-metrics",
    component: "kubeStateMetrics",
    resources: "kube-state-metrics.resources",
    security: "kube-state-metrics.containerSecurityContext, kube-state-metrics.securityContext (chart defaults: values.yaml:316-333 @ kube-state-metrics-6.4.2)",
  },
  // prometheus-node-exporter 4.49.2 (subchart)
  {
    release: KPS,
    workload: `DaemonSet/${PROMETHEUS_RELEASE}-prometheus-node-exporter`,
    container: "node-exporter",
    component: "nodeExporter",
    resources: "prometheus-node-exporter.resources",
    security: "prometheus-node-exporter.containerSecurityContext, prometheus-node-exporter.securityContext",
  },
  // loki 18.11.0: single binary; gateway, canary, caches and the rules sidecar are off (src/loki).
  {
    release: "grafana-loki",
    workload: "StatefulSet/loki",
    container: "loki",
    component: "loki",
    resources: "singleBinary.resources",
    security: "loki.containerSecurityContext, loki.podSecurityContext (chart defaults: values.yaml:275-293 @ loki-18.11.0)",
  },
  // grafana-operator 5.24.0
  {
    release: "grafana-operator",
    workload: "Deployment/grafana-operator",
    container: "grafana-operator",
    component: "grafanaOperator",
    resources: "resources",
    security: "securityContext (chart default: values.yaml:162-174 @ v5.24.0), podSecurityContext",
  },
  // kepler 0.11.4
  {
    release: "kepler",
    workload: "DaemonSet/kepler",
    container: "kepler",
    component: "kepler",
    resources: "daemonset.resources",
    security: "daemonset.securityContext (privileged: an exception, src/workloads/security.ts)",
  },
  // alloy 1.11.1, twice
  ...(["node", "cluster"] as const).flatMap((w) => [
    {
      release: `alloy-${w}`,
      workload: `${w === "node" ? "DaemonSet" : "Deployment"}/alloy-${w}`,
      container: "alloy",
      component: w === "node" ? ("alloyNode" as const) : ("alloyCluster" as const),
      resources: "alloy.resources",
      security: "alloy.securityContext, global.podSecurityContext",
    },
    {
      release: `alloy-${w}`,
      workload: `${w === "node" ? "DaemonSet" : "Deployment"}/alloy-${w}`,
      container: "config-reloader",
      component: "alloyConfigReloader" as const,
      resources: "configReloader.resources",
      security: "configReloader.securityContext (chart default: values.yaml:267-277 @ helm-chart/1.11.1)",
    },
  ]),
];

/** The value at a dotted key (keys of subcharts such as kube-state-metrics contain dashes, never dots). */
export function valueAt(values: unknown, key: string): unknown {
  return key.split(".").reduce<unknown>((v, k) => (v !== null && typeof v === "object" ? (v as Record<string, unknown>)[k] : undefined), values);
}
