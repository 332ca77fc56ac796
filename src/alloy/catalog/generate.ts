// Generates components.generated.ts from the shared components-all.json facts
// (every component registered at the Alloy commit the file names, plus config
// blocks, the standard library and removed components).
//
//   npx tsx src/alloy/catalog/generate.ts [path/to/components-all.json]
//
// The output is deterministic; test/alloy/catalog.test.ts regenerates it in
// memory and compares it with the committed file.
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { ArgumentSpec, BlockSpec, ComponentSpec, OneOfSpec, RemovedComponent } from "./types.ts";

interface RawArg {
  name: string;
  type: string;
  required: boolean;
  default?: string;
}
interface RawBlock {
  block: string;
  required: boolean;
  arguments?: RawArg[];
  arguments_ref?: string;
  arguments_documented?: boolean | string;
  same_as?: string;
  same_as_component?: string;
  nested_blocks_allowed?: string;
}
interface RawOneOf {
  scope: string;
  mode: OneOfSpec["mode"];
  arguments?: string[];
  blocks?: string[];
  /** Rules about values, or applying only under a condition: not presence rules. */
  basis?: string;
  conditional?: boolean;
}
interface RawComponent {
  component: string;
  stability: string;
  community?: boolean;
  doc_url?: string;
  arguments: RawArg[];
  blocks: RawBlock[];
  exports: { name: string; type: string }[];
  one_of?: RawOneOf[];
}
interface RawConfigBlock extends Omit<RawComponent, "component"> {
  name: string;
  labeled?: boolean;
}
interface RawStdlibFunction {
  name: string;
  namespace: string | null;
  min_args: number;
  max_args: number | null;
  stability?: string;
}
export interface RawFile {
  source_commit?: string;
  shared_blocks: Record<string, RawArg[]>;
  shared_blocks_one_of?: Record<string, { mode: OneOfSpec["mode"]; arguments?: string[]; blocks?: string[] }[]>;
  components: RawComponent[];
  config_blocks?: RawConfigBlock[];
  stdlib?: {
    namespaces: Record<string, string[]>;
    functions: RawStdlibFunction[];
    constants: { name: string; fields: string[] };
    deprecated_identifiers: { name: string; min_args: number; max_args: number | null; replacement: string }[];
  };
  removed_components?: { component: string; removed_in: string; last_seen_release: string; replacement?: string }[];
}

export interface StdlibFunction {
  name: string;
  minArgs: number;
  /** null: variadic. */
  maxArgs: number | null;
  stability: string;
}

export interface StdlibFacts {
  /** Namespaces of the standard library (`array`, `string`, ...), and the `constants` object. */
  namespaces: string[];
  functions: StdlibFunction[];
  constants: string[];
  deprecated: { name: string; replacement: string }[];
}

export interface ConfigBlockSpec extends ComponentSpec {
  labeled: boolean;
}

/**
 * Go struct field order for required arguments (Alloy reports missing
 * required attributes in struct order, the docs list them alphabetically).
 */
const FIELD_ORDER: Record<string, string[]> = {
  "loki.source.file": ["targets", "forward_to"],
  "loki.source.kubernetes": ["targets", "forward_to"],
  "prometheus.scrape": ["targets", "forward_to"],
};

/** Blocks that Alloy decodes into a single (non-slice) field. */
const SINGLE_BLOCKS = new Set([
  "authorization",
  "basic_auth",
  "oauth2",
  "tls_config",
  "client",
  "clustering",
  "wal",
  "queue_config",
  "metadata_config",
  "sigv4",
  "azuread",
  "google_iam",
  "attach_metadata",
  "decompression",
  "file_watch",
  "file_match",
  "legacy_position",
]);

/**
 * Arguments Alloy's Go structs have and the docs (hence components-all.json) omit.
 * import.http `body`: internal/nodeconf/importsource/import_http.go:46 @ 66ebea856dff.
 */
const EXTRA_ARGUMENTS: Record<string, RawArg[]> = {
  "import.http": [{ name: "body", type: "string", required: false }],
};

/**
 * Corrections of the docs-derived facts by the Go registration (Arguments/Exports struct tags,
 * `alloy:"name,attr|block[,optional]"`) at the same commit, root level only: Alloy decodes by
 * the Go struct, so where the docs differ the struct wins. Found by comparing every registered
 * component's structs with components-all.json; files are under internal/component/ @ 66ebea856dff.
 * Blocks added here have no documented contents: they are open (anything inside is accepted).
 */
