// The cluster profile: the one input obstack takes. Every object it renders is a function of this.
// Objects are strict (unknown keys are an error: a typo must never be silently ignored) and every
// default is written here, so `obstack schema` documents the whole contract.
import { z } from "zod";
import { quantityBytes, prometheusBytes } from "./units.ts";
import type { Block as AlloyBlock } from "../alloy/syntax/ast.ts";
import { volumeSlots } from "../storage/placement.ts";
import { resourcesSchema } from "../workloads/resources.ts";
import { parse as parseAlloy } from "../alloy/syntax/parser.ts";
import { fluxName, paths } from "../tree/paths.ts";
import {
  alertmanagerMatcherProblem,
  alloySecretProblems,
  ianaServiceNameProblem,
  isAlloyBlock,
  machineAddressProblem,
  qualifiedNameProblem,
  s3RegionProblem,
  urlCredentialProblem,
} from "./rules.ts";

/** obstack's own runbooks (docs/runbooks.md); a profile may point at its own copy. */
export const RUNBOOK_BASE = "https://github.com/obstack-dev/obstack/blob/main/docs/runbooks.md";

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const HOSTNAME = /^(\*\.)?([a-z0-9]([-a-z0-9]*[a-z0-9])?\.)+[a-z]([-a-z0-9]*[a-z0-9])?$/;
const DURATION = /^([0-9]+(ms|s|m|h|d|w|y))+$/;
const QUANTITY = /^[0-9]+(\.[0-9]+)?(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E)?$/;
const PROM_BYTES = /^[0-9]+(\.[0-9]+)?(B|KB|MB|GB|TB|PB|EB|KiB|MiB|GiB|TiB|PiB|EiB)$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const K8S_LABEL_KEY = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const K8S_LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

export const k8sName = z
  .string()
  .max(63)
  .regex(DNS1123_LABEL, "must be a Kubernetes name (RFC 1123 label: lower-case letters, digits and '-', starting and ending alphanumeric)");
