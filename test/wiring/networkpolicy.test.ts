// NetworkPolicies from the wiring graph: in both bundled profiles, the rendered policies (and what
// `kubectl kustomize` builds of their directory) admit every edge and refuse the rest; the render check fails
// when an edge's policy is dropped or a policy admits more; the README's flow diagram is the graph's.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseAllDocuments } from "yaml";
import { kubectl } from "../../scripts/tools.ts";
import { ROOT, bothProfiles, defaultProfile, runCli, secondProfile, tempDir } from "../helpers/fixtures.ts";
import { buildStack, type Stack } from "../../src/stack/index.ts";
import { checkStack, RenderCheckError } from "../../src/checks/index.ts";
import { paths } from "../../src/tree/paths.ts";
import { wiringGraph, type Port, type WiringGraph } from "../../src/wiring/graph.ts";
import { checkPolicies, ingressAllowed, type Party, type Target } from "../../src/wiring/evaluate.ts";
import { DEFAULT_DENY } from "../../src/wiring/policies.ts";
import { flowBlock, flowDiagram } from "../../src/wiring/mermaid.ts";
import type { K8sObject } from "../../src/k8s/object.ts";
import type { Profile } from "../../src/profile/schema.ts";

const TCP = (port: number): Port => ({ port, protocol: "TCP", name: String(port) });

function renderedPolicies(stack: Stack): K8sObject[] {
  return stack.dirs.flatMap((d) =>
    d.files.flatMap((f) => f.objects.filter((o) => o.kind === "NetworkPolicy").map((o) => ({ ...o, metadata: { ...o.metadata, namespace: d.namespace } }))),
  );
}

function pod(g: WiringGraph, id: string): Party {
  const wl = g.workloads.find((x) => x.id === id);
  assert.ok(wl, `no workload ${id}`);
  return { pod: true, namespace: g.namespace, labels: wl.selector };
}
function dst(g: WiringGraph, id: string): Target {
  const wl = g.workloads.find((x) => x.id === id);
  assert.ok(wl, `no workload ${id}`);
  return { namespace: g.namespace, labels: wl.selector };
}

/** Connections that must be refused in every profile (each would be allowed with no policy at all). */
function deniedSamples(p: Profile, g: WiringGraph): { what: string; src: Party; to: string; port: Port }[] {
  const elsewhere: Party = { pod: true, namespace: "default", labels: { app: "anything" } };
  const samples = [
    { what: "a pod of another namespace → Loki push", src: elsewhere, to: "loki", port: TCP(3100) },
    { what: "a pod of another namespace → Prometheus remote write", src: elsewhere, to: "prometheus", port: TCP(9090) },
    { what: "Alloy's labels in another namespace → Loki push", src: { ...pod(g, "alloy-node"), namespace: "default" }, to: "loki", port: TCP(3100) },
    { what: "a gateway pod → Loki", src: { pod: true as const, namespace: p.grafana.gateway.namespace, labels: {} }, to: "loki", port: TCP(3100) },
    { what: "a gateway pod → Prometheus", src: { pod: true as const, namespace: p.grafana.gateway.namespace, labels: {} }, to: "prometheus", port: TCP(9090) },
    { what: "Alloy → Alertmanager", src: pod(g, "alloy-node"), to: "alertmanager", port: TCP(9093) },
    { what: "Grafana → kube-state-metrics", src: pod(g, "grafana"), to: "kube-state-metrics", port: TCP(8080) },
    { what: "Loki → Prometheus", src: pod(g, "loki"), to: "prometheus", port: TCP(9090) },
    { what: "Alloy → Grafana", src: pod(g, "alloy-node"), to: "grafana", port: TCP(3000) },
    { what: "a caller outside the pod network → Grafana", src: { pod: false as const, label: "outside" }, to: "grafana", port: TCP(3000) },
  ];
  if (p.loki.storage.type === "minio") {
    samples.push(
      { what: "Alloy → MinIO", src: pod(g, "alloy-node"), to: "minio", port: TCP(9000) },
      { what: "Grafana → MinIO", src: pod(g, "grafana"), to: "minio", port: TCP(9000) },
      { what: "a pod of another namespace → MinIO", src: elsewhere, to: "minio", port: TCP(9000) },
    );
  }
  return samples;
}

