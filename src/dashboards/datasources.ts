// Stable datasource uids: the datasources the stack renders and every dashboard panel agree on them,
// so no dashboard needs a ${DS_...} input resolved at import time.
export const DATASOURCES = {
  prometheus: { type: "prometheus", uid: "prometheus" },
  loki: { type: "loki", uid: "loki" },
  alertmanager: { type: "alertmanager", uid: "alertmanager" },
} as const;
