// TypeScript shapes of the grafana-operator v1beta1 kinds (operator v5.24.0).
// Property names, optionality and value types follow the CRDs; test/grafana-operator/
// types-sync.test.ts checks at compile time that these key sets equal the carried schema's.
// Sub-trees the schema treats as opaque are typed as `Opaque` (any JSON object).

export type GrafanaApiVersion = "grafana.integreatly.org/v1beta1";

/** A JSON object whose inner schema we do not carry (probes, affinity, Gateway API filters...). */
export type Opaque = { [key: string]: unknown };
/** Kubernetes resource.Quantity: "512Mi", "0.5", 2. */
export type Quantity = string | number;
export type IntOrString = string | number;

export interface ObjectMeta {
  name: string;
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

/** The labels/annotations-only metadata the operator accepts on objects it creates. */
export interface ResourceMeta {
  annotations?: Record<string, string>;
  labels?: Record<string, string>;
}

export interface LabelSelectorRequirement {
  key: string;
  operator: string;
  values?: string[];
}
export interface LabelSelector {
  matchExpressions?: LabelSelectorRequirement[];
  matchLabels?: Record<string, string>;
}

/** Secret/ConfigMap key reference; `name` defaults to "" in the CRD. */
export interface KeySelector {
  key: string;
  name?: string;
  optional?: boolean;
}

export interface GrafanaPlugin {
  name: string;
  /** semver or "latest" */
  version: string;
}

// ---------------------------------------------------------------- shared targeting fields

export interface InstanceTargeting {
  /** Which Grafana CRs receive this object. Immutable once created. */
  instanceSelector: LabelSelector;
  /** Let Grafana instances in other namespaces import it. Cannot be turned off without recreating. */
  allowCrossNamespaceImport?: boolean;
  /** Go duration, e.g. "10m". */
  resyncPeriod?: string;
  suspend?: boolean;
  /** Grafana UID ([a-zA-Z0-9-_], at most 40). Immutable once set. */
  uid?: string;
}

// ---------------------------------------------------------------- GrafanaDatasource

export interface DatasourceDefinition {
  access?: string;
  basicAuth?: boolean;
  basicAuthUser?: string;
  database?: string;
  editable?: boolean;
  isDefault?: boolean;
  jsonData?: Record<string, unknown>;
  name?: string;
  orgId?: number;
  secureJsonData?: Record<string, unknown>;
  type?: string;
  uid?: string;
  url?: string;
  user?: string;
}

/** Exactly one of configMapKeyRef / secretKeyRef. */
export type ValueSource = { configMapKeyRef: KeySelector; secretKeyRef?: never } | { secretKeyRef: KeySelector; configMapKeyRef?: never };

export interface DatasourceValueFrom {
  /** JSON path inside `datasource`, e.g. "secureJsonData.password". */
  targetPath: string;
  valueFrom: ValueSource;
}

export interface GrafanaDatasourceSpec extends InstanceTargeting {
  datasource: DatasourceDefinition;
  plugins?: GrafanaPlugin[];
  /** At most 99 entries. */
  valuesFrom?: DatasourceValueFrom[];
}

// ---------------------------------------------------------------- GrafanaDashboard

export interface DashboardDatasourceInput {
  datasourceName: string;
  inputName: string;
}
export interface DashboardEnvValueFrom {
  configMapKeyRef?: KeySelector;
  secretKeyRef?: KeySelector;
}
export interface DashboardEnv {
  name: string;
  value?: string;
  valueFrom?: DashboardEnvValueFrom;
}

export interface GrafanaDashboardSpec extends InstanceTargeting {
  // Content sources (the CRD does not make them mutually exclusive).
  json?: string;
  /** base64 of gzip-compressed dashboard JSON */
  gzipJson?: string;
  url?: string;
  configMapRef?: KeySelector;
  grafanaCom?: { id: number; revision?: number };
  jsonnet?: string;
  jsonnetLib?: { fileName: string; gzipJsonnetProject: string; jPath?: string[] };
  oci?: { insecurePlainHTTP?: boolean; path: string; pullSecretRef?: { name?: string }; reference: string };
  urlAuthorization?: { basicAuth?: { password?: KeySelector; username?: KeySelector } };
  contentCacheDuration?: string;
  // Folder placement: at most one of folderUID / folderRef; `folder` (a title) excludes both.
  folder?: string;
  folderRef?: string;
  folderUID?: string;
  datasources?: DashboardDatasourceInput[];
  envFrom?: DashboardEnvValueFrom[];
  envs?: DashboardEnv[];
  plugins?: GrafanaPlugin[];
}

// ---------------------------------------------------------------- GrafanaFolder

export interface GrafanaFolderSpec extends InstanceTargeting {
  title?: string;
  /** At most one of parentFolderUID / parentFolderRef. */
  parentFolderRef?: string;
  parentFolderUID?: string;
  /** JSON-encoded Grafana folder permissions. */
  permissions?: string;
}

// ---------------------------------------------------------------- Grafana: pod template

export interface EnvVarSource {
  configMapKeyRef?: KeySelector;
  fieldRef?: { apiVersion?: string; fieldPath: string };
  fileKeyRef?: { key: string; optional?: boolean; path: string; volumeName: string };
  resourceFieldRef?: { containerName?: string; divisor?: Quantity; resource: string };
  secretKeyRef?: KeySelector;
}
export interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: EnvVarSource;
}
export interface EnvFromSource {
  configMapRef?: { name?: string; optional?: boolean };
  prefix?: string;
  secretRef?: { name?: string; optional?: boolean };
}
export interface ContainerPort {
  containerPort: number;
  hostIP?: string;
  hostPort?: number;
  name?: string;
  protocol?: string;
}
export interface ResourceRequirements {
  claims?: { name: string; request?: string }[];
  limits?: Record<string, Quantity>;
  requests?: Record<string, Quantity>;
}
export interface VolumeMount {
  mountPath: string;
  mountPropagation?: string;
  name: string;
  readOnly?: boolean;
  recursiveReadOnly?: string;
  subPath?: string;
  subPathExpr?: string;
}
export interface Container {
  name: string;
  args?: string[];
  command?: string[];
  env?: EnvVar[];
  envFrom?: EnvFromSource[];
  image?: string;
  imagePullPolicy?: string;
  lifecycle?: Opaque;
  livenessProbe?: Opaque;
  ports?: ContainerPort[];
  readinessProbe?: Opaque;
  resizePolicy?: Opaque[];
  resources?: ResourceRequirements;
  restartPolicy?: string;
  restartPolicyRules?: Opaque[];
  securityContext?: Opaque;
  startupProbe?: Opaque;
  stdin?: boolean;
  stdinOnce?: boolean;
  terminationMessagePath?: string;
  terminationMessagePolicy?: string;
  tty?: boolean;
  volumeDevices?: Opaque[];
  volumeMounts?: VolumeMount[];
  workingDir?: string;
}

