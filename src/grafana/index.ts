// Grafana through grafana-operator: the operator's HelmRelease, then (once its CRDs exist) the
// Grafana instance, its datasources, a folder and the dashboards, all selected by one label.
import { HTTPRoute } from "@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1";
import { CHARTS } from "../charts/catalog.ts";
import { releaseBase, releasePatch, type ReleaseSpec } from "../flux/helm.ts";
import { grafana, grafanaDashboard, grafanaDatasource, grafanaFolder } from "../grafana-operator/index.ts";
import type { GrafanaDatasource } from "../grafana-operator/index.ts";
import { deepFreeze, plain, stackLabels, type K8sObject } from "../k8s/object.ts";
import type { Profile } from "../profile/schema.ts";
import { DATASOURCES } from "../dashboards/datasources.ts";
import { allDashboards, type DashboardDef } from "../dashboards/index.ts";
import { KUBERNETES_FOLDER, kpsConfigMapRef, kpsDashboards } from "../dashboards/kps/index.ts";
import { CLAIMS, GRAFANA_NAME, GRAFANA_SERVICE, PORTS, urls } from "../wiring/names.ts";
import { fluxName, paths } from "../tree/paths.ts";
import { preparedBy, slotsOf, volumesFor, type VolumeClaim } from "../storage/local.ts";
import type { Dir } from "../tree/dir.ts";
import { slug, userDashboards } from "../dashboards/user.ts";
import { resourcesFor } from "../workloads/resources.ts";
import { RESTRICTED_CONTAINER } from "../workloads/security.ts";

/** Every grafana-operator CR of the stack selects the instance by this label. */
export const INSTANCE_LABELS = { dashboards: "obstack" };
const instanceSelector = { matchLabels: INSTANCE_LABELS };
export const FOLDER_NAME = "obstack";
const DATASOURCE_INPUTS = [
  { inputName: "DS_PROMETHEUS", datasourceName: "Prometheus" },
  { inputName: "DS_LOKI", datasourceName: "Loki" },
  { inputName: "DS_ALERTMANAGER", datasourceName: "Alertmanager" },
];

export function grafanaOperatorRelease(p: Profile): ReleaseSpec {
  return {
    name: "grafana-operator",
    releaseName: "grafana-operator",
    chart: CHARTS["grafana-operator"],
    crds: true,
    baseValues: {
      // By default the operator watches (and may write) Secrets, ConfigMaps, Deployments and Services in
      // every namespace through a ClusterRole. Every Grafana CR of the stack lives in the release's own
      // namespace: namespaceScope sets WATCH_NAMESPACE to it (templates/deployment.yaml), and with
      // rbac.useClusterRole false the chart renders a namespaced Role + RoleBinding instead of the
      // ClusterRole (templates/rbac.yaml). The operator's rules are all namespaced resources (files/rbac.yaml).
      namespaceScope: true,
      watchNamespaces: "",
      rbac: { useClusterRole: false },
      // The chart's container securityContext is restricted already (values.yaml:162-174 @ v5.24.0); the
      // pod's is empty: RuntimeDefault seccomp and non-root at pod level too.
      podSecurityContext: { runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } },
    },
    clusterValues: { resources: resourcesFor(p, "grafanaOperator") },
  };
}

function datasources(p: Profile): GrafanaDatasource[] {
  const ds = (name: string, datasource: GrafanaDatasource["spec"]["datasource"]) =>
    grafanaDatasource({ instanceSelector, datasource }, { name, labels: stackLabels("grafana") });
  return [
    ds("prometheus", {
      name: "Prometheus",
      type: DATASOURCES.prometheus.type,
      uid: DATASOURCES.prometheus.uid,
      access: "proxy",
      url: urls.prometheus(p),
      isDefault: true,
      jsonData: { timeInterval: p.prometheus.scrapeInterval, prometheusType: "Prometheus" },
    }),
    ds("loki", {
      name: "Loki",
      type: DATASOURCES.loki.type,
      uid: DATASOURCES.loki.uid,
      access: "proxy",
      url: urls.loki(p),
      isDefault: false,
      jsonData: { maxLines: 1000 },
    }),
    ds("alertmanager", {
      name: "Alertmanager",
      type: DATASOURCES.alertmanager.type,
      uid: DATASOURCES.alertmanager.uid,
      access: "proxy",
      url: urls.alertmanager(p),
      isDefault: false,
      jsonData: { implementation: "prometheus", handleGrafanaManagedAlerts: false },
    }),
  ];
}

// The stack's dashboards depend on no profile value: built once per process, not once per caller (a
// render asked for them three times: its queries, the dashboard objects, the user dashboards' uids).
// Callers treat them as read-only.
let built: readonly DashboardDef[] | undefined;

export function dashboards(): DashboardDef[] {
  built ??= allDashboards();
  return [...built];
}

