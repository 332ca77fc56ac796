import { test } from "node:test";
import assert from "node:assert/strict";
import defaultInput from "../profiles/kimawesome.ts";
import { ProfileError, validateProfile } from "../src/profile/load.ts";

function problems(input: unknown): string[] {
  try {
    validateProfile(input, "p.yaml");
  } catch (e) {
    if (e instanceof ProfileError) return e.problems;
    throw e;
  }
  assert.fail("the profile was accepted");
}

const base = defaultInput as Record<string, any>;

test("the bundled profile reproduces the reference cluster", () => {
  const p = validateProfile(defaultInput, "kimawesome.ts");
  assert.equal(p.cluster.name, "kim7s");
  assert.equal(p.cluster.overlay, "kimawesome");
  assert.equal(p.namespace, "observability");
  assert.equal(p.grafana.hostname, "grafana.kim.tec.br");
  assert.deepEqual(p.grafana.gateway, { name: "https-gateway", namespace: "kube-system", sectionName: "https-grafana" });
  assert.equal(p.storage.className, "local-storage");
  assert.deepEqual(p.nodes.map((n) => n.name), ["controlplane-82md", "node01-82nm"]);
  assert.equal(p.prometheus.replicas, 2);
  assert.equal(p.prometheus.retention, "2d");
  assert.equal(p.prometheus.retentionSize, "25GiB");
  assert.equal(p.alertmanager.volumeSize, "50Gi");
  assert.equal(p.loki.retention, "31d");
  assert.equal(p.loki.storage.type, "minio");
  assert.deepEqual(p.externalMachines.map((m) => m.name).sort(), ["media-center", "proxmox", "xps-notebook"]);
  assert.ok(p.podMonitors.some((m) => m.name === "metallb-monitor"));
  assert.deepEqual(p.podMonitors.map((m) => m.name), ["metallb-monitor", "kgateway-monitor", "kgateway-app-monitor"]);
  // The reference cluster's own Alloy pipeline (gateway access logs → metrics), as typed blocks.
  assert.equal(p.alloy.pipelines[0]?.name, "gateway-access-log-metrics");
  assert.ok(Array.isArray(p.alloy.pipelines[0]?.config));
});

test("retentionSize must stay below 90% of the volume", () => {
  const msgs = problems({ ...base, prometheus: { retentionSize: "25GiB", volumeSize: "25Gi" } });
  assert.deepEqual(msgs, ["prometheus.retentionSize: 25GiB must stay below 90% of prometheus.volumeSize (25Gi); lower retentionSize or raise volumeSize"]);
  // 25GiB of 28Gi is 89%: accepted.
  validateProfile({ ...base, prometheus: { retentionSize: "25GiB", volumeSize: "28Gi" } }, "p");
});

test("hard anti-affinity cannot ask for more replicas than nodes", () => {
  const msgs = problems({ ...base, prometheus: { replicas: 3 } });
  assert.match(msgs.join("\n"), /^prometheus\.replicas: 3 replicas with hard anti-affinity need 3 nodes, but nodes lists 2/m);
  // Soft: accepted, with one directory per replica (a path named for Prometheus would be shared on a node).
  validateProfile({ ...base, prometheus: { replicas: 3, antiAffinity: "soft" }, storage: { ...base.storage, paths: {} } }, "p");
});

test("unknown keys are rejected with their path", () => {
  const msgs = problems({ ...base, prometheus: { retension: "2d" } });
  assert.deepEqual(msgs, ["prometheus.retension: unknown key; remove it or fix its spelling (see `obstack schema`)"]);
  assert.match(problems({ ...base, colour: "blue" }).join(), /^colour: unknown key/);
});

test("secrets are referenced by name, never given as values", () => {
  const msgs = problems({ ...base, grafana: { ...base.grafana, adminPassword: "hunter2" } });
  assert.match(msgs.join(), /grafana\.adminPassword: unknown key; secrets are never given as values: create a Secret/);
  const url = problems({
    ...base,
    alertmanager: { receivers: [{ name: "null", type: "null" }, { name: "hook", type: "webhook", url: "https://user:pw@hooks.example.com/x" }] },
  });
  assert.match(url.join(), /alertmanager\.receivers\.1\.url: must not embed credentials \(user:password@\); use urlSecret/);
  const slack = problems({
    ...base,
    alertmanager: { receivers: [{ name: "null", type: "null" }, { name: "s", type: "slack", apiUrl: "https://hooks.slack.com/x", channel: "#a" }] },
  });
  assert.match(slack.join("\n"), /apiUrl: unknown key; remove it|apiUrlSecret/);
});

test("Kubernetes names and hostnames are validated", () => {
  assert.match(problems({ ...base, namespace: "Observability" }).join(), /^namespace: must be a Kubernetes name/);
  assert.match(problems({ ...base, cluster: { name: "kim_7s", overlay: "x" } }).join(), /^cluster\.name: must be a Kubernetes name/);
  assert.match(problems({ ...base, grafana: { ...base.grafana, hostname: "grafana..kim" } }).join(), /^grafana\.hostname: must be a DNS hostname/);
  assert.match(problems({ ...base, nodes: [{ name: "Node One" }] }).join(), /^nodes\.0\.name: must be an RFC 1123 subdomain/);
});

test("routes and the default receiver must name defined receivers", () => {
  const msgs = problems({ ...base, alertmanager: { defaultReceiver: "pager", routes: [{ receiver: "ops", matchers: ['severity="critical"'] }] } });
  assert.ok(msgs.includes("alertmanager.defaultReceiver: pager is not one of alertmanager.receivers (null)"), msgs.join("\n"));
  assert.ok(msgs.includes("alertmanager.routes.0.receiver: ops is not one of alertmanager.receivers (null)"), msgs.join("\n"));
});

test("duplicate node and machine names are rejected", () => {
  assert.match(problems({ ...base, nodes: [{ name: "a" }, { name: "a" }] }).join(), /nodes\.1\.name: a is listed twice/);
  const m = { name: "box", address: "10.0.0.1", exporters: [{ name: "node", port: 9100 }] };
  assert.match(problems({ ...base, externalMachines: [m, m] }).join(), /externalMachines\.1\.name: box is used twice/);
});
