import { test } from "node:test";
import assert from "node:assert/strict";
import { defaultProfile } from "../helpers/fixtures.ts";
import { prometheusDirs, prometheusRelease } from "../../src/prometheus/index.ts";
import { mergedRelease } from "../../src/flux/helm.ts";
import { checkHelmValues } from "../../src/charts/check.ts";

const values = (p = defaultProfile()) => (mergedRelease(prometheusRelease(p), p.namespace).spec as { values: any }).values;

test("Prometheus: 2 replicas, hard anti-affinity, 2d / 25GiB, one claim per replica, cluster label", () => {
  const spec = values().prometheus.prometheusSpec;
  assert.equal(spec.replicas, 2);
  assert.equal(spec.podAntiAffinity, "hard");
  assert.equal(spec.retention, "2d");
  assert.equal(spec.retentionSize, "25GiB");
  assert.equal(spec.enableRemoteWriteReceiver, true);
  assert.deepEqual(spec.externalLabels, { cluster: "kim7s" });
  assert.equal(spec.storageSpec.volumeClaimTemplate.spec.resources.requests.storage, "30Gi");
  assert.equal(spec.storageSpec.volumeClaimTemplate.spec.storageClassName, "local-storage");
  assert.ok(spec.tolerations.some((t: any) => t.key === "node-role.kubernetes.io/control-plane" && t.effect === "NoSchedule"));
  for (const k of ["serviceMonitor", "podMonitor", "rule", "probe", "scrapeConfig"]) {
    assert.equal(spec[`${k}SelectorNilUsesHelmValues`], false, k);
  }
});

test("Prometheus: a PodDisruptionBudget only with more than one replica", () => {
  assert.equal(values().prometheus.podDisruptionBudget.enabled, true);
  const single = defaultProfile({ prometheus: { replicas: 1 } });
  assert.equal(values(single).prometheus.podDisruptionBudget.enabled, false);
});

test("Prometheus: CRDs created and replaced, the chart's Grafana off, node-exporter not scraped twice", () => {
  const p = defaultProfile();
  const hr = mergedRelease(prometheusRelease(p), p.namespace).spec as any;
  assert.equal(hr.install.crds, "Create");
  assert.equal(hr.upgrade.crds, "CreateReplace");
  assert.equal(hr.chart.spec.version, "79.12.0");
  assert.equal(hr.values.grafana.enabled, false);
  assert.equal(hr.values.nodeExporter.enabled, true, "node-exporter runs on every node");
  assert.equal(hr.values["prometheus-node-exporter"].prometheus.monitor.enabled, false, "Alloy scrapes it, Prometheus must not");
  assert.deepEqual(hr.values["prometheus-node-exporter"].tolerations, [{ operator: "Exists" }]);
  // The chart's general and node-exporter groups are on (their series are kept: test/alerts/kps-rules.test.ts).
  for (const group of ["general", "nodeExporterAlerting", "nodeExporterRecording"]) assert.equal(hr.values.defaultRules.rules[group], true, group);
});

test("Alertmanager: 50Gi, replicas from the profile, null receiver with Watchdog routed to it", () => {
  const am = values().alertmanager;
  assert.equal(am.alertmanagerSpec.replicas, 1);
  assert.equal(am.alertmanagerSpec.storage.volumeClaimTemplate.spec.resources.requests.storage, "50Gi");
  assert.equal(am.alertmanagerSpec.storage.volumeClaimTemplate.spec.storageClassName, "local-storage");
  assert.deepEqual(am.config.receivers, [{ name: "null" }]);
  assert.equal(am.config.route.receiver, "null");
  assert.ok(am.config.route.routes.some((r: any) => r.receiver === "null" && r.matchers.includes('alertname="Watchdog"')));
});

test("Alertmanager: profile receivers read secrets from mounted Secrets", () => {
  const p = defaultProfile({
    alertmanager: {
      defaultReceiver: "ops",
      receivers: [
        { name: "null", type: "null" },
        { name: "ops", type: "slack", apiUrlSecret: { name: "slack", key: "url" }, channel: "#ops" },
      ],
      routes: [{ receiver: "ops", matchers: ['severity="critical"'] }],
    },
  });
  const am = values(p).alertmanager;
  assert.deepEqual(am.alertmanagerSpec.secrets, ["slack"]);
  const ops = am.config.receivers.find((r: any) => r.name === "ops");
  assert.equal(ops.slack_configs[0].api_url_file, "/etc/alertmanager/secrets/slack/url");
  assert.equal(am.config.route.receiver, "ops");
  assert.ok(am.config.route.routes.some((r: any) => r.receiver === "ops"));
});

test("Prometheus values only use keys of the pinned chart", () => {
  const p = defaultProfile();
  assert.deepEqual(checkHelmValues("kube-prometheus-stack", "79.12.0", values(p)), []);
  const typo = { ...values(p), prometheus: { prometheusSpec: { retentionSizee: "1GiB" } } };
  assert.match(checkHelmValues("kube-prometheus-stack", "79.12.0", typo).join(), /retentionSizee is not a key/);
});

test("local PersistentVolumes: one per replica on distinct nodes, pre-bound to their claims", () => {
  const p = defaultProfile();
  const overlay = prometheusDirs(p).find((d) => d.flux)!;
  const pvs = overlay.files.flatMap((f) => f.objects).filter((o) => o.kind === "PersistentVolume") as any[];
  const prom = pvs.filter((v) => v.metadata.labels["app.kubernetes.io/component"] === "prometheus");
  assert.equal(prom.length, 2);
  const nodes = prom.map((v) => v.spec.nodeAffinity.required.nodeSelectorTerms[0].matchExpressions[0].values[0]);
  assert.deepEqual(nodes.sort(), ["controlplane-82md", "node01-82nm"]);
  for (const v of prom) {
    assert.equal(v.spec.capacity.storage, "30Gi");
    assert.match(v.spec.claimRef.name, /^prometheus-prometheus-kube-prometheus-prometheus-db-prometheus-prometheus-kube-prometheus-prometheus-[01]$/);
  }
  const withProvisioner = defaultProfile({ storage: { className: "fast", provisioner: "rancher.io/local-path" } });
  const none = prometheusDirs(withProvisioner).find((d) => d.flux)!.files.flatMap((f) => f.objects);
  assert.equal(none.filter((o) => o.kind === "PersistentVolume").length, 0);
});
