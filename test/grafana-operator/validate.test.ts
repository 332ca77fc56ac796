import { test } from "node:test";
import assert from "node:assert/strict";
import {
  grafana,
  grafanaDashboard,
  grafanaDatasource,
  grafanaFolder,
  validateGrafanaObject,
} from "../../src/grafana-operator/index.ts";

const selector = { matchLabels: { dashboards: "grafana" } };

// A realistic stack: Grafana with admin credentials from a Secret, persistent storage,
// a Gateway API route; Loki datasource with a secret header; a folder and a dashboard.
const validGrafana = grafana(
  {
    disableDefaultAdminSecret: true,
    config: { log: { mode: "console" }, auth: { disable_login_form: "false" }, server: { root_url: "https://grafana.example.com" } },
    deployment: {
      spec: {
        replicas: 1,
        strategy: { type: "Recreate" },
        template: {
          metadata: { labels: { app: "grafana" } },
          spec: {
            containers: [
              {
                name: "grafana",
                image: "grafana/grafana:12.2.0",
                env: [
                  { name: "GF_SECURITY_ADMIN_USER", valueFrom: { secretKeyRef: { name: "grafana-admin", key: "user" } } },
                  { name: "GF_SECURITY_ADMIN_PASSWORD", valueFrom: { secretKeyRef: { name: "grafana-admin", key: "password" } } },
                ],
                resources: { requests: { cpu: "100m", memory: "256Mi" }, limits: { memory: 1 } },
                volumeMounts: [{ name: "grafana-data", mountPath: "/var/lib/grafana" }],
                readinessProbe: { httpGet: { path: "/api/health", port: 3000 } },
              },
            ],
            securityContext: { fsGroup: 472 },
            volumes: [{ name: "grafana-data", persistentVolumeClaim: { claimName: "grafana-pvc" } }],
          },
        },
      },
    },
    persistentVolumeClaim: { spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "10Gi" } } } },
    service: { metadata: { annotations: { "prometheus.io/scrape": "true" } }, spec: { ports: [{ name: "http", port: 3000, targetPort: "grafana-http" }] } },
    httpRoute: {
      spec: {
        hostnames: ["grafana.example.com"],
        parentRefs: [{ name: "public", namespace: "gateway", sectionName: "https" }],
        rules: [{ backendRefs: [{ name: "grafana-service", port: 3000 }] }],
      },
    },
    client: { tls: { insecureSkipVerify: false }, preferIngress: null },
  },
  { name: "grafana", namespace: "observability", labels: { dashboards: "grafana" } },
);

const validDatasource = grafanaDatasource(
  {
    instanceSelector: selector,
    resyncPeriod: "10m",
    uid: "loki",
    datasource: {
      name: "Loki",
      type: "loki",
      uid: "loki",
      access: "proxy",
      url: "http://loki-gateway.observability.svc",
      isDefault: false,
      jsonData: { httpHeaderName1: "X-Scope-OrgID", maxLines: 1000 },
      secureJsonData: { httpHeaderValue1: "${tenant}" },
    },
    valuesFrom: [{ targetPath: "secureJsonData.httpHeaderValue1", valueFrom: { secretKeyRef: { name: "loki-tenant", key: "tenant" } } }],
  },
  { name: "loki", namespace: "observability" },
);

const validFolder = grafanaFolder({ instanceSelector: selector, title: "Kubernetes", uid: "k8s" }, { name: "kubernetes", namespace: "observability" });

const validDashboard = grafanaDashboard(
  {
    instanceSelector: selector,
    folderRef: "kubernetes",
    gzipJson: Buffer.from("H4sIAAAA").toString("base64"),
    datasources: [{ inputName: "DS_PROMETHEUS", datasourceName: "Prometheus" }],
    resyncPeriod: "1h30m",
    allowCrossNamespaceImport: false,
  },
  { name: "node-exporter", namespace: "observability" },
);

/** Deep copy, apply a mutation, validate. */
function mutate<T>(obj: T, f: (o: any) => void): string[] {
  const copy = structuredClone(obj);
  f(copy);
  return validateGrafanaObject(copy);
}

