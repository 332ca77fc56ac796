import { test } from "node:test";
import assert from "node:assert/strict";
import { bothProfiles, defaultProfile } from "../helpers/fixtures.ts";
import { externalMachine, externalMachineJob, monitorDirs } from "../../src/monitors/index.ts";
import { keplerRelease } from "../../src/kepler/index.ts";
import { buildStack } from "../../src/stack/index.ts";

test("external machines: one ScrapeConfig each with static targets and machine_name, no Service, EndpointSlice or ServiceMonitor", () => {
  for (const { name, profile } of bothProfiles()) {
    const objects = buildStack(profile).dirs.flatMap((d) => d.files.flatMap((f) => f.objects)) as any[];
    // A hand-made EndpointSlice is never mirrored into Endpoints, which ServiceMonitors discover (role endpoints).
    assert.ok(!objects.some((o) => o.kind === "EndpointSlice"), name);
    for (const m of profile.externalMachines) {
      const related = objects.filter((o) => o.metadata.name === `${m.name}-exporters`);
      assert.deepEqual(related.map((o) => `${o.apiVersion} ${o.kind}`), ["monitoring.coreos.com/v1alpha1 ScrapeConfig"], `${name}: ${m.name}`);
      const sc = related[0];
      assert.equal(sc.spec.jobName, externalMachineJob(m));
      assert.deepEqual(
        sc.spec.staticConfigs,
        m.exporters.map((e) => ({ targets: [`${m.address}:${e.port}`], labels: { machine_name: m.name, exporter: e.name } })),
      );
    }
  }
  const v6 = externalMachine({ name: "v6", address: "fd00::5", exporters: [{ name: "node", port: 9100, metrics: [] }], interval: "30s" }) as any[];
  assert.deepEqual(v6[0].spec.staticConfigs[0].targets, ["[fd00::5]:9100"]);
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
