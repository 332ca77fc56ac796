import { test } from "node:test";
import assert from "node:assert/strict";
import { defaultProfile } from "../helpers/fixtures.ts";
import { lokiRelease, retentionHours, lokiDirs } from "../../src/loki/index.ts";
import { minioDirs, LOKI_BUCKETS } from "../../src/minio/index.ts";
import { grafanaDirs } from "../../src/grafana/index.ts";
import { mergedRelease } from "../../src/flux/helm.ts";
import { validateGrafanaObject } from "../../src/grafana-operator/index.ts";
import { checkHelmValues } from "../../src/charts/check.ts";
import { buildStack } from "../../src/stack/index.ts";

const lokiValues = (p = defaultProfile()) => (mergedRelease(lokiRelease(p), p.namespace).spec as any).values;

test("Loki: single binary, schema v13 on tsdb, 31 days of retention that really deletes", () => {
  const v = lokiValues();
  assert.equal(v.deploymentMode, "Monolithic");
  assert.equal(v.singleBinary.replicas, 1);
  assert.deepEqual([v.read.replicas, v.write.replicas, v.backend.replicas], [0, 0, 0]);
  assert.equal(v.loki.schemaConfig.configs[0].schema, "v13");
  assert.equal(v.loki.schemaConfig.configs[0].store, "tsdb");
  assert.equal(v.loki.compactor.retention_enabled, true);
  assert.equal(v.loki.compactor.delete_request_store, "s3");
  assert.equal(v.loki.limits_config.retention_period, "744h");
  assert.equal(retentionHours("31d"), "744h");
  assert.deepEqual(checkHelmValues("loki", "18.11.0", v), []);
});

test("Loki on MinIO: credentials from the referenced Secret, buckets created before Loki starts", () => {
  const p = defaultProfile();
  const v = lokiValues(p);
  assert.equal(v.loki.storage.type, "s3");
  assert.deepEqual(v.loki.storage.bucketNames, LOKI_BUCKETS);
  assert.equal(v.loki.storage.s3.accessKeyId, "${AWS_ACCESS_KEY_ID}");
  // The chart passes -config.expand-env=true itself (templates/_pod.tpl @ loki-18.11.0).
  assert.equal(v.singleBinary.extraArgs, undefined);
  // Loki's own MinIO user (issue #9), never MinIO's root credentials.
  assert.deepEqual(v.singleBinary.extraEnv[0].valueFrom.secretKeyRef, { name: "loki-s3", key: "AWS_ACCESS_KEY_ID" });
  const [minio] = minioDirs(p);
  const objects = minio!.files.flatMap((f) => f.objects) as any[];
  const sts = objects.find((o) => o.kind === "StatefulSet");
  assert.equal(sts.spec.volumeClaimTemplates[0].spec.resources.requests.storage, "30Gi");
  const job = objects.find((o) => o.kind === "Job");
  for (const b of Object.values(LOKI_BUCKETS)) assert.match(job.spec.template.spec.containers[0].args[0], new RegExp(`mc mb --ignore-existing stack/${b}`));
  assert.equal(minio!.flux!.wait, true);
  assert.ok(lokiDirs(p).find((d) => d.flux)!.flux!.dependsOn.includes(minio!.path));
});

test("Loki on an external S3 endpoint: no MinIO rendered", () => {
  const p = defaultProfile({
    loki: { storage: { type: "s3", endpoint: "s3.eu-west-1.amazonaws.com", bucket: "my-logs", credentialsSecret: "loki-s3" } },
  });
  assert.deepEqual(minioDirs(p), []);
  const v = lokiValues(p);
  assert.equal(v.loki.storage.s3.endpoint, "s3.eu-west-1.amazonaws.com");
  assert.equal(v.loki.storage.bucketNames.chunks, "my-logs");
  assert.deepEqual(v.singleBinary.extraEnv[1].valueFrom.secretKeyRef, { name: "loki-s3", key: "AWS_SECRET_ACCESS_KEY" });
  assert.ok(!buildStack(p).dirs.some((d) => d.path.endsWith("/minio")));
});

