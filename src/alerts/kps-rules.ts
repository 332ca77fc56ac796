// kube-prometheus-stack's own rule groups: which of them the stack deploys for a profile, and their
// expressions (facts generated from the chart, ./kps-rules.generated.ts), so that the allowlist, the
// query checks and the promtool tests see every rule Prometheus will evaluate.
import type { Profile } from "../profile/schema.ts";
import { KPS_RULE_GROUPS } from "./kps-rules.generated.ts";

export interface KpsRuleFact {
  alert?: string;
  record?: string;
  expr: string;
  for?: string;
  labels: Record<string, string>;
}

export interface KpsGroupFact {
  /** The rule group's name in the chart. */
  group: string;
  /** The template file under templates/prometheus/rules-1.14. */
  file: string;
  /** The values that must all be true for the chart to render the group (besides defaultRules.create). */
  toggles: string[];
  /** Each toggle's value in the chart's values.yaml (a key values.yaml does not list is false). */
  defaults: Record<string, boolean>;
  rules: KpsRuleFact[];
}

/** The facts hold this token where the chart writes its release namespace; replaced with the profile's. */
export const NAMESPACE_TOKEN = "obstack-release-namespace";

export { KPS_RULE_GROUPS };

export interface ControlPlaneTargets {
  etcd: boolean;
  controllerManager: boolean;
  scheduler: boolean;
  kubeProxy: boolean;
}

/**
 * Which control-plane components Prometheus can scrape. kubeadm binds them to the loopback address of
 * the node (docs/upstream.md, ## kubeadm): kube-controller-manager and kube-scheduler get
 * `--bind-address=127.0.0.1` (cmd/kubeadm/app/phases/controlplane/manifests.go, getControllerManagerCommand
 * and getSchedulerCommand), etcd `--listen-metrics-urls=http://127.0.0.1:2381` (cmd/kubeadm/app/phases/etcd/local.go),
 * kube-proxy keeps its own default `metricsBindAddress: 127.0.0.1:10249` (pkg/proxy/apis/config/v1alpha1/defaults.go).
 * A Service in front of them has no reachable endpoint, so the chart's *Down alerts (absent(up == 1)) would fire
 * on every healthy kubeadm cluster. k3s and Talos do the same (docs/upstream.md, ## k3s and ## Talos):
 * k3s binds its embedded controller-manager and scheduler to loopback (pkg/daemons/control/server.go,
 * `cfg.Loopback(false)`), etcd metrics to `http://127.0.0.1:2381` unless `--etcd-expose-metrics`
 * (pkg/etcd/etcd.go, listenMetricsURLs), and leaves kube-proxy's loopback default; Talos renders both with
 * `bind-address: 127.0.0.1` (internal/app/machined/pkg/controllers/k8s/control_plane_static_pod.go:585,767 @ v1.13.9),
 * gives its etcd no `listen-metrics-urls` (metrics only behind the mTLS client port) and kube-proxy no
 * `metrics-bind-address`. Opting in: k3s `--etcd-expose-metrics`, `--kube-*-arg bind-address=0.0.0.0`; Talos
 * `cluster.{controllerManager,scheduler}.extraArgs.bind-address`, `cluster.etcd.extraArgs.listen-metrics-urls`,
 * `cluster.proxy.extraArgs.metrics-bind-address`. A profile sets a component to true once exposed.
 */
export function controlPlaneTargets(p: Profile): ControlPlaneTargets {
  const c = p.controlPlane;
  const byDefault = false; // kubeadm, k3s, talos: loopback; custom: every component is set (schema rule)
  return {
    etcd: c.etcd ?? byDefault,
    controllerManager: c.controllerManager ?? byDefault,
    scheduler: c.scheduler ?? byDefault,
    kubeProxy: c.kubeProxy ?? byDefault,
  };
}

/**
 * Alerts of the chart's groups the stack switches off one by one (defaultRules.disabled), and why.
 * Watchdog: the stack ships its own (src/alerts/rules.ts, group obstack-meta) with its own runbook; one
 * Watchdog, not two, reaches the heartbeat receiver.
 */
