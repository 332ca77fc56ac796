/** A dashboard the stack ships: grafana-operator renders one GrafanaDashboard per definition. */
export interface DashboardDef {
  /** Stable uid and CR name. */
  uid: string;
  title: string;
  json: unknown;
}
