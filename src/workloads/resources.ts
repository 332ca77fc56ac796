// Requests and a memory limit for every container the stack runs, whoever renders it (obstack itself or a
// chart through its values). Sized for a homelab (a few nodes, some GiB of RAM each); a profile overrides
// any component with `resources: { <component>: { requests: { cpu, memory }, limits: { memory } } }`.
// No CPU limit: CPU is compressible (a pod over its request is throttled, not killed), and a CFS quota
// on a bursty process (Prometheus compaction, Loki queries) only adds latency. Memory is not compressible:
// without a limit one leaking pod takes the node; with a limit it is the one that is killed.
import { z } from "zod";
import { quantityBytes } from "../profile/units.ts";
import type { Profile } from "../profile/schema.ts";

/** Every component that owns a container (or a set of identical sidecars), with its homelab size. */
export const DEFAULT_RESOURCES = {
  prometheus: { requests: { cpu: "200m", memory: "1Gi" }, limits: { memory: "3Gi" } },
  alertmanager: { requests: { cpu: "20m", memory: "64Mi" }, limits: { memory: "256Mi" } },
  /** prometheus-operator's config-reloader sidecar and init container in the Prometheus and Alertmanager pods. */
  prometheusConfigReloader: { requests: { cpu: "10m", memory: "32Mi" }, limits: { memory: "64Mi" } },
  prometheusOperator: { requests: { cpu: "50m", memory: "128Mi" }, limits: { memory: "384Mi" } },
  /** kube-prometheus-stack's admission webhook certificate Jobs (create and patch). */
  admissionWebhookJobs: { requests: { cpu: "10m", memory: "32Mi" }, limits: { memory: "128Mi" } },
  kubeStateMetrics: { requests: { cpu: "20m", memory: "96Mi" }, limits: { memory: "256Mi" } },
  nodeExporter: { requests: { cpu: "20m", memory: "32Mi" }, limits: { memory: "128Mi" } },
  loki: { requests: { cpu: "100m", memory: "512Mi" }, limits: { memory: "2Gi" } },
  grafanaOperator: { requests: { cpu: "20m", memory: "64Mi" }, limits: { memory: "256Mi" } },
  grafana: { requests: { cpu: "100m", memory: "256Mi" }, limits: { memory: "1Gi" } },
  alloyNode: { requests: { cpu: "100m", memory: "192Mi" }, limits: { memory: "768Mi" } },
  alloyCluster: { requests: { cpu: "50m", memory: "128Mi" }, limits: { memory: "512Mi" } },
  /** The Alloy chart's config-reloader sidecar, in both Alloy workloads. */
  alloyConfigReloader: { requests: { cpu: "10m", memory: "50Mi" }, limits: { memory: "128Mi" } },
  kepler: { requests: { cpu: "50m", memory: "128Mi" }, limits: { memory: "512Mi" } },
  /** The in-cluster object store (MinIO or SeaweedFS). */
  objectStore: { requests: { cpu: "100m", memory: "256Mi" }, limits: { memory: "1Gi" } },
  /** The Job that creates the buckets and Loki's user in the in-cluster object store. */
  objectStoreJob: { requests: { cpu: "10m", memory: "32Mi" }, limits: { memory: "128Mi" } },
} as const satisfies Record<string, ContainerResources>;

export type ResourceComponent = keyof typeof DEFAULT_RESOURCES;

export interface ContainerResources {
  requests: { cpu: string; memory: string };
  limits: { memory: string };
}

const cpu = z.string().regex(/^[0-9]+(\.[0-9]+)?m?$/, "must be a CPU quantity such as 100m or 0.5");
const memory = z.string().regex(/^[0-9]+(\.[0-9]+)?(Ki|Mi|Gi|Ti|k|M|G|T)?$/, "must be a memory quantity such as 256Mi or 2Gi");

const containerResourcesSchema = z
  .strictObject({
    requests: z.strictObject({ cpu, memory }),
    limits: z.strictObject({ memory }),
  })
  .refine((r) => quantityBytes(r.limits.memory) >= quantityBytes(r.requests.memory), {
    message: "limits.memory must be at least requests.memory",
    path: ["limits", "memory"],
  });

/** The profile's `resources`: any component may be overridden, the others keep DEFAULT_RESOURCES. */
export const resourcesSchema = z
  .strictObject(
    Object.fromEntries(Object.keys(DEFAULT_RESOURCES).map((c) => [c, containerResourcesSchema.optional()])) as {
      [K in ResourceComponent]: z.ZodOptional<typeof containerResourcesSchema>;
    },
  )
  .describe("requests and memory limit per component (default: homelab sizes, src/workloads/resources.ts)");

/** The resources of one component: the profile's override, else the default. */
export function resourcesFor(p: Profile, component: ResourceComponent): ContainerResources {
  const r = p.resources?.[component] ?? DEFAULT_RESOURCES[component];
  return { requests: { ...r.requests }, limits: { ...r.limits } };
}