for (const { name, profile } of bothProfiles()) {
  test(`${name}: the rendered NetworkPolicies allow every wiring edge and refuse sampled non-edges`, () => {
    const stack = buildStack(profile);
    const g = stack.wiring;
    const policies = renderedPolicies(stack);
    assert.ok(policies.some((o) => o.metadata.name === DEFAULT_DENY), "a default-deny policy");
    assert.equal(policies.length, g.edges.length + 1, "one policy per edge plus the default deny");
    for (const e of g.edges) {
      const src: Party =
        e.from.kind === "workload" ? pod(g, e.from.id) : e.from.kind === "namespace" ? { pod: true, namespace: e.from.namespace, labels: { any: "pod" } } : { pod: false, label: e.from.label };
      for (const port of e.ports) assert.ok(ingressAllowed(policies, src, dst(g, e.to), port), `${JSON.stringify(e.from)} → ${e.to} ${port.port}`);
    }
    for (const s of deniedSamples(profile, g)) {
      assert.equal(ingressAllowed(policies, s.src, dst(g, s.to), s.port), false, `${s.what} must be refused`);
    }
    assert.deepEqual(checkPolicies(g, policies), []);
  });

  test(`${name}: the render check fails, naming the edge, when the policy of an edge is dropped`, () => {
    const stack = buildStack(profile);
    const dir = stack.dirs.find((d) => d.path === paths(profile).overlay.networkPolicies);
    assert.ok(dir);
    const file = dir.files[0]!;
    file.objects = file.objects.filter((o) => o.metadata.name !== "allow-alloy-node-to-loki");
    assert.throws(
      () => checkStack(stack, profile),
      (e: unknown) => e instanceof RenderCheckError && e.problems.some((m) => m.includes("alloy-node → loki on 3100/TCP") && m.includes("not allowed")),
    );
  });

  test(`${name}: the render check fails when a policy admits a connection that is no edge`, () => {
    const stack = buildStack(profile);
    const dir = stack.dirs.find((d) => d.path === paths(profile).overlay.networkPolicies)!;
    const loki = stack.wiring.workloads.find((w) => w.id === "loki")!;
    const file = dir.files[0]!;
    dir.files[0] = {
      ...file,
      objects: [
        ...file.objects,
        {
          apiVersion: "networking.k8s.io/v1",
          kind: "NetworkPolicy",
          metadata: { name: "too-broad" },
          spec: { podSelector: { matchLabels: loki.selector }, policyTypes: ["Ingress"], ingress: [{ from: [{ namespaceSelector: {} }], ports: [{ port: 3100 }] }] },
        },
      ],
    };
    assert.throws(
      () => checkStack(stack, profile),
      (e: unknown) => e instanceof RenderCheckError && e.problems.some((m) => m.includes("→ loki on 3100/TCP, which is no edge")),
    );
  });

  test(`${name}: kubectl kustomize builds the policies' directory into the same policies, in the stack's namespace`, async () => {
    const out = tempDir();
    const args = profile.namespace === secondProfile().namespace ? ["--profile", join(ROOT, "profiles", "three-node-s3.ts")] : [];
    const r = await runCli(["render", ...args, "--out", out]);
    assert.equal(r.code, 0, r.stderr);
    const text = execFileSync(kubectl(), ["kustomize", join(out, paths(profile).overlay.networkPolicies)], { encoding: "utf8" });
    const built = parseAllDocuments(text).map((d) => d.toJS() as K8sObject);
    const g = wiringGraph(profile);
    assert.equal(built.length, g.edges.length + 1);
    for (const o of built) assert.equal(o.metadata.namespace, profile.namespace, `${o.metadata.name} in the stack's namespace`);
    assert.deepEqual(checkPolicies(g, built), []);
    for (const s of deniedSamples(profile, g)) assert.equal(ingressAllowed(built, s.src, dst(g, s.to), s.port), false, s.what);
  });
}