// Their objects depend on no profile value either: built and frozen once, so the tree serializes them
// once too (src/tree/render.ts toYaml).
let builtObjects: readonly K8sObject[] | undefined;
let builtKpsObjects: readonly K8sObject[] | undefined;

function dashboardObjects(): readonly K8sObject[] {
  return (builtObjects ??= deepFreeze(dashboardsAsObjects()));
}

function dashboardsAsObjects(): K8sObject[] {
  return dashboards().map(
    (d) =>
      grafanaDashboard(
        {
          instanceSelector,
          folderRef: FOLDER_NAME,
          resyncPeriod: "10m",
          // The stack's dashboards use the datasources' stable uids; the mapping serves dashboards
          // exported from another Grafana, whose ${DS_PROMETHEUS}-style inputs then resolve here too.
          datasources: DATASOURCE_INPUTS,
          json: JSON.stringify(d.json, null, 2),
        },
        { name: d.uid, labels: stackLabels("dashboards") },
      ) as unknown as K8sObject,
  );
}

/**
 * kube-prometheus-stack's Kubernetes dashboards, read by grafana-operator from the chart's ConfigMaps
 * (src/dashboards/kps), in the Kubernetes folder. Their panels use the chart's `datasource` variable,
 * which Grafana sets to the default Prometheus datasource: the stack's (isDefault above).
 */
function kpsDashboardObjects(): readonly K8sObject[] {
  return (builtKpsObjects ??= deepFreeze(
    kpsDashboards().map(
      (d) =>
        grafanaDashboard(
          { instanceSelector, folderRef: KUBERNETES_FOLDER.name, resyncPeriod: "10m", configMapRef: kpsConfigMapRef(d) },
          { name: `kps-${d.name}`, labels: stackLabels("dashboards") },
        ) as unknown as K8sObject,
    ),
  ));
}

/** grafana-operator v5.24.0 runs the grafana container as uid 10001, gid 10001 and gives the pod no fsGroup
 *  (controllers/reconcilers/grafana/deployment_reconciler.go:305-313 and 333-343). */
export const GRAFANA_OWNER = { uid: 10001, gid: 10001 };
/** The operator names the Grafana CR's PVC "<CR name>-pvc" (controllers/resources/resources.go:59-71 @ v5.24.0). */
export const GRAFANA_PVC = CLAIMS.grafana(0);

export function grafanaVolumeClaims(p: Profile): VolumeClaim[] {
  return slotsOf(p, "grafana").map((s) => ({ ...s, claimName: GRAFANA_PVC, size: p.grafana.volumeSize, owner: GRAFANA_OWNER, subPaths: [] }));
}

/**
 * The profile's own dashboards, each in the folder it names: the stack's folders are reused when the
 * title matches, any other title gets a GrafanaFolder of its own. Their datasources are already mapped
 * to the stack's uids (src/dashboards/user.ts), so no operator-side input mapping is needed.
 */
function userDashboardObjects(p: Profile): K8sObject[] {
  const user = userDashboards(p, new Set(dashboards().map((d) => d.uid)));
  const stackFolders = new Map([
    [p.grafana.folder, FOLDER_NAME],
    [KUBERNETES_FOLDER.title, KUBERNETES_FOLDER.name],
  ]);
  const folders = new Map<string, string>();
  for (const u of user) if (!stackFolders.has(u.folder) && !folders.has(u.folder)) folders.set(u.folder, `folder-${slug(u.folder) || "dashboards"}`.slice(0, 63));
  const folderObjects = [...folders].map(
    ([title, name]) => grafanaFolder({ instanceSelector, title }, { name, labels: stackLabels("dashboards") }) as unknown as K8sObject,
  );
  const dashboardObjects = user.map(
    (u) =>
      grafanaDashboard(
        { instanceSelector, folderRef: stackFolders.get(u.folder) ?? folders.get(u.folder)!, resyncPeriod: "10m", json: JSON.stringify(u.def.json, null, 2) },
        { name: u.name, labels: stackLabels("dashboards") },
      ) as unknown as K8sObject,
  );
  return [...folderObjects, ...dashboardObjects];
}

