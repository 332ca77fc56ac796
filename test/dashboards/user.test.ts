// The profile's own dashboards: files and SDK-built models become GrafanaDashboards in the folder the
// profile names, their datasources mapped to the stack's uids, their queries checked like the stack's.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { stringify } from "yaml";
import { bothProfiles, defaultProfile, readTree, runCli, secondProfile, SHARED, tempDir } from "../helpers/fixtures.ts";
import { buildStack } from "../../src/stack/index.ts";
import { checkStack, RenderCheckError } from "../../src/checks/index.ts";
import { mapDatasources } from "../../src/dashboards/user.ts";
import { extractDashboardQueries } from "../../src/queries/verify.ts";
import type { Profile, StackInput } from "../../src/profile/schema.ts";
import type { K8sObject } from "../../src/k8s/object.ts";

type Json = Record<string, any>;
const REFERENCE = join(SHARED, "reference", "original-cluster");
const DASHBOARD_DIR = join(REFERENCE, "overlays", "base", "grafana", "dashboards");
const reference = existsSync(DASHBOARD_DIR) ? readdirSync(DASHBOARD_DIR).filter((f) => f.endsWith(".json")).sort() : [];
const skipReference = reference.length === 0 ? `reference cluster dashboards not found at ${DASHBOARD_DIR}` : false;

function objects(p: Profile): K8sObject[] {
  return buildStack(p).dirs.flatMap((d) => d.files.flatMap((f) => f.objects));
}

function problems(p: Profile): string[] {
  try {
    checkStack(buildStack(p), p);
    return [];
  } catch (e) {
    if (e instanceof RenderCheckError) return e.problems;
    throw e;
  }
}

/**
 * What the reference cluster's dashboards read besides what the stack collects, declared on the sources
 * that provide it: pve-exporter and graphite-exporter (ServiceMonitors as in the reference tree), the
 * textfile metrics of the Proxmox host's node-exporter, process-exporter on the notebook, and the
 * kgateway access-log pipeline.
 */
function withReferenceDashboards(make: (o: Partial<StackInput>) => Profile, declare = true): Profile {
  const m = (xs: string[]) => (declare ? xs : []);
  const base = make({});
  return make({
    dashboards: reference.map((f) => ({ file: join(DASHBOARD_DIR, f), folder: "Homelab" })),
    // The exporters as plain ServiceMonitors here (the exporters themselves: test/components/exporters.test.ts).
    exporters: [],
    serviceMonitors: [
      {
        name: "pve-exporter",
        selector: { app: "pve-exporter" },
        endpoints: [{ port: "metrics", path: "/pve", params: { module: ["default"], target: ["proxmox-external-service.external-services.svc.cluster.local"] } }],
        metrics: m(["pve_*"]),
      },
      {
        name: "graphite-exporter",
        selector: { app: "graphite-exporter" },
        endpoints: [{ port: "metrics" }],
        // graphite_mapping.conf maps TrueNAS's Graphite paths to these names.
        metrics: m([
          "graphite_*", "cgroup_*", "cpu_temperature", "cpu_total", "disk_*", "interface_*", "physical_memory", "system_load", "truenas_arcstats", "uptime",
        ]),
      },
    ],
    externalMachines: [
      { name: "xps-notebook", address: "192.168.0.221", exporters: [{ name: "node", port: 9100 }, { name: "process", port: 9256, metrics: m(["namedprocess_*"]) }] },
      { name: "proxmox", address: "192.168.0.4", exporters: [{ name: "node", port: 9100, metrics: m(["media_backup_*"]) }] },
    ],
    alloy: {
      ...base.alloy,
      pipelines: [
        {
          name: "gateway-route-metrics",
          workload: "cluster",
          config: 'prometheus.relabel "envoy_route_metrics" {\n  forward_to = []\n}\n',
          metrics: m(["envoy_route_*"]),
        },
      ],
    },
  });
}

