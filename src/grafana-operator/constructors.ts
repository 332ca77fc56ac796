// Typed constructors: plain objects with apiVersion/kind filled in. They do not validate —
// call validateGrafanaObject on the result (the type system cannot see patterns or
// cross-field rules such as folderUID vs folderRef).
import type {
  Grafana,
  GrafanaDashboard,
  GrafanaDashboardSpec,
  GrafanaDatasource,
  GrafanaDatasourceSpec,
  GrafanaFolder,
  GrafanaFolderSpec,
  GrafanaSpec,
  ObjectMeta,
} from "./types.ts";

const apiVersion = "grafana.integreatly.org/v1beta1" as const;

export const grafana = (spec: GrafanaSpec, metadata: ObjectMeta): Grafana => ({ apiVersion, kind: "Grafana", metadata, spec });

export const grafanaDatasource = (spec: GrafanaDatasourceSpec, metadata: ObjectMeta): GrafanaDatasource => ({
  apiVersion,
  kind: "GrafanaDatasource",
  metadata,
  spec,
});

export const grafanaDashboard = (spec: GrafanaDashboardSpec, metadata: ObjectMeta): GrafanaDashboard => ({
  apiVersion,
  kind: "GrafanaDashboard",
  metadata,
  spec,
});

export const grafanaFolder = (spec: GrafanaFolderSpec, metadata: ObjectMeta): GrafanaFolder => ({
  apiVersion,
  kind: "GrafanaFolder",
  metadata,
  spec,
});