export interface KeyToPath {
  key: string;
  mode?: number;
  path: string;
}
export interface Volume {
  name: string;
  configMap?: { defaultMode?: number; items?: KeyToPath[]; name?: string; optional?: boolean };
  emptyDir?: { medium?: string; sizeLimit?: Quantity };
  persistentVolumeClaim?: { claimName: string; readOnly?: boolean };
  secret?: { defaultMode?: number; items?: KeyToPath[]; optional?: boolean; secretName?: string };
  awsElasticBlockStore?: Opaque;
  azureDisk?: Opaque;
  azureFile?: Opaque;
  cephfs?: Opaque;
  cinder?: Opaque;
  csi?: Opaque;
  downwardAPI?: Opaque;
  ephemeral?: Opaque;
  fc?: Opaque;
  flexVolume?: Opaque;
  flocker?: Opaque;
  gcePersistentDisk?: Opaque;
  gitRepo?: Opaque;
  glusterfs?: Opaque;
  hostPath?: Opaque;
  image?: Opaque;
  iscsi?: Opaque;
  nfs?: Opaque;
  photonPersistentDisk?: Opaque;
  portworxVolume?: Opaque;
  projected?: Opaque;
  quobyte?: Opaque;
  rbd?: Opaque;
  scaleIO?: Opaque;
  storageos?: Opaque;
  vsphereVolume?: Opaque;
}
export interface Toleration {
  effect?: string;
  key?: string;
  operator?: string;
  tolerationSeconds?: number;
  value?: string;
}

