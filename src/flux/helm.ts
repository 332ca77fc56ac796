// Flux HelmRelease and chart sources. A release is split the way the tree is: the base holds the
// stack's own, cluster-independent values; the overlay patch holds what comes from the profile.
import { HelmRelease } from "@kubernetes-models/flux-cd/helm.toolkit.fluxcd.io/v2";
import { HelmRepository, OCIRepository } from "@kubernetes-models/flux-cd/source.toolkit.fluxcd.io/v1";
import { plain, type K8sObject } from "../k8s/object.ts";
import { deepMerge } from "../util/merge.ts";
import type { ChartRecord } from "../charts/catalog.ts";
import type { Dir } from "../tree/dir.ts";

export interface ReleaseSpec {
  name: string;
  /** Helm release name (decides the names of the chart's Services). */
  releaseName: string;
  chart: ChartRecord;
  /** The chart installs CRDs that other directories use. */
  crds?: boolean;
  timeout?: string;
  /** Cluster-independent values (go to the base). */
  baseValues: Record<string, unknown>;
  /** Values derived from the profile (go to the overlay patch). */
  clusterValues: Record<string, unknown>;
  /** Flux post-renderers, for what a chart has no value for (go to the overlay patch). */
  postRenderers?: { kustomize: { patches: { target: { kind: string; name: string }; patch: string }[] } }[];
}

export function sourceFor(chart: ChartRecord): K8sObject {
  const metadata = { name: chart.repository.name };
  if (chart.repository.type === "OCIRepository") {
    return plain(
      new OCIRepository({
        metadata,
        spec: {
          interval: "24h",
          url: chart.repository.url,
          // An exact semver range pins the version whether the tag carries a leading "v" or not.
          ref: { semver: chart.version },
          layerSelector: { mediaType: "application/vnd.cncf.helm.chart.content.v1.tar+gzip", operation: "copy" },
        },
      }),
    );
  }
  return plain(new HelmRepository({ metadata, spec: { interval: "24h", url: chart.repository.url } }));
}

function chartFields(chart: ChartRecord): Record<string, unknown> {
  if (chart.repository.type === "OCIRepository") return { chartRef: { kind: "OCIRepository", name: chart.repository.name } };
  return {
    chart: {
      spec: { chart: chart.chart, version: chart.version, sourceRef: { kind: "HelmRepository", name: chart.repository.name } },
    },
  };
}

/** The base HelmRelease: chart, policies and the stack's generic values. */
export function baseRelease(r: ReleaseSpec): K8sObject {
  return plain(
    new HelmRelease({
      metadata: { name: r.name },
      spec: {
        interval: "1h",
        releaseName: r.releaseName,
        timeout: r.timeout ?? "10m",
        ...chartFields(r.chart),
        install: { ...(r.crds ? { crds: "Create" } : {}), remediation: { retries: 3 } },
        upgrade: { ...(r.crds ? { crds: "CreateReplace" } : {}), remediation: { retries: 3 } },
        driftDetection: { mode: "enabled" },
        values: r.baseValues,
      },
    }),
  );
}

/** The overlay's strategic-merge patch adding the profile's values to the base release. */
export function releasePatch(r: ReleaseSpec): K8sObject {
  return {
    apiVersion: "helm.toolkit.fluxcd.io/v2",
    kind: "HelmRelease",
    metadata: { name: r.name },
    spec: { values: r.clusterValues, ...(r.postRenderers ? { postRenderers: r.postRenderers } : {}) },
  };
}

/** What kustomize builds from base + patch; validated as a whole HelmRelease. */
export function mergedRelease(r: ReleaseSpec, namespace: string): K8sObject {
  const merged = deepMerge(baseRelease(r), releasePatch(r));
  merged.metadata = { ...merged.metadata, namespace };
  return plain(new HelmRelease(merged as ConstructorParameters<typeof HelmRelease>[0]));
}

/** The base directory of one chart: its source and its releases with cluster-independent values. */
export function releaseBase(path: string, releases: ReleaseSpec[]): Dir {
  const chart = releases[0]!.chart;
  return {
    path,
    files: [
      { name: chart.repository.type === "OCIRepository" ? "ocirepository.yaml" : "helmrepository.yaml", objects: [sourceFor(chart)] },
      { name: releases.length === 1 ? "helmrelease.yaml" : "helmreleases.yaml", objects: releases.map(baseRelease) },
    ],
  };
}