test("valid objects of all four kinds pass", () => {
  for (const o of [validGrafana, validDatasource, validFolder, validDashboard]) assert.deepEqual(validateGrafanaObject(o), [], o.kind);
});

test("constructors set apiVersion and kind", () => {
  assert.equal(validDatasource.apiVersion, "grafana.integreatly.org/v1beta1");
  assert.equal(validDatasource.kind, "GrafanaDatasource");
  assert.equal(validGrafana.kind, "Grafana");
  assert.equal(validFolder.kind, "GrafanaFolder");
  assert.equal(validDashboard.kind, "GrafanaDashboard");
});

test("minimal objects pass (only the CRD's required fields)", () => {
  assert.deepEqual(validateGrafanaObject(grafana({}, { name: "g" })), []);
  assert.deepEqual(validateGrafanaObject(grafanaDatasource({ instanceSelector: {}, datasource: {} }, { name: "d" })), []);
  assert.deepEqual(validateGrafanaObject(grafanaFolder({ instanceSelector: {} }, { name: "f" })), []);
  assert.deepEqual(validateGrafanaObject(grafanaDashboard({ instanceSelector: {} }, { name: "d" })), []);
});

test("apiVersion and kind", () => {
  assert.deepEqual(mutate(validDatasource, (o) => (o.apiVersion = "grafana.integreatly.org/v1alpha1")), [
    'GrafanaDatasource observability/loki: apiVersion: expected "grafana.integreatly.org/v1beta1", got "grafana.integreatly.org/v1alpha1"',
  ]);
  assert.deepEqual(mutate(validDatasource, (o) => (o.kind = "GrafanaDataSource")), [
    'GrafanaDataSource observability/loki: kind: expected one of Grafana, GrafanaDatasource, GrafanaDashboard, GrafanaFolder, got "GrafanaDataSource"',
  ]);
  assert.deepEqual(mutate(validFolder, (o) => (o.apiVersion = 1)), [
    'GrafanaFolder observability/kubernetes: apiVersion: expected "grafana.integreatly.org/v1beta1", got 1',
  ]);
  assert.deepEqual(validateGrafanaObject("nope"), ["<root>: expected a Kubernetes object, got string"]);
});

test("missing required fields", () => {
  assert.deepEqual(mutate(validDatasource, (o) => delete o.spec.instanceSelector), [
    "GrafanaDatasource observability/loki: spec.instanceSelector: required",
  ]);
  assert.deepEqual(mutate(validDatasource, (o) => delete o.spec), ["GrafanaDatasource observability/loki: spec: required"]);
  assert.deepEqual(mutate(validDatasource, (o) => delete o.spec.valuesFrom[0].targetPath), [
    "GrafanaDatasource observability/loki: spec.valuesFrom[0].targetPath: required",
  ]);
  assert.deepEqual(mutate(validGrafana, (o) => delete o.spec.deployment.spec.template.spec.containers[0].env[1].valueFrom.secretKeyRef.key), [
    "Grafana observability/grafana: spec.deployment.spec.template.spec.containers[0].env[1].valueFrom.secretKeyRef.key: required",
  ]);
  assert.deepEqual(mutate(validDashboard, (o) => (o.spec.datasources = [{ inputName: "DS" }])), [
    "GrafanaDashboard observability/node-exporter: spec.datasources[0].datasourceName: required",
  ]);
  assert.deepEqual(mutate(validFolder, (o) => delete o.metadata.name), ["GrafanaFolder observability/<unnamed>: metadata.name: required"]);
});

