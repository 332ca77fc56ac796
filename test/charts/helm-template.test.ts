// The real chart, rendered by the real tool: `helm template` of the pinned Loki, grafana-operator and
// Kepler charts with the values the stack renders (base + overlay patch), for both bundled profiles.
// Chart sources are not committed (nothing fetched is): point OBSTACK_CHART_SOURCES at a directory
// holding loki/, grafana-operator/ and kepler/ at the pinned tags, e.g.
//   git -C helm-charts archive loki-18.11.0 charts/loki | tar -x --strip-components=1 -C $DIR
//   git -C grafana-operator archive v5.24.0 deploy/helm/grafana-operator | tar -x --strip-components=2 -C $DIR
//   git -C kepler archive v0.11.4 manifests/helm/kepler | tar -x --strip-components=2 -C $DIR
// and, for test/workloads/charts.test.ts, alloy/ and kube-prometheus-stack/ with its subcharts vendored:
//   git -C alloy archive helm-chart/1.11.1 operations/helm/charts/alloy | tar -x --strip-components=3 -C $DIR
//   git -C prometheus-community/helm-charts archive kube-prometheus-stack-79.12.0 charts/kube-prometheus-stack | tar -x --strip-components=1 -C $DIR
//   git -C ... archive kube-state-metrics-6.4.2 charts/kube-state-metrics | tar -x --strip-components=1 -C $DIR/kube-prometheus-stack/charts
//   git -C ... archive prometheus-node-exporter-4.49.2 charts/prometheus-node-exporter | tar -x --strip-components=1 -C $DIR/kube-prometheus-stack/charts
// Without it the test skips with that message; the values-level tests (components/deploy-ready.test.ts) still run.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { helmTemplate } from "../helpers/helm.ts";
import { bothProfiles } from "../helpers/fixtures.ts";
import { lokiRelease } from "../../src/loki/index.ts";
import { grafanaOperatorRelease } from "../../src/grafana/index.ts";
import { keplerRelease } from "../../src/kepler/index.ts";
import { CHARTS } from "../../src/charts/catalog.ts";
import type { ReleaseSpec } from "../../src/flux/helm.ts";
import type { Profile } from "../../src/profile/schema.ts";

type Json = any;
const SOURCES = process.env["OBSTACK_CHART_SOURCES"];
const skip = SOURCES && existsSync(SOURCES)
  ? false
  : "OBSTACK_CHART_SOURCES is not set to a directory of chart sources (loki/, grafana-operator/, kepler/ at the pinned tags): charts not rendered with helm template";
if (skip) console.log(`# SKIP helm-template: ${skip}`);

function template(r: ReleaseSpec, p: Profile): { chart: Json; objects: Json[] } {
  return helmTemplate(r, p);
}

const CLUSTER_RBAC = ["ClusterRole", "ClusterRoleBinding"];

for (const { name, profile: p } of bothProfiles()) {
  test(`helm template loki ${CHARTS.loki.version} (${name}): no RBAC at all, one -config.expand-env, GOMEMLIMIT set`, { skip }, () => {
    const { chart, objects } = template(lokiRelease(p), p);
    assert.equal(chart.version, CHARTS.loki.version);
    assert.deepEqual(objects.filter((o) => [...CLUSTER_RBAC, "Role", "RoleBinding"].includes(o.kind)).map((o) => `${o.kind}/${o.metadata.name}`), []);
    const sts = objects.find((o) => o.kind === "StatefulSet");
    const containers = sts.spec.template.spec.containers;
    assert.deepEqual(containers.map((c: Json) => c.name), ["loki"], "no rules sidecar");
    const loki = containers[0];
    assert.equal(loki.args.filter((a: string) => a.startsWith("-config.expand-env")).length, 1, loki.args.join(" "));
    const env = Object.fromEntries(loki.env.map((e: Json) => [e.name, e.value ?? e.valueFrom]));
    assert.match(String(env["GOMEMLIMIT"]), /^[0-9]+MiB$/);
    assert.ok(loki.resources.limits.memory);
    // Names the tree relies on.
    assert.equal(sts.metadata.name, "loki");
    assert.equal(sts.spec.volumeClaimTemplates[0].metadata.name, "storage");
    assert.ok(objects.some((o) => o.kind === "Service" && o.metadata.name === "loki"));
  });

  test(`helm template grafana-operator ${CHARTS["grafana-operator"].version} (${name}): Role in the stack's namespace, WATCH_NAMESPACE = it`, { skip }, () => {
    const { chart, objects } = template(grafanaOperatorRelease(p), p);
    assert.equal(chart.version, CHARTS["grafana-operator"].version);
    assert.deepEqual(objects.filter((o) => CLUSTER_RBAC.includes(o.kind)).map((o) => o.metadata.name), []);
    const roles = objects.filter((o) => o.kind === "Role");
    assert.ok(roles.some((r) => r.rules.some((x: Json) => x.resources?.includes("secrets"))), "the operator's rules as a Role");
    for (const o of objects.filter((o) => ["Role", "RoleBinding"].includes(o.kind))) assert.equal(o.metadata.namespace, p.namespace);
    const dep = objects.find((o) => o.kind === "Deployment");
    const env = dep.spec.template.spec.containers[0].env;
    assert.equal(env.find((e: Json) => e.name === "WATCH_NAMESPACE").value, p.namespace);
  });

  test(`helm template kepler ${CHARTS.kepler.version} (${name}): kepler.nodes becomes the DaemonSet's node affinity`, { skip }, () => {
    const nodes = p.nodes.slice(-1).map((n) => n.name);
    const q = { ...p, kepler: { enabled: true, nodes } };
    const { chart, objects } = template(keplerRelease(q), q);
    // The git tree at v0.11.4 carries version 0.0.0-dev; the release workflow stamps the OCI chart's version.
    assert.ok([CHARTS.kepler.version, "0.0.0-dev"].includes(chart.version), chart.version);
    const ds = objects.find((o) => o.kind === "DaemonSet");
    const terms = ds.spec.template.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms;
    assert.deepEqual(terms, nodes.map((n: string) => ({ matchFields: [{ key: "metadata.name", operator: "In", values: [n] }] })));
    assert.equal(ds.spec.template.metadata.labels["app.kubernetes.io/name"], "kepler");
    assert.equal(ds.spec.template.spec.containers[0].ports[0].name, "http");
  });
}
