// Regenerates src/wiring/pods.generated.json: the pods each pinned chart renders with the stack's values (default
// profile) — labels of the pod template, hostNetwork, container ports, whether it is a Helm hook — so a test can check
// the wiring graph's selectors against what the charts really put on their pods, without the charts at test time.
//   npx tsx scripts/pod-facts.ts CHARTS_DIR
// CHARTS_DIR holds the chart directories as in their repositories at the pinned tags:
//   kube-prometheus-stack/ (with charts/kube-state-metrics and charts/prometheus-node-exporter at the versions of its
//   Chart.yaml), loki/, alloy/, grafana-operator/, kepler/ (sustainable-computing-io/kepler manifests/helm/kepler).
// Dependencies whose directory is absent (disabled by our values: grafana, windows exporter, minio, rollout-operator)
// are dropped from a scratch copy. Pods made by operators (Prometheus, Alertmanager, Grafana) are not rendered by a
// chart: their labels come from the operators' source (docs/upstream.md).
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse, parseAllDocuments, stringify } from "yaml";
import defaultInput from "../profiles/kimawesome.ts";
import { validateProfile } from "../src/profile/load.ts";
import { buildStack } from "../src/stack/index.ts";
import { deepMerge } from "../src/util/merge.ts";
import { helm } from "./tools.ts";

export const POD_FACTS_FILE = join(import.meta.dirname, "..", "src", "wiring", "pods.generated.json");

export interface ChartPod {
  release: string;
  chart: string;
  kind: string;
  name: string;
  labels: Record<string, string>;
  hostNetwork: boolean;
  /** A Helm hook (e.g. the admission-webhook certificate Jobs): short-lived, nothing connects to it. */
  hook: boolean;
  ports: { name?: string; port: number; protocol: string }[];
}

const CHART_DIRS: Record<string, string> = {
  "kube-prometheus-stack": "kube-prometheus-stack",
  loki: "loki",
  alloy: "alloy",
  "grafana-operator": "grafana-operator",
  kepler: "kepler",
};

function render(chartDir: string, release: string, namespace: string, values: unknown): Record<string, any>[] {
  const scratch = mkdtempSync(join(tmpdir(), "obstack-pods-"));
  try {
    const copy = join(scratch, "chart");
    cpSync(chartDir, copy, { recursive: true, dereference: true });
    const chart = parse(readFileSync(join(copy, "Chart.yaml"), "utf8")) as { dependencies?: { name: string; alias?: string }[] };
    chart.dependencies = (chart.dependencies ?? []).filter((d) => existsSync(join(copy, "charts", d.name)));
    writeFileSync(join(copy, "Chart.yaml"), stringify(chart));
    writeFileSync(join(scratch, "values.json"), JSON.stringify(values));
    const out = execFileSync(helm(), ["template", release, copy, "--namespace", namespace, "--kube-version", "1.33.0", "-f", join(scratch, "values.json")], {
      encoding: "utf8",
      maxBuffer: 256 * 1024 * 1024,
      stdio: ["ignore", "pipe", "ignore"],
    });
    return parseAllDocuments(out).map((d) => d.toJS()).filter((o) => o && typeof o === "object");
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

export function podFacts(chartsDir: string): ChartPod[] {
  const p = validateProfile(defaultInput, "profiles/kimawesome.ts");
  const pods: ChartPod[] = [];
  for (const r of buildStack(p).releases) {
    const dir = join(chartsDir, CHART_DIRS[r.chart.chart] ?? r.chart.chart);
    if (!existsSync(join(dir, "Chart.yaml"))) throw new Error(`no chart ${r.chart.chart} at ${dir}`);
    const version = (parse(readFileSync(join(dir, "Chart.yaml"), "utf8")) as { version: string }).version;
    // Kepler's chart in its repository carries a placeholder version its release sets: the tag (v0.11.4) decides.
    if (version !== r.chart.version && version !== "0.0.0-dev") throw new Error(`${dir} is ${r.chart.chart} ${version}, not ${r.chart.version}`);
    for (const o of render(dir, r.releaseName, p.namespace, deepMerge(r.baseValues, r.clusterValues))) {
      if (!["Deployment", "DaemonSet", "StatefulSet", "Job"].includes(o.kind)) continue;
      const t = o.spec.template;
      pods.push({
        release: r.releaseName,
        chart: `${r.chart.chart}-${r.chart.version}`,
        kind: o.kind,
        name: o.metadata.name,
        labels: t.metadata?.labels ?? {},
        hostNetwork: t.spec.hostNetwork === true,
        hook: Boolean(o.metadata.annotations?.["helm.sh/hook"]),
        ports: (t.spec.containers ?? []).flatMap((c: any) =>
          (c.ports ?? []).map((x: any) => ({ ...(x.name ? { name: x.name } : {}), port: x.containerPort, protocol: x.protocol ?? "TCP" })),
        ),
      });
    }
  }
  return pods.sort((a, b) => `${a.release}/${a.kind}/${a.name}`.localeCompare(`${b.release}/${b.kind}/${b.name}`));
}

if (import.meta.filename === process.argv[1]) {
  const dir = process.argv[2];
  if (!dir) {
    console.error("usage: npx tsx scripts/pod-facts.ts CHARTS_DIR");
    process.exit(2);
  }
  writeFileSync(POD_FACTS_FILE, JSON.stringify(podFacts(dir), null, 2) + "\n");
  console.log(`wrote ${POD_FACTS_FILE}`);
}
