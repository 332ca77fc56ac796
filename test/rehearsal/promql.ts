// Dashboard queries made runnable on a plain Prometheus, shared by the rehearsals.

/** Grafana variables → values Prometheus accepts: regex matchers match everything, intervals are fixed. */
export function forPrometheus(expr: string): string {
  return expr
    .replace(/\$__rate_interval|\$\{__rate_interval\}/g, "30s")
    .replace(/\$__interval|\$\{__interval\}/g, "5s")
    .replace(/\$__range|\$\{__range\}/g, "1m")
    .replace(/(!?)=~?"\$\{?[A-Za-z_][A-Za-z0-9_]*(?::[a-z]+)?\}?"/g, (_m, neg: string) => (neg ? '!~"^$"' : '=~".+"'))
    .replace(/\$\{?[A-Za-z_][A-Za-z0-9_]*\}?/g, ".+");
}

/** A threshold filter (`... < 0`) rightly returns nothing on a healthy machine: check the series it filters. */
export function withoutThreshold(expr: string): string {
  const m = /^([\s\S]*\S)\s*(<|>|<=|>=|==|!=)\s*-?[0-9.]+\s*$/.exec(expr);
  return m ? m[1]! : expr;
}
