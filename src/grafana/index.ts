// Grafana through grafana-operator: the operator's HelmRelease, then (once its CRDs exist) the
// Grafana instance, its datasources, a folder and the dashboards, all selected by one label.
import { HTTPRoute } from "@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1";
import { CHARTS } from "../charts/catalog.ts";
import { releaseBase, releasePatch, type ReleaseSpec } from "../flux/helm.ts";
import { grafana, grafanaDashboard, grafanaDatasource, grafanaFolder } from "../grafana-operator/index.ts";
import type { GrafanaDatasource } from "../grafana-operator/index.ts";
import { plain, stackLabels, type K8sObject } from "../k8s/object.ts";
import type { Profile } from "../profile/schema.ts";
import { DATASOURCES } from "../dashboards/datasources.ts";
import { allDashboards, type DashboardDef } from "../dashboards/index.ts";
import { KUBERNETES_FOLDER, kpsConfigMapRef, kpsDashboards } from "../dashboards/kps/index.ts";
import { CLAIMS, GRAFANA_NAME, GRAFANA_SERVICE, fluxName, paths, urls } from "../stack/names.ts";
import { singletonNode, volumesFor } from "../storage/local.ts";
import type { Dir } from "../tree/dir.ts";
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

export function dashboards(): DashboardDef[] {
  return allDashboards();
}

function dashboardObjects(): K8sObject[] {
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
function kpsDashboardObjects(): K8sObject[] {
  return kpsDashboards().map(
    (d) =>
      grafanaDashboard(
        { instanceSelector, folderRef: KUBERNETES_FOLDER.name, resyncPeriod: "10m", configMapRef: kpsConfigMapRef(d) },
        { name: `kps-${d.name}`, labels: stackLabels("dashboards") },
      ) as unknown as K8sObject,
  );
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
          template: {
            spec: {
              // Explicit, not left to the operator's defaults (uid 10001, read-only root, no capabilities,
              // RuntimeDefault seccomp, 100m/256Mi/1Gi: controllers/reconcilers/grafana/deployment_reconciler.go:28-31,
              // 285-330, 333-343 @ v5.24.0): the render check sees them, and the profile sizes Grafana.
              securityContext: { seccompProfile: { type: "RuntimeDefault" } },
              containers: [
                {
                  name: "grafana",
                  env: [secretEnv("GF_SECURITY_ADMIN_USER"), secretEnv("GF_SECURITY_ADMIN_PASSWORD")],
                  resources: resourcesFor(p, "grafana"),
                  securityContext: { ...RESTRICTED_CONTAINER, runAsUser: 10001, runAsGroup: 10001 },
                },
              ],
              volumes: [{ name: "grafana-data", persistentVolumeClaim: { claimName: CLAIMS.grafana(0) } }],
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
            backendRefs: [{ name: GRAFANA_SERVICE, port: 3000 }],
          },
        ],
      },
    }),
  );
}

export function grafanaDirs(p: Profile): Dir[] {
  const at = paths(p);
  const release = grafanaOperatorRelease(p);
  const pv = volumesFor(p, [
    { component: "grafana", claimName: CLAIMS.grafana(0), size: p.grafana.volumeSize, node: singletonNode(p), dir: "grafana" },
  ]);
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
        ...(pv.length > 0 ? [{ name: "persistentvolumes.yaml", objects: pv }] : []),
      ],
      // The CRs need the operator's CRDs; the operator's Kustomization waits for its release.
      flux: { name: fluxName(p, at.overlay.grafana), dependsOn: [at.overlay.grafanaOperator], wait: false },
    },
  ];
}