test("the profile differences reach the graph: MinIO edges only with MinIO, the gateway's namespace, the stack's namespace", () => {
  const a = wiringGraph(defaultProfile());
  const b = wiringGraph(secondProfile());
  assert.ok(a.edges.some((e) => e.to === "minio"));
  assert.ok(!b.edges.some((e) => e.to === "minio") && !b.workloads.some((w) => w.id === "minio"));
  assert.equal(b.namespace, "monitoring");
  assert.ok(b.edges.some((e) => e.from.kind === "namespace" && e.from.namespace === "gateway-system" && e.to === "grafana"));
});

test("the graph's selectors for the stack's own MinIO pods are the rendered pods' labels, and tell the bucket Job apart", () => {
  const p = defaultProfile();
  const stack = buildStack(p);
  const g = stack.wiring;
  const objects = stack.dirs.flatMap((d) => d.files.flatMap((f) => f.objects));
  const template = (kind: string, name: string) =>
    ((objects.find((o) => o.kind === kind && o.metadata.name === name) as unknown as { spec: { template: { metadata: { labels: Record<string, string> } } } }).spec.template.metadata.labels);
  const matches = (sel: Record<string, string>, labels: Record<string, string>) => Object.entries(sel).every(([k, v]) => labels[k] === v);
  const minio = g.workloads.find((w) => w.id === "minio")!.selector;
  const job = g.workloads.find((w) => w.id === "minio-buckets")!.selector;
  assert.ok(matches(minio, template("StatefulSet", "minio")));
  assert.ok(matches(job, template("Job", "minio-buckets")));
  assert.ok(!matches(minio, template("Job", "minio-buckets")), "the MinIO selector does not select the Job's pod");
});

test("the evaluator follows NetworkPolicy semantics", () => {
  const ns = "obs";
  const a: Party = { pod: true, namespace: ns, labels: { app: "a" } };
  const other: Party = { pod: true, namespace: "other", labels: { app: "a" } };
  const target: Target = { namespace: ns, labels: { app: "b" }, namedPorts: { web: 8080 } };
  const np = (name: string, spec: Record<string, unknown>): K8sObject => ({ apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy", metadata: { name, namespace: ns }, spec });
  // No policy selects the pod: everything is allowed.
  assert.equal(ingressAllowed([], other, target, TCP(1)), true);
  // An egress-only policy does not isolate for ingress.
  assert.equal(ingressAllowed([np("e", { podSelector: {}, policyTypes: ["Egress"] })], other, target, TCP(1)), true);
  // policyTypes left out: Ingress is implied.
  assert.equal(ingressAllowed([np("d", { podSelector: {} })], a, target, TCP(1)), false);
  const deny = np("deny", { podSelector: {}, policyTypes: ["Ingress"] });
  const byPod = np("p", { podSelector: { matchLabels: { app: "b" } }, ingress: [{ from: [{ podSelector: { matchLabels: { app: "a" } } }], ports: [{ port: "web" }] }] });
  assert.equal(ingressAllowed([deny, byPod], a, target, TCP(8080)), true, "named port");
  assert.equal(ingressAllowed([deny, byPod], a, target, TCP(8081)), false);
  assert.equal(ingressAllowed([deny, byPod], a, target, { port: 8080, protocol: "UDP", name: "u" }), false, "protocol defaults to TCP");
  assert.equal(ingressAllowed([deny, byPod], other, target, TCP(8080)), false, "a podSelector alone is the policy's namespace");
  const both = np("nb", { podSelector: {}, ingress: [{ from: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "other" } }, podSelector: { matchExpressions: [{ key: "app", operator: "In", values: ["a"] }] } }] }] });
  assert.equal(ingressAllowed([deny, both], other, target, TCP(9)), true, "namespace and pod selector together; no ports = all");
  assert.equal(ingressAllowed([deny, both], { ...other, labels: { app: "c" } }, target, TCP(9)), false);
  assert.equal(ingressAllowed([deny, both], a, target, TCP(9)), false);
  const range = np("r", { podSelector: {}, ingress: [{ ports: [{ port: 30000, endPort: 30010 }] }] });
  assert.equal(ingressAllowed([deny, range], { pod: false, label: "x" }, target, TCP(30005)), true, "no from: every source; endPort range");
  assert.equal(ingressAllowed([deny, range], { pod: false, label: "x" }, target, TCP(30011)), false);
  // A policy of another namespace does not select the pod.
  assert.equal(ingressAllowed([{ ...deny, metadata: { name: "x", namespace: "other" } }], a, target, TCP(1)), true);
});

