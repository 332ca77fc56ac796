// Carried facts for the Deployment template the Grafana CR lets a stack override.
// The operator merges this over its own Deployment, so unlike core Kubernetes almost nothing
// is required (e.g. `containers` is optional; containers[] only require `name`).
// Sub-trees a stack has no reason to touch (probes, affinity, exotic volume sources, ...)
// are opaque: their key sets are still enforced one level up.
import { arr, bool, int, intOrStr, map, obj, opaque, str } from "./dsl.ts";
import { keySelector, labelSelector, quantityMap, resourceMeta } from "./common.ts";

export const resourceRequirements = obj({
  claims: arr(obj({ name: str(), request: str() }, { required: ["name"] })),
  limits: quantityMap,
  requests: quantityMap,
});

export const envVar = obj(
  {
    name: str(),
    value: str(),
    valueFrom: obj({
      configMapKeyRef: keySelector,
      fieldRef: obj({ apiVersion: str(), fieldPath: str() }, { required: ["fieldPath"] }),
      fileKeyRef: obj(
        { key: str(), optional: bool(), path: str(), volumeName: str() },
        { required: ["key", "path", "volumeName"] },
      ),
      resourceFieldRef: obj({ containerName: str(), divisor: intOrStr(), resource: str() }, { required: ["resource"] }),
      secretKeyRef: keySelector,
    }),
  },
  { required: ["name"] },
);

const localObjectRef = obj({ name: str(), optional: bool() });

export const container = obj(
  {
    args: arr(str()),
    command: arr(str()),
    env: arr(envVar),
    envFrom: arr(obj({ configMapRef: localObjectRef, prefix: str(), secretRef: localObjectRef })),
    image: str(),
    imagePullPolicy: str(),
    lifecycle: opaque(),
    livenessProbe: opaque(),
    name: str(),
    ports: arr(
      obj(
        { containerPort: int(), hostIP: str(), hostPort: int(), name: str(), protocol: str() },
        { required: ["containerPort"] },
      ),
    ),
    readinessProbe: opaque(),
    resizePolicy: opaque("array"),
    resources: resourceRequirements,
    restartPolicy: str(),
    restartPolicyRules: opaque("array"),
    securityContext: opaque(),
    startupProbe: opaque(),
    stdin: bool(),
    stdinOnce: bool(),
    terminationMessagePath: str(),
    terminationMessagePolicy: str(),
    tty: bool(),
    volumeDevices: opaque("array"),
    volumeMounts: arr(
      obj(
        {
          mountPath: str(),
          mountPropagation: str(),
          name: str(),
          readOnly: bool(),
          recursiveReadOnly: str(),
          subPath: str(),
          subPathExpr: str(),
        },
        { required: ["mountPath", "name"] },
      ),
    ),
    workingDir: str(),
  },
  { required: ["name"] },
);

const keyToPath = arr(obj({ key: str(), mode: int(), path: str() }, { required: ["key", "path"] }));

export const volume = obj(
  {
    name: str(),
    configMap: obj({ defaultMode: int(), items: keyToPath, name: str(), optional: bool() }),
    emptyDir: obj({ medium: str(), sizeLimit: intOrStr() }),
    persistentVolumeClaim: obj({ claimName: str(), readOnly: bool() }, { required: ["claimName"] }),
    secret: obj({ defaultMode: int(), items: keyToPath, optional: bool(), secretName: str() }),
    // Volume sources a Grafana pod does not use in our stacks: present, but unchecked.
    awsElasticBlockStore: opaque(),
    azureDisk: opaque(),
    azureFile: opaque(),
    cephfs: opaque(),
    cinder: opaque(),
    csi: opaque(),
    downwardAPI: opaque(),
    ephemeral: opaque(),
    fc: opaque(),
    flexVolume: opaque(),
    flocker: opaque(),
    gcePersistentDisk: opaque(),
    gitRepo: opaque(),
    glusterfs: opaque(),
    hostPath: opaque(),
    image: opaque(),
    iscsi: opaque(),
    nfs: opaque(),
    photonPersistentDisk: opaque(),
    portworxVolume: opaque(),
    projected: opaque(),
    quobyte: opaque(),
    rbd: opaque(),
    scaleIO: opaque(),
    storageos: opaque(),
    vsphereVolume: opaque(),
  },
  { required: ["name"] },
);

export const podSpec = obj({
  activeDeadlineSeconds: int(),
  affinity: opaque(),
  automountServiceAccountToken: bool(),
  containers: arr(container),
  dnsConfig: opaque(),
  dnsPolicy: str(),
  enableServiceLinks: bool(),
  ephemeralContainers: opaque("array"),
  hostAliases: opaque("array"),
  hostIPC: bool(),
  hostNetwork: bool(),
  hostPID: bool(),
  hostUsers: bool(),
  hostname: str(),
  imagePullSecrets: arr(obj({ name: str() })),
  initContainers: arr(container),
  nodeName: str(),
  nodeSelector: map(str()),
  os: obj({ name: str() }, { required: ["name"] }),
  overhead: quantityMap,
  preemptionPolicy: str(),
  priority: int(),
  priorityClassName: str(),
  readinessGates: opaque("array"),
  restartPolicy: str(),
  runtimeClassName: str(),
  schedulerName: str(),
  securityContext: opaque(),
  serviceAccount: str(),
  serviceAccountName: str(),
  setHostnameAsFQDN: bool(),
  shareProcessNamespace: bool(),
  subdomain: str(),
  terminationGracePeriodSeconds: int(),
  tolerations: arr(obj({ effect: str(), key: str(), operator: str(), tolerationSeconds: int(), value: str() })),
  topologySpreadConstraints: opaque("array"),
  volumes: arr(volume),
});

export const deploymentSpec = obj({
  minReadySeconds: int(),
  paused: bool(),
  progressDeadlineSeconds: int(),
  replicas: int(),
  revisionHistoryLimit: int(),
  selector: labelSelector,
  strategy: obj({ rollingUpdate: obj({ maxSurge: intOrStr(), maxUnavailable: intOrStr() }), type: str() }),
  template: obj({ metadata: resourceMeta, spec: podSpec }),
});
