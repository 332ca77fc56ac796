// What Prometheus scrapes and how Grafana reads it, for both bundled profiles: external machines as
// ScrapeConfigs the rendered Prometheus selects, `cluster` on every scrape and rule output, and one
// replica per Grafana through the Service the datasource names. The run-time side (a real Prometheus
// on the operator's generated configuration) is test/rehearsal/scrape.test.ts.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parse, stringify } from "yaml";
import { bothProfiles, SHARED, tempDir } from "../helpers/fixtures.ts";
import { buildStack } from "../../src/stack/index.ts";
import { mergedRelease } from "../../src/flux/helm.ts";
import { DATASOURCES } from "../../src/dashboards/datasources.ts";
import { PROMETHEUS_RELEASE, PROMETHEUS_SERVICE, svc } from "../../src/wiring/names.ts";
import type { Profile } from "../../src/profile/schema.ts";
import { ALERT_CASES } from "../alerts/cases.ts";
import { requireTool, run } from "../alerts/tools.ts";

const KPS_VALUES = join(SHARED, "reference", "charts", "kube-prometheus-stack-79.12.0.values.yaml");
const noReference = existsSync(KPS_VALUES) ? false : `reference values not present at ${KPS_VALUES}: chart defaults not compared`;

function kpsValues(p: Profile): any {
  const kps = buildStack(p).releases.find((r) => r.chart.id === "kube-prometheus-stack")!;
  return (mergedRelease(kps, p.namespace).spec as { values: any }).values;
}

function objects(p: Profile): any[] {
  return buildStack(p).dirs.flatMap((d) => d.files.flatMap((f) => f.objects.map((o) => ({ ...o, namespace: o.metadata.namespace ?? d.namespace }))));
}

const SCRAPE_KINDS = ["ServiceMonitor", "PodMonitor", "Probe", "ScrapeConfig"];

test("the rendered Prometheus selects the ScrapeConfigs: every selector is {} and they live in its namespace", () => {
  for (const { name, profile } of bothProfiles()) {
    const spec = kpsValues(profile).prometheus.prometheusSpec;
    // templates/prometheus/prometheus.yaml:281-296: NilUsesHelmValues false and no selector given
    // render scrapeConfigSelector: {} and scrapeConfigNamespaceSelector: {} (select everything).
    assert.equal(spec.scrapeConfigSelectorNilUsesHelmValues, false, name);
    assert.equal(spec.scrapeConfigSelector, undefined, name);
    assert.equal(spec.scrapeConfigNamespaceSelector, undefined, name);
    const scs = objects(profile).filter((o) => o.kind === "ScrapeConfig");
    assert.equal(scs.length, profile.externalMachines.length, name);
    // Even a nil namespace selector selects the Prometheus' own namespace (resource_selector.go:168-169).
    for (const sc of scs) assert.equal(sc.namespace, profile.namespace, `${name}: ${sc.metadata.name}`);
  }
});

test("chart defaults the selection relies on: scrapeConfigSelector and its namespace selector are {} in 79.12.0", { skip: noReference }, () => {
  const defaults = parse(readFileSync(KPS_VALUES, "utf8")) as any;
  assert.deepEqual(defaults.prometheus.prometheusSpec.scrapeConfigSelector, {});
  assert.deepEqual(defaults.prometheus.prometheusSpec.scrapeConfigNamespaceSelector, {});
  assert.deepEqual(defaults.prometheus.prometheusSpec.scrapeClasses, []);
  assert.equal(defaults.prometheus.service.sessionAffinity, "None", "the chart's default: requests spread over the replicas");
  assert.equal(defaults.prometheus.service.port, 9090);
  assert.equal(defaults.fullnameOverride, "");
  assert.equal(defaults.nameOverride, "");
});

