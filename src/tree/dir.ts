// A rendered directory and everything kustomize and Flux need to know about it, in one record:
// kustomization.yaml and kustomization.flux.yaml are both derived from it, so they cannot disagree.
import type { K8sObject } from "../k8s/object.ts";

export interface FluxReconcile {
  /** Flux Kustomization name (in the Flux namespace). */
  name: string;
  /** Directories (their `path`) whose Flux Kustomizations must be ready first. */
  dependsOn: string[];
  /** Wait for every object to be ready (HelmReleases installed, Jobs complete) before dependents start. */
  wait: boolean;
  timeout?: string;
}

export interface ResourceFile {
  name: string;
  /** Frozen (deepFreeze) when they are constants of obstack, the same for every profile. */
  objects: readonly K8sObject[];
}

export interface Patch {
  /** File name of the strategic-merge patch within the directory. */
  name: string;
  object: K8sObject;
}

export interface Dir {
  /** Path from the repository root, e.g. overlays/base/prometheus. */
  path: string;
  files: ResourceFile[];
  /** Other directories (by path) this kustomization includes. */
  includes?: string[];
  /** Directories (by path) whose Flux Kustomization this one applies, instead of their objects. */
  reconciles?: string[];
  patches?: Patch[];
  /** Namespace kustomize sets on every namespaced object here. */
  namespace?: string;
  /** Set when Flux reconciles this directory with its own Kustomization. */
  flux?: FluxReconcile;
}