function instance(p: Profile): K8sObject[] {
  const secretEnv = (key: string) => ({ name: key, valueFrom: { secretKeyRef: { name: p.grafana.adminSecret, key } } });
  const g = grafana(
    {
      // No operator-generated admin Secret: credentials come only from the Secret the profile names.
      disableDefaultAdminSecret: true,
      config: {
        log: { mode: "console" },
        server: { root_url: `https://${p.grafana.hostname}/` },
        auth: { disable_login_form: "false" },
      },
      persistentVolumeClaim: {
        spec: { accessModes: ["ReadWriteOnce"], storageClassName: p.storage.className, resources: { requests: { storage: p.grafana.volumeSize } } },
      },
      deployment: {
        spec: {
          // One pod at a time on the ReadWriteOnce volume: a rolling update would start the new pod while the
          // old one holds the claim (Multi-Attach on another node, two writers of grafana.db on the same one).
          // The operator sets no strategy (deployment_reconciler.go:345-369 @ v5.24.0); its own persistent
          // volume example uses Recreate (examples/grafana/persistent_volume/resources.yaml).
          strategy: { type: "Recreate" },
          template: {
            spec: {
              // Explicit, not left to the operator's defaults (uid 10001, read-only root, no capabilities,
              // RuntimeDefault seccomp, 100m/256Mi/1Gi: controllers/reconcilers/grafana/deployment_reconciler.go:28-31,
              // 285-330, 333-343 @ v5.24.0): the render check sees them, and the profile sizes Grafana.
              // Without an fsGroup, uid 10001 cannot write a volume whose root belongs to root (a provisioned
              // one) and the kubelet changes no group ownership. With it, the kubelet makes the volume group
              // 10001 and group-writable before Grafana starts (local volumes included: pkg/volume/local
              // SetUpAt → SetVolumeOwnership). The operator merges this into its own pod securityContext
              // (seccompProfile only) with a strategic merge (deployment_reconciler.go:66-70,
              // api/v1beta1/typeoverrides.go:558-604).
              securityContext: { seccompProfile: { type: "RuntimeDefault" }, fsGroup: GRAFANA_OWNER.gid, fsGroupChangePolicy: "OnRootMismatch" },
              containers: [
                {
                  name: "grafana",
                  env: [secretEnv("GF_SECURITY_ADMIN_USER"), secretEnv("GF_SECURITY_ADMIN_PASSWORD")],
                  resources: resourcesFor(p, "grafana"),
                  securityContext: { ...RESTRICTED_CONTAINER, runAsUser: GRAFANA_OWNER.uid, runAsGroup: GRAFANA_OWNER.gid },
                },
              ],
              volumes: [{ name: "grafana-data", persistentVolumeClaim: { claimName: GRAFANA_PVC } }],
            },
          },
        },
      },
    },
    { name: GRAFANA_NAME, labels: { ...INSTANCE_LABELS, ...stackLabels("grafana") } },
  );
  const folder = grafanaFolder({ instanceSelector, title: p.grafana.folder }, { name: FOLDER_NAME, labels: stackLabels("grafana") });
  const kubernetes = grafanaFolder({ instanceSelector, title: KUBERNETES_FOLDER.title }, { name: KUBERNETES_FOLDER.name, labels: stackLabels("grafana") });
  return [g as unknown as K8sObject, folder as unknown as K8sObject, kubernetes as unknown as K8sObject, ...(datasources(p) as unknown as K8sObject[])];
}

function httpRoute(p: Profile): K8sObject {
  return plain(
    new HTTPRoute({
      metadata: { name: "grafana", labels: stackLabels("grafana") },
      spec: {
        parentRefs: [
          {
            name: p.grafana.gateway.name,
            namespace: p.grafana.gateway.namespace,
            ...(p.grafana.gateway.sectionName ? { sectionName: p.grafana.gateway.sectionName } : {}),
          },
        ],
        hostnames: [p.grafana.hostname],
        rules: [
          {
            matches: [{ path: { type: "PathPrefix", value: "/" } }],
            backendRefs: [{ name: GRAFANA_SERVICE, port: PORTS.grafana }],
          },
        ],
      },
    }),
  );
}

export function grafanaDirs(p: Profile): Dir[] {
  const at = paths(p);
  const release = grafanaOperatorRelease(p);
  const pv = volumesFor(p, grafanaVolumeClaims(p));
  return [
    releaseBase(at.base.grafanaOperator, [release]),
    {
      path: at.base.dashboards,
      files: [
        { name: "dashboards.yaml", objects: dashboardObjects() },
        { name: "kubernetes-dashboards.yaml", objects: kpsDashboardObjects() },
      ],
    },
    {
      path: at.overlay.grafanaOperator,
      namespace: p.namespace,
      includes: [at.base.grafanaOperator],
      files: [{ name: "httproute.yaml", objects: [httpRoute(p)] }],
      patches: [{ name: "helmrelease-values.yaml", object: releasePatch(release) }],
      flux: { name: fluxName(p, at.overlay.grafanaOperator), dependsOn: [], wait: true },
    },
    {
      path: at.overlay.grafana,
      namespace: p.namespace,
      includes: [at.base.dashboards],
      files: [
        { name: "grafana.yaml", objects: instance(p) },
        ...(p.dashboards.length > 0 ? [{ name: "profile-dashboards.yaml", objects: userDashboardObjects(p) }] : []),
        ...(pv.length > 0 ? [{ name: "persistentvolumes.yaml", objects: pv }] : []),
      ],
      // The CRs need the operator's CRDs; the operator's Kustomization waits for its release.
      flux: { name: fluxName(p, at.overlay.grafana), dependsOn: [at.overlay.grafanaOperator, ...preparedBy(p)], wait: false },
    },
  ];
}