for (const [name, make] of [
  ["default", defaultProfile],
  ["second", secondProfile],
] as const) {
  test(`${name} profile: the reference cluster's nine dashboards become GrafanaDashboards mapped to the stack's datasources`, { skip: skipReference }, () => {
    const p = withReferenceDashboards(make);
    assert.deepEqual(problems(p), []);
    const all = objects(p);
    const folder = all.find((o) => o.kind === "GrafanaFolder" && (o.spec as Json).title === "Homelab");
    assert.ok(folder, "a GrafanaFolder titled Homelab");
    const dashboards = all.filter((o) => o.kind === "GrafanaDashboard" && (o.spec as Json).folderRef === folder!.metadata.name);
    assert.equal(dashboards.length, 9);
    const titles = dashboards.map((d) => JSON.parse((d.spec as Json).json).title as string).sort();
    assert.ok(titles.includes("Proxmox Overview (pve-exporter)"));
    assert.ok(titles.includes("TrueNAS Overview (graphite-exporter)"));
    for (const d of dashboards) {
      const text = (d.spec as Json).json as string;
      const j = JSON.parse(text) as Json;
      // No import-time inputs or foreign uids are left: every query runs on a datasource the stack renders.
      assert.doesNotMatch(text, /\$\{DS_[A-Z_]+\}/, `${j.title}: an unresolved datasource input`);
      assert.doesNotMatch(text, /44fd2e18-715d-458e-ab7c-a6b4ecfa6966/, `${j.title}: a datasource uid of the old Grafana`);
      assert.equal(j.__inputs, undefined);
      assert.ok(!(j.templating?.list ?? []).some((v: Json) => v.type === "datasource"), `${j.title}: datasource variable left behind`);
      for (const q of extractDashboardQueries({ uid: j.uid, title: j.title, json: j })) assert.equal(q.datasourceUid, "prometheus", `${j.title} ${q.panel}`);
      assert.equal(d.metadata.name, j.uid);
    }
  });

  test(`${name} profile: a metric of a dashboard that no source declares is a render error naming the profile path, dashboard and panel`, { skip: skipReference }, () => {
    const found = problems(withReferenceDashboards(make, false));
    const proxmox = reference.indexOf("proxmox-overview.json");
    assert.ok(
      found.some((m) =>
        m.startsWith(`profile dashboards.${proxmox} (${join(DASHBOARD_DIR, "proxmox-overview.json")}): dashboard "Proxmox Overview (pve-exporter)", panel "Node Status": unknown metric pve_up`),
      ),
      found.slice(0, 3).join("\n"),
    );
    assert.ok(found.some((m) => /dashboard "Per-Process Overview \(process-exporter\)", variable "machine": unknown metric namedprocess_namegroup_num_procs/.test(m)));
    // The node-exporter dashboard needs no declaration: the stack collects node-exporter itself.
    assert.ok(!found.some((m) => m.includes("Machine Overview")));
  });
}

test("both bundled profiles ship a dashboard of their own built with the foundation SDK, in their own folder", () => {
  for (const { name, profile } of bothProfiles()) {
    assert.deepEqual(problems(profile), [], name);
    const all = objects(profile);
    const own = all.filter((o) => o.kind === "GrafanaDashboard" && (o.spec as Json).folderRef?.startsWith("folder-"));
    assert.equal(own.length, 1, name);
    const j = JSON.parse((own[0]!.spec as Json).json) as Json;
    // The SDK leaves panel ids and refIds to the caller; obstack fills them.
    for (const p of j.panels) {
      assert.equal(typeof p.id, "number");
      for (const t of p.targets) assert.match(t.refId, /^[A-Z]$/);
    }
    assert.equal(new Set(j.panels.map((p: Json) => p.id)).size, j.panels.length);
    for (const q of extractDashboardQueries({ uid: j.uid, title: j.title, json: j })) assert.equal(q.datasourceUid, "prometheus");
  }
});

test("the default profile's gateway dashboard queries what its pipeline makes (derived from stage.metrics, no declaration); without the pipeline the metric is unknown", () => {
  const p = defaultProfile();
  assert.deepEqual(p.alloy.pipelines.flatMap((x) => x.metrics), [], "nothing declared by hand");
  // No declaration anywhere (the kgateway PodMonitor declares envoy_*): the pipeline's own metrics suffice.
  const podMonitors = p.podMonitors.map((m) => ({ ...m, metrics: [] }));
  assert.deepEqual(problems(defaultProfile({ podMonitors })), []);
  const without = defaultProfile({ podMonitors, alloy: { ...p.alloy, pipelines: [] } });
  const found = problems(without);
  assert.ok(found.some((m) => /^profile dashboards\.0 \(json\): dashboard "Gateway requests", panel "Requests by authority": unknown metric envoy_route_requests_total/.test(m)), found.join("\n"));
});

