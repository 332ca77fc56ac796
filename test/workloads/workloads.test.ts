// Bounded, least-privilege workloads (issue #9, points 2 and 3), for both bundled profiles: every Pod template
// obstack renders has requests, a memory limit and the restricted security context (or a listed exception);
// every chart container's values key (src/workloads/charts.ts) is set to the profile's size; the node agents
// carry the PriorityClass obstack renders; the namespace carries the Pod Security Admission labels.
import { test } from "node:test";
import assert from "node:assert/strict";
import { bothProfiles, defaultProfile, secondProfile } from "../helpers/fixtures.ts";
import { buildStack } from "../../src/stack/index.ts";
import { checkStack, RenderCheckError } from "../../src/checks/index.ts";
import { mergedRelease } from "../../src/flux/helm.ts";
import { CHART_CONTAINERS, valueAt } from "../../src/workloads/charts.ts";
import { DEFAULT_RESOURCES, resourcesFor } from "../../src/workloads/resources.ts";
import { checkPodTemplate, podTemplates, EXCEPTIONS } from "../../src/workloads/security.ts";
import { nodeAgentPriorityClassName } from "../../src/workloads/index.ts";
import { ProfileError } from "../../src/profile/load.ts";
import type { K8sObject } from "../../src/k8s/object.ts";
import type { Profile } from "../../src/profile/schema.ts";

type Json = any;

function objects(p: Profile): K8sObject[] {
  return buildStack(p).dirs.flatMap((d) => d.files.flatMap((f) => f.objects));
}

function releaseValues(p: Profile, name: string): Json {
  const r = buildStack(p).releases.find((x) => x.name === name);
  assert.ok(r, `release ${name}`);
  return (mergedRelease(r, p.namespace).spec as Json).values;
}

for (const { name, profile: p } of bothProfiles()) {
  test(`every Pod template obstack renders is bounded and restricted (${name})`, () => {
    const templates = objects(p).flatMap(podTemplates);
    // Not vacuous: the Grafana CR's deployment always, MinIO and its Job where the profile runs MinIO.
    const expected = ["Deployment/grafana-deployment", ...(p.loki.storage.type === "minio" ? ["StatefulSet/minio", "Job/minio-buckets"] : [])];
    for (const w of expected) assert.ok(templates.some((t) => t.workload === w), `${w} is rendered`);
    assert.deepEqual(templates.flatMap((t) => checkPodTemplate(t)), []);
    for (const t of templates) {
      for (const c of [...(t.spec.initContainers ?? []), ...t.spec.containers]) {
        assert.equal(c.securityContext.readOnlyRootFilesystem, true, `${t.workload}/${c.name}`);
        assert.ok(c.resources.limits.memory, `${t.workload}/${c.name}`);
      }
    }
  });

  test(`every chart container's resources key is set to the profile's size (${name})`, () => {
    const missing: string[] = [];
    for (const f of CHART_CONTAINERS) {
      if (f.release === "kepler" && !p.kepler.enabled) continue;
      const got = valueAt(releaseValues(p, f.release), f.resources);
      if (JSON.stringify(got) !== JSON.stringify(resourcesFor(p, f.component))) missing.push(`${f.release} ${f.resources} (${f.workload}/${f.container}) = ${JSON.stringify(got)}`);
    }
    assert.deepEqual(missing, []);
    // Every component of the profile's `resources` is used by some container.
    const used = new Set([...CHART_CONTAINERS.map((f) => f.component), "grafana", "objectStore", "objectStoreJob"]);
    assert.deepEqual(Object.keys(DEFAULT_RESOURCES).filter((c) => !used.has(c)), []);
  });

  test(`node agents run with the PriorityClass obstack renders (${name})`, () => {
    const pc = objects(p).find((o) => o.kind === "PriorityClass") as Json;
    assert.ok(pc, "a PriorityClass is rendered");
    assert.equal(pc.metadata.name, nodeAgentPriorityClassName(p));
    assert.ok(pc.value > 0 && pc.value < 1_000_000_000, "a user priority above the default");
    assert.equal(valueAt(releaseValues(p, "prometheus"), "prometheus-node-exporter.priorityClassName"), pc.metadata.name);
    assert.equal(valueAt(releaseValues(p, "alloy-node"), "controller.priorityClassName"), pc.metadata.name);
    assert.equal(valueAt(releaseValues(p, "alloy-cluster"), "controller.priorityClassName"), undefined, "only node agents");
    const kepler = buildStack(p).releases.find((r) => r.name === "kepler")!;
    const patch = JSON.parse(kepler.postRenderers![0]!.kustomize.patches[0]!.patch);
    assert.deepEqual(patch, [{ op: "add", path: "/spec/template/spec/priorityClassName", value: pc.metadata.name }]);
  });

  test(`the namespace enforces privileged for the node agents and warns/audits restricted (${name})`, () => {
    const ns = objects(p).find((o) => o.kind === "Namespace")!;
    assert.equal(ns.metadata.name, p.namespace);
    assert.equal(ns.metadata.labels?.["pod-security.kubernetes.io/enforce"], "privileged");
    assert.equal(ns.metadata.labels?.["pod-security.kubernetes.io/warn"], "restricted");
    assert.equal(ns.metadata.labels?.["pod-security.kubernetes.io/audit"], "restricted");
  });
}