test("the README's flow diagram is the wiring graph of the default profile (scripts/readme-flow.ts refreshes it)", () => {
  const readme = readFileSync(join(ROOT, "README.md"), "utf8");
  const block = flowBlock(wiringGraph(defaultProfile()));
  assert.ok(readme.includes(block), "README.md's wiring-graph block is stale: run `npx tsx scripts/readme-flow.ts`");
});

test("the flow diagram has one arrow per edge in both profiles", () => {
  for (const { profile } of bothProfiles()) {
    const g = wiringGraph(profile);
    const arrows = flowDiagram(g).split("\n").filter((l) => l.includes("-->"));
    assert.equal(arrows.length, g.edges.length);
    assert.equal(flowDiagram(g).includes("minio"), profile.loki.storage.type === "minio");
  }
});

test("with more than one Alertmanager replica, the peers' mesh (9094 TCP and UDP) is an edge, allowed between them only", async () => {
  const inputs = [(await import("../../profiles/kimawesome.ts")).default, (await import("../../profiles/three-node-s3.ts")).default];
  for (const [i, input] of inputs.entries()) {
    const overrides = { alertmanager: { ...(input.alertmanager ?? {}), replicas: 2 } };
    const p = i === 0 ? defaultProfile(overrides) : secondProfile(overrides);
    const stack = buildStack(p);
    const g = stack.wiring;
    const policies = renderedPolicies(stack);
    assert.deepEqual(checkPolicies(g, policies), []);
    const am = pod(g, "alertmanager");
    for (const protocol of ["TCP", "UDP"] as const) {
      const mesh: Port = { port: 9094, protocol, name: "mesh" };
      assert.equal(ingressAllowed(policies, am, dst(g, "alertmanager"), mesh), true, `peer mesh ${protocol}`);
      assert.equal(ingressAllowed(policies, pod(g, "prometheus"), dst(g, "alertmanager"), mesh), false, `Prometheus → mesh ${protocol}`);
    }
    // One replica: no mesh at all.
    const single = buildStack(i === 0 ? defaultProfile() : secondProfile());
    assert.equal(ingressAllowed(renderedPolicies(single), pod(single.wiring, "alertmanager"), dst(single.wiring, "alertmanager"), TCP(9094)), false);
  }
});

test("the profile's exporters: Prometheus scrapes their metrics port through the policies; their other ports take outside senders; nothing else reaches the metrics port", () => {
  let seen = 0;
  for (const { name, profile } of bothProfiles()) {
    const stack = buildStack(profile);
    const g = wiringGraph(profile);
    const policies = renderedPolicies(stack);
    const elsewhere: Party = { pod: true, namespace: "default", labels: { app: "anything" } };
    for (const e of profile.exporters) {
      seen++;
      const to = dst(g, `exporter/${e.name}`);
      // The rendered Deployment's pods carry the graph's selector.
      const deployment = stack.dirs.flatMap((d) => d.files.flatMap((f) => f.objects)).find((o) => o.kind === "Deployment" && o.metadata.name === e.name) as any;
      for (const [k, v] of Object.entries(to.labels)) assert.equal(deployment.spec.template.metadata.labels[k], v, `${name}: ${e.name} pod label ${k}`);
      for (const port of e.ports) {
        const p = TCP(port.containerPort);
        if (port.name === e.metricsPort) {
          assert.ok(ingressAllowed(policies, pod(g, "prometheus"), to, p), `${name}: Prometheus → ${e.name}:${port.name}`);
          assert.ok(!ingressAllowed(policies, elsewhere, to, p), `${name}: another namespace → ${e.name}:${port.name} must be refused`);
          assert.ok(!ingressAllowed(policies, pod(g, "grafana"), to, p), `${name}: Grafana → ${e.name}:${port.name} must be refused`);
        } else {
          assert.ok(ingressAllowed(policies, { pod: false, label: "outside" }, to, p), `${name}: outside sender → ${e.name}:${port.name}`);
        }
      }
    }
  }
  assert.ok(seen > 0, "a bundled profile has exporters");
});
