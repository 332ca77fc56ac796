// `helm template` of a pinned chart with the values a release renders (base + overlay patch). Chart sources
// are not committed (nothing fetched is): OBSTACK_CHART_SOURCES names a directory holding one folder per
// chart at the pinned tag (loki/, grafana-operator/, kepler/, alloy/, kube-prometheus-stack/ with its
// kube-state-metrics and prometheus-node-exporter subcharts in charts/); see test/charts/helm-template.test.ts.
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parse, parseAllDocuments, stringify } from "yaml";
import { helm } from "../../scripts/tools.ts";
import { tempDir } from "./fixtures.ts";
import { mergedRelease, type ReleaseSpec } from "../../src/flux/helm.ts";
import type { Profile } from "../../src/profile/schema.ts";

type Json = any;
export const CHART_SOURCES = process.env["OBSTACK_CHART_SOURCES"];

/** false when the chart's sources are present, else the reason to skip. */
export function chartSkip(...charts: string[]): false | string {
  if (!CHART_SOURCES || !existsSync(CHART_SOURCES)) return "OBSTACK_CHART_SOURCES is not set to a directory of chart sources at the pinned tags: charts not rendered with helm template";
  const missing = charts.filter((c) => !existsSync(join(CHART_SOURCES, c, "Chart.yaml")));
  return missing.length > 0 ? `OBSTACK_CHART_SOURCES has no ${missing.join(", ")}: not rendered with helm template` : false;
}

/** Copy of the chart without the subcharts our values switch off (helm refuses missing dependencies). */
function chartDir(name: string, values: Json): string {
  const dir = join(tempDir("obstack-chart-"), name);
  cpSync(join(CHART_SOURCES!, name), dir, { recursive: true });
  const chartYaml = join(dir, "Chart.yaml");
  const chart = parse(readFileSync(chartYaml, "utf8"));
  const defaults = parse(readFileSync(join(dir, "values.yaml"), "utf8"));
  const lookup = (o: Json, path: string) => path.split(".").reduce((v, k) => (v === undefined || v === null ? undefined : v[k]), o);
  chart.dependencies = (chart.dependencies ?? []).filter((d: Json) => {
    const on = lookup(values, d.condition) ?? lookup(defaults, d.condition);
    if (on === true && !existsSync(join(dir, "charts", d.name))) throw new Error(`${name}: subchart ${d.name} is enabled but not vendored`);
    return on === true;
  });
  writeFileSync(chartYaml, stringify(chart));
  return dir;
}

export function helmTemplate(r: ReleaseSpec, p: Profile): { chart: Json; objects: Json[]; out: string } {
  const values = (mergedRelease(r, p.namespace).spec as Json).values;
  const dir = chartDir(r.chart.chart, values);
  const file = join(dir, "..", "values.json");
  writeFileSync(file, JSON.stringify(values));
  const out = execFileSync(helm(), ["template", r.releaseName, dir, "--namespace", p.namespace, "--values", file, "--skip-crds"], {
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const chart = parse(readFileSync(join(dir, "Chart.yaml"), "utf8"));
  return { chart, out, objects: parseAllDocuments(out).map((d) => d.toJS()).filter((o) => o) };
}
