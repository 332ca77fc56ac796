// The carried schema for each grafana-operator kind, keyed by `kind`.
import type { ObjectNode } from "./dsl.ts";
import { grafanaSchema } from "./grafana.ts";
import { dashboardSchema, datasourceSchema, folderSchema } from "./resources.ts";

export const GRAFANA_API_VERSION = "grafana.integreatly.org/v1beta1";

export const GRAFANA_KINDS = ["Grafana", "GrafanaDatasource", "GrafanaDashboard", "GrafanaFolder"] as const;
export type GrafanaKind = (typeof GRAFANA_KINDS)[number];

export const grafanaSchemas: Readonly<Record<GrafanaKind, ObjectNode>> = {
  Grafana: grafanaSchema,
  GrafanaDatasource: datasourceSchema,
  GrafanaDashboard: dashboardSchema,
  GrafanaFolder: folderSchema,
};

export type { Node, ObjectNode, Rule } from "./dsl.ts";
