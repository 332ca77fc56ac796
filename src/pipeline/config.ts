// The Alloy configurations the stack deploys, built as typed Alloy ASTs (src/alloy/syntax/build.ts)
// and printed canonically. Two workloads:
//  - node: a DaemonSet on every node (control plane included) reading only its own node's pod logs
//    and journal, and scraping only its own node's node-exporter and Kepler pods;
//  - cluster: a one-replica Deployment for Kubernetes events, so each event is shipped once.
import { arr, attr, block, call, comment, file, obj, ref, binary, type BodyItem, type ExprLike } from "../alloy/syntax/build.ts";
import type { Block, File } from "../alloy/syntax/ast.ts";
import type { Profile } from "../profile/schema.ts";
import { urls } from "../stack/names.ts";
import { POD_SELECTORS } from "../wiring/graph.ts";
import { INDEX_LABELS, POD_LEVEL_SPELLINGS, STRUCTURED_METADATA } from "./labels.ts";

/** The pod label values that identify node-exporter and Kepler pods (set by their charts). */
export const SCRAPED_PODS = {
  nodeExporter: { label: "__meta_kubernetes_pod_label_app_kubernetes_io_name", value: POD_SELECTORS["node-exporter"]["app.kubernetes.io/name"]!, port: "http-metrics", job: "node-exporter" },
  kepler: { label: "__meta_kubernetes_pod_label_app_kubernetes_io_name", value: POD_SELECTORS.kepler["app.kubernetes.io/name"]!, port: "http", job: "kepler" },
} as const;

/** Metric names the node pipeline keeps, per source (derived from the stack's queries). */
export interface NodeAllowlist {
  nodeExporter: readonly string[];
  kepler: readonly string[];
}

const NODE = call("sys.env", "NODE_NAME");
/** `instance` of the once-per-cluster Alloy's own metrics (the per-node ones carry the node name). */
export const CLUSTER_INSTANCE = "alloy-cluster";
const LEVELS = "trace|debug|info|notice|warn|warning|error|err|fatal|critical|crit|panic";

/** A relabel rule as data: Alloy's `rule` block and Prometheus' relabel_config share these fields. */
export interface RelabelRule {
  source_labels?: readonly string[];
  separator?: string;
  regex?: string;
  action?: "replace" | "keep" | "drop" | "labeldrop" | "labelkeep";
  target_label?: string;
  replacement?: string;
}
type Rule = RelabelRule;
function rule(r: Rule): Block {
  const order = ["source_labels", "separator", "regex", "action", "target_label", "replacement"];
  return block(
    "rule",
    Object.entries(r)
      .sort(([a], [b]) => order.indexOf(a) - order.indexOf(b))
      .map(([k, v]) => attr(k, typeof v === "string" ? v : arr(...(v as readonly string[])))),
  );
}

function regexAlternation(names: readonly string[]): string {
  return names.length === 0 ? "^$" : `^(${names.join("|")})$`;
}

/** Pods on this node only: the API server filters by spec.nodeName, so no node sees another's pods. */
function podsOnThisNode(label: string): Block {
  return block("discovery.kubernetes", label, [
    attr("role", "pod"),
    block("selectors", [attr("role", "pod"), attr("field", binary("spec.nodeName=", "+", NODE))]),
  ]);
}

