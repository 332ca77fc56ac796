// The Alloy configurations the stack deploys, built as typed Alloy ASTs (src/alloy/syntax/build.ts)
// and printed canonically. Two workloads:
//  - node: a DaemonSet on every node (control plane included) reading only its own node's pod logs
//    and journal, and scraping only its own node's node-exporter and Kepler pods;
//  - cluster: a one-replica Deployment for Kubernetes events, so each event is shipped once.
import { arr, attr, block, call, comment, file, obj, ref, binary, type BodyItem, type ExprLike } from "../alloy/syntax/build.ts";
import type { Block, File } from "../alloy/syntax/ast.ts";
import type { Profile } from "../profile/schema.ts";
import { urls } from "../wiring/names.ts";
import { POD_SELECTORS } from "../wiring/graph.ts";
import { INDEX_LABELS, JOURNAL_PRIORITY_LEVELS, POD_LEVEL_SPELLINGS, STRUCTURED_METADATA } from "./labels.ts";

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
function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * What Loki accepts, and so how far back Alloy may read when it has no stored position. Loki rejects a
 * line older than reject_old_samples_max_age (loki chart 18.11.0 values.yaml:607-608: 168h; obstack does not
 * change it), and, within one stream, a line older than the stream's newest minus max_chunk_age/2
 * (loki pkg/ingester/stream.go:442 @ v3.7.6; ingester.go:162 max-chunk-age 2h → 1h). Either answer is a 400,
 * which loki.write does not retry, counting the whole batch in loki_write_dropped_entries_total (alloy
 * internal/component/common/loki/client/shards.go:447-470 @ v1.18.1): AlloyLogsDropped on the first deploy.
 */
export const LOKI_ACCEPTS = { rejectOldSamplesMaxAgeHours: 168, outOfOrderWindowMinutes: 60 } as const;
/** The journal is read in time order, so only reject_old_samples_max_age bounds it. */
export const JOURNAL_MAX_AGE = "12h";
/**
 * Pod log files are read from their start (so a new container's first lines, written before discovery
 * sees its file, are never skipped, as tail_from_end would), but several files feed one stream (pod is
 * structured metadata): lines older than this are dropped, which keeps every line inside Loki's
 * out-of-order window, with 10 minutes for batching and retries.
 */
export const POD_LOG_MAX_AGE = `${LOKI_ACCEPTS.outOfOrderWindowMinutes - 10}m`;

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

/**
 * Where the kubelet writes a container's log: /var/log/pods/<namespace>_<pod>_<uid>/<container>/<restart>.log
 * (kubelet pkg/kubelet/kuberuntime/helpers.go BuildPodLogsDirectory / BuildContainerLogsDirectory), with the
 * uid of the pod *as the kubelet knows it*. For a static pod that is the hash of its manifest
 * (pkg/kubelet/config/common.go applyDefaults: pod.UID = md5 of the source, also stored as the
 * kubernetes.io/config.hash annotation), while the API server gives its mirror pod another uid; the mirror
 * pod carries the hash in its kubernetes.io/config.mirror annotation (pkg/kubelet/pod/mirror_client.go
 * CreateMirrorPod). So: the API uid, replaced by the mirror hash when the pod is a mirror pod. The second
 * rule's regex needs a non-empty hash, so it leaves ordinary pods alone.
 */
export function podLogPathRules(): RelabelRule[] {
  return [
    {
      source_labels: ["__meta_kubernetes_pod_uid", "__meta_kubernetes_pod_container_name"],
      separator: "/",
      replacement: "/var/log/pods/*$1/*.log",
      target_label: "__path__",
    },
    {
      source_labels: ["__meta_kubernetes_pod_annotation_kubernetes_io_config_mirror", "__meta_kubernetes_pod_container_name"],
      separator: "/",
      regex: "([^/]+)/(.+)",
      replacement: "/var/log/pods/*$1/$2/*.log",
      target_label: "__path__",
    },
  ];
}

