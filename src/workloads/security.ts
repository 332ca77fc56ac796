// Least privilege for every container: the `restricted` Pod Security Standard
// (https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted) plus a read-only root
// filesystem, and requests with a memory limit. One check, over every Pod template in the rendered tree
// (and, in test/workloads/, over what the pinned charts render with our values): a workload that needs
// more must be listed in EXCEPTIONS with what it needs and why, and the README lists the same.
import type { K8sObject } from "../k8s/object.ts";

/** Container securityContext of a container that needs nothing: the restricted profile, read-only root. */
export const RESTRICTED_CONTAINER: {
  allowPrivilegeEscalation: false;
  readOnlyRootFilesystem: true;
  runAsNonRoot: true;
  capabilities: { drop: string[] };
  seccompProfile: { type: "RuntimeDefault" };
} = {
  allowPrivilegeEscalation: false,
  readOnlyRootFilesystem: true,
  runAsNonRoot: true,
  capabilities: { drop: ["ALL"] },
  seccompProfile: { type: "RuntimeDefault" },
};

/** What a container may need beyond RESTRICTED_CONTAINER. */
export type Privilege = "root" | "privileged" | "writableRootFilesystem" | "hostPath" | "hostNetwork" | "hostPID";

export interface Exception {
  /**
   * "<Kind>/<name>" of the workload as rendered (chart workloads by the name the chart gives them); a trailing `*`
   * matches any rest (workloads whose names carry a content hash).
   */
  workload: string;
  container: string;
  allows: Privilege[];
  /** Capabilities it may add (all others stay dropped). */
  capabilities?: string[];
  reason: string;
}

/**
 * The only containers allowed more than the restricted profile. A workload added to the stack (or a chart
 * upgrade that adds a container) fails the render check (or the chart test) until it is restricted or listed here.
 */
export const EXCEPTIONS: Exception[] = [
  {
    workload: "DaemonSet/alloy-node",
    container: "alloy",
    allows: ["root", "hostPath"],
    reason:
      "tails /var/log/pods, whose files the kubelet/CRI create 0640 root:root, and the systemd journal; keeps read positions in a host directory so a rollout does not re-ship every log. No capabilities, no privilege escalation, read-only root.",
  },
  {
    workload: "DaemonSet/prometheus-prometheus-node-exporter",
    container: "node-exporter",
    allows: ["hostNetwork", "hostPID", "hostPath"],
    reason:
      "node metrics are the host's: /proc, /sys and / of the node, mounted read-only, and the node's own network namespace. Runs as nobody (65534) with no capabilities.",
  },
  {
    workload: "Job/prepare-*",
    container: "prepare",
    allows: ["root", "hostPath"],
    capabilities: ["CHOWN", "DAC_OVERRIDE"],
    reason:
      "creates each local volume's host directory on its node and gives it to the user and group of the pod that mounts it (src/storage/local.ts): chown needs root with CHOWN, creating a sub-directory inside a directory the pod's user already owns needs DAC_OVERRIDE (added only on nodes with such a volume). Every other capability dropped, no privilege escalation, read-only root, no service-account token.",
  },
  {
    workload: "DaemonSet/kepler",
    container: "kepler",
    allows: ["privileged", "root", "hostPID", "hostPath", "writableRootFilesystem"],
    reason:
      "reads RAPL energy counters (/sys/class/powercap, root-only since CVE-2020-8694) and the procfs of every process (hostPID); the chart runs it privileged (values daemonset.securityContext @ kepler 0.11.4). Only on the nodes kepler.nodes lists.",
  },
];

export function exceptionFor(workload: string, container: string): Exception | undefined {
  return EXCEPTIONS.find(
    (e) => (e.workload.endsWith("*") ? workload.startsWith(e.workload.slice(0, -1)) : e.workload === workload) && e.container === container,
  );
}

type Json = any;

export interface PodTemplate {
  /** "<Kind>/<name>" */
  workload: string;
  spec: Json;
}