interface GoCorrection {
  /** Arguments the Go struct has and the docs omit. */
  addArgs?: RawArg[];
  /** Blocks the Go struct has and the docs omit (contents unknown: open). */
  addBlocks?: string[];
  /** Documented as required, `optional` in the Go tag. */
  optional?: string[];
  /** Documented as optional, required in the Go tag. */
  required?: string[];
  /** Exports the Go Exports struct has and the docs omit. */
  addExports?: { name: string; type: string }[];
  /** Argument types the docs state more narrowly than the Go field. */
  types?: Record<string, string>;
}
const a = (name: string, type: string): RawArg => ({ name, type, required: false });
const GO_CORRECTIONS: Record<string, GoCorrection> = {
  // database_observability/postgres/component.go:78
  "database_observability.postgres": { addBlocks: ["logs"] },
  // database_observability/mysql/component.go:307, sql_server/component.go (Exports.Targets)
  "database_observability.mysql": { addExports: [{ name: "targets", type: "list(map(string))" }] },
  "database_observability.sql_server": { addExports: [{ name: "targets", type: "list(map(string))" }] },
  // discovery/azure/azure.go:41
  "discovery.azure": { addArgs: [a("resource_group", "string")] },
  // common/config/types.go:149-151 (HTTPClientConfig, squashed)
  "loki.rules.kubernetes": { addArgs: [a("no_proxy", "string"), a("proxy_from_environment", "bool"), a("proxy_connect_header", "map(list(secret))")] },
  // common/net/config.go:36,39 (ServerConfig, squashed)
  "loki.source.awsfirehose": { addArgs: [a("graceful_shutdown_timeout", "duration")], addBlocks: ["grpc"] },
  "prometheus.receive_http": { addArgs: [a("graceful_shutdown_timeout", "duration")], addBlocks: ["grpc"] },
  "pyroscope.receive_http": { addArgs: [a("graceful_shutdown_timeout", "duration"), a("debug_info_upload_timeout", "duration")], addBlocks: ["grpc"] },
  // loki/source/docker/docker.go:61
  "loki.source.docker": { optional: ["labels"] },
  // loki/source/windowsevent/arguments.go:27
  "loki.source.windowsevent": { addArgs: [a("legacy_bookmark_path", "string")] },
  // otelcol/auth/headers/headers.go:36
  "otelcol.auth.headers": { optional: ["header"] },
  // otelcol/exporter/file/file.go:23,55
  "otelcol.exporter.file": { addArgs: [a("encoding", "string")], addExports: [{ name: "input", type: "otelcol.Consumer" }] },
  // otelcol/exporter/loadbalancing/loadbalancing.go:78
  "otelcol.exporter.loadbalancing": { addBlocks: ["retry_on_failure"] },
  // otelcol/processor/probabilistic_sampler/probabilistic_sampler.go:42
  "otelcol.processor.probabilistic_sampler": { addBlocks: ["output"] },
  // otelcol/receiver/cloudflare/cloudflare.go:40 (the docs call it `delimiter`)
  "otelcol.receiver.cloudflare": { addArgs: [a("separator", "string")] },
  // otelcol/receiver/filelog/filelog.go:67 ([]otelcol.Operator, Operator = map[string]any)
  "otelcol.receiver.filelog": { types: { operators: "list(map(any))" } },
  // otelcol/connector/servicegraph/servicegraph.go:67 (int32)
  "otelcol.connector.servicegraph": { types: { exponential_histogram_max_size: "number" } },
  // prometheus/exporter/consul/consul.go:48 (int)
  "prometheus.exporter.consul": { types: { concurrent_request_limit: "int" } },
  // otelcol/receiver/googlecloudpubsub/googlecloudpubsub.go:25,34,42
  "otelcol.receiver.googlecloudpubsub": {
    addArgs: [a("user_agent", "string"), a("client_id", "string")],
    addExports: [{ name: "input", type: "otelcol.Consumer" }],
  },
  // otelcol/receiver/solace/solace.go:84,86 (the docs call them `flow` and `authentication`)
  "otelcol.receiver.solace": { addBlocks: ["flow_control", "auth"] },
  // prometheus/exporter/kafka/kafka.go:35, mysql/mysql.go:63, postgres/postgres.go:49
  "prometheus.exporter.kafka": { optional: ["kafka_uris"] },
  "prometheus.exporter.mysql": { optional: ["data_source_name"] },
  "prometheus.exporter.postgres": { optional: ["data_source_names"] },
  // prometheus/exporter/redis/redis.go:48
  "prometheus.exporter.redis": { addArgs: [a("include_exporter_metrics", "bool")] },
  // prometheus/exporter/static/static.go:39
  "prometheus.exporter.static": { required: ["text"] },
  // prometheus/exporter/windows/config.go:37
  "prometheus.exporter.windows": { addBlocks: ["msmq"] },
  // prometheus/operator/types.go:30
  "prometheus.operator.podmonitors": { addArgs: [a("kubernetes_role", "string")] },
  "prometheus.operator.probes": { addArgs: [a("kubernetes_role", "string")] },
  "prometheus.operator.scrapeconfigs": { addArgs: [a("kubernetes_role", "string")] },
  // pyroscope/ebpf/args.go:37-40,45
  "pyroscope.ebpf": {
    addArgs: [a("targets_only", "bool"), a("symb_cache_path", "string"), a("symb_cache_size", "int"), a("reporter_unsymbolized_stubs", "bool")],
    addBlocks: ["debug_info"],
  },
  // pyroscope/java/args.go:19
  "pyroscope.java": { addArgs: [a("dist", "string")] },
  // pyroscope/write/write.go:56
  "pyroscope.write": { addBlocks: ["tracing"] },
};