test("wrong types", () => {
  assert.deepEqual(mutate(validDatasource, (o) => (o.spec.datasource.isDefault = "true")), [
    "GrafanaDatasource observability/loki: spec.datasource.isDefault: expected boolean, got string",
  ]);
  // grafana.ini values are strings in the CRD; a YAML-ish `true` is a classic slip.
  assert.deepEqual(mutate(validGrafana, (o) => (o.spec.config.auth.disable_login_form = false)), [
    "Grafana observability/grafana: spec.config.auth.disable_login_form: expected string, got boolean",
  ]);
  assert.deepEqual(mutate(validGrafana, (o) => (o.spec.deployment.spec.replicas = 1.5)), [
    "Grafana observability/grafana: spec.deployment.spec.replicas: expected integer, got number",
  ]);
  assert.deepEqual(mutate(validGrafana, (o) => (o.spec.service.spec.ports[0].targetPort = true)), [
    "Grafana observability/grafana: spec.service.spec.ports[0].targetPort: expected integer or string, got boolean",
  ]);
  assert.deepEqual(mutate(validDatasource, (o) => (o.spec.datasource.jsonData = [])), [
    "GrafanaDatasource observability/loki: spec.datasource.jsonData: expected object, got array",
  ]);
  assert.deepEqual(mutate(validGrafana, (o) => (o.spec.deployment.spec.template.spec.containers[0].readinessProbe = "x")), [
    "Grafana observability/grafana: spec.deployment.spec.template.spec.containers[0].readinessProbe: expected object, got string",
  ]);
  assert.deepEqual(mutate(validDashboard, (o) => (o.spec.datasources = { inputName: "DS", datasourceName: "P" })), [
    "GrafanaDashboard observability/node-exporter: spec.datasources: expected array, got object",
  ]);
  assert.deepEqual(mutate(validFolder, (o) => (o.metadata.labels = { tier: 1 })), [
    "GrafanaFolder observability/kubernetes: metadata.labels.tier: expected string, got integer",
  ]);
  assert.deepEqual(mutate(validDatasource, (o) => (o.spec.datasource.url = null)), [
    "GrafanaDatasource observability/loki: spec.datasource.url: expected string, got null",
  ]);
});

test("unknown fields are rejected except in maps and preserve-unknown-fields objects", () => {
  assert.deepEqual(mutate(validDatasource, (o) => (o.spec.datasource.secureJsonDate = {})), [
    "GrafanaDatasource observability/loki: spec.datasource.secureJsonDate: unknown field",
  ]);
  assert.deepEqual(mutate(validDashboard, (o) => (o.spec.folderName = "x")), [
    "GrafanaDashboard observability/node-exporter: spec.folderName: unknown field",
  ]);
  assert.deepEqual(mutate(validGrafana, (o) => (o.spec.deployment.spec.template.spec.containers[0].env[0].valuefrom = {})), [
    "Grafana observability/grafana: spec.deployment.spec.template.spec.containers[0].env[0].valuefrom: unknown field",
  ]);
  assert.deepEqual(mutate(validGrafana, (o) => (o.spec.deployment.spec.template.spec.volumes[0].persistentVolumeClaim.name = "x")), [
    "Grafana observability/grafana: spec.deployment.spec.template.spec.volumes[0].persistentVolumeClaim.name: unknown field",
  ]);
  assert.deepEqual(mutate(validFolder, (o) => (o.metadata.namepsace = "x")), ["GrafanaFolder observability/kubernetes: metadata.namepsace: unknown field"]);
  // Arbitrary keys are fine where the CRD allows them.
  assert.deepEqual(mutate(validDatasource, (o) => (o.spec.datasource.jsonData.anything = { nested: [1] })), []);
  assert.deepEqual(mutate(validGrafana, (o) => (o.spec.config["auth.generic_oauth"] = { enabled: "true" })), []);
});

