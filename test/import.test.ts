// `obstack import`: the reference cluster's hand-written tree in, a profile out that renders to the same
// hostnames, nodes, storage, monitors, external machines, dashboards, exporters, retention and sizes.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parse, parseAllDocuments } from "yaml";
import { readTree, runCli, SHARED, tempDir } from "./helpers/fixtures.ts";
import { loadProfile } from "../src/profile/load.ts";
import { buildStack } from "../src/stack/index.ts";
import { mergedRelease } from "../src/flux/helm.ts";

type Json = Record<string, any>;
const REF = join(SHARED, "reference", "original-cluster");
const skip = existsSync(join(REF, "overlays")) ? false : `reference cluster not found at ${REF}`;
const OBS = join(REF, "overlays", "kimawesome", "infrastructure", "observability");

/** Every object of a reference file (multi-document YAML). */
const ref = (...p: string[]): Json[] => parseAllDocuments(readFileSync(join(...p), "utf8")).map((d) => d.toJS() as Json);

async function imported() {
  const dir = tempDir("obstack-import-");
  const out = join(dir, "cluster", "profile.yaml");
  mkdirSync(join(dir, "cluster"));
  const report = join(dir, "cluster", "import-report.md");
  const r = await runCli(["import", REF, "--out", out, "--report", report]);
  return { dir, out, report, r };
}

test("import writes a profile with what the reference tree contains, field by field", { skip }, async () => {
  const { out, report, r, dir } = await imported();
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(readdirSync(dir), ["cluster"]);
  assert.deepEqual(readdirSync(join(dir, "cluster")).sort(), ["import-report.md", "profile.yaml"], "nothing but the named outputs");
  const p = parse(readFileSync(out, "utf8")) as Json;

  // Cluster name from the overlay's kustomize patch, namespace from the Namespace object.
  const promPatch = ref(OBS, "prometheus", "kustomization.yaml")[0]!.patches[0].patch as string;
  assert.equal(p.cluster.name, (parse(promPatch) as Json[])[0]!.value);
  assert.equal(p.cluster.overlay, "kimawesome");
  assert.equal(p.namespace, ref(OBS, "namespace.yaml")[0]!.metadata.name);

  // Nodes and storage from the PersistentVolumes.
  const pvs = [...ref(OBS, "prometheus", "prometheus-pv.yaml"), ...ref(OBS, "grafana-loki", "loki-pv.yaml"), ...ref(OBS, "grafana-operator", "grafana-persistence.yaml")].filter((o) => o.kind === "PersistentVolume");
  const pvNodes = new Set(pvs.map((pv) => pv.spec.nodeAffinity.required.nodeSelectorTerms[0].matchExpressions[0].values[0]));
  assert.deepEqual(new Set(p.nodes.map((n: Json) => n.name)), pvNodes);
  assert.deepEqual(p.nodes.filter((n: Json) => n.controlPlane).map((n: Json) => n.name), ["controlplane-82md"]);
  assert.equal(p.storage.className, pvs[0]!.spec.storageClassName);
  assert.equal(p.storage.localPath, "/mnt");

  // Prometheus, Alertmanager, Loki, Grafana values.
  const kps = ref(REF, "overlays", "base", "prometheus", "helmrelease.yaml")[0]!.spec.values;
  const ps = kps.prometheus.prometheusSpec;
  assert.deepEqual(p.prometheus, {
    replicas: ps.replicas,
    antiAffinity: ps.podAntiAffinity,
    retention: ps.retention,
    retentionSize: ps.retentionSize,
    volumeSize: ps.storageSpec.volumeClaimTemplate.spec.resources.requests.storage,
  });
  assert.deepEqual(p.alertmanager, { replicas: 1, volumeSize: kps.alertmanager.alertmanagerSpec.storage.volumeClaimTemplate.spec.resources.requests.storage });
  assert.deepEqual(p.nodeExporter, { collectors: ["systemd", "wifi"] });
  const lokiValues = ref(REF, "overlays", "base", "grafana", "grafana-loki", "helm-release.yaml")[0]!.spec.values;
  assert.deepEqual(p.loki, { retention: "31d", volumeSize: "10Gi", storage: { type: "minio", volumeSize: lokiValues.minio.persistence.size } });
  const route = ref(OBS, "grafana-operator", "httproute.yaml")[0]!;
  assert.equal(p.grafana.hostname, route.spec.hostnames[0]);
  assert.deepEqual(p.grafana.gateway, route.spec.parentRefs[0]);
  assert.equal(p.grafana.adminSecret, "credentials");
  assert.equal(p.grafana.volumeSize, "20Gi");

  // Monitors, with the kgateway relabelling as written.
  const refPods = [...ref(OBS, "monitors-infrastructure", "kgateway-monitor.yaml"), ...ref(OBS, "monitors-infrastructure", "metallb-monitor.yaml")];
  assert.deepEqual(p.podMonitors.map((m: Json) => m.name).sort(), refPods.map((m) => m.metadata.name).sort());
  for (const m of refPods) {
    const mine = p.podMonitors.find((x: Json) => x.name === m.metadata.name);
    assert.deepEqual(mine.selector, m.spec.selector.matchLabels);
    assert.deepEqual(mine.endpoints.map((e: Json) => e.port), m.spec.podMetricsEndpoints.map((e: Json) => e.port));
    assert.deepEqual(mine.endpoints[0].metricRelabelings ?? [], m.spec.podMetricsEndpoints[0].metricRelabelings ?? []);
  }

  // External machines: address from Endpoints, exporters from the Service's ports.
  for (const name of ["xps-notebook", "media-center", "proxmox"]) {
    const objs = ref(OBS, "monitors-external", `${name}.yaml`);
    const m = p.externalMachines.find((x: Json) => x.name === name);
    assert.equal(m.address, objs.find((o) => o.kind === "Endpoints")!.subsets[0].addresses[0].ip);
    assert.deepEqual(m.exporters.map((e: Json) => [e.name, e.port]), objs.find((o) => o.kind === "Service")!.spec.ports.map((x: Json) => [x.name, x.port]));
  }

  // Exporters: image, args, ports, monitor, config file (by path, not copied), Secret.
  const pve = p.exporters.find((e: Json) => e.name === "pve-exporter");
  const pveDep = ref(OBS, "pve-exporter", "deployment.yaml")[0]!.spec.template.spec.containers[0];
  assert.equal(pve.image, pveDep.image);
  assert.deepEqual(pve.args, pveDep.args);
  assert.equal(pve.path, "/pve");
  assert.deepEqual(pve.params, ref(OBS, "pve-exporter", "servicemonitor.yaml")[0]!.spec.endpoints[0].params);
  assert.deepEqual(pve.secret, { name: "pve-exporter-secrets", mountPath: "/etc/pve-exporter" });
  assert.deepEqual(pve.metrics, ["pve_*"]);
  const graphite = p.exporters.find((e: Json) => e.name === "graphite-exporter");
  assert.deepEqual(graphite.ports, [{ name: "carbon", containerPort: 9109, servicePort: 2003 }, { name: "metrics", containerPort: 9108 }]);
  assert.deepEqual(graphite.service, { type: "LoadBalancer", annotations: { "metallb.io/loadBalancerIPs": "192.168.10.3" } });
  assert.equal(readFileSync(join(dir, "cluster", graphite.config.file), "utf8"), readFileSync(join(OBS, "graphite-exporter", "graphite_mapping.conf"), "utf8"));

  // Dashboards: every one whose metrics have a source; the kgateway one (its pipeline is not carried) is reported.
  const files = readdirSync(join(REF, "overlays", "base", "grafana", "dashboards")).filter((f) => f.endsWith(".json"));
  assert.equal(p.dashboards.length, files.length - 1);
  assert.ok(!p.dashboards.some((d: Json) => d.file.endsWith("kgateway-route-metrics.json")));
  const text = readFileSync(report, "utf8");
  assert.match(text, /kgateway-route-metrics\.json: dashboard "kgateway Route Metrics": no source in the tree provides envoy_route_request_duration_milliseconds_bucket, envoy_route_requests_total/);
  assert.match(text, /releaseName loki-monolith: .*docs\/migrate\.md/);
  assert.match(text, /storageClassName managed-csi-zrs/);
  assert.match(text, /pve-exporter-secrets\.sealed\.yaml: secret material is not in the tree/);
  assert.match(text, /k8s-monitoring extraConfig/);
});

