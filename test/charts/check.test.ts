import { test } from "node:test";
import assert from "node:assert/strict";
import { checkHelmValues, suggestKey } from "../../src/charts/check.ts";
import { CHARTS, getChart } from "../../src/charts/catalog.ts";

const KPS = ["kube-prometheus-stack", "79.12.0"] as const;

test("kube-prometheus-stack: known keys pass", () => {
  assert.deepEqual(
    checkHelmValues(...KPS, {
      crds: { enabled: true },
      global: { imageRegistry: "", imagePullSecrets: [] },
      alertmanager: {
        enabled: true,
        config: { route: { receiver: "null", group_by: ["namespace"] }, receivers: [{ name: "null" }] },
        alertmanagerSpec: { retention: "120h" },
      },
      prometheus: {
        prometheusSpec: {
          retention: "15d",
          retentionSize: "45GB",
          podMonitorSelectorNilUsesHelmValues: false,
          serviceMonitorSelectorNilUsesHelmValues: false,
          ruleSelectorNilUsesHelmValues: false,
          probeSelectorNilUsesHelmValues: false,
          scrapeConfigSelectorNilUsesHelmValues: false,
          storageSpec: {
            volumeClaimTemplate: {
              spec: { storageClassName: "local-path", resources: { requests: { storage: "50Gi" } } },
            },
          },
          resources: { requests: { cpu: "500m", memory: "2Gi" } },
          tolerations: [{ operator: "Exists" }],
        },
      },
      grafana: { enabled: false },
      kubeStateMetrics: { enabled: true },
      nodeExporter: { enabled: true },
    }),
    [],
  );
});

test("kube-prometheus-stack: a typo fails with the message and a suggestion", () => {
  assert.deepEqual(checkHelmValues(...KPS, { prometheus: { prometheusSpec: { retentionSizee: "45GB" } } }), [
    "kube-prometheus-stack 79.12.0: values.prometheus.prometheusSpec.retentionSizee is not a key of the chart's values.yaml (did you mean retentionSize?)",
  ]);
  const msgs = checkHelmValues(...KPS, { alertmanagr: { enabled: false }, prometheus: { enabled: true, prometheusSpc: {} } });
  assert.equal(msgs.length, 2);
  assert.match(msgs[0]!, /values\.alertmanagr is not a key .*\(did you mean alertmanager\?\)$/);
  assert.match(msgs[1]!, /values\.prometheus\.prometheusSpc is not a key .*\(did you mean prometheusSpec\?\)$/);
});

test("kube-prometheus-stack: only the shallowest unknown key is reported, without a far-fetched suggestion", () => {
  assert.deepEqual(checkHelmValues(...KPS, { zzzqqq: { a: { b: 1 } } }), [
    "kube-prometheus-stack 79.12.0: values.zzzqqq is not a key of the chart's values.yaml",
  ]);
});

test("kube-prometheus-stack: keys below a scalar default are reported", () => {
  const msgs = checkHelmValues(...KPS, { prometheus: { prometheusSpec: { retentionSize: { value: "1GB" } } } });
  assert.equal(msgs.length, 1);
  assert.match(msgs[0]!, /values\.prometheus\.prometheusSpec\.retentionSize\.value is not a key/);
});

test("kube-state-metrics subchart keys route to kube-state-metrics 6.4.2's facts", () => {
  assert.deepEqual(
    checkHelmValues(...KPS, {
      "kube-state-metrics": {
        prometheus: { monitor: { enabled: true } },
        releaseLabel: true,
        customResourceState: {
          enabled: true,
          config: {
            spec: {
              resources: [
                {
                  groupVersionKind: { group: "helm.toolkit.fluxcd.io", version: "v2", kind: "HelmRelease" },
                  metricNamePrefix: "gotk",
                  metrics: [{ name: "resource_info", help: "The current state of a Flux HelmRelease." }],
                },
              ],
            },
            anything: { nested: { deep: true } },
          },
        },
        rbac: { extraRules: [{ apiGroups: ["helm.toolkit.fluxcd.io"], resources: ["helmreleases"], verbs: ["list", "watch"] }] },
        extraArgs: [],
        metricLabelsAllowlist: ["pods=[*]"],
      },
    }),
    [],
  );
  const msgs = checkHelmValues(...KPS, { "kube-state-metrics": { customResourceState: { enabeld: true } } });
  assert.deepEqual(msgs, [
    "kube-prometheus-stack 79.12.0: values.kube-state-metrics.customResourceState.enabeld is not a key of the chart's values.yaml nor of subchart kube-state-metrics 6.4.2's values.yaml (did you mean enabled?)",
  ]);
  // a kube-state-metrics key is not a key of kps outside the prefix
  assert.equal(checkHelmValues(...KPS, { customResourceState: { enabled: true } }).length, 1);
});

