// The profile's own exporters and manifest directories, and the node-exporter collectors option.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { spawnSync, execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseAllDocuments } from "yaml";
import { defaultProfile, secondProfile, tempDir } from "../helpers/fixtures.ts";
import { buildStack } from "../../src/stack/index.ts";
import { render } from "../../src/render.ts";
import { writeTree } from "../../src/tree/write.ts";
import { mergedRelease } from "../../src/flux/helm.ts";
import { KPS_NODE_EXPORTER_ARGS } from "../../src/prometheus/node-exporter.ts";
import { kubectl } from "../../scripts/tools.ts";
import { freePort, start, stop, type Started } from "../../scripts/harness.ts";
import type { Profile, StackInput } from "../../src/profile/schema.ts";
import defaultInput from "../../profiles/kimawesome.ts";

type Json = Record<string, any>;
const started: (Started | undefined)[] = [];
after(() => started.forEach(stop));

const EXPORTERS = defaultInput.exporters!;
const objectsOf = (p: Profile) => buildStack(p).dirs.flatMap((d) => d.files.flatMap((f) => f.objects)) as Json[];
const find = (objs: Json[], kind: string, name: string) => objs.find((o) => o.kind === kind && o.metadata.name === name);

for (const [label, make] of [
  ["default", defaultProfile],
  ["second", secondProfile],
] as const) {
  test(`${label} profile: pve-exporter and graphite-exporter as typed exporters: Deployment, Service, ServiceMonitor, ConfigMap`, () => {
    const p = make({ exporters: EXPORTERS });
    const objs = objectsOf(p);
    const pveDeploy = find(objs, "Deployment", "pve-exporter")!;
    const c = pveDeploy.spec.template.spec.containers[0];
    assert.equal(c.image, "prompve/prometheus-pve-exporter:3.10.0");
    assert.deepEqual(c.args, ["--config.file=/etc/pve-exporter/pve.yml"]);
    // /tmp on an emptyDir: the root filesystem is read-only (src/workloads/security.ts).
    assert.deepEqual(c.volumeMounts, [{ name: "tmp", mountPath: "/tmp" }, { name: "secret", mountPath: "/etc/pve-exporter", readOnly: true }]);
    assert.deepEqual(pveDeploy.spec.template.spec.volumes, [{ name: "tmp", emptyDir: {} }, { name: "secret", secret: { secretName: "pve-exporter-secrets" } }]);
    assert.equal(c.securityContext.readOnlyRootFilesystem, true);
    assert.equal(c.securityContext.runAsNonRoot, true);
    const pveSm = find(objs, "ServiceMonitor", "pve-exporter")!;
    assert.deepEqual(pveSm.spec.endpoints[0], {
      port: "metrics",
      path: "/pve",
      interval: "30s",
      params: { module: ["default"], target: ["proxmox-external-service.external-services.svc.cluster.local"] },
    });
    assert.deepEqual(pveSm.spec.selector.matchLabels, { app: "pve-exporter" });

    const gSvc = find(objs, "Service", "graphite-exporter")!;
    assert.equal(gSvc.spec.type, "LoadBalancer");
    assert.equal(gSvc.metadata.annotations["metallb.io/loadBalancerIPs"], "192.168.10.3");
    assert.deepEqual(gSvc.spec.ports.map((x: Json) => [x.name, x.port, x.targetPort]), [["carbon", 2003, 9109], ["metrics", 9108, 9108]]);
    const cm = find(objs, "ConfigMap", "graphite-exporter-config")!;
    assert.match(cm.data["graphite_mapping.conf"], /^mappings:/);
    const gDeploy = find(objs, "Deployment", "graphite-exporter")!;
    assert.match(gDeploy.spec.template.metadata.annotations["obstack.dev/config-sha256"], /^[0-9a-f]{16}$/);
    assert.deepEqual(gDeploy.spec.template.spec.volumes, [{ name: "tmp", emptyDir: {} }, { name: "config", configMap: { name: "graphite-exporter-config" } }]);
    const dir = buildStack(p).dirs.find((d) => d.path.endsWith("/exporters"))!;
    assert.equal(dir.namespace, p.namespace);
    assert.ok(dir.flux?.dependsOn.some((x) => x.endsWith("/prometheus")), "ServiceMonitor needs the operator's CRDs first");
  });

  test(`${label} profile: exporter and overlay manifest directories are included; kubectl kustomize builds them into the namespace`, () => {
    const exporters = [{ ...EXPORTERS[0]!, manifests: ["own/pve-exporter-secret"] }];
    const p = make({ exporters, manifests: ["own/extra"] });
    const out = tempDir();
    writeTree(out, render(p, "test").files);
    const write = (dir: string, kustomization: string, files: Record<string, string>) => {
      mkdirSync(join(out, dir), { recursive: true });
      writeFileSync(join(out, dir, "kustomization.yaml"), kustomization);
      for (const [n, t] of Object.entries(files)) writeFileSync(join(out, dir, n), t);
    };
    write("own/pve-exporter-secret", "resources:\n  - secret.yaml\n", { "secret.yaml": "apiVersion: v1\nkind: Secret\nmetadata:\n  name: pve-exporter-secrets\nstringData:\n  pve.yml: x\n" });
    write("own/extra", "resources:\n  - cm.yaml\n", { "cm.yaml": `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: extra\n  namespace: ${p.namespace}\ndata: {}\n` });
    const obs = `overlays/${p.cluster.overlay}/infrastructure/observability`;
    const build = (dir: string) => parseAllDocuments(execFileSync(kubectl(), ["kustomize", join(out, dir)], { encoding: "utf8" })).map((d) => d.toJS() as Json);
    const exp = build(`${obs}/exporters`);
    const secret = exp.find((o) => o.kind === "Secret")!;
    assert.equal(secret.metadata.namespace, p.namespace, "the exporter's kustomization puts the user's Secret in the stack's namespace");
    assert.ok(exp.some((o) => o.kind === "Deployment" && o.metadata.name === "pve-exporter"));
    const root = build(obs);
    assert.ok(root.some((o) => o.kind === "ConfigMap" && o.metadata.name === "extra"), "profile.manifests is part of the overlay");
    assert.ok(root.some((o) => o.kind === "Kustomization" && o.metadata.name === `${p.namespace}-exporters`));
  });
}

