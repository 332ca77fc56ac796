// Carried facts for the Grafana kind (v1beta1, operator v5.24.0).
import { arr, bool, exactlyOne, int, intOrStr, map, meta, obj, opaque, str } from "./dsl.ts";
import { keySelector, labelSelector, resourceMeta } from "./common.ts";
import { deploymentSpec, resourceRequirements } from "./pod.ts";

// The CRD's rule is "(has(a) && !has(b)) || (has(b) && !has(a))": an empty tls block is invalid too.
const tls = obj(
  { certSecretRef: obj({ name: str(), namespace: str() }), insecureSkipVerify: bool() },
  { rules: [exactlyOne(["insecureSkipVerify", "certSecretRef"], "exactly one of insecureSkipVerify or certSecretRef must be set")] },
);

const typedRef = obj({ apiGroup: str(), kind: str(), name: str() }, { required: ["kind", "name"] });
const ingressBackend = obj({
  resource: typedRef,
  service: obj({ name: str(), port: obj({ name: str(), number: int() }) }, { required: ["name"] }),
});

export const grafanaSpec = obj({
  client: obj({
    headers: map(str()),
    preferIngress: bool({ nullable: true }),
    timeout: int({ nullable: true }),
    tls,
    useKubeAuth: bool(),
  }),
  // grafana.ini as section -> key -> value; the CRD types every value as a string, so
  // `enabled: true` must be written "true".
  config: map(map(str())),
  deployment: obj({ metadata: resourceMeta, spec: deploymentSpec }),
  disableDefaultAdminSecret: bool(),
  disableDefaultSecurityContext: str({ enum: ["Pod", "Container", "All"] }),
  external: obj(
    {
      adminPassword: keySelector,
      adminUser: keySelector,
      apiKey: keySelector,
      tenantNamespace: str(),
      tls,
      url: str({ pattern: "^https?://.+$" }),
    },
    { required: ["url"] },
  ),
  httpRoute: obj({
    metadata: resourceMeta,
    spec: obj({
      hostnames: arr(str({ minLength: 1, maxLength: 253 }), { maxItems: 16 }),
      parentRefs: arr(
        obj(
          {
            group: str({ maxLength: 253 }),
            kind: str({ minLength: 1, maxLength: 63 }),
            name: str({ minLength: 1, maxLength: 253 }),
            namespace: str({ minLength: 1, maxLength: 63 }),
            port: int({ minimum: 1, maximum: 65535 }),
            sectionName: str({ minLength: 1, maxLength: 253 }),
          },
          { required: ["name"] },
        ),
        { maxItems: 32 },
      ),
      // Gateway API rule internals (matches, filters, ...) are not carried.
      rules: arr(
        obj({
          backendRefs: opaque("array"),
          filters: opaque("array"),
          matches: opaque("array"),
          name: str({ minLength: 1, maxLength: 253 }),
          retry: opaque(),
          sessionPersistence: opaque(),
          timeouts: opaque(),
        }),
        { maxItems: 16 },
      ),
      useDefaultGateways: str({ enum: ["All", "None"] }),
    }),
  }),
  ingress: obj({
    metadata: resourceMeta,
    spec: obj({
      defaultBackend: ingressBackend,
      ingressClassName: str(),
      rules: arr(
        obj({
          host: str(),
          http: obj(
            { paths: arr(obj({ backend: ingressBackend, path: str(), pathType: str() }, { required: ["backend", "pathType"] })) },
            { required: ["paths"] },
          ),
        }),
      ),
      tls: arr(obj({ hosts: arr(str()), secretName: str() })),
    }),
  }),
  jsonnet: obj({ libraryLabelSelector: labelSelector }),
  persistentVolumeClaim: obj({
    metadata: resourceMeta,
    spec: obj({
      accessModes: arr(str()),
      dataSource: typedRef,
      dataSourceRef: typedRef,
      resources: resourceRequirements,
      selector: labelSelector,
      storageClassName: str(),
      volumeMode: str(),
      volumeName: str(),
    }),
  }),
  preferences: obj({ homeDashboardUid: str() }),
  // OpenShift Route: not used by our stacks, carried only as an object.
  route: obj({ metadata: resourceMeta, spec: opaque() }),
  service: obj({
    metadata: resourceMeta,
    spec: obj({
      allocateLoadBalancerNodePorts: bool(),
      clusterIP: str(),
      clusterIPs: arr(str()),
      externalIPs: arr(str()),
      externalName: str(),
      externalTrafficPolicy: str(),
      healthCheckNodePort: int(),
      internalTrafficPolicy: str(),
      ipFamilies: arr(str()),
      ipFamilyPolicy: str(),
      loadBalancerClass: str(),
      loadBalancerIP: str(),
      loadBalancerSourceRanges: arr(str()),
      ports: arr(
        obj(
          { appProtocol: str(), name: str(), nodePort: int(), port: int(), protocol: str(), targetPort: intOrStr() },
          { required: ["port"] },
        ),
      ),
      publishNotReadyAddresses: bool(),
      selector: map(str()),
      sessionAffinity: str(),
      sessionAffinityConfig: obj({ clientIP: obj({ timeoutSeconds: int() }) }),
      trafficDistribution: str(),
      type: str(),
    }),
  }),
  serviceAccount: obj({
    automountServiceAccountToken: bool(),
    imagePullSecrets: arr(obj({ name: str() })),
    metadata: resourceMeta,
    secrets: opaque("array"),
  }),
  suspend: bool(),
  version: str(),
});

export const grafanaSchema = obj(
  { apiVersion: str(), kind: str(), metadata: meta(), spec: grafanaSpec, status: opaque() },
  { required: ["spec"] },
);

