// NetworkPolicies derived from the wiring graph: one default-deny for ingress in the stack's namespace, then one
// allow policy per edge (its destination's pods, its source, its ports). Policies are additive: a pod selected by
// any policy admits exactly the union of what they allow (https://kubernetes.io/docs/concepts/services-networking/network-policies/).
// Kubelet probes need no rule: "traffic to and from the node where a Pod is running is always allowed" (same page).
import { NetworkPolicy } from "kubernetes-models/networking.k8s.io/v1";
import { plain, stackLabels, type K8sObject } from "../k8s/object.ts";
import type { Profile } from "../profile/schema.ts";
import { fluxName, paths } from "../tree/paths.ts";
import type { Dir } from "../tree/dir.ts";
import { sourceName, type Edge, type WiringGraph } from "./graph.ts";

export const DEFAULT_DENY = "default-deny-ingress";
/** The label Kubernetes sets on every namespace (its name), which a namespaceSelector can rely on. */
export const NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name";

const slug = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");

export function policyName(e: Edge): string {
  return `allow-${slug(sourceName(e.from))}-to-${slug(e.to)}`.slice(0, 253);
}

function edgePolicy(g: WiringGraph, e: Edge): K8sObject {
  const to = g.workloads.find((x) => x.id === e.to);
  if (!to) throw new Error(`wiring edge to unknown workload ${e.to}`);
  const from = (() => {
    switch (e.from.kind) {
      case "workload": {
        const id = e.from.id;
        const src = g.workloads.find((x) => x.id === id);
        if (!src) throw new Error(`wiring edge from unknown workload ${id}`);
        // A podSelector alone selects pods of the policy's own namespace.
        return [{ podSelector: { matchLabels: src.selector } }];
      }
      case "namespace":
        return [{ namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: e.from.namespace } } }];
      case "anywhere":
        // No `from`: every source (the API server is not a pod and has no selectable address).
        return undefined;
    }
  })();
  return plain(
    new NetworkPolicy({
      metadata: { name: policyName(e), labels: stackLabels("network-policies"), annotations: { "obstack.dev/why": e.why } },
      spec: {
        podSelector: { matchLabels: to.selector },
        policyTypes: ["Ingress"],
        ingress: [{ ...(from ? { from } : {}), ports: e.ports.map((p) => ({ protocol: p.protocol, port: p.port })) }],
      },
    }),
  );
}

export function networkPolicies(g: WiringGraph): K8sObject[] {
  const deny = plain(
    new NetworkPolicy({
      metadata: { name: DEFAULT_DENY, labels: stackLabels("network-policies") },
      // Every pod of the namespace, no ingress rule: only what the policies below allow gets in.
      spec: { podSelector: {}, policyTypes: ["Ingress"] },
    }),
  );
  const names = new Set<string>();
  const allows = g.edges.map((e) => {
    const o = edgePolicy(g, e);
    if (names.has(o.metadata.name)) throw new Error(`two wiring edges give NetworkPolicy ${o.metadata.name}`);
    names.add(o.metadata.name);
    return o;
  });
  return [deny, ...allows];
}

export function networkPolicyDirs(p: Profile, g: WiringGraph): Dir[] {
  const at = paths(p);
  return [
    {
      path: at.overlay.networkPolicies,
      namespace: p.namespace,
      files: [{ name: "networkpolicies.yaml", objects: networkPolicies(g) }],
      flux: { name: fluxName(p, at.overlay.networkPolicies), dependsOn: [], wait: false },
    },
  ];
}
