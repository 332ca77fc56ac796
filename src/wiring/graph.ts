// Every connection made INTO the stack's namespace, once, as data: the workloads (the labels the charts and
// operators really put on their pods at the pinned versions, and the container ports their Services target) and
// the edges between them, each with why it exists. The NetworkPolicies (./policies.ts), the render check that
// evaluates them (./evaluate.ts) and the README's flow diagram (./mermaid.ts) are all derived from it.
// Egress is not restricted (Prometheus scrapes kubelets, the Flux controllers and external machines, Alertmanager
// calls receivers, Loki may write to an external S3): only edges that end in the stack's namespace are here.
// Labels and ports are cited in docs/upstream.md "Pod labels and ports (NetworkPolicy)".
import type { Profile } from "../profile/schema.ts";
import { GRAFANA_NAME, LOKI_RELEASE, PORTS, PROMETHEUS_RELEASE, PROMETHEUS_SERVICE, ALERTMANAGER_SERVICE } from "./names.ts";

export type Protocol = "TCP" | "UDP";
export interface Port {
  port: number;
  protocol: Protocol;
  /** The container port's name upstream (documentation). */
  name: string;
}

export type BuiltinWorkloadId =
  | "prometheus"
  | "alertmanager"
  | "prometheus-operator"
  | "kube-state-metrics"
  | "node-exporter"
  | "loki"
  | "minio"
  | "minio-buckets"
  | "seaweedfs"
  | "seaweedfs-buckets"
  | "grafana-operator"
  | "grafana"
  | "alloy-node"
  | "alloy-cluster"
  | "kepler";
/** The stack's own workloads, and the profile's exporters (`exporters` in the profile, src/exporters). */
export type WorkloadId = BuiltinWorkloadId | `exporter/${string}`;

/** A workload in the stack's namespace. */
export interface Workload {
  id: WorkloadId;
  /** Labels that select its pods and no other pod of the namespace. */
  selector: Record<string, string>;
  /** Container ports that something connects to (empty: nothing does). */
  ports: Port[];
  /**
   * A host-network pod: NetworkPolicy behaviour for it is undefined, most plugins treat its traffic as the node's
   * (https://kubernetes.io/docs/concepts/services-networking/network-policies/#networkpolicy-and-hostnetwork-pods).
   * Its edges are allowed all the same, so the policies also hold where the plugin does apply them.
   */
  hostNetwork?: boolean;
  why: string;
}

/** Where a connection comes from. */
export type Source =
  | { kind: "workload"; id: WorkloadId }
  /** Any pod of another namespace (selected by the namespace's kubernetes.io/metadata.name label). */
  | { kind: "namespace"; namespace: string; label: string }
  /** A caller that is no pod (the API server calling a webhook): its address cannot be selected. */
  | { kind: "anywhere"; label: string };

export interface Edge {
  from: Source;
  to: WorkloadId;
  ports: Port[];
  why: string;
}

export interface WiringGraph {
  namespace: string;
  workloads: Workload[];
  edges: Edge[];
}

const tcp = (port: number, name: string): Port => ({ port, protocol: "TCP", name });
const w = (id: WorkloadId): Source => ({ kind: "workload", id });

const INSTANCE = "app.kubernetes.io/instance";
const NAME = "app.kubernetes.io/name";

/**
 * The labels that select each workload's pods and no other pod of the namespace: those the charts and operators put
 * on the pods at the pinned versions (docs/upstream.md "Pod labels and ports (NetworkPolicy)"), and for the stack's
 * own MinIO the labels src/minio renders from here.
 */
