// The node-exporter and Kepler series Alloy keeps: exactly the metric names the stack's own
// queries (dashboards and alert rules) use. Nothing is written by hand here.
import type { NodeAllowlist } from "../pipeline/config.ts";

const NAME = /\b(node|kepler)_[a-zA-Z0-9_]+/g;

export function nodeAllowlist(queries: readonly string[]): NodeAllowlist {
  const names = new Set<string>();
  for (const q of queries) for (const m of q.matchAll(NAME)) names.add(m[0]);
  const sorted = [...names].sort();
  return {
    // node_name / node are label names, not metrics: they appear in selectors and by-clauses.
    nodeExporter: sorted.filter((n) => n.startsWith("node_") && n !== "node_name"),
    kepler: sorted.filter((n) => n.startsWith("kepler_")),
  };
}
