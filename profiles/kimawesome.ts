// The bundled default profile: the reference cluster kim7s (overlay kimawesome), rebuilt from a profile.
import { defineStack, podLogPathRuleBlocks } from "../src/index.ts";
import { arr, attr, block, obj, ref } from "../src/alloy/syntax/build.ts";
import { DashboardBuilder } from "@grafana/grafana-foundation-sdk/dashboard";
import { PanelBuilder as Timeseries } from "@grafana/grafana-foundation-sdk/timeseries";
import { DataqueryBuilder as PromQuery } from "@grafana/grafana-foundation-sdk/prometheus";

const GRAFANA_HOSTNAME = "grafana.kim.tec.br";
/** Hostnames this cluster serves: the request-metric `authority` keeps these, every other Host is `other`. */
const SERVED_HOSTNAMES = [GRAFANA_HOSTNAME];
/**
 * Namespaces that have HTTPRoutes. kgateway's route name joins listener, hostname, HTTPRoute name and
 * namespace, rule and match index with dashes and no escaping, so the split between route name and
 * namespace is only unambiguous against the known namespaces; a route elsewhere keeps no route labels.
 */
const ROUTE_NAMESPACES = ["external-services", "tooling", "version-management", "default", "kube-system", "observability", "media", "mari", "site"];

// The cluster's own pipeline, as typed Alloy blocks: kgateway's Envoy access logs (kube-system pods on
// each node, found through the stack's per-node pod discovery) turned into request metrics. Nothing of
// it goes to Loki; the metrics reach Prometheus with Alloy's own (the stack's self-scrape). Names and
// labels are the ones the reference cluster's route dashboard queries: envoy_route_* by gateway,
// authority, kube_namespace, kube_service, path and response_code.
const gatewayAccessLogMetrics = [
  block("discovery.relabel", "kgateway_proxy", [
    attr("targets", ref("discovery.kubernetes.pods.targets")),
    block("rule", [attr("source_labels", arr("__meta_kubernetes_namespace", "__meta_kubernetes_pod_container_name")), attr("regex", "kube-system;kgateway-proxy"), attr("action", "keep")]),
    block("rule", [attr("source_labels", arr("__meta_kubernetes_pod_controller_name")), attr("regex", "([0-9a-z-.]+?)(-[0-9a-f]{8,10})?"), attr("target_label", "gateway")]),
    ...podLogPathRuleBlocks(),
  ]),
  block("local.file_match", "kgateway_proxy", [attr("path_targets", ref("discovery.relabel.kgateway_proxy.output"))]),
  block("loki.source.file", "kgateway_proxy", [
    attr("targets", ref("local.file_match.kgateway_proxy.targets")),
    attr("forward_to", arr(ref("loki.process.kgateway_access_log_metrics.receiver"))),
  ]),
  block("loki.process", "kgateway_access_log_metrics", [
    attr("forward_to", arr()),
    block("stage.cri", []),
    // Files without a stored position are read from their start (a first deploy, every new proxy pod): count only
    // recent requests, so history does not arrive as one spike in the rate and error-ratio panels.
    block("stage.drop", [attr("older_than", "5m"), attr("drop_counter_reason", "older_than_metrics_window")]),
    // Only the gateway identifies a series here (no file name, no stream).
    block("stage.label_keep", [attr("values", arr("gateway"))]),
    block("stage.json", [attr("expressions", obj({ authority: "authority", route: "route", response_code: "response_code", total_duration: "total_duration" }))]),
    // An access-log line has a numeric response code (a missing JSON key is extracted as null, which
    // the metrics stage would still count): without one, the line is not counted at all.
    block("stage.regex", [attr("source", "response_code"), attr("expression", "^(?P<status>[0-9]{1,3})$")]),
    block("stage.labels", [attr("values", obj({ response_code: "status" }))]),
    block("stage.match", [
      attr("selector", '{gateway=~".+", response_code=""}'),
      attr("action", "drop"),
      attr("drop_counter_reason", "not_an_access_log"),
    ]),
    // Any client can send any Host: only the cluster's own hostnames become label values.
    block("stage.template", [
      attr("source", "authority"),
      attr("template", `{{ $h := regexReplaceAll ":[0-9]+$" (lower (toString .Value)) "" }}{{ if has $h (list ${SERVED_HOSTNAMES.map((h) => JSON.stringify(h)).join(" ")}) }}{{ $h }}{{ else }}other{{ end }}`),
    ]),
    block("stage.regex", [
      attr("source", "route"),
      attr("expression", `^[^~]+~.+-route-[0-9]+-httproute-(?P<kube_service>.+)-(?P<kube_namespace>${ROUTE_NAMESPACES.join("|")})-[0-9]+-[0-9]+-(?P<path>.+)-matcher-[0-9]+$`),
    ]),
    block("stage.labels", [attr("values", obj({ authority: "", kube_namespace: "", kube_service: "", path: "" }))]),
    // prefix: stage.metrics names a metric prefix + name, and an empty prefix means loki_process_custom_.
    block("stage.metrics", [
      block("metric.counter", [
        attr("name", "route_requests_total"),
        attr("prefix", "envoy_"),
        attr("description", "Requests in Envoy access logs by gateway, authority, HTTPRoute and response code"),
        attr("source", "status"),
        attr("action", "inc"),
        attr("max_idle_duration", "24h"),
      ]),
      block("metric.histogram", [
        attr("name", "route_request_duration_milliseconds"),
        attr("prefix", "envoy_"),
        attr("description", "Request duration in Envoy access logs by gateway, authority, HTTPRoute and response code"),
        attr("source", "total_duration"),
        attr("buckets", arr(5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000)),
        attr("max_idle_duration", "24h"),
      ]),
    ]),
  ]),
];