test("the render check fails a container without resources or with privileges not listed as exceptions", () => {
  const p = defaultProfile();
  const stack = buildStack(p);
  const bad = {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "intruder" },
    spec: {
      selector: { matchLabels: { a: "b" } },
      template: {
        metadata: { labels: { a: "b" } },
        spec: {
          hostNetwork: true,
          containers: [{ name: "x", image: "busybox", securityContext: { privileged: true } }],
          initContainers: [{ name: "y", image: "busybox", resources: { requests: { cpu: "1m", memory: "1Mi" } } }],
        },
      },
    },
  } as K8sObject;
  const file = stack.dirs[1]!.files[0]!;
  stack.dirs[1]!.files[0] = { ...file, objects: [...file.objects, bad] };
  let problems: string[] = [];
  try {
    checkStack(stack, p);
  } catch (e) {
    assert.ok(e instanceof RenderCheckError);
    problems = e.problems;
  }
  const mine = problems.filter((m) => m.includes("Deployment/intruder"));
  assert.ok(mine.some((m) => /container x: no resources requests.cpu, requests.memory, limits.memory/.test(m)), mine.join("\n"));
  assert.ok(mine.some((m) => /container y: no resources limits.memory/.test(m)), mine.join("\n"));
  assert.ok(mine.some((m) => /container x: privileged/.test(m)));
  assert.ok(mine.some((m) => /container y: may run as root/.test(m)));
  assert.ok(mine.some((m) => /container y: root filesystem is writable/.test(m)));
  assert.ok(mine.some((m) => /hostNetwork/.test(m)));
});

test("an exception grants only what it lists, to the workload and container it names", () => {
  const alloy = EXCEPTIONS.find((e) => e.workload === "DaemonSet/alloy-node")!;
  const spec = {
    volumes: [{ name: "logs", hostPath: { path: "/var/log" } }],
    containers: [
      {
        name: "alloy",
        resources: { requests: { cpu: "1m", memory: "1Mi" }, limits: { memory: "1Mi" } },
        securityContext: { runAsUser: 0, allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] }, seccompProfile: { type: "RuntimeDefault" } },
        volumeMounts: [{ name: "logs", mountPath: "/var/log" }],
      },
    ],
  };
  assert.deepEqual(alloy.allows.sort(), ["hostPath", "root"]);
  assert.deepEqual(checkPodTemplate({ workload: "DaemonSet/alloy-node", spec }), []);
  const elsewhere = checkPodTemplate({ workload: "DaemonSet/other", spec });
  assert.ok(elsewhere.some((m) => /may run as root/.test(m)) && elsewhere.some((m) => /mounts host paths \/var\/log/.test(m)), elsewhere.join("\n"));
  const withCaps = checkPodTemplate({ workload: "DaemonSet/alloy-node", spec: { ...spec, containers: [{ ...spec.containers[0]!, securityContext: { ...spec.containers[0]!.securityContext, capabilities: { drop: ["ALL"], add: ["SYS_ADMIN"] } } }] } });
  assert.ok(withCaps.some((m) => /adds capabilities SYS_ADMIN/.test(m)));
});

test("the profile sizes any component; the override reaches the chart values and obstack's own pods", () => {
  const big = { requests: { cpu: "500m", memory: "2Gi" }, limits: { memory: "6Gi" } };
  const small = { requests: { cpu: "10m", memory: "64Mi" }, limits: { memory: "128Mi" } };
  const p = secondProfile({ resources: { prometheus: big, grafana: small, alloyConfigReloader: small } });
  assert.deepEqual(valueAt(releaseValues(p, "prometheus"), "prometheus.prometheusSpec.resources"), big);
  assert.deepEqual(valueAt(releaseValues(p, "alloy-node"), "configReloader.resources"), small);
  const grafana = objects(p).find((o) => o.kind === "Grafana") as Json;
  assert.deepEqual(grafana.spec.deployment.spec.template.spec.containers[0].resources, small);
  // Not overridden: the homelab default.
  assert.deepEqual(valueAt(releaseValues(p, "grafana-loki"), "singleBinary.resources"), DEFAULT_RESOURCES.loki);
});

test("a memory limit below the request, or an unknown component, is a profile error naming the path", () => {
  assert.throws(
    () => defaultProfile({ resources: { loki: { requests: { cpu: "100m", memory: "2Gi" }, limits: { memory: "1Gi" } } } }),
    (e: unknown) => e instanceof ProfileError && /resources\.loki\.limits\.memory/.test(e.message) && /at least requests.memory/.test(e.message),
  );
  assert.throws(
    () => defaultProfile({ resources: { lokii: DEFAULT_RESOURCES.loki } as never }),
    (e: unknown) => e instanceof ProfileError && /resources/.test(e.message) && /lokii/.test(e.message),
  );
  assert.throws(
    () => defaultProfile({ resources: { loki: { requests: { cpu: "100m", memory: "1Gi" } } } as never }),
    (e: unknown) => e instanceof ProfileError && /resources\.loki\.limits/.test(e.message),
  );
});

test("README lists every security exception and every resources component", async () => {
  const { readFileSync } = await import("node:fs");
  const { ROOT } = await import("../helpers/fixtures.ts");
  const readme = readFileSync(`${ROOT}/README.md`, "utf8");
  for (const e of EXCEPTIONS) assert.ok(readme.includes(`\`${e.workload}\` / \`${e.container}\``), `README lists ${e.workload}/${e.container}`);
  for (const c of Object.keys(DEFAULT_RESOURCES)) assert.ok(readme.includes(`\`${c}\``), `README names resources component ${c}`);
});
