// profile → components → directories. Each component is a pure function of the validated profile;
// this module only lists them and adds the overlay's root, which applies the namespace and one
// Flux Kustomization per component directory.
import { Namespace } from "kubernetes-models/v1";
import { plain, stackLabels } from "../k8s/object.ts";
import type { Profile } from "../profile/schema.ts";
import type { ReleaseSpec } from "../flux/helm.ts";
import type { Dir } from "../tree/dir.ts";
import { prometheusDirs, prometheusRelease } from "../prometheus/index.ts";
import { minioDirs } from "../minio/index.ts";
import { lokiDirs, lokiRelease } from "../loki/index.ts";
import { grafanaDirs, grafanaOperatorRelease } from "../grafana/index.ts";
import { keplerDirs, keplerRelease } from "../kepler/index.ts";
import { monitorDirs } from "../monitors/index.ts";
import { paths } from "./names.ts";

export interface Stack {
  dirs: Dir[];
  /** Every HelmRelease with its split values, for the values-key check. */
  releases: ReleaseSpec[];
}

export function buildStack(p: Profile): Stack {
  const components = [prometheusDirs(p), minioDirs(p), lokiDirs(p), grafanaDirs(p), keplerDirs(p), monitorDirs(p)].flat();
  const root: Dir = {
    path: paths(p).overlay.root,
    files: [
      {
        name: "namespace.yaml",
        objects: [plain(new Namespace({ metadata: { name: p.namespace, labels: stackLabels("namespace") } }))],
      },
    ],
    reconciles: components.filter((d) => d.flux).map((d) => d.path),
  };
  const releases = [prometheusRelease(p), lokiRelease(p), grafanaOperatorRelease(), ...(p.kepler.enabled ? [keplerRelease()] : [])];
  return { dirs: [root, ...components], releases };
}