// A dashboard of the cluster's own, built with the Grafana foundation SDK: the gateway request metrics
// the pipeline above produces (declared on it with `metrics`, so the render-time check accepts them).
// Panel ids and query refIds are filled in by obstack; the datasource maps to the stack's Prometheus.
const prometheus = { type: "prometheus", uid: "prometheus" };
const rate = (expr: string, legend: string) => new PromQuery().expr(expr).legendFormat(legend).datasource(prometheus);
const gatewayDashboard = new DashboardBuilder("Gateway requests")
  .uid("kim7s-gateway-requests")
  .tags(["kgateway"])
  .time({ from: "now-6h", to: "now" })
  .withPanel(
    new Timeseries()
      .title("Requests by authority")
      .datasource(prometheus)
      .unit("reqps")
      .withTarget(rate("sum by (authority) (rate(envoy_route_requests_total[$__rate_interval]))", "{{authority}}")),
  )
  .withPanel(
    new Timeseries()
      .title("5xx responses by authority")
      .datasource(prometheus)
      .unit("reqps")
      .withTarget(rate('sum by (authority) (rate(envoy_route_requests_total{response_code=~"5.."}[$__rate_interval]))', "{{authority}}")),
  )
  .withPanel(
    new Timeseries()
      .title("p95 request duration by authority")
      .datasource(prometheus)
      .unit("ms")
      .withTarget(
        rate("histogram_quantile(0.95, sum by (authority, le) (rate(envoy_route_request_duration_milliseconds_bucket[$__rate_interval])))", "{{authority}}"),
      ),
  )
  .build();

// kgateway's Envoy names upstream clusters kube_<namespace>_<service>_<port>; the reference monitor splits
// that into three labels so dashboards can group by Service.
const envoyCluster = (targetLabel: string, replacement: string) => ({
  sourceLabels: ["envoy_cluster_name"],
  regex: "kube_(.+)_(.+)_(\\d+)",
  targetLabel,
  replacement,
});

// TrueNAS pushes Graphite metrics to graphite-exporter, which turns dotted paths into Prometheus series by
// this mapping (https://github.com/prometheus/graphite_exporter#metric-mapping-and-configuration).
const graphiteMapping = `mappings:
  # netdata's anomaly-detection series are noise for infrastructure monitoring: drop them.
  - match: 'truenas\\.(.*)\\.anomaly_detection\\..*'
    match_type: regex
    name: dropped
    action: drop
  - match: 'truenas\\.(.*)\\.system\\.load\\.(.*)'
    match_type: regex
    name: truenas_system_load
    labels: { instance: "\${1}", period: "\${2}" }
  - match: 'truenas\\.(.*)\\.disk_space\\.(.*)\\.(used|avail)'
    match_type: regex
    name: truenas_disk_space_gibibytes
    labels: { instance: "\${1}", mountpoint: "\${2}", kind: "\${3}" }
  - match: 'truenas\\.(.*)\\.net\\.(.*)\\.(received|sent)'
    match_type: regex
    name: truenas_interface_kilobits
    labels: { instance: "\${1}", interface: "\${2}", direction: "\${3}" }
`;