function podLogs(p: Profile): BodyItem[] {
  const sm = STRUCTURED_METADATA.pods;
  return [
    comment("Pod logs of every container on this node, tailed from /var/log/pods (CRI format)."),
    podsOnThisNode("pods"),
    block("discovery.relabel", "pod_logs", [
      attr("targets", ref("discovery.kubernetes.pods.targets")),
      rule({ source_labels: ["__meta_kubernetes_namespace"], target_label: "namespace" }),
      rule({ source_labels: ["__meta_kubernetes_pod_name"], target_label: "pod" }),
      rule({ source_labels: ["__meta_kubernetes_pod_container_name"], target_label: "container" }),
      rule({ source_labels: ["__meta_kubernetes_pod_node_name"], target_label: "node_name" }),
      rule({ source_labels: ["__meta_kubernetes_pod_container_image"], target_label: "image" }),
      rule({ source_labels: ["__meta_kubernetes_pod_controller_kind"], target_label: "controller_kind" }),
      comment("The controller name without the ReplicaSet's pod-template hash."),
      rule({ source_labels: ["__meta_kubernetes_pod_controller_name"], regex: "([0-9a-z-.]+?)(-[0-9a-f]{8,10})?", target_label: "controller_name" }),
      comment("app: app.kubernetes.io/name, else the app, component or k8s-app label (static control-plane pods"),
      comment("carry component), else the controller, else the pod name."),
      rule({
        source_labels: [
          "__meta_kubernetes_pod_label_app_kubernetes_io_name",
          "__meta_kubernetes_pod_label_app",
          "__meta_kubernetes_pod_label_component",
          "__meta_kubernetes_pod_label_k8s_app",
          "controller_name",
          "__meta_kubernetes_pod_name",
        ],
        separator: ";",
        regex: "^;*([^;]+)(;.*)?$",
        target_label: "app",
      }),
      rule({
        source_labels: ["__meta_kubernetes_pod_uid", "__meta_kubernetes_pod_container_name"],
        separator: "/",
        replacement: "/var/log/pods/*$1/*.log",
        target_label: "__path__",
      }),
    ]),
    block("local.file_match", "pod_logs", [attr("path_targets", ref("discovery.relabel.pod_logs.output"))]),
    block("loki.source.file", "pod_logs", [
      attr("targets", ref("local.file_match.pod_logs.targets")),
      attr("forward_to", arr(ref("loki.process.pod_logs.receiver"))),
    ]),
    block("loki.process", "pod_logs", [
      attr("forward_to", arr(ref("loki.write.loki.receiver"))),
      block("stage.cri", []),
      block("stage.static_labels", [attr("values", obj({ source: "pods" }))]),
      block("stage.regex", [attr("expression", `(?i)\\b(?:level|lvl|severity)["']?\\s*[=:]\\s*["']?(?P<level>${LEVELS})\\b`)]),
      block("stage.labels", [attr("values", obj({ level: "" }))]),
      comment("One spelling per level, so level multiplies streams by five at most."),
      ...POD_LEVEL_SPELLINGS.map(([to, from]) =>
        block("stage.match", [
          attr("selector", `{level=~"(?i)(${from})"}`),
          block("stage.static_labels", [attr("values", obj({ level: to }))]),
        ]),
      ),
      comment("Per-pod and per-image values are structured metadata: they must not multiply streams."),
      block("stage.structured_metadata", [attr("values", obj(Object.fromEntries(sm.map((k) => [k, k]))))]),
      block("stage.label_keep", [attr("values", arr(...INDEX_LABELS.pods, ...Object.keys(p.alloy.staticLabels)))]),
    ]),
  ];
}

function journal(p: Profile): BodyItem[] {
  return [
    comment("The systemd journal of the profile's units; the journal library reads both the persistent"),
    comment("(/var/log/journal) and the volatile (/run/log/journal) journal, both mounted read-only."),
    block("loki.relabel", "journal", [
      attr("forward_to", arr()),
      rule({ source_labels: ["__journal__systemd_unit"], target_label: "unit" }),
      rule({ source_labels: ["__journal_priority_keyword"], target_label: "level" }),
    ]),
    block("loki.source.journal", "units", [
      attr("matches", p.alloy.journalUnits.map((u) => `_SYSTEMD_UNIT=${u}`).join(" ")),
      attr("max_age", "12h"),
      attr("relabel_rules", ref("loki.relabel.journal.rules")),
      attr("labels", obj({ source: "journal", node_name: NODE })),
      attr("forward_to", arr(ref("loki.process.journal.receiver"))),
    ]),
    block("loki.process", "journal", [
      attr("forward_to", arr(ref("loki.write.loki.receiver"))),
      comment("kubelet and containerd log at journal priority info whatever the severity: take the level from"),
      comment("klog's E/W prefix or a logfmt level= where the line has one."),
      block("stage.match", [
        attr("selector", '{source="journal"} |~ "^[EF][0-9]{4} |level=(error|fatal|panic)"'),
        block("stage.static_labels", [attr("values", obj({ level: "error" }))]),
      ]),
      block("stage.match", [
        attr("selector", '{source="journal"} |~ "^W[0-9]{4} |level=warn(ing)?"'),
        block("stage.static_labels", [attr("values", obj({ level: "warning" }))]),
      ]),
      comment("The journal source adds job; keep the index labels of the contract only."),
      block("stage.label_keep", [attr("values", arr(...INDEX_LABELS.journal, ...Object.keys(p.alloy.staticLabels)))]),
    ]),
  ];
}

/** Target relabelling for a node-local exporter: keep its pods' metrics port, name the node. */
export function targetRules(name: keyof typeof SCRAPED_PODS): RelabelRule[] {
  const s = SCRAPED_PODS[name];
  return [
    { source_labels: [s.label], regex: s.value, action: "keep" },
    { source_labels: ["__meta_kubernetes_pod_container_port_name"], regex: s.port, action: "keep" },
    { source_labels: ["__meta_kubernetes_pod_node_name"], target_label: "instance" },
    { source_labels: ["__meta_kubernetes_pod_node_name"], target_label: name === "nodeExporter" ? "machine_name" : "node_name" },
  ];
}

/** Metric relabelling that keeps only the named series. */
export function allowlistRules(names: readonly string[]): RelabelRule[] {
  return [{ source_labels: ["__name__"], regex: regexAlternation(names), action: "keep" }];
}

