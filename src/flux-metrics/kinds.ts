// The Flux kinds and the API version each has in a given Flux minor version.
// Facts from the Flux release notes: Bucket went GA (v1) in 2.5, OCIRepository in 2.6,
// the image automation APIs in 2.7; notification Alert/Provider stay v1beta3.
// Flux 2.7 adds two kinds (fluxcd/flux2 v2.7.5 manifests/bases/source-controller and source-watcher):
// ExternalArtifact (source.toolkit.fluxcd.io/v1, source-controller v1.7.4
// config/crd/bases/source.toolkit.fluxcd.io_externalartifacts.yaml, api/v1/externalartifact_types.go:31-46)
// and ArtifactGenerator (source.extensions.fluxcd.io/v1beta1, source-watcher v2.0.3
// config/crd/bases/source.extensions.fluxcd.io_artifactgenerators.yaml; no spec.suspend: it is disabled
// by an annotation, api/v1beta1/artifactgenerator_types.go:33). Both have a Ready condition.
import type { Profile } from "../profile/schema.ts";

export type FluxVersion = Profile["flux"]["version"];

export interface FluxKind {
  group: string;
  kind: string;
  plural: string;
  /** Labels taken from the object besides name/namespace/ready/suspended. */
  extraLabels: Record<string, string[]>;
  version(v: FluxVersion): string;
  /** Whether the kind has a Ready condition (Alert and Provider have none since v1beta3). */
  hasReady: boolean;
  /** Whether the kind has spec.suspend (default true). */
  hasSuspend?: boolean;
  /** The Flux minor version that introduced the kind (absent: every supported version). */
  sinceMinor?: number;
}

/** The kinds that exist in the profile's Flux version. */
export function fluxKinds(v: FluxVersion): FluxKind[] {
  return FLUX_KINDS.filter((k) => k.sinceMinor === undefined || at(v) >= k.sinceMinor);
}

const at = (v: FluxVersion) => Number(v.split(".")[1]);
const since = (minor: number, ga: string, before: string) => (v: FluxVersion) => (at(v) >= minor ? ga : before);
const fixed = (version: string) => () => version;

const SOURCE = "source.toolkit.fluxcd.io";
const artifactRevision = { revision: ["status", "artifact", "revision"] };

export const FLUX_KINDS: FluxKind[] = [
  { group: "kustomize.toolkit.fluxcd.io", kind: "Kustomization", plural: "kustomizations", hasReady: true, version: fixed("v1"),
    extraLabels: { revision: ["status", "lastAppliedRevision"], source_name: ["spec", "sourceRef", "name"] } },
  { group: "helm.toolkit.fluxcd.io", kind: "HelmRelease", plural: "helmreleases", hasReady: true, version: fixed("v2"),
    extraLabels: {
      revision: ["status", "history", "0", "chartVersion"],
      chart_name: ["status", "history", "0", "chartName"],
      chart_app_version: ["status", "history", "0", "appVersion"],
      chart_ref_name: ["spec", "chartRef", "name"],
      chart_source_name: ["spec", "chart", "spec", "sourceRef", "name"],
    } },
  { group: SOURCE, kind: "GitRepository", plural: "gitrepositories", hasReady: true, version: fixed("v1"),
    extraLabels: { ...artifactRevision, url: ["spec", "url"] } },
  { group: SOURCE, kind: "Bucket", plural: "buckets", hasReady: true, version: since(5, "v1", "v1beta2"),
    extraLabels: { ...artifactRevision, endpoint: ["spec", "endpoint"], bucket_name: ["spec", "bucketName"] } },
  { group: SOURCE, kind: "HelmRepository", plural: "helmrepositories", hasReady: true, version: fixed("v1"),
    extraLabels: { ...artifactRevision, url: ["spec", "url"] } },
  { group: SOURCE, kind: "HelmChart", plural: "helmcharts", hasReady: true, version: fixed("v1"),
    extraLabels: { ...artifactRevision, chart_name: ["spec", "chart"], chart_version: ["spec", "version"] } },
  { group: SOURCE, kind: "OCIRepository", plural: "ocirepositories", hasReady: true, version: since(6, "v1", "v1beta2"),
    extraLabels: { ...artifactRevision, url: ["spec", "url"] } },
  { group: "notification.toolkit.fluxcd.io", kind: "Alert", plural: "alerts", hasReady: false, version: fixed("v1beta3"), extraLabels: {} },
  { group: "notification.toolkit.fluxcd.io", kind: "Provider", plural: "providers", hasReady: false, version: fixed("v1beta3"), extraLabels: {} },
  { group: "notification.toolkit.fluxcd.io", kind: "Receiver", plural: "receivers", hasReady: true, version: fixed("v1"),
    extraLabels: { webhook_path: ["status", "webhookPath"] } },
  { group: "image.toolkit.fluxcd.io", kind: "ImageRepository", plural: "imagerepositories", hasReady: true, version: since(7, "v1", "v1beta2"),
    extraLabels: { image: ["spec", "image"] } },
  { group: "image.toolkit.fluxcd.io", kind: "ImagePolicy", plural: "imagepolicies", hasReady: true, version: since(7, "v1", "v1beta2"),
    extraLabels: { source_name: ["spec", "imageRepositoryRef", "name"] } },
  { group: "image.toolkit.fluxcd.io", kind: "ImageUpdateAutomation", plural: "imageupdateautomations", hasReady: true, version: since(7, "v1", "v1beta2"),
    extraLabels: { source_name: ["spec", "sourceRef", "name"] } },
  { group: SOURCE, kind: "ExternalArtifact", plural: "externalartifacts", hasReady: true, hasSuspend: false, sinceMinor: 7, version: fixed("v1"),
    extraLabels: { ...artifactRevision, source_name: ["spec", "sourceRef", "name"] } },
  { group: "source.extensions.fluxcd.io", kind: "ArtifactGenerator", plural: "artifactgenerators", hasReady: true, hasSuspend: false, sinceMinor: 7,
    version: fixed("v1beta1"), extraLabels: {} },
];
