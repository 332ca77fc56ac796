// The profile's own dashboards (profile.dashboards): JSON files exported from a Grafana, or dashboard
// models a TypeScript profile builds with @grafana/grafana-foundation-sdk. Their datasource references
// are rewritten here, at render time, to the stack's stable uids, so that the render-time query check
// sees exactly what Grafana will run.
//
// Why not leave it to grafana-operator's `spec.datasources` input mapping: the operator replaces the
// text `${INPUT}` with the datasource *name* (controllers/content/resolver.go:73-74 @ v5.24.0), which
// covers exported `__inputs` only, not a uid from another Grafana (such as a dashboard saved with
// "44fd2e18-..."), nor a datasource-typed variable, and it happens after obstack could check anything.
import type { DashboardSpec, Profile } from "../profile/schema.ts";
import { DATASOURCES } from "./datasources.ts";
import type { DashboardDef } from "./types.ts";

type StackDatasource = keyof typeof DATASOURCES;
const STACK_TYPES = new Set<string>(Object.keys(DATASOURCES));
/** Grafana's built-in pseudo-datasources: annotations, mixed panels, panel reuse. Left alone. */
const BUILTIN_UIDS = new Set(["-- Grafana --", "grafana", "-- Mixed --", "-- Dashboard --"]);
const BUILTIN_TYPES = new Set(["grafana", "datasource", "dashboard"]);

export interface UserDashboard {
  /** Position in profile.dashboards, for messages. */
  index: number;
  /** `dashboards.<i> (<file>)` or `dashboards.<i> (json)`: where the dashboard comes from. */
  where: string;
  /** GrafanaDashboard name. */
  name: string;
  folder: string;
  def: DashboardDef;
  /** Datasource references that cannot be mapped, CR name clashes, a dashboard without a title. */
  problems: string[];
}

const variableRef = (s: string): string | undefined =>
  /^\$(?:\{([A-Za-z_][A-Za-z0-9_]*)(?::[a-z]+)?\}|([A-Za-z_][A-Za-z0-9_]*))$/.exec(s)?.slice(1).find((x) => x !== undefined);

/** A Kubernetes name from a uid or title: lower-case, [a-z0-9-], at most 63 characters. */
export function slug(s: string): string {
  return s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 63)
    .replace(/-+$/, "");
}

/**
 * Rewrites every `datasource` of a dashboard model (panels, targets, variables, annotations) to the
 * stack's uid: `${DS_X}` inputs and datasource-typed variables by their plugin type, a foreign uid or a
 * name by the profile's `datasources` map, then by its type (the stack has one datasource per type),
 * then by the stack datasource's own name. Resolved datasource variables and the import-only
 * `__inputs`/`__requires` are dropped; what cannot be mapped is reported.
 */
