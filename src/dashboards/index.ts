// Every dashboard the stack ships, in folder order.
import { alloyDashboard } from "./alloy.ts";
import { fluxDashboard } from "./flux.ts";
import { keplerDashboard } from "./kepler.ts";
import { eventsDashboard, journalDashboard, podLogsDashboard } from "./logs.ts";
import { nodesDashboard } from "./nodes.ts";
import { lokiDashboard } from "./loki.ts";
import { stackOverview } from "./overview.ts";
import type { DashboardDef } from "./types.ts";

export type { DashboardDef } from "./types.ts";
export { DATASOURCES } from "./datasources.ts";

export function allDashboards(): DashboardDef[] {
  return [stackOverview(), nodesDashboard(), podLogsDashboard(), eventsDashboard(), journalDashboard(), fluxDashboard(), keplerDashboard(), lokiDashboard(), alloyDashboard()];
}