const subdomain = z.string().max(253).regex(DNS1123_SUBDOMAIN, "must be an RFC 1123 subdomain (lower-case, dot-separated labels)");
const hostname = z.string().max(253).regex(HOSTNAME, "must be a DNS hostname such as grafana.example.com");
const duration = z.string().regex(DURATION, "must be a Prometheus duration such as 30s, 10m, 2d");
const quantity = z.string().regex(QUANTITY, "must be a Kubernetes quantity such as 30Gi");
const promBytes = z.string().regex(PROM_BYTES, "must be a Prometheus byte size such as 25GiB or 500MB");
const labelName = z.string().regex(LABEL_NAME, "must be a Prometheus label name ([a-zA-Z_][a-zA-Z0-9_]*)");
/** Maps come out sorted by key: the rendered output never depends on the order a profile lists them. */
function sortedKeys<T>(m: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(m).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
const labelMap = z
  .record(
    z.string().regex(K8S_LABEL_KEY, "must be a Kubernetes label key"),
    z.string().max(63).regex(K8S_LABEL_VALUE, "must be a Kubernetes label value"),
  )
  .refine((m) => Object.keys(m).length <= 64, "at most 64 labels")
  .transform(sortedKeys);
/** A URL of one of the schemes Alertmanager and Grafana follow, without credentials in it. */
const httpUrl = (what: string) =>
  z
    .url()
    .refine((u) => /^https?:$/i.test(new URL(u).protocol), "must be an http:// or https:// URL (the only schemes Alertmanager's webhook and a browser's runbook link follow)")
    .superRefine((u, ctx) => {
      const why = urlCredentialProblem(u);
      if (why) ctx.addIssue({ code: "custom", message: `${why}; ${what}` });
    });
/** A path without '.' or '..' segments: it cannot climb out of where it is placed. */
const noDotSegments = (s: string) => !s.split("/").slice(1).some((seg) => seg === "." || seg === "..");

/**
 * A reference to a key of a Secret (or of the Secret a SealedSecret unseals to) that the user creates.
 * Secret material itself never appears in a profile; only where to find it.
 */
export const secretKeyRef = z.strictObject({
  name: k8sName.describe("Secret name in the stack's namespace"),
  key: z.string().min(1).regex(/^[-._a-zA-Z0-9]+$/, "must be a Secret data key"),
});

/** Components whose data may live in a local PersistentVolume, each with its own host directory. */
export const LOCAL_VOLUME_COMPONENTS = ["prometheus", "alertmanager", "loki", "minio", "seaweedfs", "grafana"] as const;
export type LocalVolumeComponent = (typeof LOCAL_VOLUME_COMPONENTS)[number];
const hostPath = z
  .string()
  .regex(/^(\/[A-Za-z0-9._@+-]+)+$/, "must be an absolute path without a trailing slash, '..' or spaces")
  .refine((s) => !s.split("/").some((seg) => seg === "." || seg === ".."), "must not contain '.', '..' or empty segments: volumes would land outside it");

const nodeSchema = z.strictObject({
  name: subdomain.describe("Kubernetes node name (kubernetes.io/hostname)"),
  controlPlane: z.boolean().default(false).describe("node carries the control-plane NoSchedule taint"),
});

const storageSchema = z.strictObject({
  className: k8sName.default("local-storage"),
  provisioner: z
    .string()
    .min(1, "must name the storage class's provisioner (kubernetes.io/no-provisioner for local volumes)")
    .superRefine((v, ctx) => {
      const why = v === "" ? undefined : qualifiedNameProblem(v);
      if (why) ctx.addIssue({ code: "custom", message: why });
    })
    .default("kubernetes.io/no-provisioner")
    .describe("the storage class's provisioner; with kubernetes.io/no-provisioner obstack renders local PersistentVolumes"),
  localPath: hostPath
    .default("/mnt")
    .describe("host directory under which each local PersistentVolume gets its own sub-directory"),
  singletonNode: subdomain
    .optional()
    .describe("node for the local volumes of single-replica components (default: the first non-control-plane node)"),
  paths: z
    .strictObject(Object.fromEntries(LOCAL_VOLUME_COMPONENTS.map((c) => [c, hostPath.optional()])) as Record<LocalVolumeComponent, z.ZodOptional<typeof hostPath>>)
    .default({})
    .describe(
      "host directory of each component's local volume, to keep directories (and data) you already have; default <localPath>/<component>-<replica> for Prometheus and Alertmanager, <localPath>/<component> for the others. A replicated component uses the same directory on each of its nodes",
    ),
});

// The Kustomization CRD's pattern for interval and retryInterval: a Go duration, no days.
const fluxDuration = z.string().regex(/^([0-9]+(\.[0-9]+)?(ms|s|m|h))+$/, "must be a Go duration such as 30s, 2m, 1h (Flux takes no days)");

const fluxSchema = z.strictObject({
  version: z.enum(["2.4", "2.5", "2.6", "2.7"]).default("2.7").describe("Flux minor version: decides the API versions of the Flux kinds"),
  namespace: k8sName.default("flux-system"),
  gitRepository: k8sName.default("flux-system").describe("GitRepository the generated Flux Kustomizations reconcile from"),
  interval: fluxDuration.default("10m"),
  retryInterval: fluxDuration
    .default("2m")
    .describe("how soon a failed Flux Kustomization is retried (unset, Flux waits a whole interval)"),
  repositoryRoot: z
    .string()
    .regex(/^\.(\/[A-Za-z0-9._-]+)*$/, "must be a path like . or ./clusters")
    .refine(noDotSegments, "must not contain '.' or '..' segments after the leading '.': Flux paths may not leave the repository")
    .default(".")
    .describe("where the rendered tree sits inside the Git repository"),
  dependsOn: z.array(k8sName).max(50).default([]).describe("Flux Kustomizations (in the Flux namespace) every generated one waits for"),
});

const prometheusSchema = z.strictObject({
  replicas: z.number().int().min(1).max(10).default(2),
  antiAffinity: z.enum(["hard", "soft"]).default("hard"),
  retention: duration.default("2d"),
  retentionSize: promBytes.default("25GiB"),
  volumeSize: quantity.default("30Gi"),
  scrapeInterval: duration.default("30s"),
});

// Receivers: every credential (URL with a token, bot token, SMTP password) is a Secret key, mounted into
// Alertmanager and read from a file (src/alertmanager/config.ts cites the *_file fields of Alertmanager v0.29).
const sendResolved = z.boolean().default(true);
const receiverSchema = z.discriminatedUnion("type", [
  z.strictObject({ name: k8sName, type: z.literal("null") }),
  z.strictObject({
    name: k8sName,
    type: z.literal("webhook"),
    url: httpUrl("use urlSecret (a Secret key holding the URL)").optional(),
    urlSecret: secretKeyRef.optional().describe("Secret key holding the webhook URL when the URL is itself a secret"),
    sendResolved,
  }),
  z.strictObject({
    name: k8sName,
    type: z.literal("slack"),
    apiUrlSecret: secretKeyRef,
    channel: z.string().min(1).max(200),
    sendResolved,
  }),
  z.strictObject({
    name: k8sName,
    type: z.literal("email"),
    to: z.string().min(3).describe("recipient address(es), comma-separated"),
    from: z.email(),
    smarthost: z.string().regex(/^[A-Za-z0-9.-]+:[0-9]+$/, "must be host:port of the SMTP server, such as smtp.example.com:587"),
    authUsername: z.string().min(1).optional(),
    authPasswordSecret: secretKeyRef.optional().describe("Secret key holding the SMTP password"),
    requireTls: z.boolean().default(true),
    sendResolved: z.boolean().default(false),
  }),
  z.strictObject({
    name: k8sName,
    type: z.literal("telegram"),
    botTokenSecret: secretKeyRef.describe("Secret key holding the bot token"),
    chatId: z.number().int().refine((n) => n !== 0, "must be the chat's id (not 0)"),
    sendResolved,
  }),
  z.strictObject({
    name: k8sName,
    type: z.literal("discord"),
    webhookUrlSecret: secretKeyRef.describe("Secret key holding the Discord webhook URL"),
    sendResolved,
  }),
  z.strictObject({
    name: k8sName,
    type: z.literal("ntfy"),
    // ntfy formats Alertmanager's webhook JSON itself with its built-in template `alertmanager`, chosen by
    // ?template=alertmanager (also X-Template / tpl), since ntfy v2.14.0 (docs/upstream.md, ## ntfy).
    urlSecret: secretKeyRef.describe(
      "Secret key holding the URL that accepts Alertmanager's webhook JSON, e.g. an ntfy topic URL with ?template=alertmanager (ntfy's built-in Alertmanager template, ntfy v2.14.0 or later; older servers take template= as a yes/no flag and post the raw JSON)",
    ),
    // ntfy refuses (HTTP 400) a templated message over its message-size-limit, 4096 bytes by default
    // (server/server.go:1114-1133, server/config.go:40 @ dde07adb), and Alertmanager does not retry a 4xx: a
    // large group would be lost. The built-in template writes each alert's labels, summary, description and
    // generator URL (the expression URL-encoded): up to ~1.3 KB for the stack's and the chart's rules.
    maxAlerts: z
      .number()
      .int()
      .min(0)
      .max(1000)
      .default(3)
      .describe(
        "Alerts per notification (Alertmanager's webhook max_alerts; 0 = all). ntfy refuses a templated message over its message-size-limit (4096 bytes by default), and Alertmanager does not retry: the default 3 keeps a notification under it; the rest of the group is counted in the payload's truncatedAlerts",
      ),
    sendResolved,
  }),
]);

/**
 * What the cluster is, for the control-plane components kube-prometheus-stack scrapes (and alerts on):
 * etcd, kube-controller-manager, kube-scheduler and kube-proxy are only scraped where their metrics
 * endpoints are reachable from the Prometheus pods. The distribution gives the defaults
 * (src/alerts/kps-rules.ts: controlPlaneTargets); each component can be set explicitly.
 */
const controlPlaneSchema = z.strictObject({
  distribution: z
    .enum(["kubeadm", "k3s", "talos", "custom"])
    .default("kubeadm")
    .describe("kubeadm, k3s and talos all keep these metrics endpoints off the node's network by default (loopback; Talos' etcd has no metrics listener at all, only its mTLS client port), so none is scraped unless set below; custom: each component must be set"),
  etcd: z.boolean().optional().describe("scrape etcd's metrics (and keep the chart's etcd rules)"),
  controllerManager: z.boolean().optional().describe("scrape kube-controller-manager (and keep KubeControllerManagerDown)"),
  scheduler: z.boolean().optional().describe("scrape kube-scheduler (and keep its rules)"),
  kubeProxy: z.boolean().optional().describe("scrape kube-proxy (and keep KubeProxyDown); false too where kube-proxy is replaced (e.g. Cilium)"),
});

const routeSchema = z.strictObject({
  receiver: k8sName,
  matchers: z
    .array(
      z
        .string()
        .max(1024)
        .regex(/^[a-zA-Z_][a-zA-Z0-9_]*\s*(=|!=|=~|!~)\s*.+$/, "must be an Alertmanager matcher such as severity=\"critical\"")
        .superRefine((m, ctx) => {
          const why = alertmanagerMatcherProblem(m);
          if (why) ctx.addIssue({ code: "custom", message: why });
        }),
    )
    .min(1)
    .max(50),
  continue: z.boolean().default(false),
});

const alertmanagerSchema = z.strictObject({
  replicas: z.number().int().min(1).max(5).default(1),
  volumeSize: quantity.default("50Gi"),
  defaultReceiver: k8sName.default("null"),
  receivers: z.array(receiverSchema).max(10_000).default([{ name: "null", type: "null" }]),
  routes: z.array(routeSchema).max(10_000).default([]),
  heartbeatReceiver: k8sName
    .optional()
    .describe("receiver the always-firing Watchdog alert goes to (a dead man's switch); without it Watchdog goes to null"),
});

const objectStorageSchema = z.discriminatedUnion("type", [
  z.strictObject({
    type: z.literal("minio"),
    volumeSize: quantity.default("30Gi"),
    credentialsSecret: k8sName
      .default("minio-credentials")
      .describe("Secret with keys rootUser and rootPassword: MinIO's root user, read only by MinIO and its bucket Job"),
    lokiCredentialsSecret: k8sName
      .default("loki-s3")
      .describe("Secret with keys AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY: Loki's own MinIO user, which the bucket Job creates with a policy limited to Loki's buckets"),
  }),
  z.strictObject({
    type: z.literal("seaweedfs"),
    volumeSize: quantity.default("30Gi"),
    credentialsSecret: k8sName
      .default("seaweedfs-admin")
      .describe("Secret with keys AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY: SeaweedFS's S3 admin identity, read only by SeaweedFS"),
    lokiCredentialsSecret: k8sName
      .default("loki-s3")
      .describe("Secret with keys AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY: Loki's own SeaweedFS identity, which the bucket Job creates limited to Loki's buckets"),
  }),
  z.strictObject({
    type: z.literal("s3"),
    endpoint: hostname.or(z.string().regex(/^[a-z0-9.-]+:[0-9]+$/, "must be host or host:port")),
    region: z
      .string()
      .superRefine((r, ctx) => {
        const why = s3RegionProblem(r);
        if (why) ctx.addIssue({ code: "custom", message: why });
      })
      .default("us-east-1"),
    insecure: z.boolean().default(false),
    bucket: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, "must be an S3 bucket name"),
    credentialsSecret: k8sName.describe("Secret with keys AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY"),
  }),
]);

