// Cluster-level pieces of bounded, least-privilege workloads: the node agents' PriorityClass and the
// namespace's Pod Security Admission labels.
import { PriorityClass } from "kubernetes-models/scheduling.k8s.io/v1";
import { plain, stackLabels, type K8sObject } from "../k8s/object.ts";
import type { Profile } from "../profile/schema.ts";

/**
 * The node agents (Alloy on each node, node-exporter, Kepler) are the stack's eyes on the node: when a node
 * runs short of memory, the kubelet evicts pods over their requests by priority
 * (https://kubernetes.io/docs/concepts/scheduling-eviction/node-pressure-eviction/#pod-selection-for-kubelet-eviction),
 * and a full node admits a DaemonSet pod only by preempting lower-priority ones. Above every default-priority
 * workload (0), far below system-node-critical (2000001000). Cluster-scoped, so named after the namespace.
 */
export const NODE_AGENT_PRIORITY = 100000;

export function nodeAgentPriorityClassName(p: Profile): string {
  return `${p.namespace}-node-agents`;
}

export function nodeAgentPriorityClass(p: Profile): K8sObject {
  return plain(
    new PriorityClass({
      metadata: { name: nodeAgentPriorityClassName(p), labels: stackLabels("node-agents") },
      value: NODE_AGENT_PRIORITY,
      globalDefault: false,
      description: "obstack node agents (Alloy, node-exporter, Kepler): evicted after the workloads they observe",
    }),
  );
}

/**
 * Pod Security Admission labels of the stack's namespace
 * (https://kubernetes.io/docs/concepts/security/pod-security-admission/#pod-security-admission-labels-for-namespaces).
 * The node agents need host access that no level below `privileged` admits (node-exporter: hostNetwork,
 * hostPID and hostPath; Alloy: hostPath and root; Kepler: privileged), so `enforce` is `privileged`.
 * Everything else is held to `restricted` by obstack's render check and the chart facts test
 * (src/workloads/security.ts: a container needing more is an exception listed with its reason), and at
 * apply time `warn` and `audit` at `restricted` report every pod that is not, the agents included, so a
 * new deviation is visible to whoever applies the tree and in the API server's audit log.
 */
export function podSecurityLabels(): Record<string, string> {
  return {
    "pod-security.kubernetes.io/enforce": "privileged",
    "pod-security.kubernetes.io/warn": "restricted",
    "pod-security.kubernetes.io/audit": "restricted",
  };
}