export const POD_SELECTORS: Record<BuiltinWorkloadId, Record<string, string>> = {
  // kube-prometheus-stack names the Prometheus CR like its Service; prometheus-operator puts these on its pods.
  prometheus: { [NAME]: "prometheus", "operator.prometheus.io/name": PROMETHEUS_SERVICE },
  alertmanager: { [NAME]: "alertmanager", alertmanager: ALERTMANAGER_SERVICE },
  "prometheus-operator": { app: "kube-prometheus-stack-operator", release: PROMETHEUS_RELEASE },
  "kube-state-metrics": { [NAME]: "kube-state-metrics", [INSTANCE]: PROMETHEUS_RELEASE },
  "node-exporter": { [NAME]: "prometheus-node-exporter", [INSTANCE]: PROMETHEUS_RELEASE },
  loki: { [NAME]: "loki", [INSTANCE]: LOKI_RELEASE, "app.kubernetes.io/component": "single-binary" },
  minio: { [NAME]: "minio" },
  "minio-buckets": { [NAME]: "minio-buckets" },
  seaweedfs: { [NAME]: "seaweedfs" },
  "seaweedfs-buckets": { [NAME]: "seaweedfs-buckets" },
  "grafana-operator": { [NAME]: "grafana-operator", [INSTANCE]: "grafana-operator" },
  // grafana-operator's Deployment of a Grafana CR: pod label app=<CR name>, nothing else.
  grafana: { app: GRAFANA_NAME },
  // The Alloy chart's name label is the chart's name whatever fullnameOverride says; the release tells them apart.
  "alloy-node": { [NAME]: "alloy", [INSTANCE]: "alloy-node" },
  "alloy-cluster": { [NAME]: "alloy", [INSTANCE]: "alloy-cluster" },
  kepler: { [NAME]: "kepler", [INSTANCE]: "kepler" },
};
const S = POD_SELECTORS;

/** The pods of a profile exporter (src/exporters renders its Deployment and Service with these labels). */
export function exporterPodSelector(name: string): Record<string, string> {
  return { app: name };
}

