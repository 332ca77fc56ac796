// A small evaluator of Kubernetes NetworkPolicy ingress semantics (networking.k8s.io/v1), enough to decide
// whether rendered policies admit a connection, and the render check built on it: every edge of the wiring graph
// is allowed, and no other connection into the stack's namespace is.
// Semantics, from the API reference (https://kubernetes.io/docs/reference/kubernetes-api/policy-resources/network-policy-v1/)
// and https://kubernetes.io/docs/concepts/services-networking/network-policies/:
// - a pod is isolated for ingress when some policy of its namespace selects it (spec.podSelector, {} = every pod)
//   with "Ingress" in policyTypes (left out, policyTypes always includes Ingress); a pod no policy selects admits all;
// - an isolated pod admits a connection when ANY rule of ANY policy selecting it allows it (policies are additive);
// - a rule allows when both its `from` and its `ports` match; an empty or missing list matches everything;
// - a peer with podSelector only selects pods of the policy's namespace; with namespaceSelector only, every pod of the
//   matching namespaces; with both, the matching pods of the matching namespaces;
// - a port matches its protocol (default TCP) and its number (or range up to endPort, or a named container port);
//   a missing port matches every port of the protocol;
// - every namespace carries the label kubernetes.io/metadata.name = its name
//   (https://kubernetes.io/docs/reference/labels-annotations-taints/#kubernetes-io-metadata-name).
import type { K8sObject } from "../k8s/object.ts";
import { NAMESPACE_NAME_LABEL } from "./policies.ts";
import { portName, sourceName, type Port, type Protocol, type Source, type WiringGraph, type Workload } from "./graph.ts";

interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: "In" | "NotIn" | "Exists" | "DoesNotExist"; values?: string[] }[];
}
interface PolicyPort {
  protocol?: Protocol | "SCTP";
  port?: number | string;
  endPort?: number;
}
interface Peer {
  podSelector?: LabelSelector;
  namespaceSelector?: LabelSelector;
  ipBlock?: unknown;
}
interface PolicySpec {
  podSelector: LabelSelector;
  policyTypes?: string[];
  ingress?: { from?: Peer[]; ports?: PolicyPort[] }[];
}

/** A connecting party: a pod (namespace + labels) or something with no pod identity (the API server, the internet). */
export type Party = { pod: true; namespace: string; labels: Record<string, string> } | { pod: false; label: string };
export interface Target {
  namespace: string;
  labels: Record<string, string>;
  /** Named container ports, for policies that name them. */
  namedPorts?: Record<string, number>;
}

export function selectorMatches(sel: LabelSelector | undefined, labels: Record<string, string>): boolean {
  if (!sel) return true;
  if (sel.matchLabels) for (const k in sel.matchLabels) if (labels[k] !== sel.matchLabels[k]) return false;
  for (const e of sel.matchExpressions ?? []) {
    const has = Object.hasOwn(labels, e.key);
    const inValues = has && (e.values ?? []).includes(labels[e.key]!);
    if (!operatorHolds(e.operator, has, inValues)) return false;
  }
  return true;
}

function operatorHolds(operator: string, has: boolean, inValues: boolean): boolean {
  switch (operator) {
    case "In":
      return inValues;
    case "NotIn":
      return !inValues;
    case "Exists":
      return has;
    case "DoesNotExist":
      return !has;
    default:
      throw new Error(`unknown label selector operator ${operator}`);
  }
}

function peerMatches(peer: Peer, policyNamespace: string, src: Party): boolean {
  if (peer.ipBlock) throw new Error("the evaluator does not model ipBlock peers (obstack renders none)");
  if (!src.pod) return false;
  const nsOk = peer.namespaceSelector
    ? selectorMatches(peer.namespaceSelector, { [NAMESPACE_NAME_LABEL]: src.namespace })
    : src.namespace === policyNamespace;
  const podOk = peer.podSelector ? selectorMatches(peer.podSelector, src.labels) : true;
  return nsOk && podOk;
}

function portMatches(p: PolicyPort, port: Port, dst: Target): boolean {
  if ((p.protocol ?? "TCP") !== port.protocol) return false;
  if (p.port === undefined) return true;
  const n = typeof p.port === "number" ? p.port : /^[0-9]+$/.test(p.port) ? Number(p.port) : dst.namedPorts?.[p.port];
  if (n === undefined) return false;
  return p.endPort !== undefined ? port.port >= n && port.port <= p.endPort : port.port === n;
}

/** The policies that select `dst` for ingress (none: `dst` is not isolated and admits everything). */
function selectingPolicies(policies: K8sObject[], dst: Target): K8sObject[] {
  return policies.filter((o) => {
    if (o.kind !== "NetworkPolicy" || o.metadata.namespace !== dst.namespace) return false;
    const spec = o.spec as PolicySpec;
    const types = spec.policyTypes ?? ["Ingress"];
    return types.includes("Ingress") && selectorMatches(spec.podSelector, dst.labels);
  });
}

/** Does the set of policies admit `src` → `dst` on `port`? */
export function ingressAllowed(policies: K8sObject[], src: Party, dst: Target, port: Port): boolean {
  return admits(selectingPolicies(policies, dst), src, dst, port);
}

/** ingressAllowed, given the policies that select `dst` (selectingPolicies). */
function admits(selecting: K8sObject[], src: Party, dst: Target, port: Port): boolean {
  return selecting.length === 0 || rulesFrom(selecting, src).some((rule) => ruleAdmitsPort(rule, port, dst));
}

type Rule = NonNullable<PolicySpec["ingress"]>[number];

