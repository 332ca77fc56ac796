// The cluster profile: the one input obstack takes. Every object it renders is a function of this.
// Objects are strict (unknown keys are an error: a typo must never be silently ignored) and every
// default is written here, so `obstack schema` documents the whole contract.
import { z } from "zod";
import { quantityBytes, prometheusBytes } from "./units.ts";
import type { Block as AlloyBlock } from "../alloy/syntax/ast.ts";
import { resourcesSchema } from "../workloads/resources.ts";

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
const labelMap = z.record(
  z.string().regex(K8S_LABEL_KEY, "must be a Kubernetes label key"),
  z.string().max(63).regex(K8S_LABEL_VALUE, "must be a Kubernetes label value"),
);

/**
 * A reference to a key of a Secret (or of the Secret a SealedSecret unseals to) that the user creates.
 * Secret material itself never appears in a profile; only where to find it.
 */
export const secretKeyRef = z.strictObject({
  name: k8sName.describe("Secret name in the stack's namespace"),
  key: z.string().min(1).regex(/^[-._a-zA-Z0-9]+$/, "must be a Secret data key"),
});

const nodeSchema = z.strictObject({
  name: subdomain.describe("Kubernetes node name (kubernetes.io/hostname)"),
  controlPlane: z.boolean().default(false).describe("node carries the control-plane NoSchedule taint"),
});

const storageSchema = z.strictObject({
  className: k8sName.default("local-storage"),
  provisioner: z
    .string()
    .default("kubernetes.io/no-provisioner")
    .describe("the storage class's provisioner; with kubernetes.io/no-provisioner obstack renders local PersistentVolumes"),
  localPath: z
    .string()
    .regex(/^\/[^\s]*[^/\s]$/, "must be an absolute path without a trailing slash")
    .default("/mnt")
    .describe("host directory under which each local PersistentVolume gets its own sub-directory"),
  singletonNode: subdomain
    .optional()
    .describe("node for the local volumes of single-replica components (default: the first non-control-plane node)"),
});

const fluxSchema = z.strictObject({
  version: z.enum(["2.4", "2.5", "2.6", "2.7"]).default("2.7").describe("Flux minor version: decides the API versions of the Flux kinds"),
  namespace: k8sName.default("flux-system"),
  gitRepository: k8sName.default("flux-system").describe("GitRepository the generated Flux Kustomizations reconcile from"),
  interval: duration.default("10m"),
  repositoryRoot: z
    .string()
    .regex(/^\.(\/[A-Za-z0-9._-]+)*$/, "must be a path like . or ./clusters")
    .default(".")
    .describe("where the rendered tree sits inside the Git repository"),
  dependsOn: z.array(k8sName).default([]).describe("Flux Kustomizations (in the Flux namespace) every generated one waits for"),
});

const prometheusSchema = z.strictObject({
  replicas: z.number().int().min(1).max(10).default(2),
  antiAffinity: z.enum(["hard", "soft"]).default("hard"),
  retention: duration.default("2d"),
  retentionSize: promBytes.default("25GiB"),
  volumeSize: quantity.default("30Gi"),
  scrapeInterval: duration.default("30s"),
});

const receiverSchema = z.discriminatedUnion("type", [
  z.strictObject({ name: k8sName, type: z.literal("null") }),
  z.strictObject({
    name: k8sName,
    type: z.literal("webhook"),
    url: z
      .url()
      .refine((u) => !/^[a-z]+:\/\/[^/]*@/.test(u), "must not embed credentials; use urlSecret")
      .optional(),
    urlSecret: secretKeyRef.optional().describe("Secret key holding the webhook URL when the URL is itself a secret"),
    sendResolved: z.boolean().default(true),
  }),
  z.strictObject({
    name: k8sName,
    type: z.literal("slack"),
    apiUrlSecret: secretKeyRef,
    channel: z.string().min(1),
    sendResolved: z.boolean().default(true),
  }),
]);

const routeSchema = z.strictObject({
  receiver: k8sName,
  matchers: z
    .array(z.string().regex(/^[a-zA-Z_][a-zA-Z0-9_]*\s*(=|!=|=~|!~)\s*.+$/, "must be an Alertmanager matcher such as severity=\"critical\""))
    .min(1),
  continue: z.boolean().default(false),
});