test("prometheus-node-exporter and grafana subchart keys: kps-listed keys and the carried allowlist", () => {
  assert.deepEqual(
    checkHelmValues(...KPS, {
      "prometheus-node-exporter": {
        extraArgs: ["--collector.systemd"],
        tolerations: [{ operator: "Exists" }],
        hostRootFsMount: { enabled: false },
        prometheus: { monitor: { enabled: true, interval: "30s" } },
        podLabels: { jobLabel: "node-exporter" },
        resources: { limits: { memory: "64Mi" } },
      },
      grafana: { enabled: true, adminPassword: "x", "grafana.ini": { server: { root_url: "https://g" } }, persistence: { enabled: true } },
    }),
    [],
  );
  const msgs = checkHelmValues(...KPS, {
    "prometheus-node-exporter": { hostRootFsMount: { enable: false }, hostNetworkk: true },
    grafana: { adminPasword: "x" },
    "prometheus-windows-exporter": { tolerations: [] },
  });
  assert.deepEqual(msgs, [
    "kube-prometheus-stack 79.12.0: values.prometheus-node-exporter.hostRootFsMount.enable is not a key of the chart's values.yaml nor of the allowlist carried for subchart prometheus-node-exporter 4.49.2 (did you mean enabled?)",
    "kube-prometheus-stack 79.12.0: values.prometheus-node-exporter.hostNetworkk is not a key of the chart's values.yaml nor of the allowlist carried for subchart prometheus-node-exporter 4.49.2 (did you mean hostNetwork?)",
    "kube-prometheus-stack 79.12.0: values.grafana.adminPasword is not a key of the chart's values.yaml nor of the allowlist carried for subchart grafana 10.3.0 (did you mean adminPassword?)",
    "kube-prometheus-stack 79.12.0: values.prometheus-windows-exporter.tolerations is not a key of the chart's values.yaml nor of the allowlist carried for subchart prometheus-windows-exporter 0.12.*",
  ]);
});

test("global: kps's keys and the carried subchart's global keys", () => {
  assert.deepEqual(checkHelmValues(...KPS, { global: { rbac: { create: true }, imageRegistry: "r" } }), []);
  const msgs = checkHelmValues(...KPS, { global: { imageRegistri: "r" } });
  assert.equal(msgs.length, 1);
  assert.match(msgs[0]!, /values\.global\.imageRegistri is not a key .*\(did you mean imageRegistry\?\)$/);
});

test("loki 18.11.0: the monolithic + S3 + retention values from the notes pass", () => {
  assert.deepEqual(
    checkHelmValues("loki", "18.11.0", {
      deploymentMode: "Monolithic",
      loki: {
        auth_enabled: false,
        commonConfig: { replication_factor: 1 },
        schemaConfig: { configs: [{ from: "2024-04-01", store: "tsdb", object_store: "s3", schema: "v13" }] },
        storage: {
          type: "s3",
          bucketNames: { chunks: "loki-chunks", ruler: "loki-ruler", admin: "loki-admin" },
          s3: {
            endpoint: "minio.minio.svc:9000",
            region: "us-east-1",
            accessKeyId: "${S3_ACCESS_KEY_ID}",
            secretAccessKey: "${S3_SECRET_ACCESS_KEY}",
            s3ForcePathStyle: true,
            insecure: true,
          },
        },
        compactor: { retention_enabled: true, delete_request_store: "s3", working_directory: "/var/loki/compactor" },
        limits_config: { retention_period: "744h" },
      },
      singleBinary: {
        replicas: 1,
        extraArgs: ["-config.expand-env=true"],
        extraEnvFrom: [{ secretRef: { name: "loki-s3" } }],
        persistence: { size: "10Gi" },
        tolerations: [],
      },
      write: { replicas: 0 },
      read: { replicas: 0 },
      backend: { replicas: 0 },
      ingester: { replicas: 0 },
      querier: { replicas: 0 },
      minio: { enabled: false },
      gateway: { enabled: false },
      chunksCache: { enabled: false },
      resultsCache: { enabled: false },
      lokiCanary: { enabled: false },
      test: { enabled: false },
      monitoring: { serviceMonitor: { enabled: true }, dashboards: { enabled: false }, rules: { enabled: false } },
      memcached: { enabled: false },
      memcachedExporter: { enabled: false },
      ruler: { enabled: false },
      ignoreMinioDeprecation: false,
      defaults: { extraEnvFrom: [], extraArgs: [] },
    }),
    [],
  );
});