/** The ingress rules of `selecting` whose `from` admits `src` (a rule allows when its `from` and its `ports` match). */
function rulesFrom(selecting: K8sObject[], src: Party): Rule[] {
  return selecting.flatMap((o) =>
    ((o.spec as PolicySpec).ingress ?? []).filter(
      (rule) => !rule.from || rule.from.length === 0 || rule.from.some((peer) => peerMatches(peer, o.metadata.namespace!, src)),
    ),
  );
}

function ruleAdmitsPort(rule: Rule, port: Port, dst: Target): boolean {
  return !rule.ports || rule.ports.length === 0 || rule.ports.some((p) => portMatches(p, port, dst));
}

/** A pod standing for a source: a workload's selector labels in the stack's namespace, any pod of another namespace. */
function party(g: WiringGraph, s: Source): Party {
  if (s.kind === "workload") return { pod: true, namespace: g.namespace, labels: workload(g, s.id).selector };
  if (s.kind === "namespace") return { pod: true, namespace: s.namespace, labels: { app: "any-pod" } };
  return { pod: false, label: s.label };
}

function workload(g: WiringGraph, id: string): Workload {
  const found = g.workloads.find((x) => x.id === id);
  if (!found) throw new Error(`wiring graph has no workload ${id}`);
  return found;
}

const target = (g: WiringGraph, wl: Workload): Target => ({
  namespace: g.namespace,
  labels: wl.selector,
  namedPorts: Object.fromEntries(wl.ports.map((p) => [p.name, p.port])),
});

/** Is `src` → `to` on `port` an edge of the graph? (The reference the rendered policies are checked against.) */
export function isEdge(g: WiringGraph, src: { name: string; party: Party }, to: string, port: Port): boolean {
  return g.edges.some((e) => {
    if (e.to !== to || !e.ports.some((p) => p.port === port.port && p.protocol === port.protocol)) return false;
    if (e.from.kind === "anywhere") return true;
    if (!src.party.pod) return false;
    if (e.from.kind === "namespace") return src.party.namespace === e.from.namespace;
    return src.name === e.from.id;
  });
}

/**
 * Parties that must be told apart: every workload of the stack, a pod of another namespace with no particular
 * labels, impostors carrying a stack workload's labels in another namespace, a pod of each namespace the graph
 * admits, and a caller with no pod identity.
 */
export function probeSources(g: WiringGraph): { name: string; party: Party }[] {
  const elsewhere = `${g.namespace}-elsewhere`;
  return [
    ...g.workloads.map((wl) => ({ name: wl.id, party: party(g, { kind: "workload", id: wl.id }) })),
    { name: `a pod in namespace ${elsewhere}`, party: { pod: true, namespace: elsewhere, labels: { app: "stranger" } } },
    ...g.workloads.map((wl) => ({ name: `a pod with ${wl.id}'s labels in namespace ${elsewhere}`, party: { pod: true as const, namespace: elsewhere, labels: wl.selector } })),
    { name: `an unlabelled pod in namespace ${g.namespace}`, party: { pod: true, namespace: g.namespace, labels: {} } },
    ...g.edges.flatMap((e) => (e.from.kind === "namespace" ? [{ name: `a pod in namespace ${e.from.namespace}`, party: party(g, e.from) }] : [])),
    { name: "a caller outside the pod network", party: { pod: false, label: "outside" } },
  ];
}

/** Ports probed on each workload: its own, every other workload's, and one nobody uses. */
function probePorts(g: WiringGraph): Port[] {
  const all = new Map<string, Port>();
  for (const wl of g.workloads) for (const p of wl.ports) all.set(portName(p), p);
  all.set("1/TCP", { port: 1, protocol: "TCP", name: "unused" });
  return [...all.values()];
}

/**
 * The render check: every edge of the graph is admitted by the policies, and every other (source, workload, port)
 * of the probe set is refused. Returns one message per violation.
 */
export function checkPolicies(g: WiringGraph, policies: K8sObject[]): string[] {
  const problems: string[] = [];
  const ids = new Set(g.workloads.map((x) => x.id));
  if (ids.size !== g.workloads.length) problems.push("the wiring graph lists a workload twice");
  for (const e of g.edges) {
    const dst = workload(g, e.to);
    const src = party(g, e.from);
    for (const p of e.ports) {
      if (!ingressAllowed(policies, src, target(g, dst), p)) {
        problems.push(`NetworkPolicy: the wiring edge ${sourceName(e.from)} → ${e.to} on ${portName(p)} (${e.why}) is not allowed by the rendered policies`);
      }
    }
  }
  const sources = probeSources(g);
  const ports = probePorts(g);
  for (const wl of g.workloads) {
    // Which policies select a workload does not depend on the source or port, and which of their rules
    // admit a source does not depend on the port: each is found once (workloads × sources × ports
    // probes made this check a tenth of a render's CPU, issue #13): admits(), taken apart.
    const dst = target(g, wl);
    const selecting = selectingPolicies(policies, dst);
    for (const src of sources) {
      const rules = selecting.length === 0 ? undefined : rulesFrom(selecting, src.party);
      if (rules?.length === 0) continue;
      for (const p of ports) {
        const allowed = rules === undefined || rules.some((rule) => ruleAdmitsPort(rule, p, dst));
        if (allowed && !isEdge(g, src, wl.id, p)) {
          problems.push(`NetworkPolicy: the rendered policies allow ${src.name} → ${wl.id} on ${portName(p)}, which is no edge of the wiring graph`);
        }
      }
    }
  }
  return problems;
}