test("exporter profile errors name the path: metricsPort not a port, unpinned image, config without file or content", () => {
  const bad = (e: Json) => {
    try {
      defaultProfile({ exporters: [e as NonNullable<StackInput["exporters"]>[number]] });
      return "";
    } catch (err) {
      return (err as Error).message;
    }
  };
  const base = { name: "x", image: "prom/x:v1", ports: [{ name: "metrics", containerPort: 9100 }] };
  assert.equal(bad(base), "");
  assert.match(bad({ ...base, metricsPort: "http" }), /exporters\.0\.metricsPort: http is not one of ports \(metrics\)/);
  assert.match(bad({ ...base, image: "prom/x" }), /exporters\.0\.image: must pin a tag or digest/);
  assert.match(bad({ ...base, config: { mountPath: "/etc/x" } }), /exporters\.0\.config: give exactly one of file or content/);
  assert.throws(
    () => defaultProfile({ serviceMonitors: [{ name: "pve-exporter", selector: { app: "pve-exporter" }, endpoints: [{ port: "metrics" }] }] }),
    /serviceMonitors\.0\.name: pve-exporter is also an exporter/,
  );
  assert.match(bad({ ...base, manifests: ["../outside"] }), /exporters\.0\.manifests\.0: must not contain \.\./);
});

test("node-exporter collectors: extraArgs keep the chart's filesystem excludes, systemd gets the D-Bus mount, textfile its directory", () => {
  for (const make of [defaultProfile, secondProfile]) {
    const none = make({ nodeExporter: { collectors: [] } });
    const kpsNone = buildStack(none).releases.find((r) => r.chart.id === "kube-prometheus-stack")!;
    assert.equal(((mergedRelease(kpsNone, none.namespace).spec as Json).values["prometheus-node-exporter"] as Json).extraArgs, undefined);
    const p = make({ nodeExporter: { collectors: ["systemd", "wifi", "textfile"], textfileDirectory: "/var/lib/node_exporter" } });
    const kps = buildStack(p).releases.find((r) => r.chart.id === "kube-prometheus-stack")!;
    const ne = (mergedRelease(kps, p.namespace).spec as Json).values["prometheus-node-exporter"] as Json;
    assert.deepEqual(ne.extraArgs.slice(0, 2), KPS_NODE_EXPORTER_ARGS);
    assert.ok(ne.extraArgs.includes("--collector.systemd") && ne.extraArgs.includes("--collector.wifi"));
    assert.ok(ne.extraArgs.includes("--collector.textfile.directory=/host/textfile"));
    assert.deepEqual(ne.extraHostVolumeMounts.map((m: Json) => [m.hostPath, m.mountPath]), [["/run/dbus", "/var/run/dbus"], ["/var/lib/node_exporter", "/host/textfile"]]);
    assert.deepEqual(ne.tolerations, [{ operator: "Exists" }], "the stack's own values stay");
  }
  assert.throws(() => defaultProfile({ nodeExporter: { collectors: ["textfile"] } }), /nodeExporter\.textfileDirectory: the textfile collector needs textfileDirectory/);
});

const noNodeExporter = spawnSync("sh", ["-c", "command -v prometheus-node-exporter"]).status !== 0;
test("a real node-exporter accepts the rendered extraArgs and runs the extra collectors", { skip: noNodeExporter ? "prometheus-node-exporter not installed" : false, timeout: 30_000 }, async () => {
  const dir = tempDir();
  writeFileSync(join(dir, "backup.prom"), "# TYPE media_backup_last_run_success gauge\nmedia_backup_last_run_success 1\n");
  const p = defaultProfile({ nodeExporter: { collectors: ["wifi", "processes", "textfile"], textfileDirectory: dir } });
  const kps = buildStack(p).releases.find((r) => r.chart.id === "kube-prometheus-stack")!;
  const ne = (mergedRelease(kps, p.namespace).spec as Json).values["prometheus-node-exporter"] as Json;
  // The DaemonSet mounts the host directory at /host/textfile; here the host is this machine.
  const args = (ne.extraArgs as string[]).map((a) => a.replace("=/host/textfile", `=${dir}`));
  const port = await freePort();
  const s = await start("node-exporter", "prometheus-node-exporter", [...args, `--web.listen-address=127.0.0.1:${port}`], port, "/metrics");
  started.push(s);
  const text = await (await fetch(`${s.url}/metrics`)).text();
  for (const c of ["wifi", "processes", "textfile"]) assert.match(text, new RegExp(`node_scrape_collector_success\\{collector="${c}"\\}`), c);
  assert.match(text, /^media_backup_last_run_success 1$/m);
});