function applyCorrections(name: string, root: BlockSpec, exports: { name: string; type: string }[]): void {
  const c = GO_CORRECTIONS[name];
  if (!c) return;
  for (const arg of c.addArgs ?? []) if (!root.arguments.some((x) => x.name === arg.name)) root.arguments.push({ ...arg });
  for (const b of c.addBlocks ?? []) if (!root.blocks.some((x) => x.name === b)) root.blocks.push({ name: b, required: false, arguments: [], blocks: [], open: true });
  for (const n of c.optional ?? []) {
    for (const x of [...root.arguments, ...root.blocks]) if (x.name === n) x.required = false;
  }
  for (const n of c.required ?? []) for (const x of root.arguments) if (x.name === n) x.required = true;
  for (const e of c.addExports ?? []) if (!exports.some((x) => x.name === e.name)) exports.push(e);
  for (const [n, t] of Object.entries(c.types ?? {})) for (const x of root.arguments) if (x.name === n) x.type = t;
}

function convertArgs(args: RawArg[]): ArgumentSpec[] {
  return args.map((a) => {
    const out: ArgumentSpec = { name: a.name, type: a.type, required: a.required };
    if (a.default !== undefined) out.default = a.default;
    return out;
  });
}

function orderArgs(component: string, args: ArgumentSpec[]): ArgumentSpec[] {
  const order = FIELD_ORDER[component];
  if (!order) return args;
  const first = order.map((n) => args.find((a) => a.name === n)).filter((a): a is ArgumentSpec => a !== undefined);
  return [...first, ...args.filter((a) => !order.includes(a.name))];
}

const clone = <X>(x: X): X => JSON.parse(JSON.stringify(x)) as X;

function findPath(root: BlockSpec, path: string): BlockSpec | undefined {
  let cur: BlockSpec | undefined = root;
  for (const seg of path.split(">").map((s) => s.trim())) {
    cur = cur?.blocks.find((b) => b.name === seg);
    if (!cur) return undefined;
  }
  return cur;
}

function oneOf(g: { mode: OneOfSpec["mode"]; arguments?: string[]; blocks?: string[] }): OneOfSpec {
  return { mode: g.mode, members: [...(g.arguments ?? []), ...(g.blocks ?? [])] };
}

interface Pending {
  sameAs: { target: BlockSpec; from: string }[];
  sameAsComponent: { target: BlockSpec; component: string }[];
}