test("enums, patterns, bounds and formats", () => {
  assert.deepEqual(mutate(validGrafana, (o) => (o.spec.disableDefaultSecurityContext = "pod")), [
    'Grafana observability/grafana: spec.disableDefaultSecurityContext: must be one of "Pod", "Container", "All", got "pod"',
  ]);
  assert.deepEqual(mutate(validGrafana, (o) => (o.spec.httpRoute.spec.useDefaultGateways = "Some")), [
    'Grafana observability/grafana: spec.httpRoute.spec.useDefaultGateways: must be one of "All", "None", got "Some"',
  ]);
  assert.deepEqual(mutate(validDatasource, (o) => (o.spec.resyncPeriod = "10 minutes")), [
    'GrafanaDatasource observability/loki: spec.resyncPeriod: "10 minutes" does not match ^([0-9]+(\\.[0-9]+)?(ns|us|µs|ms|s|m|h))+$',
  ]);
  assert.deepEqual(mutate(validFolder, (o) => (o.spec.uid = "x".repeat(41))), ["GrafanaFolder observability/kubernetes: spec.uid: must be at most 40 characters"]);
  // Lengths are characters, as the API server counts them: 63 emoji (126 UTF-16 units) fit maxLength 63.
  assert.deepEqual(mutate(validGrafana, (o) => (o.spec.httpRoute.spec.parentRefs[0].namespace = "😀".repeat(63))), []);
  assert.deepEqual(mutate(validGrafana, (o) => (o.spec.httpRoute.spec.parentRefs[0].namespace = "😀".repeat(64))), [
    "Grafana observability/grafana: spec.httpRoute.spec.parentRefs[0].namespace: must be at most 63 characters",
  ]);
  assert.deepEqual(mutate(validDashboard, (o) => (o.spec.gzipJson = "not base64!")), [
    "GrafanaDashboard observability/node-exporter: spec.gzipJson: must be base64 (format: byte)",
  ]);
  assert.deepEqual(mutate(validGrafana, (o) => (o.spec.httpRoute.spec.parentRefs[0].port = 0)), [
    "Grafana observability/grafana: spec.httpRoute.spec.parentRefs[0].port: must be >= 1",
  ]);
  assert.deepEqual(mutate(validDatasource, (o) => (o.spec.valuesFrom = Array(100).fill(o.spec.valuesFrom[0]))), [
    "GrafanaDatasource observability/loki: spec.valuesFrom: must have at most 99 items",
  ]);
});

test("mutually exclusive fields (x-kubernetes-validations)", () => {
  assert.deepEqual(mutate(validDashboard, (o) => (o.spec.folderUID = "k8s")), [
    "GrafanaDashboard observability/node-exporter: spec: only one of folderUID or folderRef can be set",
  ]);
  assert.deepEqual(mutate(validDashboard, (o) => (o.spec.folder = "Kubernetes")), [
    "GrafanaDashboard observability/node-exporter: spec: folder cannot be set together with folderUID or folderRef",
  ]);
  assert.deepEqual(mutate(validFolder, (o) => Object.assign(o.spec, { parentFolderUID: "a", parentFolderRef: "b" })), [
    "GrafanaFolder observability/kubernetes: spec: only one of parentFolderUID or parentFolderRef can be set",
  ]);
  assert.deepEqual(mutate(validDatasource, (o) => (o.spec.valuesFrom[0].valueFrom.configMapKeyRef = { key: "k" })), [
    "GrafanaDatasource observability/loki: spec.valuesFrom[0].valueFrom: exactly one of configMapKeyRef or secretKeyRef must be set",
  ]);
  assert.deepEqual(mutate(validDatasource, (o) => (o.spec.valuesFrom[0].valueFrom = {})), [
    "GrafanaDatasource observability/loki: spec.valuesFrom[0].valueFrom: exactly one of configMapKeyRef or secretKeyRef must be set",
  ]);
  assert.deepEqual(mutate(validGrafana, (o) => (o.spec.client.tls = {})), [
    "Grafana observability/grafana: spec.client.tls: exactly one of insecureSkipVerify or certSecretRef must be set",
  ]);
});

test("every problem is reported, not just the first", () => {
  const errors = mutate(validDatasource, (o) => {
    delete o.spec.instanceSelector;
    o.spec.datasource.orgId = "1";
    o.spec.extra = true;
  });
  assert.deepEqual(errors, [
    "GrafanaDatasource observability/loki: spec.instanceSelector: required",
    "GrafanaDatasource observability/loki: spec.datasource.orgId: expected integer, got string",
    "GrafanaDatasource observability/loki: spec.extra: unknown field",
  ]);
});
