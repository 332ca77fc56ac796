// The stack's alerting rules as PrometheusRule objects (one per rule group), and the monitors that
// collect the series they need. No namespace: the tree sets it.
import { PrometheusRule } from "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1";
import { plain, stackLabels, type K8sObject } from "../k8s/object.ts";
import type { Profile } from "../profile/schema.ts";
import { alertRuleGroups, type RuleGroup } from "./rules.ts";

export { alertRuleGroups, runbookAnchor, runbookUrl, tsdbSizeThreshold, RUNBOOK_BASE } from "./rules.ts";
export type { AlertRule, RuleGroup, Severity } from "./rules.ts";
export { alertMonitors } from "./monitors.ts";

function prometheusRule(g: RuleGroup): K8sObject {
  return plain(
    new PrometheusRule({
      metadata: { name: g.name, labels: stackLabels("alerts") },
      spec: {
        groups: [
          {
            name: g.name,
            ...(g.interval !== undefined ? { interval: g.interval } : {}),
            rules: g.rules.map((r) => ({
              alert: r.alert,
              expr: r.expr,
              ...(r.for !== undefined ? { for: r.for } : {}),
              labels: { ...r.labels },
              annotations: { ...r.annotations },
            })),
          },
        ],
      },
    }),
  );
}

/** One PrometheusRule per rule group of alertRuleGroups(p). */
export function prometheusRules(p: Profile): K8sObject[] {
  return alertRuleGroups(p).map(prometheusRule);
}
