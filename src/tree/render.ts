// Turns component directories into files: kustomization.yaml and kustomization.flux.yaml for each
// directory from its one Dir record, then YAML with a generated-file header. Pure: no disk access.
import { posix } from "node:path";
import { stringify } from "yaml";
import { Kustomization } from "@kubernetes-models/flux-cd/kustomize.toolkit.fluxcd.io/v1";
import { plain, type K8sObject } from "../k8s/object.ts";
import type { Profile } from "../profile/schema.ts";
import type { Dir } from "./dir.ts";
import { GENERATED_MARK } from "./write.ts";

export const KUSTOMIZATION = "kustomization.yaml";
export const FLUX_KUSTOMIZATION = "kustomization.flux.yaml";

export function header(profileName: string): string {
  return `${GENERATED_MARK} from profile ${profileName}. Do not edit: change the profile and run \`obstack render\`.\n`;
}

// kustomize, Flux and Helm read YAML 1.1, where 2024-04-01 is a timestamp and `on` a boolean:
// serializing as 1.1 quotes such strings so they arrive as the strings they are.
// `directives: false`: the documents carry no %YAML or %TAG line and no "---" of their own (the
// objects have no custom tags, and the version is not marked explicit), so the output is the same;
// it spares the library a walk of every document looking for tags to declare
// (yaml 2.9.1 dist/stringify/stringifyDocument.js:10 → dist/doc/directives.js:150-163).
const YAML_OPTIONS = { version: "1.1", lineWidth: 0, aliasDuplicateObjects: false, indentSeq: true, directives: false } as const;

// Objects that are constants of obstack (frozen: the same for every profile, e.g. the dashboards) are
// serialized once per process; in the CLI's start-up snapshot, once per build (src/snapshot.ts).
const constantYaml = new WeakMap<readonly unknown[], string>();

export function toYaml(objects: readonly unknown[]): string {
  const frozen = Object.isFrozen(objects);
  const cached = frozen ? constantYaml.get(objects) : undefined;
  if (cached !== undefined) return cached;
  const text = objects.map((o) => stringify(o, YAML_OPTIONS)).join("---\n");
  if (frozen) constantYaml.set(objects, text);
  return text;
}

function rel(from: string, to: string): string {
  return posix.relative(from, to) || ".";
}

export function kustomizationFor(dir: Dir): Record<string, unknown> {
  const k: Record<string, unknown> = { apiVersion: "kustomize.config.k8s.io/v1beta1", kind: "Kustomization" };
  if (dir.namespace) k.namespace = dir.namespace;
  k.resources = [
    ...dir.files.map((f) => f.name),
    ...(dir.includes ?? []).map((p) => rel(dir.path, p)),
    ...(dir.reconciles ?? []).map((p) => posix.join(rel(dir.path, p), FLUX_KUSTOMIZATION)),
  ];
  if (dir.patches && dir.patches.length > 0) k.patches = dir.patches.map((p) => ({ path: p.name }));
  return k;
}

export function fluxKustomizationFor(dir: Dir, byPath: Map<string, Dir>, profile: Profile): K8sObject {
  const flux = dir.flux;
  if (!flux) throw new Error(`${dir.path} is not reconciled by Flux on its own`);
  const dependsOn = [
    ...profile.flux.dependsOn,
    ...flux.dependsOn.map((p) => {
      const target = byPath.get(p)?.flux;
      if (!target) throw new Error(`${dir.path} depends on ${p}, which has no Flux Kustomization`);
      return target.name;
    }),
  ];
  return plain(
    new Kustomization({
      metadata: { name: flux.name, namespace: profile.flux.namespace },
      spec: {
        interval: profile.flux.interval,
        // Unset, a failed reconciliation is retried only after a whole interval: the controller
        // requeues failures at GetRetryInterval(), which falls back to spec.interval
        // (kustomize-controller api/v1/kustomization_types.go:326-331,
        // internal/controller/kustomization_controller.go:277-283 @ v1.7.3).
        retryInterval: profile.flux.retryInterval,
        path: `${profile.flux.repositoryRoot}/${dir.path}`,
        prune: true,
        wait: flux.wait,
        timeout: flux.timeout ?? "10m",
        sourceRef: { kind: "GitRepository", name: profile.flux.gitRepository },
        ...(dependsOn.length > 0 ? { dependsOn: dependsOn.map((name) => ({ name })) } : {}),
      },
    }),
  );
}

/** Every file of the tree, path → content, sorted by path. */
export function renderFiles(dirs: Dir[], profile: Profile, profileName: string): Map<string, string> {
  const byPath = new Map<string, Dir>();
  for (const d of dirs) {
    if (byPath.has(d.path)) throw new Error(`two components render ${d.path}`);
    byPath.set(d.path, d);
  }
  const files = new Map<string, string>();
  const head = header(profileName);
  const add = (path: string, content: string) => {
    if (files.has(path)) throw new Error(`two components render ${path}`);
    files.set(path, head + content);
  };
  for (const d of dirs) {
    add(posix.join(d.path, KUSTOMIZATION), toYaml([kustomizationFor(d)]));
    if (d.flux) add(posix.join(d.path, FLUX_KUSTOMIZATION), toYaml([fluxKustomizationFor(d, byPath, profile)]));
    for (const f of d.files) add(posix.join(d.path, f.name), toYaml(f.objects));
    for (const p of d.patches ?? []) add(posix.join(d.path, p.name), toYaml([p.object]));
  }
  return new Map([...files.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