function convertBody(raw: RawFile, name: string, c: Omit<RawComponent, "component">, pending: Pending): BlockSpec {
  const root: BlockSpec = { name: "", required: false, arguments: convertArgs([...c.arguments, ...(EXTRA_ARGUMENTS[name] ?? [])]), blocks: [] };
  for (const b of c.blocks) {
    const path = b.block.split(">").map((s) => s.trim());
    let parent = root;
    for (const seg of path.slice(0, -1)) {
      let next = parent.blocks.find((x) => x.name === seg);
      if (!next) {
        next = { name: seg, required: false, arguments: [], blocks: [] };
        parent.blocks.push(next);
      }
      parent = next;
    }
    const bname = path[path.length - 1]!;
    let args: RawArg[] = b.arguments ?? [];
    let sharedKey: string | undefined;
    if (b.arguments_ref) {
      sharedKey = b.arguments_ref.replace(/^shared_blocks\./, "");
      args = raw.shared_blocks[sharedKey] ?? [];
    }
    let spec = parent.blocks.find((x) => x.name === bname);
    if (!spec) {
      spec = { name: bname, required: b.required, arguments: [], blocks: [] };
      parent.blocks.push(spec);
    }
    spec.required = b.required;
    spec.arguments = convertArgs(args);
    if (SINGLE_BLOCKS.has(bname)) spec.once = true;
    // No argument table in the docs: accept anything rather than report valid arguments.
    if (b.arguments_documented === false) spec.open = true;
    const shared = sharedKey ? raw.shared_blocks_one_of?.[sharedKey] : undefined;
    if (shared) spec.oneOf = [...(spec.oneOf ?? []), ...shared.map(oneOf)];
    if (b.same_as) pending.sameAs.push({ target: spec, from: b.same_as });
    if (b.same_as_component) pending.sameAsComponent.push({ target: spec, component: b.same_as_component });
  }
  // stage.match may hold any stage.* block of the component (nested_blocks_allowed: "stage.*"):
  // copied in at load time (catalog/index.ts) as shared references, since stage.match nests itself.
  for (const b of c.blocks) {
    if (b.nested_blocks_allowed) {
      const spec = findPath(root, b.block)!;
      spec.nestedRootBlocks = b.nested_blocks_allowed.replace(/\*$/, "");
    }
  }
  for (const g of c.one_of ?? []) {
    if (g.basis || g.conditional) continue;
    const target = g.scope === "" ? root : findPath(root, g.scope);
    if (!target) continue;
    target.oneOf = [...(target.oneOf ?? []), oneOf(g)];
  }
  return root;
}

function resolvePending(pending: Pending, roots: Map<string, { root: BlockSpec }>, rootOf: Map<BlockSpec, BlockSpec>): void {
  for (const { target, from } of pending.sameAs) {
    const src = findPath(rootOf.get(target)!, from);
    if (!src) continue;
    if (target.arguments.length === 0) target.arguments = clone(src.arguments);
    if (target.blocks.length === 0) target.blocks = clone(src.blocks);
    if (src.oneOf && !target.oneOf) target.oneOf = clone(src.oneOf);
  }
  for (const { target, component } of pending.sameAsComponent) {
    const src = roots.get(component)?.root;
    if (!src) continue;
    if (target.arguments.length === 0) target.arguments = clone(src.arguments);
    if (target.blocks.length === 0) target.blocks = clone(src.blocks);
  }
}

function indexRoots(root: BlockSpec, map: Map<BlockSpec, BlockSpec>): void {
  const stack = [root];
  while (stack.length > 0) {
    const b = stack.pop()!;
    map.set(b, root);
    stack.push(...b.blocks);
  }
}

function byName<X extends { name: string }>(a: X, b: X): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

export interface ConvertedCatalog {
  components: ComponentSpec[];
  configBlocks: ConfigBlockSpec[];
  stdlib: StdlibFacts;
  removed: RemovedComponent[];
}