test("loki 18.11.0: typos and keys of other chart generations fail", () => {
  const msgs = checkHelmValues("loki", "18.11.0", {
    singleBinary: { replica: 1 },
    gatway: { enabled: false },
    monitoring: { selfMonitoring: { enabled: false } },
  });
  assert.deepEqual(msgs, [
    "loki 18.11.0: values.singleBinary.replica is not a key of the chart's values.yaml (did you mean replicas?)",
    "loki 18.11.0: values.gatway is not a key of the chart's values.yaml (did you mean gateway?)",
    "loki 18.11.0: values.monitoring.selfMonitoring is not a key of the chart's values.yaml",
  ]);
});

test("grafana-operator, alloy and kepler: the keys from the notes pass, typos fail", () => {
  assert.deepEqual(
    checkHelmValues("grafana-operator", "5.24.0", {
      serviceMonitor: { enabled: false },
      tolerations: [{ operator: "Exists" }],
      resources: { requests: { cpu: "10m" } },
      dashboard: { enabled: false },
      namespaceScope: false,
      watchNamespaces: "",
      crds: { immutable: true },
    }),
    [],
  );
  assert.deepEqual(
    checkHelmValues("alloy", "1.11.1", {
      controller: { type: "daemonset", replicas: 1, hostPID: false, tolerations: [{ operator: "Exists" }], nodeSelector: {} },
      alloy: {
        configMap: { create: true, content: "logging {}", name: null },
        mounts: { varlog: true, dockercontainers: false, extra: [] },
        securityContext: { privileged: false, runAsUser: 0 },
        resources: { requests: { cpu: "50m", memory: "128Mi" } },
        extraEnv: [],
        envFrom: [],
        clustering: { enabled: false },
        stabilityLevel: "generally-available",
      },
      crds: { create: true },
      rbac: { create: true },
      serviceMonitor: { enabled: true },
    }),
    [],
  );
  assert.deepEqual(
    checkHelmValues("kepler", "0.11.4", {
      daemonset: { tolerations: [{ operator: "Exists" }], resources: { requests: { cpu: "100m" } } },
      serviceMonitor: { enabled: false, interval: "30s", labels: { release: "kps" } },
      config: { kube: { enabled: true }, exporter: { prometheus: { enabled: true } } },
    }),
    [],
  );
  assert.deepEqual(checkHelmValues("alloy", "1.11.1", { controller: { typ: "deployment" } }), [
    "alloy 1.11.1: values.controller.typ is not a key of the chart's values.yaml (did you mean type?)",
  ]);
  assert.deepEqual(checkHelmValues("kepler", "0.11.4", { tolerations: [] }), [
    "kepler 0.11.4: values.tolerations is not a key of the chart's values.yaml",
  ]);
});

test("unknown charts, unpinned versions and non-map values are reported", () => {
  assert.deepEqual(checkHelmValues("loki", "6.55.0", {}), [
    "loki 6.55.0: no key facts for this version (the catalog pins loki 18.11.0)",
  ]);
  assert.deepEqual(checkHelmValues("nope", "1.0.0", {}), ["nope 1.0.0: no such chart in the catalog"]);
  assert.deepEqual(checkHelmValues("kepler", "0.11.4", ["x"]), ["kepler 0.11.4: values must be a map"]);
  assert.deepEqual(checkHelmValues("kepler", "0.11.4", undefined), []);
});

test("suggestKey picks the closest sibling within a small distance", () => {
  assert.equal(suggestKey("retentionSizee", ["retention", "retentionSize"]), "retentionSize");
  assert.equal(suggestKey("Enabled", ["enabled", "labels"]), "enabled");
  assert.equal(suggestKey("completelydifferent", ["enabled"]), undefined);
});

test("catalog: repositories are https HelmRepositories or oci OCIRepositories", () => {
  for (const c of Object.values(CHARTS)) {
    const r = c.repository;
    if (r.type === "HelmRepository") assert.match(r.url, /^https:\/\//);
    else assert.match(r.url, /^oci:\/\//);
    assert.equal(getChart(c.id), c);
  }
  assert.equal(CHARTS.loki.repository.url, "https://grafana-community.github.io/helm-charts");
  assert.equal(CHARTS["grafana-operator"].repository.type, "OCIRepository");
  assert.equal(CHARTS.kepler.repository.url, "oci://quay.io/sustainable_computing_io/charts/kepler");
  assert.throws(() => getChart("nope"), /unknown chart id/);
});
