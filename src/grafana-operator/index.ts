// Public surface of the grafana-operator module.
export type * from "./types.ts";
export { grafana, grafanaDashboard, grafanaDatasource, grafanaFolder } from "./constructors.ts";
export { validateGrafanaObject } from "./validate.ts";
export { GRAFANA_API_VERSION, GRAFANA_KINDS, grafanaSchemas, type GrafanaKind } from "./schema/index.ts";
