// Render-time checks over the whole stack, before anything is written. A failure here is a bug in
// obstack or a profile it cannot serve; either way the user gets every message at once.
import { checkHelmValues } from "../charts/check.ts";
import { GRAFANA_API_VERSION, validateGrafanaObject } from "../grafana-operator/index.ts";
import { objectId, type K8sObject } from "../k8s/object.ts";
import { mergedRelease } from "../flux/helm.ts";
import type { Profile } from "../profile/schema.ts";
import type { Stack } from "../stack/index.ts";
import { checkQueries } from "../queries/verify.ts";
import { metricsOf } from "../pipeline/metrics.ts";
import { parse } from "../alloy/syntax/parser.ts";
import { chartStabilityLevel, validate } from "../alloy/syntax/validator.ts";
import { formatDiagnostics, type Diagnostic } from "../alloy/syntax/diag.ts";
import type { File } from "../alloy/syntax/ast.ts";
import { checkPolicies } from "../wiring/evaluate.ts";
import { checkWorkloads } from "../workloads/security.ts";

/** An Alloy config as shipped (the text printed once by the pipeline), parsed once for every check below. */
interface ParsedConfig {
  config: Stack["alloy"][number];
  file: File;
  diagnostics: Diagnostic[];
}

interface MergedRelease {
  name: string;
  object: K8sObject;
}

/**
 * Every Alloy config must parse and pass the validator (errors only; warnings are fine) at the stability
 * level its Alloy release runs with (a component below it would not start). That the printer's output is
 * canonical is a property of the printer, not of a profile: a test checks print(parse(x)) == x for both
 * bundled profiles, so a render does not print every config a second time.
 */
function checkAlloy(stack: Stack, parsed: ParsedConfig[], merged: MergedRelease[]): string[] {
  const problems = stack.alloySyntaxErrors.map(
    (e) => `Alloy pipeline ${e.pipeline} of the profile does not parse:\n${formatDiagnostics(e.diagnostics, e.text, e.filename)}`,
  );
  for (const { config: c, file, diagnostics } of parsed) {
    const release = merged.find((m) => m.name === `alloy-${c.workload}`)?.object;
    const stabilityLevel = chartStabilityLevel(release ? (release.spec as { values?: unknown }).values : undefined);
    const errors = [...diagnostics, ...validate(file, { filename: c.filename, stabilityLevel })].filter((d) => d.severity === "error");
    if (errors.length > 0) problems.push(`Alloy config ${c.filename} is invalid:\n${formatDiagnostics(errors, c.text, c.filename)}`);
  }
  return problems;
}

export class RenderCheckError extends Error {
  constructor(readonly problems: string[]) {
    super(`render checks failed:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
  }
}

export function checkStack(stack: Stack, p: Profile): void {
  const { dashboards, rules, chartDashboards, chartRecords, userDashboards, declaredMetrics } = stack.queries;
  const parsed = stack.alloy.map((config) => ({ config, ...parse(config.text, config.filename) }));
  // What kustomize builds from each base release and its overlay patch, validated as a HelmRelease.
  const merged: MergedRelease[] = stack.releases.map((r) => ({ name: r.name, object: mergedRelease(r, p.namespace) }));
  // Every query parses and refers only to metrics the stack collects (or the profile's sources declare)
  // and log labels Alloy attaches; the profile's dashboards are held to the same rule.
  const problems: string[] = [
    ...userDashboards.flatMap((u) => u.problems.map((m) => `profile ${u.where}: ${m}`)),
    ...checkQueries({
      dashboards,
      rules,
      chartDashboards,
      chartRecords,
      staticLabels: p.alloy.staticLabels,
      userDashboards: userDashboards.map((u) => ({ where: u.where, def: u.def })),
      declaredMetrics,
      pipelineMetrics: parsed.flatMap((c) => metricsOf(c.file)),
    }),
    ...checkAlloy(stack, parsed, merged),
  ];
  for (const [i, r] of stack.releases.entries()) {
    // A release's values may only use keys the pinned chart version has.
    const spec = merged[i]!.object.spec as { values?: unknown };
    problems.push(...checkHelmValues(r.chart.id, r.chart.version, spec.values).map((m) => `HelmRelease ${r.name}: ${m}`));
  }
  // The rendered NetworkPolicies admit every edge of the wiring graph and nothing else into the namespace.
  const policies = stack.dirs.flatMap((d) =>
    d.files.flatMap((f) => f.objects.filter((o) => o.kind === "NetworkPolicy").map((o) => ({ ...o, metadata: { ...o.metadata, namespace: o.metadata.namespace ?? d.namespace } }))),
  );
  problems.push(...checkPolicies(stack.wiring, policies));
  const seen = new Map<string, string>();
  // Requests, a memory limit and the restricted security context on every Pod template obstack renders.
  problems.push(...checkWorkloads(stack.dirs.flatMap((d) => d.files.flatMap((f) => f.objects.map((object) => ({ object, where: `${d.path}/${f.name}` }))))));
  for (const d of stack.dirs) {
    for (const f of d.files) {
      for (const o of f.objects) {
        if (o.apiVersion === GRAFANA_API_VERSION) problems.push(...validateGrafanaObject(o));
        const id = `${objectId({ ...o, metadata: { ...o.metadata, namespace: o.metadata.namespace ?? d.namespace } })}`;
        const where = `${d.path}/${f.name}`;
        if (seen.has(id)) problems.push(`${id} is rendered twice (${seen.get(id)} and ${where})`);
        seen.set(id, where);
      }
    }
  }
  if (problems.length > 0) throw new RenderCheckError(problems);
}