export function wiringGraph(p: Profile): WiringGraph {
  const minio = p.loki.storage.type === "minio";
  const seaweedfs = p.loki.storage.type === "seaweedfs";
  const SW = {
    s3: tcp(PORTS.seaweedfsS3, "s3"),
    master: tcp(PORTS.seaweedfsMaster, "master"),
    masterGrpc: tcp(PORTS.seaweedfsMasterGrpc, "master-grpc"),
    filer: tcp(PORTS.seaweedfsFiler, "filer"),
    filerGrpc: tcp(PORTS.seaweedfsFilerGrpc, "filer-grpc"),
    volume: tcp(PORTS.seaweedfsVolume, "volume"),
    volumeGrpc: tcp(PORTS.seaweedfsVolumeGrpc, "volume-grpc"),
  };
  const P = {
    web: tcp(PORTS.prometheus, "web"),
    reloader: tcp(PORTS.reloader, "reloader-web"),
    am: tcp(PORTS.alertmanager, "web"),
    loki: tcp(PORTS.loki, "http-metrics"),
    minio: tcp(PORTS.minio, "api"),
    grafana: tcp(PORTS.grafana, "grafana-http"),
  };
  const workloads: Workload[] = [
    {
      id: "prometheus",
      selector: S.prometheus,
      ports: [P.web, P.reloader],
      why: "Prometheus replicas (StatefulSet of prometheus-operator)",
    },
    {
      id: "alertmanager",
      selector: S.alertmanager,
      ports: [P.am, P.reloader, ...(p.alertmanager.replicas > 1 ? [tcp(PORTS.alertmanagerMesh, "mesh-tcp"), { port: PORTS.alertmanagerMesh, protocol: "UDP" as const, name: "mesh-udp" }] : [])],
      why: "Alertmanager (StatefulSet of prometheus-operator)",
    },
    {
      id: "prometheus-operator",
      selector: S["prometheus-operator"],
      ports: [tcp(PORTS.prometheusOperator, "https")],
      why: "prometheus-operator (kube-prometheus-stack)",
    },
    {
      id: "kube-state-metrics",
      selector: S["kube-state-metrics"],
      ports: [tcp(PORTS.kubeStateMetrics, "http")],
      why: "kube-state-metrics (subchart of kube-prometheus-stack)",
    },
    {
      id: "node-exporter",
      selector: S["node-exporter"],
      ports: [tcp(PORTS.nodeExporter, "http-metrics")],
      hostNetwork: true,
      why: "node-exporter (subchart of kube-prometheus-stack, hostNetwork: true)",
    },
    {
      id: "loki",
      selector: S.loki,
      ports: [P.loki, tcp(PORTS.lokiGrpc, "grpc"), tcp(PORTS.lokiMemberlist, "http-memberlist")],
      why: "Loki, single binary",
    },
    ...(minio
      ? [
          { id: "minio" as const, selector: S.minio, ports: [P.minio], why: "MinIO, Loki's object store (src/minio)" },
          { id: "minio-buckets" as const, selector: S["minio-buckets"], ports: [], why: "the Job creating Loki's buckets (src/minio)" },
        ]
      : []),
    ...(seaweedfs
      ? [
          { id: "seaweedfs" as const, selector: S.seaweedfs, ports: Object.values(SW), why: "SeaweedFS, Loki's object store (src/seaweedfs)" },
          { id: "seaweedfs-buckets" as const, selector: S["seaweedfs-buckets"], ports: [], why: "the Job creating Loki's buckets and identity (src/seaweedfs)" },
        ]
      : []),
    {
      id: "grafana-operator",
      selector: S["grafana-operator"],
      ports: [],
      why: "grafana-operator",
    },
    {
      id: "grafana",
      selector: S.grafana,
      ports: [P.grafana],
      why: "Grafana (Deployment of grafana-operator)",
    },
    { id: "alloy-node", selector: S["alloy-node"], ports: [], why: "Alloy per node (DaemonSet)" },
    { id: "alloy-cluster", selector: S["alloy-cluster"], ports: [], why: "Alloy once per cluster (Deployment)" },
    ...(p.kepler.enabled
      ? [{ id: "kepler" as const, selector: S.kepler, ports: [tcp(PORTS.kepler, "http")], why: "Kepler (DaemonSet)" }]
      : []),
    ...p.exporters.map((e) => ({
      id: `exporter/${e.name}` as const,
      selector: exporterPodSelector(e.name),
      ports: e.ports.map((x) => tcp(x.containerPort, x.name)),
      why: `the profile's exporter ${e.name} (Deployment)`,
    })),
  ];

  const edges: Edge[] = [
    // Telemetry in.
    { from: w("alloy-node"), to: "loki", ports: [P.loki], why: "pod logs and the journal, pushed to Loki" },
    { from: w("alloy-cluster"), to: "loki", ports: [P.loki], why: "Kubernetes events, pushed to Loki" },
    { from: w("alloy-node"), to: "prometheus", ports: [P.web], why: "remote write of node-exporter, Kepler and Alloy metrics to each replica" },
    { from: w("alloy-cluster"), to: "prometheus", ports: [P.web], why: "remote write of Alloy's own metrics to each replica" },
    { from: w("alloy-node"), to: "node-exporter", ports: [tcp(PORTS.nodeExporter, "http-metrics")], why: "scrape of its node's node-exporter (host network)" },
    ...(p.kepler.enabled ? [{ from: w("alloy-node"), to: "kepler" as const, ports: [tcp(PORTS.kepler, "http")], why: "scrape of its node's Kepler" }] : []),
    // Queries.
    { from: w("grafana"), to: "prometheus", ports: [P.web], why: "Prometheus datasource" },
    { from: w("grafana"), to: "loki", ports: [P.loki], why: "Loki datasource" },
    { from: w("grafana"), to: "alertmanager", ports: [P.am], why: "Alertmanager datasource" },
    // Storage.
    ...(minio
      ? [
          { from: w("loki"), to: "minio" as const, ports: [P.minio], why: "chunks, index and delete requests on S3 (MinIO)" },
          { from: w("minio-buckets"), to: "minio" as const, ports: [P.minio], why: "creates Loki's buckets" },
        ]
      : []),
    ...(seaweedfs
      ? [
          { from: w("loki"), to: "seaweedfs" as const, ports: [SW.s3], why: "chunks, index and delete requests on S3 (SeaweedFS)" },
          {
            from: w("seaweedfs-buckets"),
            to: "seaweedfs" as const,
            ports: [SW.master, SW.masterGrpc, SW.filer, SW.filerGrpc],
            why: "`weed shell` creates Loki's buckets and its identity through the master and the filer (HTTP and gRPC)",
          },
          {
            from: w("seaweedfs"),
            to: "seaweedfs" as const,
            ports: Object.values(SW),
            why: "master, volume server, filer and S3 gateway of the one process call each other by the pod's IP",
          },
        ]
      : []),
    { from: w("loki"), to: "loki", ports: [tcp(PORTS.lokiMemberlist, "http-memberlist"), tcp(PORTS.lokiGrpc, "grpc")], why: "the single binary joins its own memberlist ring (through the loki-memberlist Service) and calls its own modules over gRPC, by pod IP; Kubernetes documents that a pod cannot block access to itself, the edge keeps it explicit" },
    // Scrapes by Prometheus inside the namespace (other targets are egress only).
    { from: w("prometheus"), to: "prometheus", ports: [P.web, P.reloader], why: "self-monitoring: every replica scrapes every replica and its config-reloader" },
    { from: w("prometheus"), to: "alertmanager", ports: [P.am, P.reloader], why: "alerts sent to Alertmanager; scrape of Alertmanager and its config-reloader" },
    { from: w("prometheus"), to: "kube-state-metrics", ports: [tcp(PORTS.kubeStateMetrics, "http")], why: "scrape of kube-state-metrics (Kubernetes and Flux resource metrics)" },
    { from: w("prometheus"), to: "prometheus-operator", ports: [tcp(PORTS.prometheusOperator, "https")], why: "scrape of prometheus-operator" },
    { from: w("prometheus"), to: "loki", ports: [P.loki], why: "scrape of Loki (its alerts)" },
    ...(minio ? [{ from: w("prometheus"), to: "minio" as const, ports: [P.minio], why: "scrape of MinIO's cluster metrics" }] : []),
    // Alertmanager's cluster: only with more than one replica (prometheus-operator sets an empty
    // --cluster.listen-address for one replica).
    ...(p.alertmanager.replicas > 1
      ? [{ from: w("alertmanager"), to: "alertmanager" as const, ports: [tcp(PORTS.alertmanagerMesh, "mesh-tcp"), { port: PORTS.alertmanagerMesh, protocol: "UDP" as const, name: "mesh-udp" }], why: "cluster peers gossip notification state" }]
      : []),
    // Users and operators.
    {
      from: { kind: "namespace", namespace: p.grafana.gateway.namespace, label: `gateway ${p.grafana.gateway.name}` },
      to: "grafana",
      ports: [P.grafana],
      why: "the HTTPRoute's backend: the gateway's pods (whose labels depend on the Gateway implementation) forward users to Grafana",
    },
    { from: w("grafana-operator"), to: "grafana", ports: [P.grafana], why: "grafana-operator provisions datasources, folders and dashboards through Grafana's API" },
    // The profile's exporters: Prometheus scrapes the metrics port (their ServiceMonitor); whatever else they listen on
    // receives from senders outside the stack (e.g. TrueNAS pushing Graphite through a LoadBalancer Service), whose
    // addresses the profile does not know: open to every source, like the webhook port.
    ...p.exporters.flatMap((e): Edge[] => {
      const metrics = e.ports.filter((x) => x.name === e.metricsPort);
      const others = e.ports.filter((x) => x.name !== e.metricsPort);
      return [
        { from: w("prometheus"), to: `exporter/${e.name}`, ports: metrics.map((x) => tcp(x.containerPort, x.name)), why: `scrape of the exporter ${e.name}` },
        ...(others.length > 0
          ? [{ from: { kind: "anywhere" as const, label: `senders to ${e.name}` }, to: `exporter/${e.name}` as const, ports: others.map((x) => tcp(x.containerPort, x.name)), why: `what ${e.name} receives (${others.map((x) => x.name).join(", ")}) from senders the profile does not name` }]
          : []),
      ];
    }),
    {
      from: { kind: "anywhere", label: "API server" },
      to: "prometheus-operator",
      ports: [tcp(PORTS.prometheusOperator, "https")],
      why: "admission webhooks (PrometheusRule, AlertmanagerConfig) served by the operator; the API server is no pod and its address cannot be selected, so this port is open to every source",
    },
  ];
  return { namespace: p.namespace, workloads, edges };
}

export function sourceName(s: Source): string {
  return s.kind === "workload" ? s.id : s.label;
}

export function portName(p: Port): string {
  return `${p.port}/${p.protocol}`;
}
