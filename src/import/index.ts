// `obstack import DIR`: reads a hand-written Flux/kustomize observability tree and writes the profile
// that reproduces it as far as obstack can, with a report of everything it could not carry over and why.
// It reads only what it recognises (HelmReleases of the charts obstack runs, PersistentVolumes, the
// HTTPRoute and Grafana CR, monitors, selector-less Services of external machines, Deployment + Service
// + ServiceMonitor exporters, dashboard JSON files and kustomize patches); everything else is reported.
// The result is a plain object (a YAML profile), validated and rendered by the caller like any profile.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { basename, join, posix, relative, sep } from "node:path";
import { parseAllDocuments, parse as parseYaml } from "yaml";
import { extractDashboardQueries, parsePromQL } from "../queries/verify.ts";
import { knownMetricNames } from "../queries/catalog.ts";
import { mapDatasources } from "../dashboards/user.ts";

type Json = Record<string, any>;

export interface ImportItem {
  /** File (relative to the imported directory) and, when it applies, the object or field. */
  what: string;
  reason: string;
}

export interface ImportResult {
  profile: Json;
  /** What could not be carried over, each with the reason. */
  notCarried: ImportItem[];
  /** What was carried over with an assumption or a change the user should know of. */
  notes: ImportItem[];
}

export class ImportError extends Error {}

interface Doc {
  file: string;
  obj: Json;
}

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    if (name === ".git" || name === "node_modules") continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...walk(p));
    else out.push(p);
  }
  return out;
}

const posixRel = (from: string, to: string) => relative(from, to).split(sep).join("/");
const DURATION = /^([0-9]+(ms|s|m|h|d|w|y))+$/;

/** Relabel rules as the profile takes them (prometheus-operator's RelabelConfig, action lower-case). */
function relabels(rules: Json[] | undefined): Json[] | undefined {
  if (!rules || rules.length === 0) return undefined;
  return rules.map((r) => {
    const out: Json = {};
    for (const k of ["sourceLabels", "separator", "targetLabel", "regex", "modulus", "replacement"]) if (r[k] !== undefined) out[k] = r[k];
    if (r.action !== undefined) out.action = String(r.action).toLowerCase();
    return out;
  });
}

function endpointOf(e: Json): Json {
  const out: Json = { port: String(e.port) };
  if (e.path && e.path !== "/metrics") out.path = e.path;
  if (e.interval && e.interval !== "30s") out.interval = e.interval;
  if (e.params) out.params = e.params;
  const r = relabels(e.relabelings);
  if (r) out.relabelings = r;
  const m = relabels(e.metricRelabelings);
  if (m) out.metricRelabelings = m;
  return out;
}

/** Exporter metric prefixes by the name obstack gives the exporter (well-known exporters). */
const KNOWN_PREFIXES: Record<string, string[]> = {
  process: ["namedprocess_"],
  node: ["node_"],
  windows: ["windows_"],
  blackbox: ["probe_"],
  snmp: ["snmp_", "if"],
};