const lokiSchema = z.strictObject({
  retention: duration.default("31d"),
  volumeSize: quantity.default("10Gi").describe("the SingleBinary's own volume (WAL, index cache, compactor work dir)"),
  storage: objectStorageSchema.default({ type: "minio", volumeSize: "30Gi", credentialsSecret: "minio-credentials", lokiCredentialsSecret: "loki-s3" }),
});

const grafanaSchema = z.strictObject({
  hostname,
  gateway: z.strictObject({
    name: k8sName,
    namespace: k8sName,
    sectionName: k8sName.optional(),
  }),
  adminSecret: k8sName.default("grafana-admin").describe("Secret with keys GF_SECURITY_ADMIN_USER and GF_SECURITY_ADMIN_PASSWORD"),
  volumeSize: quantity.default("20Gi"),
  folder: z.string().min(1).default("Observability stack"),
});

/**
 * Metrics a source provides (names, or prefixes ending in *), so the render-time check accepts your
 * dashboards' queries over them: a metric no source declares and the stack does not know is an error.
 */
export const declaredMetrics = z
  .array(z.string().regex(/^[a-zA-Z_:][a-zA-Z0-9_:]*\*?$/, "must be a metric name or a prefix ending in * (such as pve_*)"))
  .default([])
  .describe("metrics this source provides (names or prefixes ending in *), for the query check of your own dashboards");

/** Prometheus relabel actions, as prometheus-operator's RelabelConfig accepts them (lower-case form). */
export const RELABEL_ACTIONS = ["replace", "keep", "drop", "hashmod", "labelmap", "labeldrop", "labelkeep", "lowercase", "uppercase", "keepequal", "dropequal"] as const;
/** Actions that write targetLabel (prometheus-operator's RelabelConfig.targetLabel doc: mandatory for these). */
const NEEDS_TARGET = new Set(["replace", "hashmod", "lowercase", "uppercase", "keepequal", "dropequal"]);