test("Grafana: datasources point at the stack's own Services, right types, stable uids, exactly one default", () => {
  const objects = grafanaDirs(defaultProfile()).flatMap((d) => d.files.flatMap((f) => f.objects)) as any[];
  const ds = objects.filter((o) => o.kind === "GrafanaDatasource").map((o) => o.spec.datasource);
  assert.deepEqual(ds.map((d) => [d.type, d.uid, d.url]), [
    ["prometheus", "prometheus", "http://prometheus-kube-prometheus-prometheus.observability.svc:9090"],
    ["loki", "loki", "http://loki.observability.svc:3100"],
    ["alertmanager", "alertmanager", "http://prometheus-kube-prometheus-alertmanager.observability.svc:9093"],
  ]);
  assert.equal(ds.filter((d) => d.isDefault).length, 1);
  for (const o of objects.filter((o) => o.apiVersion === "grafana.integreatly.org/v1beta1")) assert.deepEqual(validateGrafanaObject(o), []);
});

test("Grafana: admin credentials from the referenced Secret, 20Gi, HTTPRoute from the profile's gateway", () => {
  const objects = grafanaDirs(defaultProfile()).flatMap((d) => d.files.flatMap((f) => f.objects)) as any[];
  const g = objects.find((o) => o.kind === "Grafana");
  assert.equal(g.spec.disableDefaultAdminSecret, true);
  const env = g.spec.deployment.spec.template.spec.containers[0].env;
  assert.deepEqual(env.map((e: any) => e.valueFrom.secretKeyRef.name), ["credentials", "credentials"]);
  assert.equal(g.spec.persistentVolumeClaim.spec.resources.requests.storage, "20Gi");
  const route = objects.find((o) => o.kind === "HTTPRoute");
  assert.deepEqual(route.spec.parentRefs, [{ name: "https-gateway", namespace: "kube-system", sectionName: "https-grafana" }]);
  assert.deepEqual(route.spec.hostnames, ["grafana.kim.tec.br"]);
  assert.deepEqual(route.spec.rules[0].backendRefs, [{ name: "grafana-service", port: 3000 }]);
});

test("Grafana: dashboards are provisioned into the stack's folder with no unresolved datasource inputs", () => {
  // The stack's own dashboards: the profile's go to the folders it names (test/dashboards/user.test.ts).
  const objects = grafanaDirs(defaultProfile({ dashboards: [] })).flatMap((d) => d.files.flatMap((f) => f.objects)) as any[];
  const folder = objects.find((o) => o.kind === "GrafanaFolder" && o.metadata.name === "obstack");
  // The stack's own dashboards (the chart's, by configMapRef, are tested in test/dashboards/kps.test.ts).
  const dashboards = objects.filter((o) => o.kind === "GrafanaDashboard" && o.spec.json !== undefined);
  assert.ok(dashboards.length >= 1);
  const dsNames = new Set(objects.filter((o) => o.kind === "GrafanaDatasource").map((o) => o.spec.datasource.name));
  for (const d of dashboards) {
    assert.equal(d.spec.folderRef, folder.metadata.name);
    for (const m of d.spec.datasources) assert.ok(dsNames.has(m.datasourceName), `mapping to unknown datasource ${m.datasourceName}`);
    assert.deepEqual(d.spec.instanceSelector, folder.spec.instanceSelector);
    assert.doesNotMatch(d.spec.json, /\$\{DS_/);
    const json = JSON.parse(d.spec.json);
    const uids = new Set(["prometheus", "loki", "alertmanager"]);
    for (const panel of json.panels.filter((x: any) => x.type !== "row")) assert.ok(uids.has(panel.datasource.uid), panel.title);
  }
  const g = objects.find((o) => o.kind === "Grafana");
  assert.deepEqual(folder.spec.instanceSelector.matchLabels, { dashboards: g.metadata.labels.dashboards });
});