export function importTree(root: string, profileDir: string): ImportResult {
  let stat;
  try {
    stat = statSync(root);
  } catch {
    throw new ImportError(`${root}: no such directory`);
  }
  if (!stat.isDirectory()) throw new ImportError(`${root}: not a directory`);
  const notCarried: ImportItem[] = [];
  const notes: ImportItem[] = [];
  const docs: Doc[] = [];
  const kustomizations: Doc[] = [];
  const dashboards: string[] = [];
  const files = walk(root);
  for (const f of files) {
    const rel = posixRel(root, f);
    if (/\.json$/.test(f)) {
      try {
        const j = JSON.parse(readFileSync(f, "utf8")) as Json;
        if (j && typeof j === "object" && Array.isArray(j.panels)) dashboards.push(f);
        else notCarried.push({ what: rel, reason: "a JSON file that is not a Grafana dashboard" });
      } catch (e) {
        notCarried.push({ what: rel, reason: `not valid JSON: ${(e as Error).message.split("\n")[0]}` });
      }
      continue;
    }
    if (!/\.ya?ml$/.test(f)) {
      if (!/\.(md|conf|txt)$/.test(f)) notCarried.push({ what: rel, reason: "not a manifest obstack reads" });
      continue;
    }
    for (const d of parseAllDocuments(readFileSync(f, "utf8"))) {
      if (d.errors.length > 0) {
        notCarried.push({ what: rel, reason: `not valid YAML: ${d.errors[0]!.message.split("\n")[0]}` });
        continue;
      }
      const obj = d.toJS() as Json | null;
      if (!obj || typeof obj !== "object") continue;
      if (basename(f) === "kustomization.yaml" && obj.kind === undefined) kustomizations.push({ file: rel, obj });
      else docs.push({ file: rel, obj });
    }
  }
  if (docs.length === 0 && kustomizations.length === 0) throw new ImportError(`${root}: no Kubernetes manifests or kustomizations found`);

  const used = new Set<Json>();
  const of = (kind: string) => docs.filter((d) => d.obj.kind === kind);
  const take = (d: Doc) => used.add(d.obj);
  const profile: Json = {};

  // --- HelmReleases of the charts obstack runs
  const releases = of("HelmRelease");
  const release = (chart: string) => releases.find((d) => d.obj.spec?.chart?.spec?.chart === chart);
  const kps = release("kube-prometheus-stack");
  const loki = release("loki");
  const alloy = release("k8s-monitoring") ?? release("alloy");
  const operator = release("grafana-operator");
  for (const r of [kps, loki, alloy, operator]) {
    if (!r) continue;
    take(r);
    notes.push({
      what: `${r.file}: HelmRelease ${r.obj.metadata?.name} (chart ${r.obj.spec.chart.spec.chart} ${r.obj.spec.chart.spec.version ?? "unpinned"})`,
      reason: "obstack renders its own release at its pinned chart version; only the values listed in the profile are carried over",
    });
  }

  // --- The overlay and cluster name (kustomize JSON6902 patches replace the empty base value)
  const patchValue = (path: string): unknown => {
    for (const k of kustomizations) {
      for (const p of (k.obj.patches as Json[] | undefined) ?? []) {
        if (typeof p.patch !== "string") continue;
        const ops = parseYaml(p.patch) as Json[] | null;
        for (const op of Array.isArray(ops) ? ops : []) if (op.path === path && op.op === "replace") return op.value;
      }
    }
    return undefined;
  };
  const kpsValues = (kps?.obj.spec?.values ?? {}) as Json;
  const externalCluster = kpsValues.prometheus?.prometheusSpec?.externalLabels?.cluster;
  const clusterName =
    (typeof externalCluster === "string" && /^[a-z0-9-]+$/.test(externalCluster) ? externalCluster : undefined) ??
    (patchValue("/spec/values/prometheus/prometheusSpec/externalLabels/cluster") as string | undefined) ??
    (patchValue("/spec/values/cluster/name") as string | undefined);
  const overlayDir = files.map((f) => posixRel(root, f)).map((f) => /^overlays\/([^/]+)\/infrastructure\/observability\//.exec(f)?.[1]).find((x) => x !== undefined && x !== "base");
  if (overlayDir === undefined) throw new ImportError(`${root}: no overlays/<name>/infrastructure/observability directory: not an observability tree obstack can read`);
  profile.cluster = { name: clusterName ?? overlayDir, overlay: overlayDir };
  if (clusterName === undefined) notes.push({ what: "cluster.name", reason: `no cluster label found; the overlay name ${overlayDir} is used` });
  else if (externalCluster !== clusterName) {
    notes.push({ what: "cluster.name", reason: `the base leaves the cluster label empty (${JSON.stringify(externalCluster ?? "")}) and kustomize patches set it to ${clusterName}; obstack writes it once` });
  }
  const obsKustomization = kustomizations.find((k) => k.file === `overlays/${overlayDir}/infrastructure/observability/kustomization.yaml`);
  const namespace = (obsKustomization?.obj.namespace as string | undefined) ?? of("Namespace")[0]?.obj.metadata?.name;
  if (namespace) profile.namespace = namespace;
  for (const n of of("Namespace")) take(n);

  // --- Nodes, storage class and local volume paths from the PersistentVolumes
  const pvs = of("PersistentVolume");
  const nodeOf = (pv: Json): string | undefined =>
    pv.spec?.nodeAffinity?.required?.nodeSelectorTerms?.[0]?.matchExpressions?.find((m: Json) => m.key === "kubernetes.io/hostname")?.values?.[0];
  const nodes = [...new Set(pvs.map((d) => nodeOf(d.obj)).filter((n): n is string => n !== undefined))];
  if (nodes.length === 0) throw new ImportError(`${root}: no PersistentVolume names a node: cannot tell the cluster's nodes`);
  const isControlPlane = (n: string) => /control-?plane|master/.test(n);
  profile.nodes = [...nodes.filter(isControlPlane), ...nodes.filter((n) => !isControlPlane(n))].map((name) => ({ name, ...(isControlPlane(name) ? { controlPlane: true } : {}) }));
  if (nodes.some((n) => /control-?plane|master/.test(n))) {
    notes.push({ what: "nodes", reason: "controlPlane is set from the node name; nodes without volumes are not in the tree, add them" });
  }
  const classes = [...new Set(pvs.map((d) => d.obj.spec?.storageClassName).filter(Boolean))];
  const localPaths = pvs.map((d) => d.obj.spec?.local?.path as string | undefined).filter((x): x is string => x !== undefined);
  const parents = [...new Set(localPaths.map((p) => posix.dirname(p)))];
  profile.storage = { className: classes[0] ?? "local-storage", provisioner: "kubernetes.io/no-provisioner", ...(parents.length === 1 ? { localPath: parents[0] } : {}) };
  // A component's directory is kept (storage.paths) when its PVs are recognisable by name and all use one path;
  // MinIO's multi-drive volumes are not (obstack's MinIO has one drive: docs/migrate.md).
  const kept: Record<string, string> = {};
  for (const c of ["prometheus", "alertmanager", "loki", "grafana"] as const) {
    const own = pvs.map((d) => d.obj).filter((pv) => String(pv.metadata?.name ?? "").startsWith(c));
    const dirs = [...new Set(own.map((pv) => pv.spec?.local?.path as string | undefined))];
    if (own.length > 0 && dirs.length === 1 && dirs[0] !== undefined) kept[c] = dirs[0];
  }
  if (Object.keys(kept).length > 0) (profile.storage as Json).paths = kept;
  for (const pv of pvs) {
    take(pv);
    const component = Object.keys(kept).find((c) => String(pv.obj.metadata?.name ?? "").startsWith(c));
    notes.push({
      what: `${pv.file}: PersistentVolume ${pv.obj.metadata.name} (${pv.obj.spec?.local?.path} on ${nodeOf(pv.obj)}, ${pv.obj.spec?.capacity?.storage})`,
      reason: component
        ? `obstack renders its own PersistentVolume for ${component}, in the same directory (storage.paths.${component}); follow docs/migrate.md (PV paths) for the switch`
        : "obstack renders its own local PersistentVolumes under storage.localPath, one sub-directory per component; keep the data by following docs/migrate.md (PV paths)",
    });
  }

  // --- Prometheus and Alertmanager
  const ps = kpsValues.prometheus?.prometheusSpec ?? {};
  const prometheus: Json = {};
  if (typeof ps.replicas === "number") prometheus.replicas = ps.replicas;
  if (ps.podAntiAffinity === "hard" || ps.podAntiAffinity === "soft") prometheus.antiAffinity = ps.podAntiAffinity;
  if (DURATION.test(String(ps.retention ?? ""))) prometheus.retention = ps.retention;
  if (ps.retentionSize) prometheus.retentionSize = ps.retentionSize;
  const promSize = ps.storageSpec?.volumeClaimTemplate?.spec?.resources?.requests?.storage;
  if (promSize) prometheus.volumeSize = promSize;
  if (DURATION.test(String(ps.scrapeInterval ?? ""))) prometheus.scrapeInterval = ps.scrapeInterval;
  if (Object.keys(prometheus).length > 0) profile.prometheus = prometheus;
  if (typeof ps.replicas === "number" && ps.replicas < nodes.length && pvs.filter((d) => /prometheus/.test(d.obj.metadata.name)).length > ps.replicas) {
    notes.push({ what: `${kps!.file}: prometheus.prometheusSpec.replicas`, reason: `replicas is ${ps.replicas} though the tree has a Prometheus volume per node; imported as ${ps.replicas}, raise prometheus.replicas if more were meant` });
  }
  const am = kpsValues.alertmanager?.alertmanagerSpec ?? {};
  const alertmanager: Json = {};
  if (typeof am.replicas === "number") alertmanager.replicas = am.replicas;
  const amVol = am.storage?.volumeClaimTemplate?.spec;
  if (amVol?.resources?.requests?.storage) alertmanager.volumeSize = amVol.resources.requests.storage;
  if (Object.keys(alertmanager).length > 0) profile.alertmanager = alertmanager;
  if (amVol?.storageClassName && amVol.storageClassName !== profile.storage.className) {
    notCarried.push({
      what: `${kps!.file}: alertmanager.alertmanagerSpec.storage storageClassName ${amVol.storageClassName}`,
      reason: `no PersistentVolume of the tree uses this class; obstack puts every volume on storage.className (${profile.storage.className})`,
    });
  }
  for (const key of ["tolerations", "enableRemoteWriteReceiver"]) {
    if (ps[key] !== undefined) notes.push({ what: `${kps!.file}: prometheus.prometheusSpec.${key}`, reason: "obstack sets this itself" });
  }
  const neArgs = (kpsValues["prometheus-node-exporter"]?.extraArgs ?? []) as string[];
  const collectors = neArgs.map((a) => /^--collector\.([a-z_]+)$/.exec(a)?.[1]).filter((c): c is string => c !== undefined);
  const supported = ["systemd", "wifi", "processes", "interrupts", "ethtool", "tcpstat", "mountstats"];
  if (collectors.length > 0) profile.nodeExporter = { collectors: collectors.filter((c) => supported.includes(c)) };
  for (const c of collectors.filter((c) => !supported.includes(c))) {
    notCarried.push({ what: `${kps!.file}: prometheus-node-exporter.extraArgs --collector.${c}`, reason: "obstack does not know the host mounts this collector needs" });
  }
  if (kpsValues["prometheus-node-exporter"]?.prometheus?.monitor?.relabelings) {
    notes.push({ what: `${kps!.file}: prometheus-node-exporter.prometheus.monitor.relabelings`, reason: "obstack's Alloy scrapes node-exporter and sets machine_name (and instance) to the node name itself" });
  }
  if (kpsValues["kube-state-metrics"]?.customResourceState) {
    notes.push({ what: `${kps!.file}: kube-state-metrics.customResourceState (Flux gotk_resource_info)`, reason: "obstack renders its own Flux custom resource state (src/flux-metrics)" });
  }

  // --- Loki
  const lv = (loki?.obj.spec?.values ?? {}) as Json;
  const lokiProfile: Json = {};
  const retentionArg = ((lv.singleBinary?.extraArgs ?? []) as string[]).map((a) => /^-store\.retention=(.+)$/.exec(a)?.[1]).find((x) => x !== undefined);
  const retention = lv.loki?.limits_config?.retention_period ?? retentionArg;
  if (retention && DURATION.test(retention)) lokiProfile.retention = retention;
  const lokiPv = pvs.find((d) => /^loki/.test(d.obj.metadata.name));
  const lokiSize = lv.singleBinary?.persistence?.size ?? lokiPv?.obj.spec?.capacity?.storage;
  if (lokiSize) lokiProfile.volumeSize = lokiSize;
  if (lv.minio?.enabled) lokiProfile.storage = { type: "minio", ...(lv.minio.persistence?.size ? { volumeSize: lv.minio.persistence.size } : {}) };
  if (Object.keys(lokiProfile).length > 0) profile.loki = lokiProfile;
  if (loki) {
    const releaseName = loki.obj.spec?.releaseName ?? loki.obj.metadata?.name;
    if (releaseName !== "loki") {
      notCarried.push({
        what: `${loki.file}: releaseName ${releaseName}`,
        reason: "obstack's Loki release is named loki (its Services and PVCs follow); the old release's data has to be moved as docs/migrate.md describes",
      });
    }
    if (retentionArg && !lv.loki?.compactor?.retention_enabled) {
      notes.push({ what: `${loki.file}: singleBinary.extraArgs -store.retention`, reason: "the compactor's retention was never enabled; obstack enables it, so logs older than loki.retention will be deleted" });
    }
    if (lv.minio?.enabled) {
      notes.push({ what: `${loki.file}: minio subchart`, reason: "obstack runs its own MinIO (one volume); the subchart's data has to be copied (docs/migrate.md)" });
    }
  }

  // --- Alloy (k8s-monitoring)
  if (alloy) {
    const av = (alloy.obj.spec?.values ?? {}) as Json;
    const units = av.podLogs?.journal?.units ?? av["alloy-logs"]?.journal?.units ?? findKey(av, "units");
    if (Array.isArray(units) && units.length > 0) profile.alloy = { journalUnits: units };
    const extra = findKeys(av, "extraConfig").filter((x) => typeof x === "string" && x.trim() !== "");
    if (extra.length > 0) {
      notCarried.push({
        what: `${alloy.file}: k8s-monitoring extraConfig (${extra.length} Alloy fragment(s))`,
        reason: "written against the components k8s-monitoring generates; rewrite it as alloy.pipelines against obstack's pipeline (profiles/kimawesome.ts has the gateway access-log metrics as an example)",
      });
    }
    if (av.clusterMetrics?.enabled === false) {
      notes.push({ what: `${alloy.file}: clusterMetrics.enabled: false`, reason: "node-exporter and Kepler were not collected by Alloy; obstack collects both (kepler.enabled: false below keeps Kepler off as in the tree)" });
      profile.kepler = { enabled: false };
    }
  }

  // --- Grafana: HTTPRoute, Grafana CR, PVC, datasources
  const route = of("HTTPRoute")[0];
  const grafanaCr = of("Grafana")[0];
  const pvc = of("PersistentVolumeClaim").find((d) => /grafana/.test(d.obj.metadata.name));
  if (!route) throw new ImportError(`${root}: no HTTPRoute for Grafana: obstack needs grafana.hostname and its gateway`);
  take(route);
  const parent = route.obj.spec?.parentRefs?.[0] ?? {};
  const grafana: Json = {
    hostname: route.obj.spec?.hostnames?.[0],
    gateway: { name: parent.name, namespace: parent.namespace ?? namespace ?? "default", ...(parent.sectionName ? { sectionName: parent.sectionName } : {}) },
  };
  if (grafanaCr) {
    take(grafanaCr);
    const env = (grafanaCr.obj.spec?.deployment?.spec?.template?.spec?.containers?.[0]?.env ?? []) as Json[];
    const secret = env.find((e) => e.name === "GF_SECURITY_ADMIN_USER")?.valueFrom?.secretKeyRef?.name;
    if (secret) grafana.adminSecret = secret;
  }
  if (pvc) {
    take(pvc);
    grafana.volumeSize = pvc.obj.spec?.resources?.requests?.storage;
  }
  profile.grafana = grafana;
  for (const ds of of("GrafanaDatasource")) {
    take(ds);
    notCarried.push({
      what: `${ds.file}: GrafanaDatasource ${ds.obj.metadata.name} (${ds.obj.spec?.datasource?.type} ${ds.obj.spec?.datasource?.url})`,
      reason: "obstack renders the Prometheus, Loki and Alertmanager datasources itself, with stable uids",
    });
  }

  // --- Monitors
  const podMonitors = of("PodMonitor").map((d) => {
    take(d);
    const s = d.obj.spec ?? {};
    return {
      name: d.obj.metadata.name,
      selector: s.selector?.matchLabels ?? {},
      ...(s.namespaceSelector?.matchNames ? { namespaces: s.namespaceSelector.matchNames } : {}),
      endpoints: ((s.podMetricsEndpoints ?? []) as Json[]).map(endpointOf),
    };
  });
  for (const d of of("PodMonitor")) if (!d.obj.spec?.namespaceSelector?.any && !d.obj.spec?.namespaceSelector?.matchNames) {
    notes.push({ what: `${d.file}: PodMonitor ${d.obj.metadata.name}`, reason: "no namespaceSelector (its own namespace only); obstack's PodMonitors look in every namespace unless namespaces is set" });
  }
  if (podMonitors.length > 0) profile.podMonitors = podMonitors;

  // --- External machines: a selector-less Service with a machine_name label, its Endpoints/EndpointSlice, a ServiceMonitor
  const services = of("Service");
  const monitors = of("ServiceMonitor");
  const monitorFor = (labels: Json) => monitors.find((m) => Object.entries(m.obj.spec?.selector?.matchLabels ?? {}).every(([k, v]) => labels?.[k] === v));
  const machines: Json[] = [];
  for (const svc of services) {
    const labels = svc.obj.metadata?.labels ?? {};
    if (svc.obj.spec?.selector || !labels.machine_name) continue;
    const ep = of("Endpoints").find((e) => e.obj.metadata.name === svc.obj.metadata.name);
    const slice = of("EndpointSlice").find((e) => e.obj.metadata?.labels?.["kubernetes.io/service-name"] === svc.obj.metadata.name);
    const address = ep?.obj.subsets?.[0]?.addresses?.[0]?.ip ?? slice?.obj.endpoints?.[0]?.addresses?.[0];
    const sm = monitorFor(labels);
    if (!address) {
      notCarried.push({ what: `${svc.file}: Service ${svc.obj.metadata.name}`, reason: "a selector-less Service without Endpoints: no address to scrape" });
      continue;
    }
    for (const d of [svc, ep, slice, sm]) if (d) take(d);
    const scraped = new Set(((sm?.obj.spec?.endpoints ?? []) as Json[]).map((e) => String(e.port)));
    const ports = (svc.obj.spec?.ports ?? []) as Json[];
    for (const p of ports.filter((p) => !scraped.has(p.name))) {
      notes.push({ what: `${svc.file}: port ${p.name} (${p.port}) of ${labels.machine_name}`, reason: "in the Service but not scraped by its ServiceMonitor; obstack scrapes every exporter listed — remove it from exporters if that is not wanted" });
    }
    const interval = (sm?.obj.spec?.endpoints?.[0]?.interval as string | undefined) ?? "30s";
    machines.push({ name: labels.machine_name, address, exporters: ports.map((p) => ({ name: p.name, port: p.port })), ...(interval !== "30s" ? { interval } : {}) });
    if (ep) notes.push({ what: `${ep.file}: Endpoints ${ep.obj.metadata.name}`, reason: "obstack writes an EndpointSlice instead (Endpoints is deprecated since Kubernetes 1.33)" });
  }
  if (machines.length > 0) profile.externalMachines = machines;

  // --- Exporters: a Deployment, the Service selecting it and the ServiceMonitor selecting the Service
  const exporters: Json[] = [];
  for (const dep of of("Deployment")) {
    const podLabels = dep.obj.spec?.template?.metadata?.labels ?? {};
    const svc = services.find((s) => s.obj.spec?.selector && Object.entries(s.obj.spec.selector).every(([k, v]) => podLabels[k] === v));
    const sm = svc ? monitorFor(svc.obj.metadata?.labels ?? {}) : undefined;
    const containers = (dep.obj.spec?.template?.spec?.containers ?? []) as Json[];
    if (!svc || !sm || containers.length !== 1) {
      notCarried.push({ what: `${dep.file}: Deployment ${dep.obj.metadata.name}`, reason: "not an exporter obstack recognises (one container, a Service selecting it and a ServiceMonitor on that Service); keep it among your own manifests" });
      continue;
    }
    for (const d of [dep, svc, sm]) take(d);
    const c = containers[0]!;
    const svcPorts = (svc.obj.spec?.ports ?? []) as Json[];
    const ports = ((c.ports ?? []) as Json[]).map((p) => {
      const sp = svcPorts.find((s) => s.targetPort === p.containerPort || s.targetPort === p.name);
      return { name: p.name, containerPort: p.containerPort, ...(sp && sp.port !== p.containerPort ? { servicePort: sp.port } : {}) };
    });
    const ep = (sm.obj.spec?.endpoints?.[0] ?? {}) as Json;
    const e: Json = { name: dep.obj.metadata.name, image: c.image, ...(c.args ? { args: c.args } : {}), ports, metricsPort: String(ep.port ?? "metrics") };
    const endpoint = endpointOf(ep);
    for (const k of ["path", "interval", "params", "relabelings", "metricRelabelings"]) if (endpoint[k] !== undefined) e[k] = endpoint[k];
    if (svc.obj.spec?.type && svc.obj.spec.type !== "ClusterIP") e.service = { type: svc.obj.spec.type, ...(svc.obj.metadata?.annotations ? { annotations: svc.obj.metadata.annotations } : {}) };
    const volumes = (dep.obj.spec?.template?.spec?.volumes ?? []) as Json[];
    for (const m of (c.volumeMounts ?? []) as Json[]) {
      const v = volumes.find((x) => x.name === m.name);
      if (v?.secret) e.secret = { name: v.secret.secretName, mountPath: m.mountPath };
      else if (v?.configMap) {
        // A configMapGenerator of the Deployment's kustomization names the file.
        const k = kustomizations.find((k) => posix.dirname(k.file) === posix.dirname(dep.file));
        const gen = ((k?.obj.configMapGenerator ?? []) as Json[]).find((g) => g.name === v.configMap.name);
        const file = gen?.files?.[0] as string | undefined;
        if (file) {
          const abs = join(root, posix.dirname(dep.file), file.includes("=") ? file.split("=")[1]! : file);
          e.config = { file: posixRel(profileDir, abs), fileName: file.includes("=") ? file.split("=")[0] : basename(abs), mountPath: m.mountPath };
        } else {
          notCarried.push({ what: `${dep.file}: ConfigMap ${v.configMap.name} mounted at ${m.mountPath}`, reason: "not generated from a file of the tree; give the exporter a config file" });
        }
      } else notCarried.push({ what: `${dep.file}: volume ${m.name} of ${dep.obj.metadata.name}`, reason: "only a ConfigMap or a Secret can be mounted into an exporter" });
    }
    if (c.resources) {
      const pick = (x: Json | undefined) => Object.fromEntries(Object.entries(x ?? {}).filter(([k]) => k === "cpu" || k === "memory"));
      e.resources = { requests: pick(c.resources.requests), limits: pick(c.resources.limits) };
    }
    exporters.push(e);
  }
  if (exporters.length > 0) profile.exporters = exporters;

  // --- Files a kustomization lists that are not in the tree (usually sealed secrets)
  for (const k of kustomizations) {
    for (const r of (k.obj.resources ?? []) as string[]) {
      const abs = join(root, posix.dirname(k.file), r);
      let exists = true;
      try {
        statSync(abs);
      } catch {
        exists = false;
      }
      if (!exists) {
        notCarried.push({
          what: `${k.file}: resource ${r}`,
          reason: /sealed|secret|credential/i.test(r)
            ? "secret material is not in the tree; keep the SealedSecret in a directory of your own and list it under manifests (or an exporter's manifests)"
            : "listed but not present in the tree",
        });
      }
    }
  }

  // --- Flux Kustomizations
  for (const d of of("Kustomization")) {
    take(d);
    const api = String(d.obj.apiVersion);
    notes.push({
      what: `${d.file}: Flux Kustomization ${d.obj.metadata.name} (${api})`,
      reason: `obstack renders one Flux Kustomization per component, named ${namespace ?? "observability"}-<component>; pruning and renaming are covered in docs/migrate.md${/v1beta/.test(api) ? "; the API version was deprecated" : ""}`,
    });
    const deps = ((d.obj.spec?.dependsOn ?? []) as Json[]).map((x) => x.name).filter((n: string) => !of("Kustomization").some((o) => o.obj.metadata.name === n));
    if (deps.length > 0) profile.flux = { ...(profile.flux ?? {}), dependsOn: [...new Set([...(profile.flux?.dependsOn ?? []), ...deps])] };
    if (d.obj.spec?.sourceRef?.name && d.obj.spec.sourceRef.name !== "flux-system") profile.flux = { ...(profile.flux ?? {}), gitRepository: d.obj.spec.sourceRef.name };
  }

  // --- Dashboards: each becomes a profile dashboard when every metric it reads has a source
  const declared = new Map<string, Set<string>>();
  const declare = (where: Json, metric: string) => {
    const s = declared.get(JSON.stringify(where)) ?? new Set<string>();
    s.add(metric);
    declared.set(JSON.stringify(where), s);
  };
  const known = knownMetricNames();
  const graphiteNames = new Map<string, Set<string>>();
  for (const e of exporters) {
    if (!e.config?.file) continue;
    try {
      const m = parseYaml(readFileSync(join(profileDir, e.config.file), "utf8")) as Json;
      graphiteNames.set(e.name, new Set(((m?.mappings ?? []) as Json[]).filter((x) => x.action !== "drop").map((x) => String(x.name))));
    } catch {
      // Not a mapping file: no names from it.
    }
  }
  const sourceOf = (metric: string, machine?: string): Json | undefined => {
    for (const e of exporters) {
      const stem = e.name.replace(/-exporter$/, "").replace(/-/g, "_");
      if (metric.startsWith(`${stem}_`)) return { exporter: e.name, pattern: `${stem}_*` };
      if (graphiteNames.get(e.name)?.has(metric)) return { exporter: e.name, pattern: metric };
      // Every exporter reports its own scrape health under its name (graphite_exporter's graphite_*).
      if (/graphite/.test(e.image) && metric.startsWith("graphite_")) return { exporter: e.name, pattern: "graphite_*" };
    }
    for (const m of machines) {
      for (const x of m.exporters as Json[]) {
        const prefixes = KNOWN_PREFIXES[x.name] ?? [];
        if (prefixes.some((p) => metric.startsWith(p))) return { machine: m.name, exporter: x.name, pattern: `${prefixes.find((p) => metric.startsWith(p))}*` };
      }
      // A series selected by machine_name comes from that machine's exporters (e.g. node-exporter's textfile collector).
      if (machine === m.name) return { machine: m.name, exporter: (m.exporters as Json[])[0]!.name, pattern: `${metric.split("_").slice(0, 2).join("_")}_*` };
    }
    return undefined;
  };
  const profileDashboards: Json[] = [];
  for (const f of dashboards) {
    const rel = posixRel(root, f);
    const json = JSON.parse(readFileSync(f, "utf8")) as Json;
    const mapped = mapDatasources(json).json;
    const missing = new Set<string>();
    for (const q of extractDashboardQueries({ uid: String(mapped.uid ?? ""), title: String(mapped.title ?? ""), json: mapped })) {
      const info = parsePromQL(q.expr);
      for (const sel of info.selectors) {
        const metric = sel.metric;
        if (metric === undefined || known.has(metric)) continue;
        const machine = sel.matchers.find((m) => m.label === "machine_name" && m.op === "=")?.value;
        const src = sourceOf(metric, machine);
        if (src) declare(src, src.pattern);
        else missing.add(metric);
      }
    }
    if (missing.size > 0) {
      notCarried.push({
        what: `${rel}: dashboard ${JSON.stringify(json.title)}`,
        reason: `no source in the tree provides ${[...missing].sort().join(", ")}; add the source with metrics: [...] and list the dashboard under dashboards`,
      });
      continue;
    }
    profileDashboards.push({ file: posixRel(profileDir, f) });
  }
  if (profileDashboards.length > 0) profile.dashboards = profileDashboards;
  for (const [key, patterns] of declared) {
    const src = JSON.parse(key) as Json;
    const list = [...patterns].sort();
    if (src.machine) {
      const x = (machines.find((m) => m.name === src.machine)!.exporters as Json[]).find((e) => e.name === src.exporter)!;
      x.metrics = [...new Set([...(x.metrics ?? []), ...list])].sort();
    } else {
      const e = exporters.find((e) => e.name === src.exporter)!;
      e.metrics = [...new Set([...(e.metrics ?? []), ...list])].sort();
    }
  }
  if (dashboards.length > 0 && !of("GrafanaDashboard").length) {
    notes.push({ what: "dashboards", reason: "the dashboard files were not provisioned (no GrafanaDashboard); obstack provisions each into the Dashboards folder" });
  }

  // --- Anything else in the tree
  for (const d of docs) {
    if (used.has(d.obj)) continue;
    if (d.obj.kind === "HelmRepository") {
      notes.push({ what: `${d.file}: HelmRepository ${d.obj.metadata?.name}`, reason: "obstack renders the chart repositories it needs" });
      continue;
    }
    notCarried.push({ what: `${d.file}: ${d.obj.kind ?? "object"} ${d.obj.metadata?.name ?? ""}`.trim(), reason: "obstack has no profile field for it; keep it among your own manifests (manifests:)" });
  }
  return { profile, notCarried, notes };
}

function findKeys(o: unknown, key: string): unknown[] {
  const out: unknown[] = [];
  const visit = (x: unknown) => {
    if (Array.isArray(x)) x.forEach(visit);
    else if (x && typeof x === "object") {
      for (const [k, v] of Object.entries(x)) {
        if (k === key) out.push(v);
        visit(v);
      }
    }
  };
  visit(o);
  return out;
}

function findKey(o: unknown, key: string): unknown {
  return findKeys(o, key)[0];
}

export function formatReport(r: ImportResult, source: string): string {
  const lines = [`# obstack import report: ${source}`, "", "## Not carried over", ""];
  if (r.notCarried.length === 0) lines.push("Nothing: every object of the tree has a profile field.");
  for (const i of r.notCarried) lines.push(`- ${i.what}: ${i.reason}`);
  lines.push("", "## Carried over with a change or an assumption", "");
  for (const i of r.notes) lines.push(`- ${i.what}: ${i.reason}`);
  return `${lines.join("\n")}\n`;
}