test("cluster on every scrape: one default scrape class with the profile's cluster, and no scrape object opts out of it", () => {
  for (const { name, profile } of bothProfiles()) {
    const v = kpsValues(profile);
    const classes = v.prometheus.prometheusSpec.scrapeClasses as any[];
    assert.deepEqual(
      classes.filter((c) => c.default === true).map((c) => c.relabelings),
      [[{ targetLabel: "cluster", replacement: profile.cluster.name, action: "replace" }]],
      name,
    );
    for (const o of objects(profile).filter((x) => SCRAPE_KINDS.includes(x.kind))) {
      assert.equal(o.spec.scrapeClass, undefined, `${name}: ${o.kind} ${o.metadata.name} names a scrape class and loses cluster`);
    }
    // Every chart rule, recording or alerting, carries additionalRuleLabels.
    assert.deepEqual(v.defaultRules.additionalRuleLabels, { cluster: profile.cluster.name }, name);
  }
});

test("Grafana reads one replica: the datasource names the kube-prometheus-stack Service, which has ClientIP affinity", () => {
  for (const { name, profile } of bothProfiles()) {
    const ds = objects(profile).find((o) => o.kind === "GrafanaDatasource" && o.spec.datasource.uid === DATASOURCES.prometheus.uid);
    const url = new URL(ds.spec.datasource.url);
    // The Service the chart creates: "<fullname>-prometheus" (templates/prometheus/service.yaml:6), the
    // fullname from the release name PROMETHEUS_RELEASE, with no fullnameOverride/nameOverride.
    assert.equal(url.hostname, svc(profile, PROMETHEUS_SERVICE), name);
    assert.equal(url.port, "9090", name);
    const v = kpsValues(profile);
    const release = buildStack(profile).releases.find((r) => r.chart.id === "kube-prometheus-stack")!;
    assert.equal(release.releaseName, PROMETHEUS_RELEASE, name);
    assert.equal(v.fullnameOverride, undefined, name);
    assert.equal(v.nameOverride, undefined, name);
    assert.notEqual(v.prometheus.service?.enabled, false, name);
    assert.equal(v.prometheus.service?.type, undefined, `${name}: ClusterIP, so the client IP is Grafana's pod`);
    assert.equal(v.prometheus.service?.sessionAffinity, "ClientIP", `${name}: requests of one Grafana stick to one replica`);
  }
});

test("promtool: every stack alert keeps cluster although its expression aggregates it away", (t) => {
  const promtool = requireTool(t, "promtool");
  if (!promtool) return;
  for (const { name, profile } of bothProfiles()) {
    const dir = tempDir("obstack-cluster-rules-");
    const rules = objects(profile).filter((o) => o.kind === "PrometheusRule");
    const files = rules.map((o, i) => {
      const f = join(dir, `${i}.yaml`);
      writeFileSync(f, stringify({ groups: o.spec.groups }, { lineWidth: 0 }));
      return f;
    });
    const byName = new Map(rules.flatMap((o) => o.spec.groups.flatMap((g: any) => g.rules)).map((r: any) => [r.alert, r]));
    // The cases are written for the default profile's thresholds and namespace; Watchdog fires everywhere.
    const cases = name.startsWith("default") ? ALERT_CASES : ALERT_CASES.filter((c) => c.alert === "Watchdog");
    const tests = cases.map((c) => ({
      interval: c.fires.interval ?? "1m",
      // Input series without cluster: what an aggregation (sum by, count by, absent) leaves of them.
      input_series: c.fires.series,
      alert_rule_test: [
        {
          eval_time: c.fires.evalTime,
          alertname: c.alert,
          exp_alerts: [
            {
              exp_labels: { ...c.fires.labels, severity: byName.get(c.alert).labels.severity, cluster: profile.cluster.name },
              exp_annotations: { ...byName.get(c.alert).annotations, description: c.fires.description },
            },
          ],
        },
      ],
    }));
    const file = join(dir, "tests.yaml");
    writeFileSync(file, stringify({ rule_files: files, evaluation_interval: "1m", tests }, { lineWidth: 0 }));
    const r = run(promtool, ["test", "rules", file]);
    assert.equal(r.status, 0, `${name}:\n${r.output}`);
  }
});
