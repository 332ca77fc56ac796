// The profile's own exporters: for each, a Deployment (one replica), a Service, a ServiceMonitor on
// its metrics port and, when it has a configuration file, a ConfigMap mounted read-only. Secrets are
// only named (a Secret or SealedSecret the user keeps among their own manifests, which `manifests`
// includes in the same kustomization).
import { createHash } from "node:crypto";
import { ConfigMap, Service } from "kubernetes-models/v1";
import { Deployment } from "kubernetes-models/apps/v1";
import { plain, stackLabels, type K8sObject } from "../k8s/object.ts";
import type { ExporterSpec, Profile } from "../profile/schema.ts";
import { serviceMonitor } from "../monitors/index.ts";
import { fluxName, paths } from "../tree/paths.ts";
import type { Dir } from "../tree/dir.ts";
import { exporterPodSelector } from "../wiring/graph.ts";
import { RESTRICTED_CONTAINER } from "../workloads/security.ts";

/** nobody: the uid the profile's exporters run as. */
const EXPORTER_USER = 65534;

export const exportersDir = (p: Profile): string => `${paths(p).overlay.root}/exporters`;

export function exporterObjects(e: ExporterSpec): K8sObject[] {
  // The wiring graph's selector (src/wiring/graph.ts), which the NetworkPolicies select by.
  const selector = exporterPodSelector(e.name);
  const labels = { ...selector, ...stackLabels("exporters") };
  const configName = `${e.name}-config`;
  const content = e.config?.content;
  const objects: K8sObject[] = [];
  if (e.config && content !== undefined) {
    objects.push(plain(new ConfigMap({ metadata: { name: configName, labels }, data: { [e.config.fileName!]: content } })));
  }
  const volumes = [
    // A read-only root: anything an exporter writes goes to /tmp.
    { name: "tmp", emptyDir: {} },
    ...(e.config ? [{ name: "config", configMap: { name: configName } }] : []),
    ...(e.secret ? [{ name: "secret", secret: { secretName: e.secret.name } }] : []),
  ];
  const mounts = [
    { name: "tmp", mountPath: "/tmp" },
    ...(e.config ? [{ name: "config", mountPath: e.config.mountPath, readOnly: true }] : []),
    ...(e.secret ? [{ name: "secret", mountPath: e.secret.mountPath, readOnly: true }] : []),
  ];
  const resources = {
    ...(Object.keys(e.resources.requests).length > 0 ? { requests: e.resources.requests as Record<string, string> } : {}),
    ...(Object.keys(e.resources.limits).length > 0 ? { limits: e.resources.limits as Record<string, string> } : {}),
  };
  objects.push(
    plain(
      new Deployment({
        metadata: { name: e.name, labels },
        spec: {
          replicas: 1,
          selector: { matchLabels: selector },
          template: {
            metadata: {
              labels,
              // A new configuration rolls the pods (kustomize's configMapGenerator did this with a name hash).
              ...(content !== undefined ? { annotations: { "obstack.dev/config-sha256": createHash("sha256").update(content).digest("hex").slice(0, 16) } } : {}),
            },
            spec: {
              containers: [
                {
                  name: e.name,
                  image: e.image,
                  ...(e.args.length > 0 ? { args: e.args } : {}),
                  ports: e.ports.map((p) => ({ name: p.name, containerPort: p.containerPort, protocol: "TCP" })),
                  volumeMounts: mounts,
                  // Restricted like every stack container (src/workloads/security.ts), as nobody: exporters need no
                  // root, and an explicit uid starts whatever USER the image names.
                  securityContext: { ...RESTRICTED_CONTAINER, runAsUser: EXPORTER_USER, runAsGroup: EXPORTER_USER },
                  ...(Object.keys(resources).length > 0 ? { resources } : {}),
                },
              ],
              securityContext: { runAsNonRoot: true, runAsUser: EXPORTER_USER, runAsGroup: EXPORTER_USER, seccompProfile: { type: "RuntimeDefault" } },
              volumes,
            },
          },
        },
      }),
    ),
  );
  objects.push(
    plain(
      new Service({
        metadata: { name: e.name, labels, ...(Object.keys(e.service.annotations).length > 0 ? { annotations: e.service.annotations } : {}) },
        spec: {
          type: e.service.type,
          selector,
          ports: e.ports.map((p) => ({ name: p.name, port: p.servicePort ?? p.containerPort, targetPort: p.containerPort, protocol: "TCP" })),
        },
      }),
    ),
  );
  objects.push(
    serviceMonitor({
      name: e.name,
      selector,
      endpoints: [
        {
          port: e.metricsPort,
          path: e.path,
          interval: e.interval,
          ...(e.params ? { params: e.params } : {}),
          relabelings: e.relabelings,
          metricRelabelings: e.metricRelabelings,
        },
      ],
    }),
  );
  return objects;
}

export function exporterDirs(p: Profile): Dir[] {
  if (p.exporters.length === 0) return [];
  const path = exportersDir(p);
  return [
    {
      path,
      namespace: p.namespace,
      includes: [...new Set(p.exporters.flatMap((e) => e.manifests))],
      files: p.exporters.map((e) => ({ name: `${e.name}.yaml`, objects: exporterObjects(e) })),
      // ServiceMonitor is a prometheus-operator CRD.
      flux: { name: fluxName(p, path), dependsOn: [paths(p).overlay.prometheus], wait: false },
    },
  ];
}