/** PodSpec as the operator accepts it: merged over its defaults, so even `containers` is optional. */
export interface PodSpec {
  activeDeadlineSeconds?: number;
  affinity?: Opaque;
  automountServiceAccountToken?: boolean;
  containers?: Container[];
  dnsConfig?: Opaque;
  dnsPolicy?: string;
  enableServiceLinks?: boolean;
  ephemeralContainers?: Opaque[];
  hostAliases?: Opaque[];
  hostIPC?: boolean;
  hostNetwork?: boolean;
  hostPID?: boolean;
  hostUsers?: boolean;
  hostname?: string;
  imagePullSecrets?: { name?: string }[];
  initContainers?: Container[];
  nodeName?: string;
  nodeSelector?: Record<string, string>;
  os?: { name: string };
  overhead?: Record<string, Quantity>;
  preemptionPolicy?: string;
  priority?: number;
  priorityClassName?: string;
  readinessGates?: Opaque[];
  restartPolicy?: string;
  runtimeClassName?: string;
  schedulerName?: string;
  securityContext?: Opaque;
  serviceAccount?: string;
  serviceAccountName?: string;
  setHostnameAsFQDN?: boolean;
  shareProcessNamespace?: boolean;
  subdomain?: string;
  terminationGracePeriodSeconds?: number;
  tolerations?: Toleration[];
  topologySpreadConstraints?: Opaque[];
  volumes?: Volume[];
}

export interface DeploymentSpec {
  minReadySeconds?: number;
  paused?: boolean;
  progressDeadlineSeconds?: number;
  replicas?: number;
  revisionHistoryLimit?: number;
  selector?: LabelSelector;
  strategy?: { rollingUpdate?: { maxSurge?: IntOrString; maxUnavailable?: IntOrString }; type?: string };
  template?: { metadata?: ResourceMeta; spec?: PodSpec };
}

// ---------------------------------------------------------------- Grafana: other sub-resources

/** Exactly one of insecureSkipVerify / certSecretRef. */
export type TlsConfig =
  | { insecureSkipVerify: boolean; certSecretRef?: never }
  | { certSecretRef: { name?: string; namespace?: string }; insecureSkipVerify?: never };

export interface GrafanaClient {
  headers?: Record<string, string>;
  preferIngress?: boolean | null;
  timeout?: number | null;
  tls?: TlsConfig;
  useKubeAuth?: boolean;
}

export interface GrafanaExternal {
  url: string;
  adminPassword?: KeySelector;
  adminUser?: KeySelector;
  apiKey?: KeySelector;
  tenantNamespace?: string;
  tls?: TlsConfig;
}

export interface ParentReference {
  name: string;
  group?: string;
  kind?: string;
  namespace?: string;
  port?: number;
  sectionName?: string;
}
export interface HTTPRouteRule {
  backendRefs?: Opaque[];
  filters?: Opaque[];
  matches?: Opaque[];
  name?: string;
  retry?: Opaque;
  sessionPersistence?: Opaque;
  timeouts?: Opaque;
}
export interface HTTPRouteSpec {
  /** At most 16. */
  hostnames?: string[];
  /** At most 32. */
  parentRefs?: ParentReference[];
  /** At most 16. */
  rules?: HTTPRouteRule[];
  useDefaultGateways?: "All" | "None";
}

