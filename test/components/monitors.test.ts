import { test } from "node:test";
import assert from "node:assert/strict";
import { defaultProfile } from "../helpers/fixtures.ts";
import { externalMachine, monitorDirs } from "../../src/monitors/index.ts";
import { keplerRelease } from "../../src/kepler/index.ts";
import { buildStack } from "../../src/stack/index.ts";

test("external machines: selector-less Service, EndpointSlice with the address, ServiceMonitor copying machine_name", () => {
  const p = defaultProfile();
  const xps = p.externalMachines.find((m) => m.name === "xps-notebook")!;
  const [svc, slice, sm] = externalMachine(xps) as any[];
  assert.equal(svc.kind, "Service");
  assert.equal(svc.spec.selector, undefined);
  assert.deepEqual(svc.spec.ports.map((x: any) => [x.name, x.port]), [["node", 9100], ["process", 9256]]);
  assert.equal(svc.metadata.labels.machine_name, "xps-notebook");
  assert.equal(slice.kind, "EndpointSlice");
  assert.equal(slice.metadata.labels["kubernetes.io/service-name"], svc.metadata.name);
  assert.deepEqual(slice.endpoints[0].addresses, ["192.168.0.221"]);
  assert.equal(sm.kind, "ServiceMonitor");
  assert.deepEqual(sm.spec.targetLabels, ["machine_name"]);
  assert.deepEqual(sm.spec.selector.matchLabels, { app: svc.metadata.name });
  assert.deepEqual(sm.spec.endpoints.map((e: any) => e.port), ["node", "process"]);
});

test("the MetalLB PodMonitor looks in every namespace", () => {
  const objects = monitorDirs(defaultProfile()).flatMap((d) => d.files.flatMap((f) => f.objects)) as any[];
  const metallb = objects.find((o) => o.metadata.name === "metallb-monitor");
  assert.deepEqual(metallb.spec.selector.matchLabels, { "app.kubernetes.io/instance": "metallb" });
  assert.deepEqual(metallb.spec.namespaceSelector, { any: true });
  assert.equal(metallb.spec.podMetricsEndpoints[0].port, "monitoring");
});

test("Kepler: a DaemonSet on every node, not scraped by Prometheus", () => {
  const v = keplerRelease(defaultProfile()).baseValues as any;
  assert.equal(v.serviceMonitor.enabled, false);
  assert.deepEqual(v.daemonset.tolerations, [{ operator: "Exists" }]);
  assert.ok(buildStack(defaultProfile()).dirs.some((d) => d.path.endsWith("/kepler")));
  assert.ok(!buildStack(defaultProfile({ kepler: { enabled: false } })).dirs.some((d) => d.path.endsWith("/kepler")));
});

test("no ServiceMonitor or PodMonitor anywhere scrapes node-exporter or Kepler", () => {
  const objects = buildStack(defaultProfile()).dirs.flatMap((d) => d.files.flatMap((f) => f.objects)) as any[];
  for (const o of objects.filter((x) => x.kind === "ServiceMonitor" || x.kind === "PodMonitor")) {
    assert.doesNotMatch(JSON.stringify(o.spec.selector), /node-exporter|kepler/, o.metadata.name);
  }
});

test("base directories hold nothing cluster-specific", () => {
  const a = buildStack(defaultProfile());
  const b = buildStack(
    defaultProfile({
      cluster: { name: "other", overlay: "elsewhere" },
      namespace: "monitoring",
      nodes: [{ name: "x1" }, { name: "x2" }, { name: "x3" }],
      storage: { className: "ssd", provisioner: "csi.example.com" },
      grafana: { hostname: "g.example.net", gateway: { name: "gw", namespace: "gw" }, adminSecret: "adm" },
    }),
  );
  const bases = (s: typeof a) => JSON.stringify(s.dirs.filter((d) => d.path.startsWith("overlays/base/")));
  assert.equal(bases(a), bases(b));
});
