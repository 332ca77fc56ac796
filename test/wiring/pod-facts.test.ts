// The wiring graph's selectors against the pods the pinned charts really render with the stack's values
// (src/wiring/pods.generated.json, from `helm template` by scripts/pod-facts.ts): each selector picks exactly its
// workload's pods, its ports are container ports of those pods, host networking agrees, and no chart pod of the
// namespace is left out of the graph.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { bothProfiles } from "../helpers/fixtures.ts";
import { wiringGraph, type WorkloadId } from "../../src/wiring/graph.ts";
import { selectorMatches } from "../../src/wiring/evaluate.ts";
import { POD_FACTS_FILE, podFacts, type ChartPod } from "../../scripts/pod-facts.ts";

const facts = JSON.parse(readFileSync(POD_FACTS_FILE, "utf8")) as ChartPod[];

/** The chart pods (release/name) each workload stands for; the others are made by operators or by obstack. */
const EXPECTED: Partial<Record<WorkloadId, string[]>> = {
  "prometheus-operator": ["prometheus/prometheus-kube-prometheus-operator"],
  "kube-state-metrics": ["prometheus/prometheus-kube-state-metrics"],
  "node-exporter": ["prometheus/prometheus-prometheus-node-exporter"],
  loki: ["loki/loki"],
  "grafana-operator": ["grafana-operator/grafana-operator"],
  "alloy-node": ["alloy-node/alloy-node"],
  "alloy-cluster": ["alloy-cluster/alloy-cluster"],
  kepler: ["kepler/kepler"],
};

for (const { name, profile } of bothProfiles()) {
  test(`${name}: each selector of the wiring graph picks exactly its workload's chart pods, with their ports`, () => {
    const g = wiringGraph(profile);
    for (const wl of g.workloads) {
      const picked = facts.filter((p) => selectorMatches({ matchLabels: wl.selector }, p.labels));
      assert.deepEqual(picked.map((p) => `${p.release}/${p.name}`).sort(), (EXPECTED[wl.id] ?? []).slice().sort(), `${wl.id}: ${JSON.stringify(wl.selector)}`);
      for (const pod of picked) {
        assert.equal(pod.hostNetwork, wl.hostNetwork === true, `${wl.id}: hostNetwork`);
        for (const port of wl.ports) {
          assert.ok(
            pod.ports.some((c) => c.port === port.port && c.protocol === port.protocol && c.name === port.name),
            `${wl.id}: ${port.name} ${port.port}/${port.protocol} is a container port of ${pod.name}`,
          );
        }
      }
    }
  });

  test(`${name}: every long-running chart pod of the namespace is a workload of the graph`, () => {
    const g = wiringGraph(profile);
    for (const pod of facts.filter((p) => !p.hook)) {
      if (pod.release === "kepler" && !profile.kepler.enabled) continue;
      assert.ok(
        g.workloads.some((wl) => selectorMatches({ matchLabels: wl.selector }, pod.labels)),
        `${pod.release}/${pod.kind}/${pod.name} is selected by no workload of the wiring graph`,
      );
    }
  });
}

test("the pod facts are what the pinned charts render (OBSTACK_CHARTS_DIR)", (t) => {
  const dir = process.env.OBSTACK_CHARTS_DIR;
  if (!dir) {
    t.skip("OBSTACK_CHARTS_DIR is not set: no copy of the pinned charts to render (see scripts/pod-facts.ts)");
    return;
  }
  assert.deepEqual(podFacts(dir), facts);
});