export default defineStack({
  cluster: { name: "kim7s", overlay: "kimawesome" },
  namespace: "observability",
  nodes: [
    { name: "controlplane-82md", controlPlane: true },
    { name: "node01-82nm" },
  ],
  storage: {
    className: "local-storage",
    provisioner: "kubernetes.io/no-provisioner",
    localPath: "/mnt",
    // The directories the cluster's data already lives in (its hand-written PVs). Prometheus uses the same
    // directory on each node. Not MinIO: /mnt/minio1 and /mnt/minio2 hold the two drives of the Loki
    // chart's MinIO subchart, which a single-drive MinIO cannot open, so MinIO starts empty in /mnt/minio.
    paths: { prometheus: "/mnt/prometheus", loki: "/mnt/loki", grafana: "/mnt/grafana" },
  },
  grafana: {
    hostname: GRAFANA_HOSTNAME,
    gateway: { name: "https-gateway", namespace: "kube-system", sectionName: "https-grafana" },
    adminSecret: "credentials",
  },
  podMonitors: [
    {
      name: "metallb-monitor",
      selector: { "app.kubernetes.io/instance": "metallb" },
      endpoints: [{ port: "monitoring" }],
    },
    {
      name: "kgateway-monitor",
      selector: { kgateway: "kube-gateway" },
      endpoints: [
        {
          port: "http-monitoring",
          metricRelabelings: [envoyCluster("kube_namespace", "$1"), envoyCluster("kube_service", "$2"), envoyCluster("kube_service_port", "$3")],
        },
      ],
      metrics: ["envoy_*"],
    },
    { name: "kgateway-app-monitor", selector: { kgateway: "kgateway" }, endpoints: [{ port: "metrics" }] },
  ],
  externalMachines: [
    { name: "xps-notebook", address: "192.168.0.221", exporters: [{ name: "node", port: 9100 }, { name: "process", port: 9256 }] },
    { name: "media-center", address: "192.168.0.111", exporters: [{ name: "node", port: 9100 }] },
    { name: "proxmox", address: "192.168.0.4", exporters: [{ name: "node", port: 9100 }] },
  ],
  // The collectors the external machines' node-exporters run too, so the same dashboards work for both.
  nodeExporter: { collectors: ["systemd", "wifi"] },
  exporters: [
    {
      // Proxmox VE through its API; pve.yml (API token) is in a Secret the cluster keeps as a SealedSecret.
      name: "pve-exporter",
      image: "prompve/prometheus-pve-exporter:3.10.0",
      args: ["--config.file=/etc/pve-exporter/pve.yml"],
      ports: [{ name: "metrics", containerPort: 9221 }],
      path: "/pve",
      params: { module: ["default"], target: ["proxmox-external-service.external-services.svc.cluster.local"] },
      secret: { name: "pve-exporter-secrets", mountPath: "/etc/pve-exporter" },
      resources: { requests: { cpu: "50m", memory: "64Mi" }, limits: { memory: "128Mi" } },
      metrics: ["pve_*"],
    },
    {
      // TrueNAS reports over Graphite (carbon, port 2003 on a fixed MetalLB address).
      name: "graphite-exporter",
      image: "prom/graphite-exporter:v0.17.0",
      args: ["--graphite.mapping-config=/etc/graphite-exporter/graphite_mapping.conf"],
      ports: [
        { name: "carbon", containerPort: 9109, servicePort: 2003 },
        { name: "metrics", containerPort: 9108 },
      ],
      service: { type: "LoadBalancer", annotations: { "metallb.io/loadBalancerIPs": "192.168.10.3" } },
      config: { content: graphiteMapping, fileName: "graphite_mapping.conf", mountPath: "/etc/graphite-exporter" },
      resources: { requests: { cpu: "25m", memory: "32Mi" }, limits: { memory: "64Mi" } },
      metrics: ["graphite_*", "truenas_*"],
    },
  ],
  alloy: {
    pipelines: [
      { name: "gateway-access-log-metrics", workload: "node", config: gatewayAccessLogMetrics },
    ],
  },
  dashboards: [{ json: gatewayDashboard, folder: "Homelab" }],
});