export function disabledKpsAlerts(p: Profile): Record<string, string> {
  const out: Record<string, string> = {
    Watchdog: "the stack's own Watchdog (obstack-meta) replaces it",
    // Same expression (increase(prometheus_rule_evaluation_failures_total[5m]) > 0, for 15m, critical) as the
    // stack's PrometheusRuleEvaluationFailures (src/alerts/rules.ts), which carries the stack's runbook.
    PrometheusRuleFailures: "the stack's PrometheusRuleEvaluationFailures is the same rule",
  };
  // KubeCPUOvercommit / KubeMemoryOvercommit fire when the pods' requests exceed what the cluster keeps after
  // losing its largest node (sum - max of allocatable): N-1 tolerance. With fewer than three nodes that means
  // "everything must fit on one node" — on two nodes, one of which runs the control plane, it either fires
  // for good or asks for half the cluster to sit idle. The operator of such a cluster has accepted that
  // losing a node loses capacity; the alert would only teach them to ignore alerts.
  if (p.nodes.length < 3) {
    out.KubeCPUOvercommit = "fewer than 3 nodes: N-1 tolerance cannot hold (sum minus the largest node's allocatable)";
    out.KubeMemoryOvercommit = "fewer than 3 nodes: N-1 tolerance cannot hold (sum minus the largest node's allocatable)";
  }
  return out;
}

/** The kube-prometheus-stack values that decide which rule groups and control-plane monitors are on. */
export function kpsRuleValues(p: Profile) {
  const cp = controlPlaneTargets(p);
  return {
    defaultRules: {
      rules: {
        // Switched on deliberately (issue #8): TargetDown and InfoInhibitor, and node-exporter's alerts and
        // recording rules; the allowlist keeps every series they read (src/stack/index.ts: stackAllowlist).
        general: true,
        nodeExporterAlerting: true,
        nodeExporterRecording: true,
        // node.rules: the Kubernetes / Compute Resources / Cluster dashboard (src/dashboards/kps) reads its
        // cluster:node_cpu:ratio_rate5m and :node_memory_MemAvailable_bytes:sum; the allowlist keeps what it reads.
        node: true,
        // Off: kube-prometheus-node-recording only feeds chart dashboards the stack does not ship; network
        // alerts on interface flapping of every veth; no Windows nodes.
        kubePrometheusNodeRecording: false,
        network: false,
        windows: false,
        // Follow the control-plane components that are scraped.
        etcd: cp.etcd,
        kubeControllerManager: cp.controllerManager,
        kubeSchedulerAlerting: cp.scheduler,
        kubeSchedulerRecording: cp.scheduler,
        kubeProxy: cp.kubeProxy,
      },
      disabled: Object.fromEntries(Object.keys(disabledKpsAlerts(p)).map((a) => [a, true])),
    },
    kubeEtcd: { enabled: cp.etcd },
    kubeControllerManager: { enabled: cp.controllerManager },
    kubeScheduler: { enabled: cp.scheduler },
    kubeProxy: { enabled: cp.kubeProxy },
  };
}

function valueAt(obj: unknown, path: string): unknown {
  return path.split(".").reduce<unknown>((o, k) => (o === undefined || o === null ? undefined : (o as Record<string, unknown>)[k]), obj);
}

export interface KpsRuleGroup {
  name: string;
  rules: KpsRuleFact[];
}

/** The chart's rule groups the release renders for this profile, with the alerts it disables removed. */
export function enabledKpsGroups(p: Profile): KpsRuleGroup[] {
  const values = kpsRuleValues(p);
  const disabled = disabledKpsAlerts(p);
  return KPS_RULE_GROUPS.filter((g) =>
    g.toggles.every((t) => {
      const v = valueAt(values, t);
      return v === undefined ? g.defaults[t] === true : v === true;
    }),
  ).map((g) => ({
    name: g.group,
    rules: g.rules
      .filter((r) => r.alert === undefined || !(r.alert in disabled))
      .map((r) => ({ ...r, expr: r.expr.split(NAMESPACE_TOKEN).join(p.namespace) })),
  }));
}