/** Every Pod template an object carries: workload controllers, CronJobs, bare Pods, a Grafana CR's deployment. */
export function podTemplates(o: K8sObject): PodTemplate[] {
  const x = o as Json;
  const workload = `${o.kind}/${o.metadata.name}`;
  switch (o.kind) {
    case "Deployment":
    case "StatefulSet":
    case "DaemonSet":
    case "ReplicaSet":
    case "Job":
      return x.spec?.template?.spec ? [{ workload, spec: x.spec.template.spec }] : [];
    case "CronJob":
      return x.spec?.jobTemplate?.spec?.template?.spec ? [{ workload, spec: x.spec.jobTemplate.spec.template.spec }] : [];
    case "Pod":
      return x.spec ? [{ workload, spec: x.spec }] : [];
    case "Grafana":
      // grafana-operator builds the Deployment from this template (deployment_reconciler.go @ v5.24.0).
      return x.spec?.deployment?.spec?.template?.spec ? [{ workload: `Deployment/${o.metadata.name}-deployment`, spec: x.spec.deployment.spec.template.spec }] : [];
    default:
      return [];
  }
}

/** Problems of one Pod template: missing requests/limit, and every privilege not granted by EXCEPTIONS. */
export function checkPodTemplate(t: PodTemplate, where = t.workload): string[] {
  const problems: string[] = [];
  const pod = t.spec.securityContext ?? {};
  const containers: Json[] = [...(t.spec.initContainers ?? []), ...(t.spec.containers ?? [])];
  const hostPaths = (t.spec.volumes ?? []).filter((v: Json) => v.hostPath).map((v: Json) => v.name as string);
  for (const c of containers) {
    const at = `${where} container ${c.name}`;
    const r = c.resources ?? {};
    const missing = [
      r.requests?.cpu === undefined ? "requests.cpu" : undefined,
      r.requests?.memory === undefined ? "requests.memory" : undefined,
      r.limits?.memory === undefined ? "limits.memory" : undefined,
    ].filter((m) => m !== undefined);
    if (missing.length > 0) problems.push(`${at}: no resources ${missing.join(", ")}`);

    const exception = exceptionFor(t.workload, c.name);
    const allowed = new Set(exception?.allows ?? []);
    const sc = c.securityContext ?? {};
    const deny = (privilege: Privilege, what: string) => {
      if (!allowed.has(privilege)) problems.push(`${at}: ${what} (not in the exceptions of src/workloads/security.ts)`);
    };
    if (sc.privileged === true) deny("privileged", "privileged");
    if (!allowed.has("privileged")) {
      const runAsUser = sc.runAsUser ?? pod.runAsUser;
      const nonRoot = (sc.runAsNonRoot ?? pod.runAsNonRoot) === true && runAsUser !== 0;
      if (!nonRoot) deny("root", "may run as root (runAsNonRoot is not true, or runAsUser is 0)");
      if (sc.allowPrivilegeEscalation !== false) problems.push(`${at}: allowPrivilegeEscalation is not false`);
      const drop: string[] = sc.capabilities?.drop ?? [];
      if (!drop.includes("ALL")) problems.push(`${at}: capabilities do not drop ALL`);
      const added: string[] = (sc.capabilities?.add ?? []).filter((cap: string) => !(exception?.capabilities ?? []).includes(cap));
      if (added.length > 0) problems.push(`${at}: adds capabilities ${added.join(", ")}`);
      const seccomp = sc.seccompProfile?.type ?? pod.seccompProfile?.type;
      if (seccomp !== "RuntimeDefault" && seccomp !== "Localhost") problems.push(`${at}: no seccomp profile RuntimeDefault`);
    }
    if (sc.readOnlyRootFilesystem !== true) deny("writableRootFilesystem", "root filesystem is writable (readOnlyRootFilesystem is not true)");
    const mountsHost = (c.volumeMounts ?? []).filter((m: Json) => hostPaths.includes(m.name)).map((m: Json) => m.mountPath);
    if (mountsHost.length > 0) deny("hostPath", `mounts host paths ${mountsHost.join(", ")}`);
  }
  const anyAllows = (p: Privilege) => containers.some((c) => exceptionFor(t.workload, c.name)?.allows.includes(p));
  if (t.spec.hostNetwork === true && !anyAllows("hostNetwork")) problems.push(`${where}: hostNetwork (not in the exceptions)`);
  if (t.spec.hostPID === true && !anyAllows("hostPID")) problems.push(`${where}: hostPID (not in the exceptions)`);
  if (t.spec.hostIPC === true) problems.push(`${where}: hostIPC`);
  return problems;
}

/** The render check: every Pod template among the objects. */
export function checkWorkloads(objects: { object: K8sObject; where: string }[]): string[] {
  return objects.flatMap(({ object, where }) => podTemplates(object).flatMap((t) => checkPodTemplate(t, `${where}: ${t.workload}`)));
}
