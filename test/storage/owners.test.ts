// Who writes each volume: the owners the preparation gives the host directories are the users and groups
// the pods really run as at the pinned versions, and Grafana (which the operator starts without an fsGroup)
// gets one, whatever the storage.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parse, stringify } from "yaml";
import { kubectl } from "../../scripts/tools.ts";
import { SHARED, bothProfiles, defaultProfile, tempDir } from "../helpers/fixtures.ts";
import { mergedRelease } from "../../src/flux/helm.ts";
import { ALERTMANAGER_OWNER, PROMETHEUS_OWNER, prometheusRelease } from "../../src/prometheus/index.ts";
import { LOKI_OWNER, lokiRelease } from "../../src/loki/index.ts";
import { MINIO_OWNER, minioDirs } from "../../src/minio/index.ts";
import { GRAFANA_OWNER, grafanaDirs } from "../../src/grafana/index.ts";
import { validateGrafanaObject } from "../../src/grafana-operator/index.ts";

const charts = join(SHARED, "reference", "charts");
const skip = existsSync(charts) ? false : `reference charts not present at ${charts}: owners not compared with the charts' values`;
if (skip) console.log(`# SKIP ${skip}`);
const values = (file: string) => parse(readFileSync(join(charts, file), "utf8"));

test("Prometheus and Alertmanager directories belong to the chart's pod user and fsGroup (kube-prometheus-stack 79.12.0)", { skip }, () => {
  const v = values("kube-prometheus-stack-79.12.0.values.yaml");
  const ctx = (sc: any) => ({ uid: sc.runAsUser, gid: sc.fsGroup });
  assert.deepEqual(PROMETHEUS_OWNER, ctx(v.prometheus.prometheusSpec.securityContext));
  assert.equal(v.prometheus.prometheusSpec.securityContext.runAsGroup, PROMETHEUS_OWNER.gid);
  assert.deepEqual(ALERTMANAGER_OWNER, ctx(v.alertmanager.alertmanagerSpec.securityContext));
  // The CR names the claim names derive from are the chart's "-prometheus"/"-alertmanager" ones.
  assert.equal(v.cleanPrometheusOperatorObjectNames, false);
});

test("the Loki directory belongs to the chart's pod user and fsGroup (loki 18.11.0)", { skip }, () => {
  const v = values("loki-community-18.11.0.values.yaml");
  const sc = v.loki.podSecurityContext;
  assert.deepEqual(LOKI_OWNER, { uid: sc.runAsUser, gid: sc.fsGroup });
  assert.equal(sc.runAsGroup, LOKI_OWNER.gid);
  // The single binary inherits it: neither its own nor the defaults' context is set.
  assert.ok(v.singleBinary.podSecurityContext === undefined || Object.keys(v.singleBinary.podSecurityContext).length === 0);
  assert.deepEqual(v.defaults.podSecurityContext, {});
});

test("the stack leaves those pod security contexts at the charts' defaults, and MinIO runs as its prepared owner", () => {
  for (const { name, profile: p } of bothProfiles()) {
    const prom = (mergedRelease(prometheusRelease(p), p.namespace).spec as any).values;
    assert.equal(prom.prometheus?.prometheusSpec?.securityContext, undefined, name);
    assert.equal(prom.alertmanager?.alertmanagerSpec?.securityContext, undefined, name);
    const loki = (mergedRelease(lokiRelease(p), p.namespace).spec as any).values;
    assert.equal(loki.loki?.podSecurityContext, undefined, name);
    assert.equal(loki.singleBinary?.podSecurityContext, undefined, name);
  }
  const sts = minioDirs(defaultProfile())[0]!.files.flatMap((f) => f.objects).find((o) => o.kind === "StatefulSet") as any;
  const sc = sts.spec.template.spec.securityContext;
  assert.deepEqual({ uid: sc.runAsUser, gid: sc.runAsGroup }, MINIO_OWNER);
  assert.equal(sc.fsGroup, MINIO_OWNER.gid);
});

const grafanaCR = (p: ReturnType<typeof defaultProfile>) =>
  grafanaDirs(p).flatMap((d) => d.files.flatMap((f) => f.objects)).find((o) => o.kind === "Grafana") as any;

test("Grafana can write its volume in both profiles: the CR gives the pod fsGroup 10001, the operator's uid and gid", () => {
  for (const { name, profile: p } of bothProfiles()) {
    const g = grafanaCR(p);
    const pod = g.spec.deployment.spec.template.spec;
    assert.equal(pod.securityContext?.fsGroup, GRAFANA_OWNER.gid, `${name}: fsGroup`);
    assert.equal(GRAFANA_OWNER.gid, 10001, "grafana-operator v5.24.0 runs grafana as 10001:10001");
    // The operator's own data volume, now backed by the claim the operator creates ("<CR name>-pvc").
    assert.deepEqual(pod.volumes, [{ name: "grafana-data", persistentVolumeClaim: { claimName: `${g.metadata.name}-pvc` } }]);
    assert.equal(g.spec.deployment.spec.strategy?.type, "Recreate", `${name}: one pod at a time on the ReadWriteOnce claim`);
    assert.deepEqual(validateGrafanaObject(g), [], `${name}: the CR is valid for the operator's CRD`);
  }
});

test("kubectl's strategic merge of the CR's pod securityContext into the operator's keeps seccomp and adds fsGroup", () => {
  // The operator's own pod securityContext at v5.24.0 (deployment_reconciler.go:333-343): seccomp only.
  const base = {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "grafana-deployment" },
    spec: {
      selector: { matchLabels: { app: "grafana" } },
      template: {
        metadata: { labels: { app: "grafana" } },
        spec: { securityContext: { seccompProfile: { type: "RuntimeDefault" } }, containers: [{ name: "grafana", image: "grafana" }] },
      },
    },
  };
  const dir = tempDir();
  writeFileSync(join(dir, "deployment.yaml"), stringify(base));
  const patch = { spec: { template: { spec: { securityContext: grafanaCR(defaultProfile()).spec.deployment.spec.template.spec.securityContext } } } };
  const merged = parse(
    execFileSync(kubectl(), ["patch", "--local", "-f", join(dir, "deployment.yaml"), "--type", "strategic", "-p", JSON.stringify(patch), "-o", "yaml"], { encoding: "utf8" }),
  );
  assert.deepEqual(merged.spec.template.spec.securityContext, {
    fsGroup: GRAFANA_OWNER.gid,
    fsGroupChangePolicy: "OnRootMismatch",
    seccompProfile: { type: "RuntimeDefault" },
  });
});