function scrape(name: keyof typeof SCRAPED_PODS, p: Profile): BodyItem[] {
  const s = SCRAPED_PODS[name];
  const label = name === "nodeExporter" ? "node_exporter" : "kepler";
  return [
    block("discovery.relabel", label, [attr("targets", ref("discovery.kubernetes.pods.targets")), ...targetRules(name).map(rule)]),
    block("prometheus.scrape", label, [
      attr("targets", ref(`discovery.relabel.${label}.output`)),
      attr("job_name", s.job),
      attr("scrape_interval", p.prometheus.scrapeInterval),
      attr("forward_to", arr(ref(`prometheus.relabel.${label}.receiver`))),
    ]),
  ];
}

function allowlist(label: string, names: readonly string[]): Block {
  return block("prometheus.relabel", label, [
    attr("forward_to", arr(ref("prometheus.remote_write.prometheus.receiver"))),
    comment("Only the series some dashboard or alert rule uses (derived from the queries)."),
    ...allowlistRules(names).map(rule),
  ]);
}

/** Alloy's own metrics (component health, write errors), remote-written like the rest. */
function selfScrape(p: Profile, instance: ExprLike): Block {
  return block("prometheus.scrape", "alloy", [
    attr("targets", arr(obj({ __address__: "127.0.0.1:12345", instance }))),
    attr("job_name", "alloy"),
    attr("scrape_interval", p.prometheus.scrapeInterval),
    attr("forward_to", arr(ref("prometheus.remote_write.prometheus.receiver"))),
  ]);
}

function nodeMetrics(p: Profile, keep: NodeAllowlist): BodyItem[] {
  return [
    comment("node-exporter and Kepler of this node, instance = node name; Prometheus does not scrape them."),
    ...scrape("nodeExporter", p),
    allowlist("node_exporter", keep.nodeExporter),
    ...(p.kepler.enabled ? [...scrape("kepler", p), allowlist("kepler", keep.kepler)] : []),
    comment("Alloy's own metrics: its health per node."),
    selfScrape(p, NODE),
  ];
}

function lokiWrite(p: Profile): Block {
  return block("loki.write", "loki", [
    block("endpoint", [attr("url", urls.lokiPush(p))]),
    attr("external_labels", obj({ cluster: p.cluster.name, ...p.alloy.staticLabels })),
  ]);
}

/** One endpoint per Prometheus replica (derived from the replica count) so every replica gets every sample. */
function remoteWrite(p: Profile): Block {
  return block("prometheus.remote_write", "prometheus", [
    ...urls.prometheusReplicaWrites(p).map((url) => block("endpoint", [attr("url", url)])),
    attr("external_labels", obj({ cluster: p.cluster.name, ...p.alloy.staticLabels })),
  ]);
}

function logging(): Block {
  return block("logging", [attr("level", "info"), attr("format", "logfmt")]);
}

export function nodeConfig(p: Profile, keep: NodeAllowlist, extra: readonly Block[] = []): File {
  return file(
    comment("Generated by obstack: the per-node Alloy pipeline (DaemonSet)."),
    logging(),
    ...podLogs(p),
    ...journal(p),
    ...nodeMetrics(p, keep),
    lokiWrite(p),
    remoteWrite(p),
    ...extra,
  );
}

export function clusterConfig(p: Profile, extra: readonly Block[] = []): File {
  return file(
    comment("Generated by obstack: the once-per-cluster Alloy pipeline (one-replica Deployment)."),
    logging(),
    comment("Kubernetes events of every namespace, shipped once."),
    block("loki.source.kubernetes_events", "events", [
      attr("job_name", "kubernetes-events"),
      attr("log_format", "logfmt"),
      attr("forward_to", arr(ref("loki.process.events.receiver"))),
    ]),
    block("loki.process", "events", [
      attr("forward_to", arr(ref("loki.write.loki.receiver"))),
      block("stage.static_labels", [attr("values", obj({ source: "events" }))]),
      block("stage.logfmt", [attr("mapping", obj({ kind: "kind", reason: "reason", name: "name", node_name: "sourcehost", type: "type" }))]),
      comment("The event's type as level: Warning events are warnings, Normal ones informational."),
      block("stage.labels", [attr("values", obj({ level: "type" }))]),
      block("stage.match", [attr("selector", '{source="events", level="Warning"}'), block("stage.static_labels", [attr("values", obj({ level: "warning" }))])]),
      block("stage.match", [attr("selector", '{source="events", level="Normal"}'), block("stage.static_labels", [attr("values", obj({ level: "info" }))])]),
      block("stage.structured_metadata", [attr("values", obj(Object.fromEntries(STRUCTURED_METADATA.events.map((k) => [k, k]))))]),
      block("stage.label_keep", [attr("values", arr(...INDEX_LABELS.events, ...Object.keys(p.alloy.staticLabels)))]),
    ]),
    comment("Alloy's own metrics, so the events shipper's health and write errors are watched too."),
    selfScrape(p, CLUSTER_INSTANCE),
    lokiWrite(p),
    remoteWrite(p),
    ...extra,
  );
}