test("rendering the imported profile keeps hostnames, gateway, nodes, storage, monitors, machines, dashboards, exporters, retention and sizes", { skip }, async () => {
  const { out, r } = await imported();
  assert.equal(r.code, 0, r.stderr);
  const profile = await loadProfile(out);
  const stack = buildStack(profile);
  const objs = stack.dirs.flatMap((d) => d.files.flatMap((f) => f.objects)) as Json[];
  const route = ref(OBS, "grafana-operator", "httproute.yaml")[0]!;
  const myRoute = objs.find((o) => o.kind === "HTTPRoute")!;
  assert.deepEqual(myRoute.spec.hostnames, route.spec.hostnames);
  assert.deepEqual(myRoute.spec.parentRefs, route.spec.parentRefs);
  const pvs = objs.filter((o) => o.kind === "PersistentVolume");
  assert.ok(pvs.every((pv) => pv.spec.storageClassName === "local-storage"));
  const grafanaPv = pvs.find((pv) => pv.spec.claimRef?.name === "grafana-pvc" || /grafana/.test(pv.metadata.name))!;
  assert.equal(grafanaPv.spec.local.path, "/mnt/grafana", "Grafana's volume path is the reference's");
  assert.deepEqual(grafanaPv.spec.nodeAffinity.required.nodeSelectorTerms[0].matchExpressions[0].values, ["node01-82nm"]);
  const kgw = objs.find((o) => o.kind === "PodMonitor" && o.metadata.name === "kgateway-monitor")!;
  const refKgw = ref(OBS, "monitors-infrastructure", "kgateway-monitor.yaml")[0]!;
  assert.deepEqual(
    kgw.spec.podMetricsEndpoints[0].metricRelabelings.map((x: Json) => ({ ...x, action: undefined })),
    refKgw.spec.podMetricsEndpoints[0].metricRelabelings.map((x: Json) => ({ ...x, action: undefined })),
  );
  const proxmox = objs.find((o) => o.kind === "ScrapeConfig" && o.metadata.name === "proxmox-exporters")!;
  assert.deepEqual(proxmox.spec.staticConfigs.flatMap((c: Json) => c.targets), ["192.168.0.4:9100"]);
  // The reference's data directories stay where they are (its PVs: /mnt/prometheus on both nodes, /mnt/loki).
  const pathOf = (claim: RegExp) => pvs.filter((pv) => claim.test(pv.spec.claimRef?.name ?? "")).map((pv) => pv.spec.local.path);
  assert.deepEqual([...new Set(pathOf(/^prometheus-/))], ["/mnt/prometheus"]);
  assert.deepEqual(pathOf(/^storage-loki-/), ["/mnt/loki"]);
  const dashboards = objs.filter((o) => o.kind === "GrafanaDashboard" && o.metadata.labels?.["app.kubernetes.io/component"] === "dashboards" && JSON.parse(o.spec.json ?? "{}").uid);
  const uids = new Set(dashboards.map((d) => JSON.parse(d.spec.json).uid));
  for (const f of readdirSync(join(REF, "overlays", "base", "grafana", "dashboards")).filter((f) => f.endsWith(".json") && f !== "kgateway-route-metrics.json")) {
    assert.ok(uids.has(JSON.parse(readFileSync(join(REF, "overlays", "base", "grafana", "dashboards", f), "utf8")).uid), f);
  }
  const gDep = objs.find((o) => o.kind === "Deployment" && o.metadata.name === "graphite-exporter")!;
  assert.equal(gDep.spec.template.spec.containers[0].image, "prom/graphite-exporter:v0.17.0");
  const gSvc = objs.find((o) => o.kind === "Service" && o.metadata.name === "graphite-exporter")!;
  assert.deepEqual(gSvc.spec.ports.map((x: Json) => [x.name, x.port, x.targetPort]), [["carbon", 2003, 9109], ["metrics", 9108, 9108]]);
  const kps = stack.releases.find((x) => x.chart.id === "kube-prometheus-stack")!;
  const v = (mergedRelease(kps, profile.namespace).spec as Json).values;
  assert.equal(v.prometheus.prometheusSpec.retention, "2d");
  assert.equal(v.prometheus.prometheusSpec.retentionSize, "25GiB");
  assert.equal(v.prometheus.prometheusSpec.storageSpec.volumeClaimTemplate.spec.resources.requests.storage, "50Gi");
  assert.equal(v.alertmanager.alertmanagerSpec.storage.volumeClaimTemplate.spec.resources.requests.storage, "50Gi");
  assert.equal(v.prometheus.prometheusSpec.externalLabels.cluster, "kim7s");
  assert.ok(v["prometheus-node-exporter"].extraArgs.includes("--collector.systemd"));
  const loki = stack.releases.find((x) => x.chart.id === "loki")!;
  assert.match(JSON.stringify((mergedRelease(loki, profile.namespace).spec as Json).values), /"retention_period":"744h"/, "31d as Loki hours");
  // And the CLI renders it.
  const outDir = tempDir();
  const rendered = await runCli(["render", "--profile", out, "--out", outDir]);
  assert.equal(rendered.code, 0, rendered.stderr);
  assert.ok([...readTree(outDir).keys()].some((k) => k.endsWith("exporters/pve-exporter.yaml")));
});

test("import: bad input exits 2 with a message and writes nothing", async () => {
  const dir = tempDir();
  const out = join(dir, "p.yaml");
  const missing = await runCli(["import", join(dir, "nope"), "--out", out]);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /cannot import: .*nope: no such directory/);
  mkdirSync(join(dir, "empty"));
  writeFileSync(join(dir, "empty", "README.md"), "hi");
  const empty = await runCli(["import", join(dir, "empty"), "--out", out]);
  assert.equal(empty.code, 2);
  assert.match(empty.stderr, /no Kubernetes manifests or kustomizations found/);
  const noOut = await runCli(["import", join(dir, "empty")]);
  assert.equal(noOut.code, 2);
  assert.match(noOut.stderr, /import needs --out/);
  const two = await runCli(["import", "a", "b", "--out", out]);
  assert.equal(two.code, 2);
  assert.doesNotMatch(missing.stderr + empty.stderr, /\n\s+at /, "no stack trace");
  assert.deepEqual(readdirSync(dir), ["empty"]);
});