/** The pod-log path rules as Alloy `rule` blocks, for a profile pipeline that tails pod logs itself. */
export function podLogPathRuleBlocks(): Block[] {
  return podLogPathRules().map(rule);
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
      ...podLogPathRules().map(rule),
    ]),
    block("local.file_match", "pod_logs", [attr("path_targets", ref("discovery.relabel.pod_logs.output"))]),
    block("loki.source.file", "pod_logs", [
      attr("targets", ref("local.file_match.pod_logs.targets")),
      attr("forward_to", arr(ref("loki.process.pod_logs.receiver"))),
    ]),
    block("loki.process", "pod_logs", [
      attr("forward_to", arr(ref("loki.write.loki.receiver"))),
      block("stage.cri", []),
      comment("Files are read from their start (no new container's first lines are skipped); on a first start"),
      comment("that is days of history, which Loki would reject: drop what it cannot take (counted by reason)."),
      block("stage.drop", [attr("older_than", POD_LOG_MAX_AGE), attr("drop_counter_reason", "older_than_loki_accepts")]),
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

/** Relabel rules of the journal source: the profile's units only, unit and level as labels. */
export function journalRules(units: readonly string[]): RelabelRule[] {
  return [
    // One keep over the unit field: several `matches` are a logical AND in Alloy's contract
    // (docs loki.source.journal.md "Journal matches"; tailer.go passes each as its own match).
    { source_labels: ["__journal__systemd_unit"], regex: `(${units.map(escapeRegex).join("|")})`, action: "keep" },
    { source_labels: ["__journal__systemd_unit"], target_label: "unit" },
    // The priority keyword in the pod-log level set.
    ...JOURNAL_PRIORITY_LEVELS.map(([level, keywords]) => ({
      source_labels: ["__journal_priority_keyword"],
      regex: `(${keywords.join("|")})`,
      target_label: "level",
      replacement: level,
    })),
  ];
}

function journal(p: Profile): BodyItem[] {
  return [
    comment("The systemd journal of the profile's units; the journal library reads both the persistent"),
    comment("(/var/log/journal) and the volatile (/run/log/journal) journal, both mounted read-only."),
    block("loki.relabel", "journal", [attr("forward_to", arr()), ...journalRules(p.alloy.journalUnits).map(rule)]),
    block("loki.source.journal", "units", [
      comment("Without a stored cursor (first start) the reader starts max_age back: journal entries come in"),
      comment("time order, and max_age stays below Loki's reject_old_samples_max_age, so Loki takes them all."),
      attr("max_age", JOURNAL_MAX_AGE),
      attr("relabel_rules", ref("loki.relabel.journal.rules")),
      attr("labels", obj({ source: "journal", node_name: NODE })),
      attr("forward_to", arr(ref("loki.process.journal.receiver"))),
    ]),
    block("loki.process", "journal", [
      attr("forward_to", arr(ref("loki.write.loki.receiver"))),
      comment("kubelet and containerd log at journal priority info whatever the severity: take the level from"),
      comment("klog's F/E/W prefix or a logfmt level= where the line has one."),
      block("stage.match", [
        attr("selector", '{source="journal"} |~ "^F[0-9]{4} |level=(fatal|panic)"'),
        block("stage.static_labels", [attr("values", obj({ level: "critical" }))]),
      ]),
      block("stage.match", [
        attr("selector", '{source="journal"} |~ "^E[0-9]{4} |level=error"'),
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
      comment("An event's timestamp is its lastTimestamp, else its eventTime: the first occurrence for events.k8s.io"),
      comment("series, hours old while updates re-deliver it; a new pod (no stored position) re-lists every event."),
      comment("Drop what Loki's out-of-order window would reject (a 400 drops the whole batch)."),
      block("stage.drop", [attr("older_than", POD_LOG_MAX_AGE), attr("drop_counter_reason", "older_than_loki_accepts")]),
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
