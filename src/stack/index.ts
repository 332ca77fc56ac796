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
import { alloyStack, type AlloyConfig, type PipelineSyntaxError } from "../pipeline/index.ts";
import { dashboards } from "../grafana/index.ts";
import { nodeAllowlist } from "./allowlist.ts";

export interface Stack {
  dirs: Dir[];
  /** Every HelmRelease with its split values, for the values-key check. */
  releases: ReleaseSpec[];
  /** The Alloy configurations (printed), validated by the render checks. */
  alloy: AlloyConfig[];
  alloySyntaxErrors: PipelineSyntaxError[];
}

/** Every query the stack ships (dashboard targets), from which Alloy's allowlist is derived. */
export function stackQueries(): string[] {
  const exprs: string[] = [];
  const visit = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(visit);
    else if (v !== null && typeof v === "object") {
      for (const [k, x] of Object.entries(v)) {
        if (k === "expr" && typeof x === "string") exprs.push(x);
        else visit(x);
      }
    }
  };
  for (const d of dashboards()) visit(d.json);
  return exprs;
}

export function buildStack(p: Profile): Stack {
  const alloy = alloyStack(p, nodeAllowlist(stackQueries()));
  const components = [prometheusDirs(p), minioDirs(p), lokiDirs(p), grafanaDirs(p), keplerDirs(p), monitorDirs(p), alloy.dirs].flat();
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
  const releases = [
    prometheusRelease(p),
    lokiRelease(p),
    grafanaOperatorRelease(),
    ...(p.kepler.enabled ? [keplerRelease()] : []),
    ...alloy.releases,
  ];
  return { dirs: [root, ...components], releases, alloy: alloy.configs, alloySyntaxErrors: alloy.syntaxErrors };
}
