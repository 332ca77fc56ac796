// The chart facts of src/workloads/charts.ts against the pinned charts themselves: `helm template` of every
// release the stack renders, with its values, for both bundled profiles. The containers helm renders (and,
// for pods prometheus-operator creates from the Prometheus and Alertmanager resources, those resources) are
// exactly the facts' list; each has the profile's requests and memory limit and passes the same restricted
// check as obstack's own pods (src/workloads/security.ts), exceptions included. Kepler's PriorityClass comes
// from a Flux post-renderer, applied here with kustomize (the engine Flux's post-renderer uses).
// Needs OBSTACK_CHART_SOURCES (see test/helpers/helm.ts); skips saying so otherwise.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseAllDocuments, stringify } from "yaml";
import { bothProfiles, tempDir } from "../helpers/fixtures.ts";
import { chartSkip, helmTemplate } from "../helpers/helm.ts";
import { kubectl } from "../../scripts/tools.ts";
import { buildStack } from "../../src/stack/index.ts";
import { CHART_CONTAINERS } from "../../src/workloads/charts.ts";
import { resourcesFor } from "../../src/workloads/resources.ts";
import { checkPodTemplate, podTemplates } from "../../src/workloads/security.ts";
import { nodeAgentPriorityClassName } from "../../src/workloads/index.ts";
import type { ReleaseSpec } from "../../src/flux/helm.ts";

type Json = any;
const skip = chartSkip("kube-prometheus-stack", "loki", "grafana-operator", "kepler", "alloy");
if (skip) console.log(`# SKIP workloads/charts: ${skip}`);

/** Applies a release's Flux post-renderers to helm's output with kustomize, as helm-controller does. */
function postRender(r: ReleaseSpec, out: string): Json[] {
  if (!r.postRenderers) return parseAllDocuments(out).map((d) => d.toJS()).filter((o) => o);
  const dir = tempDir("obstack-postrender-");
  writeFileSync(join(dir, "all.yaml"), out);
  const patches = r.postRenderers.flatMap((pr) => pr.kustomize.patches);
  writeFileSync(join(dir, "kustomization.yaml"), stringify({ apiVersion: "kustomize.config.k8s.io/v1beta1", kind: "Kustomization", resources: ["all.yaml"], patches }));
  const built = execFileSync(kubectl(), ["kustomize", dir], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  return parseAllDocuments(built).map((d) => d.toJS()).filter((o) => o);
}

/** The pods prometheus-operator makes of a Prometheus/Alertmanager resource, from the resource and the operator's flags. */
function operatorPods(objects: Json[]): { workload: string; spec: Json }[] {
  const operator = objects.find((o) => o.kind === "Deployment" && o.metadata.name.endsWith("-operator") && o.spec.template.spec.containers[0].args);
  const args: string[] = operator?.spec.template.spec.containers[0].args ?? [];
  const flag = (name: string) => args.find((a) => a.startsWith(`--config-reloader-${name}=`))?.split("=")[1];
  const reloader = {
    requests: { cpu: flag("cpu-request"), memory: flag("memory-request") },
    limits: { memory: flag("memory-limit") },
  };
  const reloaderSc = { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] } };
  return objects
    .filter((o) => o.kind === "Prometheus" || o.kind === "Alertmanager")
    .map((o) => {
      const main = o.kind === "Prometheus" ? "prometheus" : "alertmanager";
      const fact = CHART_CONTAINERS.find((f) => f.generatedFrom === `${o.kind}/${o.metadata.name}` && f.container === main);
      assert.ok(fact, `${o.kind}/${o.metadata.name} is in the facts`);
      return {
        workload: fact.workload,
        spec: {
          securityContext: o.spec.securityContext,
          initContainers: [{ name: "init-config-reloader", resources: reloader, securityContext: reloaderSc }],
          containers: [
            { name: main, resources: o.spec.resources, securityContext: reloaderSc },
            { name: "config-reloader", resources: reloader, securityContext: reloaderSc },
          ],
        },
      };
    });
}

for (const { name, profile: p } of bothProfiles()) {
  test(`helm template of every release: the containers are the facts' list, bounded and restricted (${name})`, { skip }, () => {
    const stack = buildStack(p);
    const seen: string[] = [];
    const problems: string[] = [];
    for (const r of stack.releases) {
      const { out } = helmTemplate(r, p);
      const objects = postRender(r, out);
      const templates = [...objects.flatMap(podTemplates), ...operatorPods(objects)];
      for (const t of templates) {
        problems.push(...checkPodTemplate(t, `${r.name}: ${t.workload}`));
        for (const c of [...(t.spec.initContainers ?? []), ...t.spec.containers]) {
          seen.push(`${r.name} ${t.workload}/${c.name}`);
          const fact = CHART_CONTAINERS.find((f) => f.release === r.name && f.workload === t.workload && f.container === c.name);
          if (!fact) continue;
          assert.deepEqual(c.resources, resourcesFor(p, fact.component), `${r.name} ${t.workload}/${c.name} resources (${fact.resources})`);
        }
        // Node agents carry the PriorityClass.
        if (["DaemonSet/alloy-node", "DaemonSet/kepler", "DaemonSet/prometheus-prometheus-node-exporter"].includes(t.workload)) {
          assert.equal(t.spec.priorityClassName, nodeAgentPriorityClassName(p), `${t.workload} priorityClassName`);
        }
      }
    }
    const facts = CHART_CONTAINERS.filter((f) => p.kepler.enabled || f.release !== "kepler").map((f) => `${f.release} ${f.workload}/${f.container}`);
    assert.deepEqual([...seen].sort(), [...facts].sort(), "containers rendered by the charts = src/workloads/charts.ts");
    assert.deepEqual(problems, []);
  });
}