function regexProblem(re: string): string | undefined {
  // Prometheus anchors the regex (^(?:re)$) and compiles it with Go's RE2. JavaScript's RegExp reads the
  // RE2 syntax relabel rules use (groups, classes, repetition) once RE2's spellings it lacks are mapped:
  // named groups (?P<name>...) and inline flags (?i) / (?i:...).
  const js = re.replace(/\(\?P</g, "(?<").replace(/\(\?[imsU]+\)/g, "").replace(/\(\?[imsU]+:/g, "(?:");
  try {
    new RegExp(`^(?:${js})$`);
    return undefined;
  } catch (e) {
    return `regex does not compile: ${(e as Error).message}`;
  }
}

/** One relabel rule, in prometheus-operator's spelling (RelabelConfig): rendered as is into the monitor. */
export const relabelRule = z
  .strictObject({
    sourceLabels: z.array(labelName).optional(),
    separator: z.string().optional(),
    targetLabel: z.string().regex(/^[a-zA-Z_$][a-zA-Z0-9_${}]*$/, "must be a label name (capture groups like $1 allowed)").optional(),
    regex: z.string().optional(),
    modulus: z.number().int().min(1).optional(),
    replacement: z.string().optional(),
    action: z.enum(RELABEL_ACTIONS).default("replace"),
  })
  .superRefine((r, ctx) => {
    const bad = r.regex === undefined ? undefined : regexProblem(r.regex);
    if (bad) ctx.addIssue({ code: "custom", path: ["regex"], message: bad });
    if (NEEDS_TARGET.has(r.action) && r.targetLabel === undefined) {
      ctx.addIssue({ code: "custom", path: ["targetLabel"], message: `action ${r.action} needs targetLabel` });
    }
    if (r.action === "hashmod" && r.modulus === undefined) ctx.addIssue({ code: "custom", path: ["modulus"], message: "action hashmod needs modulus" });
    if ((r.action === "keep" || r.action === "drop" || r.action === "hashmod" || r.action === "keepequal" || r.action === "dropequal") && (r.sourceLabels ?? []).length === 0) {
      ctx.addIssue({ code: "custom", path: ["sourceLabels"], message: `action ${r.action} needs sourceLabels` });
    }
  });
export type RelabelRule = z.output<typeof relabelRule>;

const monitorEndpoint = z.strictObject({
  port: z
    .string()
    .min(1)
    .superRefine((v, ctx) => {
      const why = ianaServiceNameProblem(v);
      if (why) ctx.addIssue({ code: "custom", message: why });
    })
    .describe("container or service port name"),
  path: z.string().startsWith("/").default("/metrics"),
  interval: duration.default("30s"),
  params: z.record(z.string().min(1), z.array(z.string())).optional().describe("URL query parameters of the scrape (e.g. module, target)"),
  relabelings: z.array(relabelRule).default([]).describe("target relabelling before the scrape (prometheus-operator RelabelConfig)"),
  metricRelabelings: z.array(relabelRule).default([]).describe("relabelling of every scraped series (prometheus-operator RelabelConfig)"),
});

const podMonitorSchema = z.strictObject({
  name: k8sName,
  selector: labelMap.refine((m) => Object.keys(m).length > 0, "must select at least one label"),
  namespaces: z.array(k8sName).max(100).optional().describe("namespaces to look in; every namespace when omitted"),
  endpoints: z.array(monitorEndpoint).min(1).max(20),
  metrics: declaredMetrics,
});

const serviceMonitorSchema = z.strictObject({
  name: k8sName,
  selector: labelMap.refine((m) => Object.keys(m).length > 0, "must select at least one label"),
  namespaces: z.array(k8sName).optional().describe("namespaces to look in; the stack's namespace when omitted"),
  targetLabels: z.array(labelName).optional().describe("Service labels copied onto every series"),
  endpoints: z.array(monitorEndpoint).min(1),
  metrics: declaredMetrics,
});

const scrapeConfigSchema = z.strictObject({
  name: k8sName,
  targets: z.array(z.string().regex(/^[A-Za-z0-9.\-\[\]:]+:[0-9]{1,5}$/, "must be host:port")).min(1),
  labels: z.record(labelName, z.string()).default({}).describe("labels added to every series of these targets"),
  path: z.string().startsWith("/").default("/metrics"),
  interval: duration.default("30s"),
  params: z.record(z.string().min(1), z.array(z.string())).optional(),
  relabelings: z.array(relabelRule).default([]),
  metricRelabelings: z.array(relabelRule).default([]),
  metrics: declaredMetrics,
});

const containerPort = z.strictObject({
  name: k8sName.max(15).describe("port name (the monitor scrapes the one named by metricsPort)"),
  containerPort: z.number().int().min(1).max(65535),
  servicePort: z.number().int().min(1).max(65535).optional().describe("port of the Service (default: containerPort)"),
});

const exporterSchema = z
  .strictObject({
    name: k8sName.max(50),
    image: z.string().regex(/^[a-z0-9]+([._\/:@-][A-Za-z0-9_.-]+)*$/, "must be an image reference such as prom/graphite-exporter:v0.17.0").refine((i) => /[:@]/.test(i.split("/").pop() ?? ""), "must pin a tag or digest"),
    args: z.array(z.string()).default([]),
    ports: z.array(containerPort).min(1),
    metricsPort: k8sName.max(15).default("metrics").describe("which of ports Prometheus scrapes"),
    path: z.string().startsWith("/").default("/metrics"),
    interval: duration.default("30s"),
    params: z.record(z.string().min(1), z.array(z.string())).optional(),
    relabelings: z.array(relabelRule).default([]),
    metricRelabelings: z.array(relabelRule).default([]),
    service: z
      .strictObject({
        type: z.enum(["ClusterIP", "LoadBalancer", "NodePort"]).default("ClusterIP"),
        annotations: z.record(z.string(), z.string()).default({}).describe("e.g. metallb.io/loadBalancerIPs for a fixed address"),
      })
      .default({ type: "ClusterIP", annotations: {} }),
    config: z
      .strictObject({
        file: z.string().min(1).optional().describe("file relative to the profile; becomes a ConfigMap"),
        content: z.string().min(1).optional().describe("the file's content itself (TypeScript profiles)"),
        fileName: z.string().regex(/^[-._a-zA-Z0-9]+$/, "must be a file name").optional().describe("key in the ConfigMap (default: the file's name)"),
        mountPath: z.string().regex(/^\/[^\s]*[^/\s]$/, "must be an absolute directory path"),
      })
      .refine((c) => (c.file === undefined) !== (c.content === undefined), "give exactly one of file or content")
      .refine((c) => c.file !== undefined || c.fileName !== undefined, "content needs fileName")
      .optional(),
    secret: z
      .strictObject({
        name: k8sName.describe("a Secret you create (e.g. a SealedSecret among your manifests)"),
        mountPath: z.string().regex(/^\/[^\s]*[^/\s]$/, "must be an absolute directory path"),
      })
      .optional(),
    resources: z
      .strictObject({
        requests: z.strictObject({ cpu: z.string().regex(/^[0-9]+(\.[0-9]+)?m?$/, "must be a CPU quantity").optional(), memory: quantity.optional() }).default({}),
        limits: z.strictObject({ cpu: z.string().regex(/^[0-9]+(\.[0-9]+)?m?$/, "must be a CPU quantity").optional(), memory: quantity.optional() }).default({}),
      })
      .default({ requests: {}, limits: {} }),
    manifests: z
      .array(z.string().regex(/^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*$/, "must be a directory path relative to the tree root, without ..").refine((x) => !x.split("/").includes(".."), "must not contain .."))
      .default([])
      .describe("directories of your own manifests (with their kustomization.yaml, e.g. the exporter's SealedSecret) applied with this exporter"),
    metrics: declaredMetrics,
  })
  .superRefine((e, ctx) => {
    if (!e.ports.some((p) => p.name === e.metricsPort)) {
      ctx.addIssue({ code: "custom", path: ["metricsPort"], message: `${e.metricsPort} is not one of ports (${e.ports.map((p) => p.name).join(", ")})` });
    }
  });

/** node-exporter collectors obstack knows the host needs of (prometheus-node-exporter chart 4.49.2, kube-prometheus-stack 79.12.0's subchart). */
export const NODE_EXPORTER_COLLECTORS = ["systemd", "wifi", "processes", "interrupts", "ethtool", "tcpstat", "mountstats", "textfile"] as const;

const nodeExporterSchema = z.strictObject({
  collectors: z.array(z.enum(NODE_EXPORTER_COLLECTORS)).default([]).describe("extra collectors to enable on the cluster's node-exporter (off by default upstream)"),
  textfileDirectory: z
    .string()
    .regex(/^\/[^\s]*[^/\s]$/, "must be an absolute host directory")
    .optional()
    .describe("host directory of *.prom files for the textfile collector"),
});

const dashboardSchema = z
  .strictObject({
    file: z.string().min(1).optional().describe("dashboard JSON file (exported from Grafana or hand-written), relative to the profile file"),
    json: z
      // Any object: the foundation SDK's Dashboard type has no index signature, so no cast is needed.
      .custom<object>((v) => typeof v === "object" && v !== null && !Array.isArray(v), "must be a dashboard object")
      .transform((v) => v as Record<string, unknown>)
      .optional()
      .describe("TypeScript profiles: the dashboard model itself, e.g. new DashboardBuilder(...).build() from @grafana/grafana-foundation-sdk"),
    folder: z.string().min(1).default("Dashboards").describe("Grafana folder title the dashboard goes into"),
    name: k8sName.optional().describe("GrafanaDashboard name (default: from the dashboard's uid)"),
    datasources: z
      .record(z.string().min(1), z.enum(["prometheus", "loki", "alertmanager"]))
      .default({})
      .describe("datasource uids or names of the dashboard's origin → the stack's datasource (inputs and variables are mapped by plugin type without this)"),
  })
  .refine((d) => (d.file === undefined) !== (d.json === undefined), "give exactly one of file or json");

const externalMachineSchema = z.strictObject({
  name: k8sName
    .regex(/^[a-z]/, "must start with a letter: it names the machine's Service (an RFC 1035 label)")
    .describe("becomes the machine_name label"),
  address: z
    .ipv4()
    .or(z.ipv6())
    .superRefine((a, ctx) => {
      const why = machineAddressProblem(a);
      if (why) ctx.addIssue({ code: "custom", message: why });
    }),
  exporters: z
    .array(
      z.strictObject({
        name: k8sName.max(15).superRefine((v, ctx) => {
          const why = ianaServiceNameProblem(v);
          if (why) ctx.addIssue({ code: "custom", message: why });
        }),
        port: z.number().int().min(1).max(65535),
        metrics: declaredMetrics,
      }),
    )
    .min(1)
    .max(20),
  interval: duration.default("30s"),
});

const alloySchema = z.strictObject({
  journalUnits: z.array(z.string().max(256).regex(/^[A-Za-z0-9@._:-]+\.(service|socket|timer)$/, "must be a systemd unit name")).max(100).default([
    "kubelet.service",
    "containerd.service",
  ]),
  staticLabels: z
    .record(labelName, z.string().max(1024))
    .refine((m) => Object.keys(m).length <= 64, "at most 64 static labels: each is an index label on every stream")
    .transform(sortedKeys)
    .default({}).describe("custom labels added to every log line and metric"),
  keepMetrics: z
    .array(z.string().max(200).regex(/^(node|kepler)_[a-zA-Z0-9_]+$/, "must be a node-exporter (node_*) or Kepler (kepler_*) metric name"))
    .max(2000)
    .default([])
    .describe("node-exporter/Kepler series to keep besides those the stack's dashboards and rules use (e.g. for your own dashboards)"),
  pipelines: z
    .array(
      z.strictObject({
        name: k8sName,
        workload: z.enum(["node", "cluster"]).describe("node: in the DaemonSet on every node; cluster: in the single-replica Deployment"),
        // Alloy text (YAML profiles) or blocks built with obstack's typed Alloy builder (TypeScript profiles).
        config: z.union([
          z.string().min(1).max(256 * 1024),
          z.array(z.custom<AlloyBlock>((b) => isAlloyBlock(b), "must be an Alloy block built with obstack/alloy")).min(1, "must hold at least one block").max(1000),
        ], { error: "must be Alloy text, or a non-empty list of Alloy blocks built with obstack/alloy" }),
        metrics: declaredMetrics,
      }),
    )
    .max(10_000)
    .default([])
    .describe("your own Alloy components, appended to the stack's pipeline and validated with it"),
});

const profileBase = z.strictObject({
    cluster: z.strictObject({
      name: k8sName.describe("value of the cluster label on every metric and log line"),
      overlay: k8sName.describe("the overlay directory: overlays/<overlay>/..."),
    }),
    namespace: k8sName.default("observability"),
    nodes: z.array(nodeSchema).min(1).max(10_000),
    storage: storageSchema.default({
      className: "local-storage",
      provisioner: "kubernetes.io/no-provisioner",
      localPath: "/mnt",
      paths: {},
    }),
    flux: fluxSchema.default({ version: "2.7", namespace: "flux-system", gitRepository: "flux-system", interval: "10m", retryInterval: "2m", repositoryRoot: ".", dependsOn: [] }),
    prometheus: prometheusSchema.default({
      replicas: 2,
      antiAffinity: "hard",
      retention: "2d",
      retentionSize: "25GiB",
      volumeSize: "30Gi",
      scrapeInterval: "30s",
    }),
    alertmanager: alertmanagerSchema.default({
      replicas: 1,
      volumeSize: "50Gi",
      defaultReceiver: "null",
      receivers: [{ name: "null", type: "null" }],
      routes: [],
    }),
    loki: lokiSchema.default({
      retention: "31d",
      volumeSize: "10Gi",
      storage: { type: "minio", volumeSize: "30Gi", credentialsSecret: "minio-credentials", lokiCredentialsSecret: "loki-s3" },
    }),
    grafana: grafanaSchema,
    podMonitors: z.array(podMonitorSchema).max(10_000).default([]),
    serviceMonitors: z.array(serviceMonitorSchema).max(10_000).default([]),
    exporters: z.array(exporterSchema).max(200).default([]).describe("exporters of your own, run in the stack's namespace and scraped by Prometheus"),
    nodeExporter: nodeExporterSchema.default({ collectors: [] }),
    manifests: z
      .array(z.string().regex(/^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*$/, "must be a directory path relative to the tree root, without ..").refine((x) => !x.split("/").includes(".."), "must not contain .."))
      .default([])
      .describe("directories of your own manifests (each with a kustomization.yaml) included in the overlay's kustomization"),
    annotationDiscovery: z
      .strictObject({
        enabled: z.boolean().default(true).describe("scrape pods annotated k8s.grafana.com/scrape: \"true\" (k8s-monitoring-helm's annotations) with the cluster Alloy"),
        scrapeTimeout: duration.default("10s"),
        metrics: declaredMetrics,
      })
      .default({ enabled: true, scrapeTimeout: "10s", metrics: [] }),
    scrapeConfigs: z.array(scrapeConfigSchema).max(10_000).default([]).describe("static scrape targets of your own (prometheus-operator ScrapeConfig)"),
    dashboards: z.array(dashboardSchema).max(500).default([]).describe("your own dashboards, verified like the stack's"),
    externalMachines: z.array(externalMachineSchema).max(10_000).default([]),
    kepler: z
      .strictObject({
        enabled: z.boolean().default(true),
        nodes: z
          .array(z.string())
          .min(1)
          .optional()
          .describe(
            "the nodes Kepler runs on (node names from nodes), e.g. those with RAPL (/sys/class/powercap/intel-rapl); Kepler exits on a node without it (most VMs). Default: every node",
          ),
      })
      .default({ enabled: true }),
    alerting: z
      .strictObject({
        runbookBaseUrl: httpUrl("runbook links are copied into every alert: publish the runbooks where no credential is needed")
          .refine((u) => !/\{\{|\}\}/.test(u), "must not contain {{ or }}: Prometheus expands alert annotations as Go templates")
          .default(RUNBOOK_BASE)
          .describe("where docs/runbooks.md is published; every alert's runbook_url is this plus #<alert name>"),
      })
      .default({ runbookBaseUrl: RUNBOOK_BASE }),
    controlPlane: controlPlaneSchema.default({ distribution: "kubeadm" }),
    alloy: alloySchema.default({ journalUnits: ["kubelet.service", "containerd.service"], staticLabels: {}, keepMetrics: [], pipelines: [] }),
    resources: resourcesSchema.default({}),
  });

export const profileSchema = profileBase.superRefine((p, ctx) => {
    // Cross-field rules: each names the paths involved and what to change. zod runs them even when a
    // field's own rule failed, so each reads only values that passed theirs, and a throw (a shape
    // the field rules already reported) never escapes as a crash.
    try {
      crossFieldRules(p, ctx);
    } catch {
      // The field rules already explain what is wrong.
    }
});

/** "a, b, c and 7 more": messages stay short whatever the profile's size. */
function listSome(names: string[], max = 10): string {
  return names.length <= max ? names.join(", ") : `${names.slice(0, max).join(", ")} and ${names.length - max} more`;
}

// Labels the stack itself sets on every stream and series, or that Prometheus reserves (`__*` are
// internal, `le` and `quantile` belong to histograms and summaries).
const RESERVED_LABELS = new Set(["cluster", "source", "job", "instance", "le", "quantile", "namespace", "node_name", "machine_name", "level", "unit", "app", "container"]);
const SECRET_LIKE_NAME = /(password|passwd|token|secret|apikey|api_key|accesskey|access_key|credential|private_key|bearer|authorization)/i;

function crossFieldRules(p: z.output<typeof profileBase>, ctx: z.RefinementCtx): void {
    const safe = <T>(f: () => T): T | undefined => {
      try {
        return f();
      } catch {
        return undefined;
      }
    };
    const retention = safe(() => prometheusBytes(p.prometheus.retentionSize));
    const volume = safe(() => quantityBytes(p.prometheus.volumeSize));
    if (retention !== undefined && volume !== undefined && retention >= 0.9 * volume) {
      ctx.addIssue({
        code: "custom",
        path: ["prometheus", "retentionSize"],
        message: `${p.prometheus.retentionSize} must stay below 90% of prometheus.volumeSize (${p.prometheus.volumeSize}); lower retentionSize or raise volumeSize`,
      });
    }
    if (p.prometheus.antiAffinity === "hard" && p.prometheus.replicas > p.nodes.length) {
      ctx.addIssue({
        code: "custom",
        path: ["prometheus", "replicas"],
        message: `${p.prometheus.replicas} replicas with hard anti-affinity need ${p.prometheus.replicas} nodes, but nodes lists ${p.nodes.length}; lower replicas, add nodes or use antiAffinity: soft`,
      });
    }
    const nodeNames = p.nodes.map((n) => n.name);
    const nodeSet = new Set<string>();
    p.nodes.forEach((n, i) => {
      if (nodeSet.has(n.name)) ctx.addIssue({ code: "custom", path: ["nodes", i, "name"], message: `${n.name} is listed twice` });
      nodeSet.add(n.name);
    });
    if (p.storage.singletonNode !== undefined && !nodeSet.has(p.storage.singletonNode)) {
      ctx.addIssue({
        code: "custom",
        path: ["storage", "singletonNode"],
        message: `${p.storage.singletonNode} is not one of nodes (${listSome(nodeNames)})`,
      });
    }
    p.kepler.nodes?.forEach((n, i) => {
      if (!nodeNames.includes(n)) {
        ctx.addIssue({ code: "custom", path: ["kepler", "nodes", i], message: `${n} is not one of nodes (${nodeNames.join(", ")})` });
      } else if (p.kepler.nodes!.indexOf(n) !== i) {
        ctx.addIssue({ code: "custom", path: ["kepler", "nodes", i], message: `${n} is listed twice` });
      }
    });
    localVolumeRules(p, ctx);
    const receiverNames = p.alertmanager.receivers.map((r) => r.name);
    const receiverSet = new Set<string>();
    p.alertmanager.receivers.forEach((r, i) => {
      if (receiverSet.has(r.name)) {
        ctx.addIssue({ code: "custom", path: ["alertmanager", "receivers", i, "name"], message: `receiver ${r.name} is defined twice` });
      }
      receiverSet.add(r.name);
      if (r.type === "webhook" && (r.url === undefined) === (r.urlSecret === undefined)) {
        ctx.addIssue({ code: "custom", path: ["alertmanager", "receivers", i], message: "a webhook receiver needs exactly one of url or urlSecret" });
      }
    });
    if (!receiverSet.has(p.alertmanager.defaultReceiver)) {
      ctx.addIssue({
        code: "custom",
        path: ["alertmanager", "defaultReceiver"],
        message: `${p.alertmanager.defaultReceiver} is not one of alertmanager.receivers (${listSome(receiverNames)})`,
      });
    }
    if (!receiverSet.has("null")) {
      ctx.addIssue({
        code: "custom",
        path: ["alertmanager", "receivers"],
        message: "must keep a receiver named null: the Watchdog alert is routed to it",
      });
    }
    const heartbeat = p.alertmanager.heartbeatReceiver;
    if (heartbeat !== undefined) {
      const r = p.alertmanager.receivers.find((x) => x.name === heartbeat);
      if (r === undefined || r.type === "null") {
        ctx.addIssue({
          code: "custom",
          path: ["alertmanager", "heartbeatReceiver"],
          message: `${heartbeat} must be one of alertmanager.receivers other than a null receiver (${receiverNames.join(", ")})`,
        });
      }
    }
    let badRoutes = 0;
    p.alertmanager.routes.forEach((r, i) => {
      if (!receiverSet.has(r.receiver) && ++badRoutes <= 20) {
        ctx.addIssue({
          code: "custom",
          path: ["alertmanager", "routes", i, "receiver"],
          message: `${r.receiver} is not one of alertmanager.receivers (${listSome(receiverNames)})`,
        });
      }
    });
    if (badRoutes > 20) {
      ctx.addIssue({ code: "custom", path: ["alertmanager", "routes"], message: `${badRoutes - 20} more routes name receivers that are not defined` });
    }
    if (p.controlPlane.distribution === "custom") {
      for (const c of ["etcd", "controllerManager", "scheduler", "kubeProxy"] as const) {
        if (p.controlPlane[c] === undefined) {
          ctx.addIssue({ code: "custom", path: ["controlPlane", c], message: `distribution custom needs ${c}: true or false (is its metrics endpoint reachable from Prometheus?)` });
        }
      }
    }
    if (p.loki.storage.type !== "s3" && p.loki.storage.lokiCredentialsSecret === p.loki.storage.credentialsSecret) {
      ctx.addIssue({
        code: "custom",
        path: ["loki", "storage", "lokiCredentialsSecret"],
        message: `must differ from credentialsSecret: Loki gets its own ${p.loki.storage.type === "minio" ? "MinIO" : "SeaweedFS"} user, never the store's root credentials`,
      });
    }
    uniqueNames(ctx, p.podMonitors, ["podMonitors"]);
    uniqueNames(ctx, p.serviceMonitors, ["serviceMonitors"]);
    uniqueNames(ctx, p.scrapeConfigs, ["scrapeConfigs"]);
    uniqueNames(ctx, p.exporters, ["exporters"]);
    // An exporter renders a ServiceMonitor of its own name.
    p.serviceMonitors.forEach((m, i) => {
      if (p.exporters.some((e) => e.name === m.name)) {
        ctx.addIssue({ code: "custom", path: ["serviceMonitors", i, "name"], message: `${m.name} is also an exporter, which has its own ServiceMonitor; remove one` });
      }
    });
    const textfile = p.nodeExporter.collectors.includes("textfile");
    if (textfile !== (p.nodeExporter.textfileDirectory !== undefined)) {
      ctx.addIssue({
        code: "custom",
        path: ["nodeExporter", textfile ? "textfileDirectory" : "collectors"],
        message: textfile ? "the textfile collector needs textfileDirectory" : "textfileDirectory is set but collectors does not list textfile",
      });
    }
    uniqueNames(ctx, p.alloy.pipelines, ["alloy", "pipelines"]);
    for (const name of Object.keys(p.alloy.staticLabels)) {
      if (RESERVED_LABELS.has(name) || name.startsWith("__")) {
        ctx.addIssue({
          code: "custom",
          path: ["alloy", "staticLabels", name],
          message: `${name} is ${name.startsWith("__") || name === "le" || name === "quantile" ? "reserved by Prometheus (__* internal labels, le and quantile for histograms and summaries)" : "set by the stack itself"}; choose another label name`,
        });
      } else if (SECRET_LIKE_NAME.test(name)) {
        ctx.addIssue({
          code: "custom",
          path: ["alloy", "staticLabels", name],
          message: "looks like a secret: static labels are copied in clear onto every log line and series; secrets are never given as values: create a Secret and reference it by name",
        });
      }
    }
    uniqueNames(ctx, p.externalMachines, ["externalMachines"]);
    p.externalMachines.forEach((m, i) => uniqueNames(ctx, m.exporters, ["externalMachines", i, "exporters"]));
    // Derived names: Flux labels every object it applies with kustomize.toolkit.fluxcd.io/name=<its
    // Kustomization's name>, and a label value is at most 63 characters; a machine's Service is named
    // <machine>-exporters, an RFC 1035 label (63).
    const at = paths(p);
    for (const dir of Object.values(at.overlay)) {
      if (dir === at.overlay.root) continue;
      const name = fluxName(p, dir);
      if (name.length > 63) {
        ctx.addIssue({
          code: "custom",
          path: ["namespace"],
          message: `the Flux Kustomization name ${name} derived from it is ${name.length} characters; Kubernetes label values (Flux labels every object with it) are at most 63: shorten namespace to ${63 - (name.length - p.namespace.length)} characters or fewer`,
        });
        break;
      }
    }
    p.externalMachines.forEach((m, i) => {
      const svc = `${m.name}-exporters`;
      if (svc.length > 63) {
        ctx.addIssue({ code: "custom", path: ["externalMachines", i, "name"], message: `the Service name ${svc} derived from it is ${svc.length} characters; Kubernetes allows 63: shorten the name to 53 characters or fewer` });
      }
    });
    // Pipelines: no top-level attribute (Alloy attributes belong in a block), no literal secrets.
    p.alloy.pipelines.forEach((pl, i) => {
      let body: AlloyBlock["body"];
      if (typeof pl.config === "string") {
        const r = parseAlloy(pl.config, `alloy.pipelines.${pl.name}`);
        if (r.diagnostics.some((d) => d.severity === "error")) return; // the render reports the syntax error with its excerpt
        body = r.file.body;
        for (const st of body) {
          if (st.kind === "Attribute") {
            ctx.addIssue({
              code: "custom",
              path: ["alloy", "pipelines", i, "config"],
              message: `line ${st.name.pos.line}: top-level attribute ${st.name.name} would be dropped: a pipeline holds components (blocks) only; move it into the block it configures`,
            });
          }
        }
        if (!body.some((st) => st.kind === "Block")) {
          ctx.addIssue({ code: "custom", path: ["alloy", "pipelines", i, "config"], message: "holds no component: write at least one Alloy block" });
        }
      } else {
        body = pl.config;
      }
      for (const problem of alloySecretProblems(body)) {
        ctx.addIssue({ code: "custom", path: ["alloy", "pipelines", i, "config"], message: problem });
      }
    });
}

/** Host directories of local volumes: only with local storage, one directory per volume and node. */
function localVolumeRules(p: Profile, ctx: z.RefinementCtx): void {
  const named = LOCAL_VOLUME_COMPONENTS.filter((c) => p.storage.paths[c] !== undefined);
  if (p.storage.provisioner !== "kubernetes.io/no-provisioner") {
    for (const c of named) {
      ctx.addIssue({
        code: "custom",
        path: ["storage", "paths", c],
        message: `only local volumes (storage.provisioner kubernetes.io/no-provisioner) have host directories; ${p.storage.provisioner} provisions its own: remove it`,
      });
    }
    return;
  }
  const replicas: Partial<Record<LocalVolumeComponent, number>> = { prometheus: p.prometheus.replicas, alertmanager: p.alertmanager.replicas };
  const shared = named.filter((c) => (replicas[c] ?? 1) > p.nodes.length);
  for (const c of shared) {
    ctx.addIssue({
      code: "custom",
      path: ["storage", "paths", c],
      message: `${replicas[c]} ${c} replicas on ${p.nodes.length} nodes would share ${p.storage.paths[c]} on one node; remove the path (each replica then gets <localPath>/${c}-<n>) or lower ${c}.replicas`,
    });
  }
  const slots = volumeSlots(p);
  slots.forEach((a, i) => {
    for (const b of slots.slice(i + 1)) {
      if (a.node !== b.node || (a.component === b.component && shared.includes(a.component))) continue;
      const nested = a.path === b.path || a.path.startsWith(`${b.path}/`) || b.path.startsWith(`${a.path}/`);
      if (!nested) continue;
      const at = (s: typeof a) => (p.storage.paths[s.component] !== undefined ? ["storage", "paths", s.component] : ["storage", "localPath"]);
      ctx.addIssue({
        code: "custom",
        path: at(b),
        message: `${b.key} (${b.path}) and ${a.key} (${a.path}) would share a directory on node ${a.node}; give each its own, not nested in another`,
      });
    }
  });
}

function uniqueNames(ctx: z.RefinementCtx, items: { name: string }[], path: (string | number)[]): void {
  const seen = new Set<string>();
  items.forEach((item, i) => {
    if (seen.has(item.name)) ctx.addIssue({ code: "custom", path: [...path, i, "name"], message: `${item.name} is used twice` });
    seen.add(item.name);
  });
}

/** What a user writes: defaults may be left out. */
export type StackInput = z.input<typeof profileSchema>;
/** What components receive: validated, every default filled in. */
export type Profile = z.output<typeof profileSchema>;
export type Receiver = Profile["alertmanager"]["receivers"][number];
export type PodMonitorSpec = Profile["podMonitors"][number];
export type ServiceMonitorSpec = Profile["serviceMonitors"][number];
export type DashboardSpec = Profile["dashboards"][number];
export type ExporterSpec = Profile["exporters"][number];
export type ExternalMachine = Profile["externalMachines"][number];

export { defineStack } from "./define.ts";