export interface TypedLocalObjectReference {
  apiGroup?: string;
  kind: string;
  name: string;
}
export interface IngressBackend {
  resource?: TypedLocalObjectReference;
  service?: { name: string; port?: { name?: string; number?: number } };
}
export interface IngressSpec {
  defaultBackend?: IngressBackend;
  ingressClassName?: string;
  rules?: { host?: string; http?: { paths: { backend: IngressBackend; path?: string; pathType: string }[] } }[];
  tls?: { hosts?: string[]; secretName?: string }[];
}

export interface PersistentVolumeClaimSpec {
  accessModes?: string[];
  dataSource?: TypedLocalObjectReference;
  dataSourceRef?: TypedLocalObjectReference;
  resources?: ResourceRequirements;
  selector?: LabelSelector;
  storageClassName?: string;
  volumeMode?: string;
  volumeName?: string;
}

export interface ServicePort {
  port: number;
  appProtocol?: string;
  name?: string;
  nodePort?: number;
  protocol?: string;
  targetPort?: IntOrString;
}
export interface ServiceSpec {
  allocateLoadBalancerNodePorts?: boolean;
  clusterIP?: string;
  clusterIPs?: string[];
  externalIPs?: string[];
  externalName?: string;
  externalTrafficPolicy?: string;
  healthCheckNodePort?: number;
  internalTrafficPolicy?: string;
  ipFamilies?: string[];
  ipFamilyPolicy?: string;
  loadBalancerClass?: string;
  loadBalancerIP?: string;
  loadBalancerSourceRanges?: string[];
  ports?: ServicePort[];
  publishNotReadyAddresses?: boolean;
  selector?: Record<string, string>;
  sessionAffinity?: string;
  sessionAffinityConfig?: { clientIP?: { timeoutSeconds?: number } };
  trafficDistribution?: string;
  type?: string;
}

/** metadata + spec override pair the operator merges over the object it creates. */
export interface Override<S> {
  metadata?: ResourceMeta;
  spec?: S;
}

export interface GrafanaSpec {
  client?: GrafanaClient;
  /** grafana.ini: section -> key -> value. Values must be strings ("true", not true). */
  config?: Record<string, Record<string, string>>;
  deployment?: Override<DeploymentSpec>;
  disableDefaultAdminSecret?: boolean;
  disableDefaultSecurityContext?: "Pod" | "Container" | "All";
  external?: GrafanaExternal;
  httpRoute?: Override<HTTPRouteSpec>;
  ingress?: Override<IngressSpec>;
  jsonnet?: { libraryLabelSelector?: LabelSelector };
  persistentVolumeClaim?: Override<PersistentVolumeClaimSpec>;
  preferences?: { homeDashboardUid?: string };
  /** OpenShift Route. */
  route?: Override<Opaque>;
  service?: Override<ServiceSpec>;
  serviceAccount?: {
    automountServiceAccountToken?: boolean;
    imagePullSecrets?: { name?: string }[];
    metadata?: ResourceMeta;
    secrets?: Opaque[];
  };
  suspend?: boolean;
  version?: string;
}

// ---------------------------------------------------------------- the four kinds

interface KindBase<K extends string, S> {
  apiVersion: GrafanaApiVersion;
  kind: K;
  metadata: ObjectMeta;
  spec: S;
}

export type Grafana = KindBase<"Grafana", GrafanaSpec>;
export type GrafanaDatasource = KindBase<"GrafanaDatasource", GrafanaDatasourceSpec>;
export type GrafanaDashboard = KindBase<"GrafanaDashboard", GrafanaDashboardSpec>;
export type GrafanaFolder = KindBase<"GrafanaFolder", GrafanaFolderSpec>;
export type GrafanaObject = Grafana | GrafanaDatasource | GrafanaDashboard | GrafanaFolder;