export function mapDatasources(json: Record<string, unknown>, explicit: Record<string, StackDatasource> = {}): { json: Record<string, unknown>; problems: string[] } {
  const typeOf = new Map<string, string>();
  for (const input of (json["__inputs"] as { name?: string; type?: string; pluginId?: string }[] | undefined) ?? []) {
    if (input.type === "datasource" && input.name && input.pluginId) typeOf.set(input.name, input.pluginId);
  }
  const templating = json["templating"] as { list?: Record<string, unknown>[] } | undefined;
  for (const v of templating?.list ?? []) {
    if (v["type"] === "datasource" && typeof v["name"] === "string" && typeof v["query"] === "string") typeOf.set(v["name"], v["query"]);
  }
  const problems = new Set<string>();
  const resolvedVariables = new Set<string>();
  const byName = (s: string): StackDatasource | undefined => (Object.keys(DATASOURCES) as StackDatasource[]).find((k) => k === s.toLowerCase());
  const target = (uid: string | undefined, type: string | undefined): { type: string; uid: string } | undefined => {
    const to = (k: StackDatasource) => ({ type: DATASOURCES[k].type, uid: DATASOURCES[k].uid });
    if (uid !== undefined) {
      if (explicit[uid]) return to(explicit[uid]);
      const v = variableRef(uid);
      if (v !== undefined) {
        const t = typeOf.get(v);
        if (t !== undefined && STACK_TYPES.has(t)) {
          resolvedVariables.add(v);
          return to(t as StackDatasource);
        }
        problems.add(`datasource variable $${v} ${t === undefined ? "is not defined (no __inputs entry or datasource variable)" : `is of type ${t}, which the stack has no datasource of`}`);
        return undefined;
      }
    }
    if (type !== undefined && STACK_TYPES.has(type)) return to(type as StackDatasource);
    if (uid !== undefined && byName(uid)) return to(byName(uid)!);
    problems.add(`datasource ${JSON.stringify(uid ?? type)} is not one of the stack's (prometheus, loki, alertmanager); map it with datasources: { ${JSON.stringify(uid ?? type)}: prometheus }`);
    return undefined;
  };
  const rewrite = (ds: unknown): unknown => {
    if (ds === null || ds === undefined) return ds;
    if (typeof ds === "string") {
      if (BUILTIN_UIDS.has(ds)) return ds;
      return target(ds, undefined) ?? ds;
    }
    if (typeof ds === "object" && !Array.isArray(ds)) {
      const { uid, type } = ds as { uid?: unknown; type?: unknown };
      const u = typeof uid === "string" ? uid : undefined;
      const t = typeof type === "string" ? type : undefined;
      if ((u !== undefined && BUILTIN_UIDS.has(u)) || (t !== undefined && BUILTIN_TYPES.has(t))) return ds;
      if (u === undefined && t === undefined) return ds;
      const to = target(u, t);
      return to ? { ...(ds as object), ...to } : ds;
    }
    return ds;
  };
  const walk = (node: unknown, key?: string): unknown => {
    if (Array.isArray(node)) return node.map((x) => walk(x));
    if (node === null || typeof node !== "object") return node;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(node)) {
      // A datasource-typed variable's own `current` value names a datasource too; it is dropped below.
      out[k] = k === "datasource" && key !== "__inputs" ? rewrite(v) : walk(v, k);
    }
    return out;
  };
  const mapped = walk(json) as Record<string, unknown>;
  delete mapped["__inputs"];
  delete mapped["__requires"];
  const t = mapped["templating"] as { list?: Record<string, unknown>[] } | undefined;
  if (t?.list) {
    mapped["templating"] = { ...t, list: t.list.filter((v) => !(v["type"] === "datasource" && resolvedVariables.has(String(v["name"])))) };
  }
  return { json: mapped, problems: [...problems] };
}

const REF_IDS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";

/**
 * Fills what the foundation SDK leaves to the caller and Grafana needs: a unique `id` per panel and a
 * `refId` per query. Values the dashboard already has are kept.
 */
