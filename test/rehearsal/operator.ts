// What prometheus-operator v0.86.2 (the operator kube-prometheus-stack 79.12.0 ships, Chart.yaml
// appVersion) writes into the Prometheus configuration for the rendered objects, reproduced for the
// rehearsal: the rehearsal's Prometheus runs what the operator would generate, not a hand-written
// equivalent. Every step cites pkg/prometheus/promcfg.go @ v0.86.2; only what the rendered objects
// use is reproduced (a field they do not set is not translated, and the translation refuses it).

/** A relabeling as the CRDs spell it (monitoringv1.RelabelConfig). */
export interface CrdRelabel {
  sourceLabels?: string[];
  separator?: string;
  targetLabel?: string;
  regex?: string;
  modulus?: number;
  replacement?: string;
  action?: string;
}

export interface ScrapeClass {
  name: string;
  default?: boolean;
  relabelings?: CrdRelabel[];
  metricRelabelings?: CrdRelabel[];
}

type PromRelabel = Record<string, unknown>;

/** generateRelabelConfig (promcfg.go:2191-2228): field by field, action lower-cased. */
export function relabel(rc: CrdRelabel[] = []): PromRelabel[] {
  return rc.map((c) => ({
    ...(c.sourceLabels && c.sourceLabels.length > 0 ? { source_labels: c.sourceLabels } : {}),
    ...(c.separator !== undefined ? { separator: c.separator } : {}),
    ...(c.targetLabel ? { target_label: c.targetLabel } : {}),
    ...(c.regex ? { regex: c.regex } : {}),
    ...(c.modulus ? { modulus: c.modulus } : {}),
    ...(c.replacement !== undefined ? { replacement: c.replacement } : {}),
    ...(c.action ? { action: c.action.toLowerCase() } : {}),
  }));
}

/**
 * The class applied to a scrape object naming none: the one with `default: true`
 * (getScrapeClassConfig, promcfg.go:191-231; getScrapeClassOrDefault, promcfg.go:5009-5023).
 */
export function defaultScrapeClass(classes: ScrapeClass[] = []): ScrapeClass {
  const defaults = classes.filter((c) => c.default === true);
  if (defaults.length > 1) throw new Error("multiple default scrape classes defined"); // promcfg.go:221-223
  return defaults[0] ?? { name: "" };
}

/** initRelabelings (promcfg.go:1122-1130): every job first copies job into __tmp_prometheus_job_name. */
const INIT_RELABELINGS: PromRelabel[] = [{ source_labels: ["job"], target_label: "__tmp_prometheus_job_name" }];

const TRANSLATED = new Set(["jobName", "metricsPath", "scrapeInterval", "staticConfigs", "scrapeClass"]);

/**
 * generateScrapeConfig (promcfg.go:3174-4802) for a ScrapeConfig with static targets: job_name
 * "scrapeConfig/<namespace>/<name>" (3181), relabel_configs = initRelabelings, then the scrape class
 * relabelings (3191-3193), then job := spec.jobName (3196-3202); metrics_path (3216-3218),
 * scrape_interval (3232-3234), static_configs with targets and labels as given (3270-3288);
 * metric_relabel_configs = the class's metricRelabelings then the object's (4790-4796).
 */
export function scrapeConfigJob(
  sc: { metadata: { name: string; namespace?: string }; spec: Record<string, unknown> },
  namespace: string,
  classes: ScrapeClass[] = [],
): Record<string, unknown> {
  const spec = sc.spec as {
    jobName?: string;
    metricsPath?: string;
    scrapeInterval?: string;
    scrapeClass?: string;
    staticConfigs?: { targets: string[]; labels?: Record<string, string> }[];
  };
  const untranslated = Object.keys(spec).filter((k) => !TRANSLATED.has(k));
  if (untranslated.length > 0) throw new Error(`ScrapeConfig ${sc.metadata.name}: fields not translated for the rehearsal: ${untranslated.join(", ")}`);
  const named = spec.scrapeClass !== undefined ? classes.find((c) => c.name === spec.scrapeClass) : undefined;
  const cls = named ?? defaultScrapeClass(classes);
  const relabelings = [
    ...INIT_RELABELINGS,
    ...relabel(cls.relabelings),
    ...(spec.jobName !== undefined ? [{ target_label: "job", action: "replace", replacement: spec.jobName }] : []),
  ];
  const metricRelabelings = relabel(cls.metricRelabelings);
  return {
    job_name: `scrapeConfig/${sc.metadata.namespace ?? namespace}/${sc.metadata.name}`,
    ...(spec.metricsPath !== undefined ? { metrics_path: spec.metricsPath } : {}),
    ...(spec.scrapeInterval !== undefined ? { scrape_interval: spec.scrapeInterval } : {}),
    static_configs: (spec.staticConfigs ?? []).map((c) => ({ targets: c.targets, labels: c.labels ?? {} })),
    relabel_configs: relabelings,
    ...(metricRelabelings.length > 0 ? { metric_relabel_configs: metricRelabelings } : {}),
  };
}

/**
 * The class part of what a ServiceMonitor or PodMonitor endpoint gets: initRelabelings, the
 * Kubernetes meta relabelings (not reproducible without a cluster), then the default class's
 * relabelings (ServiceMonitor promcfg.go:2087-2088, PodMonitor 1539-1540) and metricRelabelings
 * (2110-2111, 1566-1567).
 */
export function monitorClassRules(classes: ScrapeClass[] = []): { relabel_configs: PromRelabel[]; metric_relabel_configs?: PromRelabel[] } {
  const cls = defaultScrapeClass(classes);
  const metric = relabel(cls.metricRelabelings);
  return { relabel_configs: [...INIT_RELABELINGS, ...relabel(cls.relabelings)], ...(metric.length > 0 ? { metric_relabel_configs: metric } : {}) };
}
