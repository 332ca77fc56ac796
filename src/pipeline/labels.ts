// What the Alloy pipeline attaches to every log line, and where: Loki index labels define streams
// and must stay low-cardinality; everything per-pod or per-image goes to structured metadata, which
// LogQL can still filter and group by. Dashboards and the LogQL verifier read these lists.

/** Where a log line came from: the value of the `source` index label. */
export const LOG_SOURCES = ["pods", "journal", "events"] as const;
export type LogSource = (typeof LOG_SOURCES)[number];

/** Index labels per source (besides the profile's static labels, which are constant per cluster). */
export const INDEX_LABELS: Record<LogSource, readonly string[]> = {
  pods: ["cluster", "source", "namespace", "app", "container", "node_name", "level"],
  journal: ["cluster", "source", "unit", "node_name", "level"],
  events: ["cluster", "source", "namespace", "level"],
};

/** Structured metadata per source: high-cardinality or descriptive, never part of the stream key. */
export const STRUCTURED_METADATA: Record<LogSource, readonly string[]> = {
  pods: ["pod", "image", "controller_kind", "controller_name"],
  journal: [],
  events: ["kind", "reason", "name", "node_name"],
};

/**
 * Values of `level` on pod log lines: whatever spelling a line uses (ERROR, err, Warn, ...) is mapped
 * to one of these, so the level multiplies streams by five at most. Target → spellings (case-insensitive).
 */
export const POD_LEVEL_SPELLINGS: readonly (readonly [string, string])[] = [
  ["critical", "fatal|critical|crit|panic|emerg|alert"],
  ["error", "error|err"],
  ["warning", "warning|warn"],
  ["info", "info|notice"],
  ["debug", "debug|trace"],
];
export const POD_LEVELS = POD_LEVEL_SPELLINGS.map(([level]) => level);

/**
 * loki.source.journal's __journal_priority_keyword for priorities 0..7 (note "error", not journald's
 * "err"): alloy internal/component/loki/source/journal/tailer.go makeJournalPriority @ v1.18.1.
 */
export const JOURNAL_PRIORITY_KEYWORDS = ["emerg", "alert", "crit", "error", "warning", "notice", "info", "debug"] as const;

/** Journal priority keyword → the pod-log level set, so `level` means the same on every source. */
export const JOURNAL_PRIORITY_LEVELS: readonly (readonly [string, readonly (typeof JOURNAL_PRIORITY_KEYWORDS)[number][]])[] = [
  ["critical", ["emerg", "alert", "crit"]],
  ["error", ["error"]],
  ["warning", ["warning"]],
  ["info", ["notice", "info"]],
  ["debug", ["debug"]],
];

/** Values of `level` on journal lines: the pod-log levels. */
export const JOURNAL_LEVELS: readonly string[] = POD_LEVELS;
/** Journal levels that mean trouble. */
export const JOURNAL_PROBLEM_LEVELS = ["critical", "error", "warning"] as const;

/** Every label a LogQL stream selector may use (index labels of any source). */
export function selectorLabels(staticLabels: Record<string, string> = {}): Set<string> {
  return new Set([...Object.values(INDEX_LABELS).flat(), ...Object.keys(staticLabels)]);
}

/** Every label a LogQL query may use after the selector (filters, grouping). */
export function queryLabels(staticLabels: Record<string, string> = {}): Set<string> {
  return new Set([...selectorLabels(staticLabels), ...Object.values(STRUCTURED_METADATA).flat()]);
}