export function convertAll(raw: RawFile): ConvertedCatalog {
  const pending: Pending = { sameAs: [], sameAsComponent: [] };
  const roots = new Map<string, { root: BlockSpec; c: RawComponent }>();
  const rootOf = new Map<BlockSpec, BlockSpec>();
  for (const c of raw.components) roots.set(c.component, { root: convertBody(raw, c.component, c, pending), c });
  const cfgRoots = new Map<string, { root: BlockSpec; c: RawConfigBlock }>();
  for (const c of raw.config_blocks ?? []) cfgRoots.set(c.name, { root: convertBody(raw, c.name, c, pending), c });
  for (const { root } of [...roots.values(), ...cfgRoots.values()]) indexRoots(root, rootOf);
  resolvePending(pending, roots, rootOf);

  const components: ComponentSpec[] = [];
  for (const [name, { root, c }] of roots) {
    const exports = c.exports.map((e) => ({ name: e.name, type: e.type }));
    applyCorrections(name, root, exports);
    const spec: ComponentSpec = {
      name,
      // Community registrations have no featuregate level; Alloy gates them with a flag.
      stability: c.community ? "community" : c.stability,
      arguments: orderArgs(name, root.arguments),
      blocks: root.blocks,
      exports,
    };
    if (root.oneOf) spec.oneOf = root.oneOf;
    if (c.doc_url) spec.docUrl = c.doc_url;
    components.push(spec);
  }
  components.sort(byName);
  const configBlocks: ConfigBlockSpec[] = [];
  for (const [name, { root, c }] of cfgRoots) {
    const spec: ConfigBlockSpec = {
      name,
      stability: c.stability,
      labeled: c.labeled === true,
      arguments: root.arguments,
      blocks: root.blocks,
      exports: c.exports.map((e) => ({ name: e.name, type: e.type })),
    };
    if (root.oneOf) spec.oneOf = root.oneOf;
    if (c.doc_url) spec.docUrl = c.doc_url;
    configBlocks.push(spec);
  }
  configBlocks.sort(byName);
  const std = raw.stdlib;
  const stdlib: StdlibFacts = {
    namespaces: Object.keys(std?.namespaces ?? {}).filter((n) => n !== "(global)").concat("constants").sort(),
    functions: (std?.functions ?? []).map((f) => ({ name: f.name, minArgs: f.min_args, maxArgs: f.max_args, stability: f.stability ?? "generally-available" })),
    constants: std?.constants.fields ?? [],
    deprecated: (std?.deprecated_identifiers ?? []).map((d) => ({ name: d.name, replacement: d.replacement })),
  };
  const removed: RemovedComponent[] = (raw.removed_components ?? []).map((r) => {
    const out: RemovedComponent = { name: r.component, removedIn: r.removed_in, lastSeen: r.last_seen_release };
    if (r.replacement) out.replacement = r.replacement;
    return out;
  });
  return { components, configBlocks, stdlib, removed };
}

function jsonLines(xs: readonly unknown[]): string {
  return "[\n" + xs.map((x) => "  " + JSON.stringify(x) + ",\n").join("") + "]";
}

/** Renders the TypeScript source of components.generated.ts. */
export function generateCatalogSource(componentsJson: string): string {
  const raw = JSON.parse(componentsJson) as RawFile;
  const all = convertAll(raw);
  return [
    "// Code generated by src/alloy/catalog/generate.ts from components-all.json; DO NOT EDIT.",
    `// Source: grafana/alloy@${raw.source_commit ?? "unknown"} (docs and component registry).`,
    'import type { ComponentSpec, RemovedComponent } from "./types.ts";',
    'import type { ConfigBlockSpec, StdlibFacts } from "./generate.ts";',
    "",
    "export const SOURCE_COMMIT = " + JSON.stringify(raw.source_commit ?? "unknown") + ";",
    "",
    `export const GENERATED_COMPONENTS: readonly ComponentSpec[] = ${jsonLines(all.components)};`,
    "",
    `export const GENERATED_CONFIG_BLOCKS: readonly ConfigBlockSpec[] = ${jsonLines(all.configBlocks)};`,
    "",
    `export const GENERATED_STDLIB: StdlibFacts = ${JSON.stringify(all.stdlib)};`,
    "",
    `export const GENERATED_REMOVED: readonly RemovedComponent[] = ${jsonLines(all.removed)};`,
    "",
  ].join("\n");
}

export const here = dirname(fileURLToPath(import.meta.url));
export const projectRoot = resolve(here, "../../..");
/** `../shared` of the project, or OBSTACK_SHARED when set (worktrees that are not siblings of shared/). */
export const sharedDir = process.env.OBSTACK_SHARED ?? resolve(projectRoot, "../shared");
export const defaultComponentsJson = resolve(sharedDir, "reference/alloy/components-all.json");
export const generatedPath = resolve(here, "components.generated.ts");

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const input = process.argv[2] ?? defaultComponentsJson;
  writeFileSync(generatedPath, generateCatalogSource(readFileSync(input, "utf8")));
  console.log(`wrote ${generatedPath}`);
}