export function fillPanelIds(json: Record<string, unknown>): void {
  const panels: Record<string, unknown>[] = [];
  const collect = (ps: unknown) => {
    for (const p of Array.isArray(ps) ? (ps as Record<string, unknown>[]) : []) {
      panels.push(p);
      collect(p["panels"]);
    }
  };
  collect(json["panels"]);
  const used = new Set(panels.map((p) => p["id"]).filter((id): id is number => typeof id === "number"));
  let next = 1;
  for (const p of panels) {
    if (typeof p["id"] !== "number") {
      while (used.has(next)) next++;
      p["id"] = next;
      used.add(next);
    }
    const targets = Array.isArray(p["targets"]) ? (p["targets"] as Record<string, unknown>[]) : [];
    const refs = new Set(targets.map((t) => t["refId"]));
    let r = 0;
    for (const t of targets) {
      if (typeof t["refId"] === "string" && t["refId"] !== "") continue;
      while (refs.has(REF_IDS[r] ?? `Q${r}`)) r++;
      t["refId"] = REF_IDS[r] ?? `Q${r}`;
      refs.add(t["refId"]);
    }
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);

/**
 * Where a dashboard's JSON is not the shape Grafana reads (panels, nested panels, targets and template
 * variables are lists of objects; queries are strings): each such place, so nothing downstream meets it.
 */
export function dashboardShapeProblems(json: Record<string, unknown>): string[] {
  const out: string[] = [];
  /** The list's objects with their own index (a non-object is reported, not renumbered away). */
  const list = (v: unknown, at: string): [Record<string, unknown>, number][] => {
    if (v === undefined) return [];
    if (!Array.isArray(v)) {
      out.push(`${at} must be a list`);
      return [];
    }
    const objects: [Record<string, unknown>, number][] = [];
    v.forEach((x, i) => (isObject(x) ? objects.push([x, i]) : out.push(`${at}[${i}] must be an object`)));
    return objects;
  };
  const text = (o: Record<string, unknown>, key: string, at: string) => {
    if (o[key] !== undefined && typeof o[key] !== "string") out.push(`${at}.${key} must be a string`);
  };
  const panels = (v: unknown, at: string) => {
    list(v, at).forEach(([panel, i]) => {
      const here = `${at}[${i}]`;
      text(panel, "title", here);
      list(panel["targets"], `${here}.targets`).forEach(([t, j]) => {
        for (const k of ["expr", "query", "refId"]) text(t, k, `${here}.targets[${j}]`);
      });
      panels(panel["panels"], `${here}.panels`);
    });
  };
  panels(json["panels"], "panels");
  const templating = json["templating"];
  if (templating !== undefined) {
    if (!isObject(templating)) out.push("templating must be an object");
    else list(templating["list"], "templating.list").forEach(([v, i]) => text(v, "name", `templating.list[${i}]`));
  }
  for (const k of ["title", "uid"]) if (json[k] !== undefined && typeof json[k] !== "string") out.push(`${k} must be a string`);
  return out;
}

/** The profile's dashboards, mapped and named; `stackUids` are the uids of the stack's own dashboards. */
export function userDashboards(p: Profile, stackUids: ReadonlySet<string>): UserDashboard[] {
  const names = new Map<string, number>();
  const uids = new Map<string, number>();
  return p.dashboards.map((d: DashboardSpec, index) => {
    const where = `dashboards.${index} (${d.file ?? "json"})`;
    const problems: string[] = [];
    const raw = d.json ?? {};
    const shape = dashboardShapeProblems(raw);
    if (shape.length > 0) {
      const empty = { uid: "", title: "", json: {} };
      return { index, where, name: d.name ?? `dashboard-${index}`, folder: d.folder, def: empty, problems: shape.slice(0, 20) };
    }
    const { json, problems: dsProblems } = mapDatasources(raw, d.datasources);
    fillPanelIds(json);
    problems.push(...dsProblems);
    const title = typeof json["title"] === "string" ? json["title"] : "";
    if (title === "") problems.push("the dashboard has no title");
    let uid = typeof json["uid"] === "string" && json["uid"] !== "" ? json["uid"] : undefined;
    if (uid === undefined) {
      // Grafana would invent a new uid on every sync; a stable one keeps links and stars working.
      uid = slug(d.name ?? title).slice(0, 40);
      json["uid"] = uid;
    }
    const name = d.name ?? slug(uid);
    if (name === "") problems.push("cannot derive a GrafanaDashboard name from the uid; set name");
    if (stackUids.has(uid)) problems.push(`uid ${uid} is used by one of the stack's own dashboards`);
    if (uids.has(uid)) problems.push(`uid ${uid} is also used by dashboards.${uids.get(uid)}`);
    if (names.has(name)) problems.push(`GrafanaDashboard name ${name} is also used by dashboards.${names.get(name)}; set name`);
    uids.set(uid, index);
    names.set(name, index);
    return { index, where, name, folder: d.folder, def: { uid, title, json }, problems };
  });
}

/** Whether a metric name is one a declaration (`name` or `prefix*`) covers. */
export function declares(patterns: readonly string[], metric: string): boolean {
  return patterns.some((p) => (p.endsWith("*") ? metric.startsWith(p.slice(0, -1)) : metric === p));
}

/** Every metric declaration of the profile: its monitors, external machines' exporters and Alloy pipelines. */
export function declaredMetricPatterns(p: Profile): string[] {
  return [
    ...p.podMonitors.flatMap((m) => m.metrics),
    ...p.serviceMonitors.flatMap((m) => m.metrics),
    ...p.scrapeConfigs.flatMap((m) => m.metrics),
    ...p.exporters.flatMap((m) => m.metrics),
    ...p.annotationDiscovery.metrics,
    ...p.externalMachines.flatMap((m) => m.exporters.flatMap((e) => e.metrics)),
    ...p.alloy.pipelines.flatMap((x) => x.metrics),
  ];
}