test("mapDatasources: inputs, datasource variables, foreign uids and names map to the stack's uids; the rest is reported", () => {
  const { json, problems: found } = mapDatasources({
    __inputs: [{ name: "DS_PROM", type: "datasource", pluginId: "prometheus" }],
    templating: {
      list: [
        { name: "ds", type: "datasource", query: "loki" },
        { name: "job", type: "query", datasource: "${DS_PROM}", query: "label_values(up, job)" },
      ],
    },
    panels: [
      { title: "a", datasource: { type: "prometheus", uid: "${DS_PROM}" }, targets: [{ expr: "up" }] },
      { title: "b", datasource: { uid: "$ds" }, targets: [{ expr: '{source="pods"}' }] },
      { title: "c", datasource: { type: "prometheus", uid: "0a1b2c" }, targets: [{ expr: "up" }] },
      { title: "d", datasource: "Prometheus", targets: [{ expr: "up" }] },
      { title: "e", datasource: { type: "influxdb", uid: "xyz" }, targets: [{ expr: "x" }] },
      { title: "f", datasource: "legacy-name", targets: [{ expr: "up" }] },
    ],
    annotations: { list: [{ datasource: { type: "grafana", uid: "-- Grafana --" } }] },
  });
  const panels = json["panels"] as Json[];
  assert.deepEqual(panels.slice(0, 4).map((p) => p.datasource.uid), ["prometheus", "loki", "prometheus", "prometheus"]);
  assert.deepEqual((json["templating"] as Json).list.map((v: Json) => v.name), ["job"]);
  assert.deepEqual((json["templating"] as Json).list[0].datasource, { type: "prometheus", uid: "prometheus" });
  assert.deepEqual((json["annotations"] as Json).list[0].datasource, { type: "grafana", uid: "-- Grafana --" });
  assert.equal(json["__inputs"], undefined);
  assert.equal(found.length, 2);
  assert.match(found[0]!, /"xyz" is not one of the stack's/);
  assert.match(found[1]!, /"legacy-name" is not one of the stack's/);
  // The profile's explicit map settles a name or uid the types cannot.
  assert.deepEqual(mapDatasources({ panels: [{ datasource: "legacy-name" }] }, { "legacy-name": "prometheus" }).problems, []);
});

test("obstack render --profile with dashboard files relative to the profile; a missing file is exit 2 naming the path, nothing written", async () => {
  const dir = tempDir();
  const profileFile = join(dir, "profile.yaml");
  writeFileSync(
    join(dir, "mine.json"),
    JSON.stringify({
      title: "Mine",
      uid: "mine",
      __inputs: [{ name: "DS_PROMETHEUS", type: "datasource", pluginId: "prometheus" }],
      panels: [{ type: "timeseries", title: "Up", datasource: { uid: "${DS_PROMETHEUS}" }, targets: [{ expr: "up" }] }],
    }),
  );
  const base = {
    cluster: { name: "c1", overlay: "c1" },
    nodes: [{ name: "n1" }],
    prometheus: { replicas: 1 },
    grafana: { hostname: "grafana.example.com", gateway: { name: "gw", namespace: "gw" } },
  };
  writeFileSync(profileFile, stringify({ ...base, dashboards: [{ file: "mine.json", folder: "Team" }] }));
  const out = join(dir, "out");
  const ok = await runCli(["render", "--profile", profileFile, "--out", out]);
  assert.equal(ok.code, 0, ok.stderr);
  const tree = readTree(out);
  const file = [...tree.keys()].find((k) => k.endsWith("grafana/profile-dashboards.yaml"));
  assert.ok(file);
  assert.match(tree.get(file)!, /title: Team/);
  assert.match(tree.get(file)!, /"uid": "prometheus"/);

  writeFileSync(profileFile, stringify({ ...base, dashboards: [{ file: "missing.json" }] }));
  const out2 = join(dir, "out2");
  const bad = await runCli(["render", "--profile", profileFile, "--out", out2]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /dashboards\.0\.file: cannot read missing\.json: ENOENT/);
  assert.doesNotMatch(bad.stderr, /\n\s+at /, "no stack trace");
  assert.equal(existsSync(out2), false);

  writeFileSync(profileFile, stringify({ ...base, dashboards: [{ file: "mine.json", json: { title: "x" } }] }));
  const both = await runCli(["render", "--profile", profileFile, "--out", out2]);
  assert.equal(both.code, 2);
  assert.match(both.stderr, /dashboards\.0: give exactly one of file or json/);
});

test("a dashboard whose JSON is not Grafana's shape (a panel that is no object, a query that is no string) is a render error naming where, never a crash", () => {
  for (const { name, profile } of bothProfiles()) {
    const bad = { title: "Bad", uid: "bad", panels: ["x", { title: "p", targets: [{ expr: 1 }] }, { panels: "no" }], templating: { list: [null] } };
    const p: Profile = { ...profile, dashboards: [{ json: bad, folder: "Mine", datasources: {} } as never] };
    let message = "";
    try {
      checkStack(buildStack(p), p);
    } catch (e) {
      if (!(e instanceof RenderCheckError)) throw e;
      message = e.message;
    }
    for (const where of ["panels[0] must be an object", "panels[1].targets[0].expr must be a string", "panels[2].panels must be a list", "templating.list[0] must be an object"]) {
      assert.ok(message.includes(where), `${name}: ${where} in ${message}`);
    }
  }
});