const alertmanagerSchema = z.strictObject({
  replicas: z.number().int().min(1).max(5).default(1),
  volumeSize: quantity.default("50Gi"),
  defaultReceiver: k8sName.default("null"),
  receivers: z.array(receiverSchema).default([{ name: "null", type: "null" }]),
  routes: z.array(routeSchema).default([]),
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
    region: z.string().default("us-east-1"),
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

const monitorEndpoint = z.strictObject({
  port: z.string().min(1).describe("container or service port name"),
  path: z.string().startsWith("/").default("/metrics"),
  interval: duration.default("30s"),
});

const podMonitorSchema = z.strictObject({
  name: k8sName,
  selector: labelMap.refine((m) => Object.keys(m).length > 0, "must select at least one label"),
  namespaces: z.array(k8sName).optional().describe("namespaces to look in; every namespace when omitted"),
  endpoints: z.array(monitorEndpoint).min(1),
});

const externalMachineSchema = z.strictObject({
  name: k8sName.describe("becomes the machine_name label"),
  address: z.ipv4().or(z.ipv6()),
  exporters: z
    .array(z.strictObject({ name: k8sName.max(15), port: z.number().int().min(1).max(65535) }))
    .min(1),
  interval: duration.default("30s"),
});

const alloySchema = z.strictObject({
  journalUnits: z.array(z.string().regex(/^[A-Za-z0-9@._:-]+\.(service|socket|timer)$/, "must be a systemd unit name")).default([
    "kubelet.service",
    "containerd.service",
  ]),
  staticLabels: z.record(labelName, z.string()).default({}).describe("custom labels added to every log line and metric"),
  keepMetrics: z
    .array(z.string().regex(/^(node|kepler)_[a-zA-Z0-9_]+$/, "must be a node-exporter (node_*) or Kepler (kepler_*) metric name"))
    .default([])
    .describe("node-exporter/Kepler series to keep besides those the stack's dashboards and rules use (e.g. for your own dashboards)"),
  pipelines: z
    .array(
      z.strictObject({
        name: k8sName,
        workload: z.enum(["node", "cluster"]).describe("node: in the DaemonSet on every node; cluster: in the single-replica Deployment"),
        // Alloy text (YAML profiles) or blocks built with obstack's typed Alloy builder (TypeScript profiles).
        config: z.union([z.string().min(1), z.array(z.custom<AlloyBlock>((b) => typeof b === "object" && b !== null && (b as AlloyBlock).kind === "Block", "must be an Alloy block built with obstack/alloy"))]),
      }),
    )
    .default([])
    .describe("your own Alloy components, appended to the stack's pipeline and validated with it"),
});

export const profileSchema = z
  .strictObject({
    cluster: z.strictObject({
      name: k8sName.describe("value of the cluster label on every metric and log line"),
      overlay: k8sName.describe("the overlay directory: overlays/<overlay>/..."),
    }),
    namespace: k8sName.default("observability"),
    nodes: z.array(nodeSchema).min(1),
    storage: storageSchema.default({
      className: "local-storage",
      provisioner: "kubernetes.io/no-provisioner",
      localPath: "/mnt",
    }),
    flux: fluxSchema.default({ version: "2.7", namespace: "flux-system", gitRepository: "flux-system", interval: "10m", repositoryRoot: ".", dependsOn: [] }),
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
    podMonitors: z.array(podMonitorSchema).default([]),
    externalMachines: z.array(externalMachineSchema).default([]),
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
        runbookBaseUrl: z
          .url()
          .default(RUNBOOK_BASE)
          .describe("where docs/runbooks.md is published; every alert's runbook_url is this plus #<alert name>"),
      })
      .default({ runbookBaseUrl: RUNBOOK_BASE }),
    alloy: alloySchema.default({ journalUnits: ["kubelet.service", "containerd.service"], staticLabels: {}, keepMetrics: [], pipelines: [] }),
    resources: resourcesSchema.default({}),
  })
  .superRefine((p, ctx) => {
    // Cross-field rules: each names the paths involved and what to change.
    const retention = prometheusBytes(p.prometheus.retentionSize);
    const volume = quantityBytes(p.prometheus.volumeSize);
    if (retention >= 0.9 * volume) {
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
    p.nodes.forEach((n, i) => {
      if (nodeNames.indexOf(n.name) !== i) {
        ctx.addIssue({ code: "custom", path: ["nodes", i, "name"], message: `${n.name} is listed twice` });
      }
    });
    if (p.storage.singletonNode !== undefined && !nodeNames.includes(p.storage.singletonNode)) {
      ctx.addIssue({
        code: "custom",
        path: ["storage", "singletonNode"],
        message: `${p.storage.singletonNode} is not one of nodes (${nodeNames.join(", ")})`,
      });
    }
    p.kepler.nodes?.forEach((n, i) => {
      if (!nodeNames.includes(n)) {
        ctx.addIssue({ code: "custom", path: ["kepler", "nodes", i], message: `${n} is not one of nodes (${nodeNames.join(", ")})` });
      } else if (p.kepler.nodes!.indexOf(n) !== i) {
        ctx.addIssue({ code: "custom", path: ["kepler", "nodes", i], message: `${n} is listed twice` });
      }
    });
    const receiverNames = p.alertmanager.receivers.map((r) => r.name);
    p.alertmanager.receivers.forEach((r, i) => {
      if (receiverNames.indexOf(r.name) !== i) {
        ctx.addIssue({ code: "custom", path: ["alertmanager", "receivers", i, "name"], message: `receiver ${r.name} is defined twice` });
      }
      if (r.type === "webhook" && (r.url === undefined) === (r.urlSecret === undefined)) {
        ctx.addIssue({ code: "custom", path: ["alertmanager", "receivers", i], message: "a webhook receiver needs exactly one of url or urlSecret" });
      }
    });
    if (!receiverNames.includes(p.alertmanager.defaultReceiver)) {
      ctx.addIssue({
        code: "custom",
        path: ["alertmanager", "defaultReceiver"],
        message: `${p.alertmanager.defaultReceiver} is not one of alertmanager.receivers (${receiverNames.join(", ")})`,
      });
    }
    if (!receiverNames.includes("null")) {
      ctx.addIssue({
        code: "custom",
        path: ["alertmanager", "receivers"],
        message: "must keep a receiver named null: the Watchdog alert is routed to it",
      });
    }
    p.alertmanager.routes.forEach((r, i) => {
      if (!receiverNames.includes(r.receiver)) {
        ctx.addIssue({
          code: "custom",
          path: ["alertmanager", "routes", i, "receiver"],
          message: `${r.receiver} is not one of alertmanager.receivers (${receiverNames.join(", ")})`,
        });
      }
    });
    if (p.loki.storage.type !== "s3" && p.loki.storage.lokiCredentialsSecret === p.loki.storage.credentialsSecret) {
      ctx.addIssue({
        code: "custom",
        path: ["loki", "storage", "lokiCredentialsSecret"],
        message: `must differ from credentialsSecret: Loki gets its own ${p.loki.storage.type === "minio" ? "MinIO" : "SeaweedFS"} user, never the store's root credentials`,
      });
    }
    uniqueNames(ctx, p.podMonitors, ["podMonitors"]);
    uniqueNames(ctx, p.alloy.pipelines, ["alloy", "pipelines"]);
    for (const reserved of ["cluster", "source", "job", "instance", "__name__"]) {
      if (reserved in p.alloy.staticLabels) {
        ctx.addIssue({ code: "custom", path: ["alloy", "staticLabels", reserved], message: `${reserved} is set by the stack itself; choose another label name` });
      }
    }
    uniqueNames(ctx, p.externalMachines, ["externalMachines"]);
    p.externalMachines.forEach((m, i) => uniqueNames(ctx, m.exporters, ["externalMachines", i, "exporters"]));
  });

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
export type ExternalMachine = Profile["externalMachines"][number];

/** Typed identity function so `export default defineStack({...})` gets completion and checking in editors. */
export function defineStack(input: StackInput): StackInput {
  return input;
}
