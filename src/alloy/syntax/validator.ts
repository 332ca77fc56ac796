// Semantic validation of Alloy configurations, modelled on Alloy's
// internal/validator: component existence, duplicates, labels, references,
// cycles, arguments/blocks of components (from the catalog), custom
// components (`declare`), imports and `foreach`.
import type { Attribute, Block, Expr, File, Ident, Position, Stmt } from "./ast.ts";
import * as ast from "./ast.ts";
import type { Diagnostic } from "./diag.ts";
import { formatPosition } from "./diag.ts";
import type { ArgumentSpec, BlockSpec, Catalog, ComponentSpec, OneOfSpec } from "../catalog/types.ts";
import { CONFIG_BLOCKS, SERVICES, STDLIB, defaultCatalog } from "../catalog/index.ts";
import { checkValue } from "./values.ts";
import { printNode } from "./printer.ts";
import * as nodes from "./nodes.ts";

// ast.ts's helpers as module-local bindings: tsx calls a namespace getter at every use of an
// imported name (see scanner.ts); these run for every block of a large file. (ast.ts imports
// nothing, so it is fully initialised here.)
const { blockFullName, blockID, endPos, posAdd, startPos } = ast;
const { AccessNode, AttributeNode } = nodes;

/**
 * Alloy's stability levels, lowest first (internal/featuregate/featuregate.go:24-34 @ 66ebea856dff);
 * `--stability.level` defaults to generally-available (internal/alloycli/cmd_run.go).
 */
export const STABILITY_LEVELS = ["experimental", "public-preview", "generally-available"] as const;
export type StabilityLevel = (typeof STABILITY_LEVELS)[number];
const stabilityRank = (s: string): number => STABILITY_LEVELS.indexOf(s as StabilityLevel);

/**
 * The `--stability.level` a rendered Alloy runs with: the Alloy chart's `alloy.stabilityLevel`
 * value, whose default is "generally-available" (chart 1.11.1 values.yaml:58).
 */
export function chartStabilityLevel(values: unknown): StabilityLevel {
  const v = (values as { alloy?: { stabilityLevel?: unknown } } | undefined)?.alloy?.stabilityLevel;
  return typeof v === "string" && (STABILITY_LEVELS as readonly string[]).includes(v) ? (v as StabilityLevel) : "generally-available";
}

/** featuregate.CheckAllowed's message (internal/featuregate/featuregate.go:36-55). */
function belowStability(feature: string, stability: string, min: StabilityLevel): string | undefined {
  if (stability === "generally-available") return undefined;
  if (stabilityRank(stability) < 0 || stabilityRank(stability) >= stabilityRank(min)) return undefined;
  return (
    `${feature} is at stability level "${stability}", which is below the minimum allowed stability level "${min}". ` +
    `Use --stability.level command-line flag to enable "${stability}" features`
  );
}

export interface ValidateOptions {
  /** Filename used in diagnostics (defaults to file.name). */
  filename?: string;
  /** Component facts (defaults to the built-in catalog). */
  catalog?: Catalog;
  /** Report components without catalog facts as warnings (default true). */
  warnUnknownFacts?: boolean;
  /** Alloy's `--stability.level` (default "generally-available", as Alloy's). */
  stabilityLevel?: StabilityLevel;
  /** Alloy's `--feature.community-components.enabled` (default false). */
  communityComponents?: boolean;
}

/**
 * Top-level names of Alloy's standard library (components-all.json `stdlib`, from
 * syntax/internal/stdlib/stdlib.go): namespaces, global functions, the `constants` object.
 * (`map` is not one.)
 */
export const STDLIB_NAMESPACES: ReadonlySet<string> = new Set([
  ...STDLIB.namespaces,
  ...STDLIB.functions.filter((f) => !f.name.includes(".")).map((f) => f.name),
]);

/** Deprecated top-level standard library functions (still accepted, with a warning). */
export const STDLIB_DEPRECATED: ReadonlySet<string> = new Set(STDLIB.deprecated.map((d) => d.name));

/** Standard library functions below generally-available, by full name (`array.combine_maps`). */
const STDLIB_UNSTABLE: ReadonlyMap<string, string> = new Map(
  STDLIB.functions.filter((f) => f.stability !== "generally-available").map((f) => [f.name, f.stability]),
);

/** Names a service ID starts with, before a "." (a labelled block can be a service only then). */
const SERVICE_PREFIXES: ReadonlySet<string> = new Set(
  [...SERVICES.keys()].flatMap((k) => [...k.matchAll(/\./g)].map((m) => k.slice(0, m.index))),
);

const CONFIG_BLOCK_NAMES = new Set(["foreach", "argument", "export", "logging", "tracing", "import.file", "import.string", "import.http", "import.git"]);

/** A typecheck schema: arguments and blocks accepted by a block body. */
interface Schema {
  arguments: readonly ArgumentSpec[];
  blocks: readonly BlockSpec[];
  open?: boolean;
  oneOf?: readonly OneOfSpec[];
}

type NodeKind = "node" | "component" | "module" | "foreach";

const NO_DIAGS: Diagnostic[] = Object.freeze([]) as unknown as Diagnostic[];

/** A node of the graph: a block, its ID (blockID, made when first asked for) and what was found. */
class GNode {
  private idText: string | undefined;
  /** Found while registering the node (most have none: one shared empty array until the first). */
  diags: Diagnostic[] = NO_DIAGS;
  schema: Schema | undefined = undefined;
  sub: State | undefined = undefined;
  /** Names of exports (for reference checks), when known. */
  exports: ReadonlySet<string> | undefined = undefined;
  // Tarjan's bookkeeping (stronglyConnected): fields of the node rather than Maps keyed by it.
  sccIndex = -1;
  sccLow = 0;
  sccOnStack = false;
  sccEdge = 0;
  /** The ID is not blockID(block) (a duplicate, renamed). */
  renamed = false;
  /** The graph the node was added to, and its place in the graph's ID trie. */
  graph: Graph | undefined = undefined;
  slot: IdTrie<GNode> | undefined = undefined;
  /** Out-edges, in order of the first reference (duplicates allowed: an array is smaller than a Set). */
  out: GNode[] | undefined = undefined;
  constructor(
    public kind: NodeKind,
    readonly block: Block,
    /** Statements used for typechecking and references (declare: none; foreach: without template). */
    public body: Stmt[],
  ) {}
  addDiag(d: Diagnostic): void {
    this.ownDiags().push(d);
  }
  ownDiags(): Diagnostic[] {
    if (this.diags === NO_DIAGS) this.diags = [];
    return this.diags;
  }
  get id(): string {
    return (this.idText ??= blockID(this.block));
  }
  /** Renames a duplicate (its ID is no longer blockID). */
  rename(id: string): void {
    this.idText = id;
    this.renamed = true;
  }
}

/**
 * IDs split at "." as a tree of Maps: an ID is found by walking its parts (the block's name
 * fragments and label: strings the parser interned, their hashes computed once) instead of
 * hashing an ID string made by concatenation for each lookup. Equivalent to a Map keyed by the ID.
 */
interface IdTrie<V> {
  value: V | undefined;
  next: Map<string, IdTrie<V>> | undefined;
}

function newTrie<V>(): IdTrie<V> {
  return { value: undefined, next: undefined };
}

function trieStep<V>(t: IdTrie<V>, part: string, create: boolean): IdTrie<V> | undefined {
  let sub = t.next?.get(part);
  if (sub === undefined && create) {
    if (t.next === undefined) t.next = new Map();
    t.next.set(part, (sub = newTrie<V>()));
  }
  return sub;
}

/** The trie entry of an ID given as text. */
function trieAtId<V>(root: IdTrie<V>, id: string, create: boolean): IdTrie<V> | undefined {
  let t: IdTrie<V> | undefined = root;
  let from = 0;
  for (;;) {
    const dot = id.indexOf(".", from);
    t = trieStep(t, dot < 0 ? (from === 0 ? id : id.slice(from)) : id.slice(from, dot), create);
    if (t === undefined || dot < 0) return t;
    from = dot + 1;
  }
}

/** The trie entry of blockID(b), from its fragments and label when none holds a ".". */
function trieAtBlock<V>(root: IdTrie<V>, b: Block, create: boolean): IdTrie<V> | undefined {
  const name = b.name;
  const label = b.label;
  let plain = name.length > 0 && label.indexOf(".") < 0;
  for (let i = 0; plain && i < name.length; i++) plain = name[i]!.indexOf(".") < 0;
  if (!plain) return trieAtId(root, blockID(b), create);
  let t: IdTrie<V> | undefined = root;
  for (let i = 0; i < name.length && t !== undefined; i++) t = trieStep(t, name[i]!, create);
  if (label !== "" && t !== undefined) t = trieStep(t, label, create);
  return t;
}

/** Export names of a catalog component, one set per component (not one per block using it). */
const exportSets = new WeakMap<ComponentSpec, ReadonlySet<string>>();
function exportNames(spec: ComponentSpec): ReadonlySet<string> {
  let set = exportSets.get(spec);
  if (!set) exportSets.set(spec, (set = new Set(spec.exports.map((e) => e.name))));
  return set;
}

class Graph {
  /** The nodes in the order they were added. */
  readonly nodes: GNode[] = [];
  /** Some ID was added twice (a bug elsewhere: duplicates are renamed); the last one added wins. */
  dupIds = false;
  /** The nodes by ID (a reference `a.b.c` is resolved by walking its names). */
  readonly trie: IdTrie<GNode> = newTrie();
  /** Nodes with out-edges, in the order of their first edge. */
  readonly edgeOrder: GNode[] = [];
  constructor(readonly parent?: Graph) {}
  add(n: GNode): void {
    this.nodes.push(n);
    const t = (n.renamed ? trieAtId(this.trie, n.id, true) : trieAtBlock(this.trie, n.block, true))!;
    if (t.value !== undefined) this.dupIds = true;
    t.value = n;
    n.graph = this;
    n.slot = t;
  }
  /** The node with the ID of the i-th added (itself, unless a later one took its ID). */
  at(i: number): GNode {
    const n = this.nodes[i]!;
    return this.dupIds ? n.slot!.value! : n;
  }
  /** n is this graph's node for its ID. */
  owns(n: GNode): boolean {
    return n.graph === this && n.slot!.value === n;
  }
  get(id: string): GNode | undefined {
    return trieAtId(this.trie, id, false)?.value ?? this.parent?.get(id);
  }
  addEdge(from: GNode, to: GNode): void {
    const s = from.out;
    if (!s) {
      from.out = [to];
      this.edgeOrder.push(from);
    } else if (s[s.length - 1] !== to) s.push(to);
  }
}

type Custom = { kind: "declare"; schema: Schema; exports: Set<string> } | { kind: "import" } | { kind: "removed"; message: string };

class Registry {
  readonly custom = new Map<string, Custom>();
  constructor(
    readonly parent: Registry | undefined,
    readonly catalog: Catalog,
  ) {}
  private readonly memo = new Map<string, Custom | ComponentSpec | "known" | undefined>();
  /**
   * get() remembered per name: for validateGraph, which runs once every registration is done
   * (a large file uses the same few component names thousands of times).
   */
  lookup(name: string): Custom | ComponentSpec | "known" | undefined {
    let r = this.memo.get(name);
    if (r === undefined && !this.memo.has(name)) this.memo.set(name, (r = this.get(name)));
    return r;
  }
  get(name: string): Custom | ComponentSpec | "known" | undefined {
    const c = this.custom.get(name);
    if (c) return c;
    const dot = name.indexOf(".");
    if (dot > 0) {
      const ns = this.custom.get(name.slice(0, dot));
      if (ns && ns.kind === "import") return ns;
    }
    if (this.parent) return this.parent.get(name);
    const spec = this.catalog.components.get(name);
    if (spec) return spec;
    if (this.catalog.knownNames.has(name)) return "known";
    const removed = this.catalog.removed?.get(name);
    if (removed) {
      const when = /^v\d/.test(removed.removedIn) ? `in Alloy ${removed.removedIn}` : `after Alloy ${removed.lastSeen} (${removed.removedIn})`;
      return { kind: "removed", message: `component "${name}" was removed ${when}${removed.replacement ? `; use ${removed.replacement} instead` : ""}` };
    }
    return undefined;
  }
}

interface State {
  root: boolean;
  foreach: boolean;
  graph: Graph;
  scope: Set<string>;
  declares: Block[];
  configs: Block[];
  components: Block[];
  services: Block[];
  registry: Registry;
  /** argument blocks registered by a module */
  args: Block[];
}

function err(filename: string, start: Position, end: Position | undefined, message: string): Diagnostic {
  return end ? { severity: "error", filename, start, end, message } : { severity: "error", filename, start, message };
}

function literalBool(b: Block, attr: string): boolean | undefined {
  for (const s of b.body) {
    if (s.kind === "Attribute" && s.name.name === attr && s.value.kind === "Literal" && s.value.tok === "BOOL") return s.value.value === "true";
  }
  return undefined;
}

function literalString(b: Block, attr: string): string | undefined {
  for (const s of b.body) {
    if (s.kind === "Attribute" && s.name.name === attr && s.value.kind === "Literal" && s.value.tok === "STRING") return unquote(s.value.value);
  }
  return undefined;
}

/** Unquotes a string literal (double-quoted with escapes, or raw backticks). */
export function unquote(lit: string): string {
  if (lit.startsWith("`") || !lit.includes("\\")) return lit.slice(1, -1);
  try {
    return JSON.parse(lit.replace(/\\'/g, "'").replace(/\\([abfv])/g, (_m, c: string) => ({ a: "\\u0007", b: "\\b", f: "\\f", v: "\\u000b" })[c]!).replace(/\\x([0-9a-fA-F]{2})/g, "\\u00$1")) as string;
  } catch {
    return lit.slice(1, -1);
  }
}

class Validator {
  private filename: string;
  constructor(
    filename: string,
    private readonly catalog: Catalog,
    private readonly warnUnknownFacts: boolean,
    private readonly minStability: StabilityLevel = "generally-available",
    private readonly community = false,
  ) {
    this.filename = filename;
  }

  /** Diagnostics name the file each node comes from (a directory is one configuration). */
  private readonly fileOf = new WeakMap<Stmt, string>();
  private multiFile = false;
  setFile(stmts: readonly Stmt[], name: string): void {
    this.multiFile = true;
    for (const st of stmts) this.fileOf.set(st, name);
  }
  private at(b: Stmt): void {
    if (!this.multiFile) return;
    const f = this.fileOf.get(b);
    if (f !== undefined) this.filename = f;
  }

  private nameSpan(b: Block, len: number): [Position, Position] {
    return [b.namePos, posAdd(b.namePos, len - 1)];
  }

  private blockSpan(b: Block): [Position, Position] {
    return [startPos(b), endPos(b)];
  }

  private alreadyDefined(mem: IdTrie<Block>, b: Block): Diagnostic | undefined {
    const slot = trieAtBlock(mem, b, true)!;
    const orig = slot.value;
    if (orig) {
      const id = blockID(b);
      const [s, e] = this.nameSpan(b, id.length);
      return err(this.filename, s, e, `block ${id} already declared at ${formatPosition(this.fileOf.get(orig) ?? this.filename, startPos(orig))}`);
    }
    slot.value = b;
    return undefined;
  }

  private disallowed(s: State, b: Block): Diagnostic | undefined {
    const id = blockID(b);
    const [st, e] = this.nameSpan(b, id.length);
    if (!s.root) return err(this.filename, st, e, `${id} not allowed in module`);
    if (s.foreach) return err(this.filename, st, e, `${id} not allowed in foreach`);
    return undefined;
  }

  private missingLabel(b: Block): Diagnostic | undefined {
    if (b.label !== "") return undefined;
    const name = blockFullName(b);
    const [s, e] = this.nameSpan(b, name.length);
    return err(this.filename, s, e, `${name} block must have a label`);
  }

  extractBlocks(diags: Diagnostic[], body: Stmt[]): { configs: Block[]; declares: Block[]; services: Block[]; components: Block[] } {
    const out = { configs: [] as Block[], declares: [] as Block[], services: [] as Block[], components: [] as Block[] };
    for (const stmt of body) {
      this.at(stmt);
      if (stmt.kind !== "Block") {
        diags.push(err(this.filename, startPos(stmt), endPos(stmt), "unsupported statement type *ast.AttributeStmt"));
        continue;
      }
      const name = blockFullName(stmt);
      if (CONFIG_BLOCK_NAMES.has(name)) out.configs.push(stmt);
      else if (name === "declare") out.declares.push(stmt);
      else if (stmt.label === "" ? SERVICES.has(name) : SERVICE_PREFIXES.has(name) && SERVICES.has(blockID(stmt))) out.services.push(stmt);
      else out.components.push(stmt);
    }
    return out;
  }

  newState(parent: State | undefined, root: boolean, foreach: boolean, body: ReturnType<Validator["extractBlocks"]>, graph: Graph): State {
    return {
      root,
      foreach,
      graph,
      scope: new Set(parent ? parent.scope : ["module_path"]),
      declares: body.declares,
      configs: body.configs,
      components: body.components,
      services: body.services,
      registry: new Registry(parent?.registry, this.catalog),
      args: [],
    };
  }

  validate(s: State): State {
    this.validateDeclares(s);
    this.validateConfigs(s);
    this.validateComponents(s);
    this.validateServices(s);
    return s;
  }

  private validateDeclares(s: State): void {
    const mem = newTrie<Block>();
    s.declares.forEach((d, i) => {
      this.at(d);
      const node = new GNode("module", d, []);
      if (d.label === "") {
        const [st, e] = this.nameSpan(d, blockFullName(d).length);
        node.addDiag(err(this.filename, st, e, "declare block must have a label"));
      }
      const dup = this.alreadyDefined(mem, d);
      if (dup) {
        node.addDiag(dup);
        node.rename(`${node.id}-${i}`);
      }
      const parts = this.extractBlocks(node.ownDiags(), d.body);
      const moduleState = this.newState(s, false, false, parts, new Graph());
      node.sub = this.validate(moduleState);
      s.graph.add(node);
      if (d.label !== "") {
        moduleState.scope.add("argument");
        const args: ArgumentSpec[] = moduleState.args.map((a) => ({ name: a.label, type: "any", required: literalBool(a, "optional") !== true }));
        const exports = new Set<string>();
        for (const c of parts.configs) if (blockFullName(c) === "export" && c.label !== "") exports.add(c.label);
        s.registry.custom.set(d.label, { kind: "declare", schema: { arguments: args, blocks: [] }, exports });
      }
    });
  }

  private validateConfigs(s: State): void {
    const mem = newTrie<Block>();
    s.configs.forEach((c, i) => {
      this.at(c);
      let register = false;
      const node = new GNode("node", c, c.body);
      const dup = this.alreadyDefined(mem, c);
      if (dup) {
        node.addDiag(dup);
        node.rename(`${node.id}-${i}`);
      } else register = true;
      const name = blockFullName(c);
      const spec = CONFIG_BLOCKS.get(name);
      switch (name) {
        case "logging":
        case "tracing": {
          node.schema = spec;
          const d = this.disallowed(s, c);
          if (d) node.addDiag(d);
          s.graph.add(node);
          break;
        }
        case "foreach":
          this.validateForeach(node, s);
          break;
        case "argument":
        case "export": {
          node.schema = spec;
          if (s.root) {
            const [st, e] = this.blockSpan(c);
            node.addDiag(err(this.filename, st, e, `${name} blocks only allowed inside a module`));
          }
          const ml = this.missingLabel(c);
          if (ml) node.addDiag(ml);
          else if (register && name === "argument") s.args.push(c);
          s.graph.add(node);
          break;
        }
        default: {
          // import.*
          const ml = this.missingLabel(c);
          if (ml) {
            register = false;
            node.addDiag(ml);
          }
          node.schema = spec;
          s.graph.add(node);
          if (register) s.registry.custom.set(c.label, { kind: "import" });
        }
      }
    });
  }

  private validateForeach(node: GNode, s: State): void {
    const ml = this.missingLabel(node.block);
    if (ml) node.addDiag(ml);
    const body: Stmt[] = [];
    let template: Block | undefined;
    for (const stmt of node.block.body) {
      if (stmt.kind === "Block" && blockFullName(stmt) === "template") {
        template = stmt;
        continue;
      }
      body.push(stmt);
    }
    node.body = body;
    node.kind = "foreach";
    const spec = CONFIG_BLOCKS.get("foreach")!;
    // template is handled here, not by the typecheck of the foreach body.
    node.schema = { ...spec, blocks: spec.blocks.filter((b) => b.name !== "template") };
    // internal/validator/validate.go:285 (foreach.StabilityLevel is experimental).
    const below = belowStability(`foreach block "${blockFullName(node.block)}"`, spec.stability, this.minStability);
    if (below) {
      const [st, e] = this.nameSpan(node.block, blockFullName(node.block).length);
      node.addDiag(err(this.filename, st, e, below));
    }
    if (!template) {
      const [st, e] = this.blockSpan(node.block);
      node.addDiag(err(this.filename, st, e, `missing required block "template"`));
      node.kind = "node";
      s.graph.add(node);
      return;
    }
    const parts = this.extractBlocks(node.ownDiags(), template.body);
    const fs = this.newState(s, s.root, true, parts, new Graph(s.graph));
    const v = literalString(node.block, "var");
    if (v !== undefined) fs.scope.add(v);
    node.sub = this.validate(fs);
    s.graph.add(node);
  }

  private validateComponents(s: State): void {
    const mem = newTrie<Block>();
    s.components.forEach((c, i) => {
      this.at(c);
      const node = new GNode("component", c, c.body);
      const name = blockFullName(c);
      if (c.label === "") {
        const [st, e] = this.nameSpan(c, name.length);
        node.addDiag(err(this.filename, st, e, `component "${name}" must have a label`));
      }
      const dup = this.alreadyDefined(mem, c);
      if (dup) {
        node.addDiag(dup);
        node.rename(`${node.id}-${i}`);
      }
      s.graph.add(node);
    });
  }

  private validateServices(s: State): void {
    const mem = newTrie<Block>();
    s.services.forEach((c, i) => {
      this.at(c);
      const node = new GNode("node", c, c.body);
      const def = SERVICES.get(blockFullName(c));
      const dup = this.alreadyDefined(mem, c);
      if (dup) {
        node.addDiag(dup);
        node.rename(`${node.id}-${i}`);
      }
      const d = this.disallowed(s, c);
      if (d) node.addDiag(d);
      if (!def) {
        const [st, e] = this.blockSpan(c);
        node.addDiag(err(this.filename, st, e, `service "${blockFullName(c)}" does not support being configured`));
      } else {
        node.schema = def;
        // internal/runtime/internal/controller/loader.go:494.
        const below = belowStability(`block "${blockID(c)}"`, def.stability, this.minStability);
        if (below) {
          const [st, e] = this.blockSpan(c);
          node.addDiag(err(this.filename, st, e, below));
        }
      }
      s.graph.add(node);
    });
  }

  // -------------------------------------------------------------------------

  validateGraph(s: State, out: Diagnostic[]): void {
    // Exports of every component first, so that a reference is checked whatever the block order.
    const g = s.graph;
    const count = g.nodes.length;
    for (let i = 0; i < count; i++) {
      const n = g.at(i);
      if (n.kind !== "component") continue;
      const reg = s.registry.lookup(blockFullName(n.block));
      if (reg === undefined || reg === "known") continue;
      if (!("kind" in reg)) n.exports = exportNames(reg);
      else if (reg.kind === "declare") n.exports = reg.exports;
    }
    for (let i = 0; i < count; i++) {
      const n = g.at(i);
      this.at(n.block);
      this.blockPath.length = 0;
      this.blockPath.push(blockFullName(n.block));
      switch (n.kind) {
        case "node":
          if (n.diags.length > 0) out.push(...n.diags);
          if (n.schema) this.typecheck(n.block, n.body, n.schema, out);
          break;
        case "component": {
          const name = blockFullName(n.block);
          const reg = s.registry.lookup(name);
          // internal/component/registry.go:268-285: unknown, community, below the stability level.
          let regErr: string | undefined;
          if (reg === undefined) regErr = `cannot find the definition of component name "${name}"`;
          else if (reg !== "known" && "kind" in reg && reg.kind === "removed") regErr = reg.message;
          else if (reg !== "known" && !("kind" in reg)) {
            if (reg.stability === "community") {
              if (!this.community)
                regErr = `the component "${name}" is a community component. Use the --feature.community-components.enabled command-line flag to enable community components`;
            } else regErr = belowStability(`component "${name}"`, reg.stability, this.minStability);
          }
          if (regErr !== undefined) {
            const [st, e] = this.nameSpan(n.block, name.length);
            n.addDiag(err(this.filename, st, e, regErr));
            if (n.diags.length > 0) out.push(...n.diags);
            this.findReferences(n, s, out);
            continue;
          }
          if (reg === undefined) continue;
          if (n.diags.length > 0) out.push(...n.diags);
          if (reg === "known") {
            if (this.warnUnknownFacts) {
              const [st, e] = this.nameSpan(n.block, name.length);
              out.push({
                severity: "warning",
                filename: this.filename,
                start: st,
                end: e,
                message: `no facts about component "${name}" in the catalog; its arguments and exports are not checked`,
              });
            }
          } else if ("kind" in reg) {
            if (reg.kind === "declare") this.typecheck(n.block, n.body, reg.schema, out);
          } else {
            this.typecheck(n.block, n.body, reg, out);
          }
          break;
        }
        case "module":
          if (n.diags.length > 0) out.push(...n.diags);
          if (n.sub) this.validateGraph(n.sub, out);
          break;
        case "foreach":
          if (n.diags.length > 0) out.push(...n.diags);
          if (n.schema) this.typecheck(n.block, n.body, n.schema, out);
          if (n.sub) this.validateGraph(n.sub, out);
          break;
      }
      this.findReferences(n, s, out);
    }

    // Cycles.
    for (const scc of stronglyConnected(s.graph)) {
      if (scc.length <= 1) continue;
      scc.sort((a, b) => (a.id > b.id ? 1 : -1));
      const names = scc.map((x) => x.id).join(", ");
      for (const n of scc) {
        this.at(n.block);
        out.push(err(this.filename, startPos(n.block), n.block.lcurly, `cycle detected: ${names}`));
      }
    }
    for (const from of s.graph.edgeOrder) {
      const tos = from.out!;
      this.at(from.block);
      if (tos.includes(from)) out.push(err(this.filename, startPos(from.block), from.block.lcurly, "cannot reference self"));
    }
  }

  /** Reused buffers of findReferences. */
  private readonly chainTops: Expr[] = [];
  private readonly chainNames: string[] = [];
  private readonly trieCursors: (IdTrie<GNode> | undefined)[] = [];

  /**
   * The references of a node's body, as Alloy's validator resolves them (references.go). The usual
   * case (a reference to a node, no diagnostic) is decided on the names alone; any other goes
   * through checkReference with the reference's Idents, as before.
   */
  private findReferences(n: GNode, s: State, out: Diagnostic[]): void {
    const tops = this.chainTops;
    tops.length = 0;
    refChainsOfBody(n.body, tops);
    const names = this.chainNames;
    const cursors = this.trieCursors;
    for (let k = 0; k < tops.length; k++) {
      const top = tops[k]!;
      // The chain's names, first first (counted, then filled from the end: no reverse).
      let len = 1;
      let cur = top;
      while (cur.kind === "Access") {
        len++;
        cur = cur.value;
      }
      // (names[len:] are stale: never read)
      cur = top;
      for (let j = len - 1; j > 0; j--) {
        const acc = cur as Extract<Expr, { kind: "Access" }>;
        names[j] = acc instanceof AccessNode ? acc.n : acc.name.name;
        cur = acc.value;
      }
      names[0] = (cur as Extract<Expr, { kind: "Identifier" }>).ident.name;
      const first = names[0]!;
      if (STDLIB_NAMESPACES.has(first) || STDLIB_DEPRECATED.has(first)) {
        this.checkReference(chainIdents(top), n, s, out);
        continue;
      }
      // Graph.get of "a", then "a.b", ...: the first prefix naming a node of this graph or an ancestor.
      let target: GNode | undefined;
      let level = -1;
      let used = 0;
      const multi = s.graph.parent !== undefined;
      if (!multi) {
        // (one graph: the usual case, without the cursors array)
        let t: IdTrie<GNode> | undefined = s.graph.trie;
        while (used < len) {
          const name = names[used++]!;
          if (name.indexOf(".") < 0) t = t.next?.get(name);
          else for (const part of name.split(".")) t = t?.next?.get(part);
          if (t === undefined) break;
          if (t.value !== undefined) {
            target = t.value;
            level = 0;
            break;
          }
        }
      } else {
        cursors.length = 0;
        for (let g: Graph | undefined = s.graph; g; g = g.parent) cursors.push(g.trie);
      }
      while (multi && target === undefined && used < len) {
        const name = names[used++]!;
        for (let c = 0; c < cursors.length; c++) {
          let t = cursors[c];
          if (t === undefined) continue;
          if (name.indexOf(".") < 0) t = t.next?.get(name);
          else for (const part of name.split(".")) t = t?.next?.get(part);
          cursors[c] = t;
          if (target === undefined && t !== undefined && t.value !== undefined) {
            target = t.value;
            level = c;
          }
        }
      }
      const exportName = used < len ? names[used] : undefined;
      if (target === undefined || (exportName !== undefined && target.exports && target.kind === "component" && !target.exports.has(exportName))) {
        this.checkReference(chainIdents(top), n, s, out);
        continue;
      }
      if (level === 0) s.graph.addEdge(n, target);
    }
  }

  private checkReference(t: Ident[], n: GNode, s: State, out: Diagnostic[]): void {
    {
      const first = t[0]!;
      // Resolve the longest prefix naming a node.
      let partial = first.name;
      let target = s.graph.get(partial);
      let used = 1;
      while (!target && used < t.length) {
        partial += "." + t[used]!.name;
        used++;
        target = s.graph.get(partial);
      }
      const scopeMatch = s.scope.has(first.name) || STDLIB_NAMESPACES.has(first.name) || STDLIB_DEPRECATED.has(first.name);
      if (!target && !scopeMatch) {
        out.push(err(this.filename, first.pos, posAdd(t[t.length - 1]!.pos, t[t.length - 1]!.name.length - 1), `component "${partial}" does not exist or is out of scope`));
        return;
      }
      if (target) {
        if (STDLIB_NAMESPACES.has(first.name) || STDLIB_DEPRECATED.has(first.name)) {
          out.push({
            severity: "warning",
            filename: this.filename,
            start: first.pos,
            end: t[t.length - 1]!.pos,
            message: "a component is shadowing an existing stdlib name",
          });
        }
        if (s.graph.owns(target)) s.graph.addEdge(n, target);
        // Export check (extension): the name after the component ID must be an export.
        const exportName = t[used];
        if (exportName && target.exports && target.kind === "component" && !target.exports.has(exportName.name)) {
          out.push(
            err(
              this.filename,
              exportName.pos,
              posAdd(exportName.pos, exportName.name.length - 1),
              `component "${target.id}" does not export "${exportName.name}"`,
            ),
          );
        }
      } else if (!s.scope.has(first.name) && STDLIB_UNSTABLE.has(t.map((x) => x.name).join("."))) {
        // internal/validator/references.go:55.
        const fn = t.map((x) => x.name).join(".");
        const below = belowStability(fn, STDLIB_UNSTABLE.get(fn)!, this.minStability);
        if (below) out.push(err(this.filename, first.pos, t[t.length - 1]!.pos, below));
      } else if (STDLIB_DEPRECATED.has(first.name) && !s.scope.has(first.name)) {
        out.push({
          severity: "warning",
          filename: this.filename,
          start: first.pos,
          end: t[t.length - 1]!.pos,
          message: "this stdlib function is deprecated; please refer to the documentation for updated usage and alternatives",
        });
      }
    }
  }

  // -------------------------------------------------------------------------
  // Typechecking of a block body against a schema.

  typecheck(b: Block, body: Stmt[], schema: Schema, out: Diagnostic[]): void {
    if (schema.open) return;
    const idx = schemaIndex(schema);
    const { argByName, blockByName } = idx;
    const outerArgs = this.argNames;
    this.argNames = argByName;
    const seenAttrs = new NameBag();
    let blockNames = NO_NAMES;
    for (const st of body) {
      if (st.kind !== "Block") continue;
      if (blockNames === NO_NAMES) blockNames = new NameBag();
      blockNames.add(blockFullName(st));
    }

    for (const st of body) {
      if (st.kind === "Block") {
        const name = blockFullName(st);
        const spec = blockByName.get(name);
        if (!spec) {
          const msg = argByName.has(name) ? `"${name}" must be an attribute, but is used as a block` : `unrecognized block name "${name}"`;
          out.push(err(this.filename, startPos(st), endPos(st), msg));
          continue;
        }
        if (spec.once && blockNames.count(name) > 1) {
          out.push(err(this.filename, startPos(st), endPos(st), `block "${name}" may only be specified once`));
          continue;
        }
        this.blockPath.push(name);
        this.typecheck(st, st.body, spec, out);
        this.blockPath.pop();
        this.argNames = argByName;
      } else {
        const name = st instanceof AttributeNode ? st.n : st.name.name;
        const spec = argByName.get(name);
        if (!spec) {
          const msg = blockByName.has(name) ? `"${name}" must be a block, but is used as an attribute` : `unrecognized attribute name "${name}"`;
          out.push(err(this.filename, startPos(st), endPos(st), msg));
          continue;
        }
        if (seenAttrs.has(name)) {
          out.push(err(this.filename, startPos(st), endPos(st), `attribute "${name}" may only be provided once`));
          continue;
        }
        seenAttrs.add(name);
        this.checkType(st, spec.type, out);
      }
    }
    this.argNames = outerArgs;
    for (const a of idx.requiredArgs) {
      if (!seenAttrs.has(a)) out.push(err(this.filename, startPos(b), endPos(b), `missing required attribute "${a}"`));
    }
    for (const bl of idx.requiredBlocks) {
      if (!blockNames.has(bl)) out.push(err(this.filename, startPos(b), endPos(b), `missing required block "${bl}"`));
    }
    // one_of groups (components-all.json): members are optional one by one; the group rules presence.
    // Setting two of an exactly_one/at_most_one group is an error. Setting none of an exactly_one or
    // at_least_one group is only a warning: the docs state some of these rules without their
    // conditions (otelcol.auth.headers `header` with action = "delete" needs no value; Alloy's own
    // validator test data, internal/validator/testdata/default/valid.txtar, sets none).
    for (const g of schema.oneOf ?? []) {
      let setCount = 0;
      for (const m of g.members) if (seenAttrs.has(m) || blockNames.has(m)) setCount++;
      const tooMany = (g.mode === "exactly_one" || g.mode === "at_most_one") && setCount > 1;
      if (!tooMany && !(g.mode !== "at_most_one" && setCount === 0)) continue;
      const set = g.members.filter((m) => seenAttrs.has(m) || blockNames.has(m));
      const list = g.members.map((m) => `"${m}"`).join(", ");
      if (tooMany) {
        out.push(err(this.filename, startPos(b), endPos(b), `at most one of ${list} may be set, got ${set.map((m) => `"${m}"`).join(", ")}`));
      } else if (g.mode !== "at_most_one" && set.length === 0) {
        out.push({
          severity: "warning",
          filename: this.filename,
          start: startPos(b),
          end: endPos(b),
          message: `${g.mode === "exactly_one" ? "exactly" : "at least"} one of ${list} should be set (Alloy's documentation)`,
        });
      }
    }
  }

  private checkType(a: Attribute, type: string, out: Diagnostic[]): void {
    const problem = typeMismatch(a.value, type);
    if (problem) {
      out.push(err(this.filename, startPos(problem.expr), endPos(problem.expr), problem.message ?? `expected ${problem.expected}, got ${problem.got}`));
      return;
    }
    // Values, not only kinds: Alloy decodes each literal into its Go type (syntax/typecheck/typecheck.go:449).
    for (const d of checkValue(a, type, this.blockPath, this.argNames)) out.push(err(this.filename, d.start, d.end, d.message));
  }

  /** Names of the blocks enclosing the attribute being checked (innermost last), for value rules. */
  private blockPath: string[] = [];
  private argNames: { has(name: string): boolean } | undefined;
}

/**
 * Names seen in one block body, with counts: a short array for the few names of almost every body
 * (a Set and a Map per block were much of the validator's garbage), a Map past 16 names.
 */
class NameBag {
  private readonly list: string[] = [];
  private counts: Map<string, number> | undefined;
  add(n: string): void {
    if (this.counts === undefined) {
      this.list.push(n);
      if (this.list.length <= 16) return;
      this.counts = new Map();
      for (const x of this.list) this.counts.set(x, (this.counts.get(x) ?? 0) + 1);
      return;
    }
    this.counts.set(n, (this.counts.get(n) ?? 0) + 1);
  }
  count(n: string): number {
    if (this.counts !== undefined) return this.counts.get(n) ?? 0;
    let k = 0;
    for (const x of this.list) if (x === n) k++;
    return k;
  }
  has(n: string): boolean {
    return this.count(n) > 0;
  }
}

/** The names of a body without blocks (never added to). */
const NO_NAMES = new NameBag();

interface SchemaIndex {
  argByName: Map<string, ArgumentSpec>;
  blockByName: Map<string, BlockSpec>;
  requiredArgs: string[];
  requiredBlocks: string[];
}

const schemaCache = new WeakMap<Schema, SchemaIndex>();

function schemaIndex(schema: Schema): SchemaIndex {
  let idx = schemaCache.get(schema);
  if (!idx) {
    idx = { argByName: new Map(), blockByName: new Map(), requiredArgs: [], requiredBlocks: [] };
    for (const a of schema.arguments) {
      idx.argByName.set(a.name, a);
      if (a.required) idx.requiredArgs.push(a.name);
    }
    for (const b of schema.blocks) {
      idx.blockByName.set(b.name, b);
      if (b.required) idx.requiredBlocks.push(b.name);
    }
    schemaCache.set(schema, idx);
  }
  return idx;
}

/** Alloy value type of a literal value (syntax/internal/value/type.go). */
function literalType(e: Expr): string | undefined {
  if (e.kind !== "Literal") return undefined;
  return e.tok === "STRING" ? "string" : e.tok === "BOOL" ? "bool" : e.tok === "NULL" ? "null" : "number";
}

/** Types allowed per binary operator (syntax/internal/transform/binary.go:428-443). */
const BINOP_ALLOWED: Record<string, string[]> = {
  "||": ["bool"],
  "&&": ["bool"],
  "+": ["number", "string", "capsule"],
  "-": ["number"],
  "*": ["number"],
  "/": ["number"],
  "%": ["number"],
  "^": ["number"],
  "<": ["number", "string"],
  ">": ["number", "string"],
  "<=": ["number", "string"],
  ">=": ["number", "string"],
};

interface OpResult {
  type?: string;
  problem?: { expr: Expr; message: string };
}

/**
 * Like Alloy's typecheck of unary and binary expressions over literals
 * (syntax/typecheck/typecheck.go:397-447, transform.UnaryOp/BinaryOp): the operand types must
 * suit the operator and, except for == and !=, match each other. Nested literal operations
 * (`"a" + "b" + 1`) are followed too.
 */
function opType(e: Expr): OpResult {
  switch (e.kind) {
    case "Literal":
      return { type: literalType(e) };
    case "Paren":
      return opType(e.inner);
    case "Unary": {
      const v = opType(e.value);
      if (v.problem || v.type === undefined) return v;
      const want = e.op === "!" ? "bool" : "number";
      if (v.type !== want) return { problem: { expr: e.value, message: `expected ${want}, got ${v.type}` } };
      return { type: want };
    }
    case "Binary": {
      const l = opType(e.left);
      if (l.problem) return l;
      const r = opType(e.right);
      if (r.problem) return r;
      if (l.type === undefined || r.type === undefined) return {};
      if (e.op === "==" || e.op === "!=") return { type: "bool" };
      const allowed = BINOP_ALLOWED[e.op]!;
      const bad = (side: Expr, t: string): OpResult => ({
        problem: { expr: side, message: `should be one of [${allowed.join(" ")}] for binop ${e.op}, got ${t}` },
      });
      if (!allowed.includes(l.type)) return bad(e.left, l.type);
      if (!allowed.includes(r.type)) return bad(e.right, r.type);
      if (l.type !== r.type) return { problem: { expr: e.right, message: `expected ${l.type}, got ${r.type}` } };
      return { type: ["<", ">", "<=", ">="].includes(e.op) ? "bool" : l.type };
    }
    default:
      return {};
  }
}

/** Alloy value kind of a literal-ish expression, or undefined if unknown statically. */
function exprKind(e: Expr): string | undefined {
  switch (e.kind) {
    case "Literal":
      return literalType(e);
    case "Array":
      return "array";
    case "Object":
      return "object";
    case "Unary":
    case "Binary":
      return opType(e).type;
    case "Paren":
      return exprKind(e.inner);
    default:
      return undefined;
  }
}

function isNumericString(s: string): boolean {
  return /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s.trim()) && s.trim() !== "";
}

const kindCache = new Map<string, { kind: string; elem?: string } | undefined>();

function expectedKind(type: string): { kind: string; elem?: string } | undefined {
  const known = kindCache.get(type);
  if (known !== undefined || kindCache.has(type)) return known;
  const k = computeExpectedKind(type);
  kindCache.set(type, k);
  return k;
}

function computeExpectedKind(type: string): { kind: string; elem?: string } | undefined {
  const t = type.trim();
  if (t === "string" || t === "duration" || t === "secret" || t === "string or secret" || t === "secret or string") return { kind: "string" };
  if (/^(number|int|uint|float|int32|int64|uint32|uint64|float32|float64)$/.test(t)) return { kind: "number" };
  if (t === "bool" || t === "boolean") return { kind: "bool" };
  const m = /^(list|map)\((.*)\)$/.exec(t);
  if (m) return { kind: m[1] === "list" ? "array" : "object", elem: m[2]! };
  // Receivers, consumers, handlers, relabel rules: Go values Alloy wraps as capsules; a literal
  // never decodes into one (value.TypeError "expected capsule, got number").
  if (/^capsule\(/.test(t) || /^[A-Z]/.test(t) || /^otelcol\./.test(t)) return { kind: "capsule" };
  return undefined;
}

function typeMismatch(e: Expr, type: string): { expr: Expr; expected?: string; got?: string; message?: string } | undefined {
  if (e.kind === "Unary" || e.kind === "Binary") {
    const r = opType(e);
    if (r.problem) return { expr: r.problem.expr, message: r.problem.message };
  }
  const got = exprKind(e);
  if (got === undefined || got === "null") return undefined;
  const exp = expectedKind(type);
  if (!exp) return undefined;
  if (got !== exp.kind) {
    // Alloy converts numbers to strings, and numeric strings to numbers.
    if (exp.kind === "string" && got === "number") return undefined;
    if (exp.kind === "number" && got === "string" && e.kind === "Literal" && isNumericString(unquote(e.value))) return undefined;
    return { expr: e, expected: exp.kind, got };
  }
  if (exp.elem !== undefined) {
    if (e.kind === "Array") {
      for (const el of e.elements) {
        const p = typeMismatch(el, exp.elem);
        if (p) return p;
      }
    } else if (e.kind === "Object") {
      for (const f of e.fields) {
        const p = typeMismatch(f.value, exp.elem);
        if (p) return p;
      }
    }
  }
  return undefined;
}

/** Collects identifier chains (`a.b.c`) used in expressions of a body, including nested blocks. */
export function traversalsFromBody(body: Stmt[]): Ident[][] {
  const out: Ident[][] = [];
  walkBodyRefs(body, out);
  return out;
}

// Module-level functions, not closures made per call: the validator walks every body once.
function walkBodyRefs(b: readonly Stmt[], out: Ident[][]): void {
  for (let i = 0; i < b.length; i++) {
    const s = b[i]!;
    if (s.kind === "Attribute") walkExprRefs(s.value, out);
    else walkBodyRefs(s.body, out);
  }
}

function walkExprRefs(e: Expr, out: Ident[][]): void {
  switch (e.kind) {
    case "Identifier":
      out.push([e.ident]);
      return;
    case "Access": {
      // Collect a chain of accesses rooted at an identifier.
      const names: Ident[] = [];
      let cur: Expr = e;
      while (cur.kind === "Access") {
        names.push(cur.name);
        cur = cur.value;
      }
      if (cur.kind === "Identifier") {
        names.push(cur.ident);
        out.push(names.reverse());
      } else walkExprRefs(cur, out);
      return;
    }
    case "Index":
      walkExprRefs(e.value, out);
      walkExprRefs(e.index, out);
      return;
    case "Call":
      walkExprRefs(e.value, out);
      for (const a of e.args) walkExprRefs(a, out);
      return;
    case "Array":
      for (const x of e.elements) walkExprRefs(x, out);
      return;
    case "Object":
      for (const f of e.fields) walkExprRefs(f.value, out);
      return;
    case "Unary":
      walkExprRefs(e.value, out);
      return;
    case "Binary":
      walkExprRefs(e.left, out);
      walkExprRefs(e.right, out);
      return;
    case "Paren":
      walkExprRefs(e.inner, out);
      return;
    case "Literal":
      return;
  }
}

/**
 * The references of a body, as the outermost expression of each chain (an Identifier, or the last
 * Access of `a.b.c`): in the order traversalsFromBody lists them, without making their Idents.
 */
function refChainsOfBody(b: readonly Stmt[], out: Expr[]): void {
  for (let i = 0; i < b.length; i++) {
    const s = b[i]!;
    if (s.kind === "Attribute") refChainsOfExpr(s.value, out);
    else refChainsOfBody(s.body, out);
  }
}

function refChainsOfExpr(e: Expr, out: Expr[]): void {
  switch (e.kind) {
    case "Identifier":
      out.push(e);
      return;
    case "Access": {
      let cur: Expr = e;
      while (cur.kind === "Access") cur = cur.value;
      if (cur.kind === "Identifier") out.push(e);
      else refChainsOfExpr(cur, out);
      return;
    }
    case "Index":
      refChainsOfExpr(e.value, out);
      refChainsOfExpr(e.index, out);
      return;
    case "Call":
      refChainsOfExpr(e.value, out);
      for (let i = 0; i < e.args.length; i++) refChainsOfExpr(e.args[i]!, out);
      return;
    case "Array":
      for (let i = 0; i < e.elements.length; i++) refChainsOfExpr(e.elements[i]!, out);
      return;
    case "Object":
      for (let i = 0; i < e.fields.length; i++) refChainsOfExpr(e.fields[i]!.value, out);
      return;
    case "Unary":
      refChainsOfExpr(e.value, out);
      return;
    case "Binary":
      refChainsOfExpr(e.left, out);
      refChainsOfExpr(e.right, out);
      return;
    case "Paren":
      refChainsOfExpr(e.inner, out);
      return;
    case "Literal":
      return;
  }
}

/** The Idents of a chain found by refChainsOfExpr, first name first (as traversalsFromBody). */
function chainIdents(top: Expr): Ident[] {
  const out: Ident[][] = [];
  walkExprRefs(top, out);
  return out[0]!;
}

const NO_EDGES: readonly GNode[] = [];

/**
 * Tarjan's SCC over the graph's own nodes, roots visited in insertion order; iterative (an
 * explicit stack), so a chain of 100,000 components cannot overflow the JavaScript stack.
 */
function stronglyConnected(g: Graph): GNode[][] {
  // Each node belongs to one graph and each graph is searched once: the bookkeeping lives on the
  // nodes (sccIndex -1 = not visited yet).
  const stack: GNode[] = [];
  const result: GNode[][] = [];
  const work: GNode[] = [];
  let counter = 0;
  const open = (v: GNode): void => {
    v.sccIndex = counter;
    v.sccLow = counter;
    counter++;
    v.sccEdge = 0;
    stack.push(v);
    v.sccOnStack = true;
    work.push(v);
  };
  for (let i = 0; i < g.nodes.length; i++) {
    const root = g.at(i);
    if (root.sccIndex >= 0) continue;
    open(root);
    while (work.length > 0) {
      const v = work[work.length - 1]!;
      const out = v.out ?? NO_EDGES;
      if (v.sccEdge < out.length) {
        const w = out[v.sccEdge++]!;
        if (!g.owns(w)) continue;
        if (w.sccIndex < 0) open(w);
        else if (w.sccOnStack && w.sccIndex < v.sccLow) v.sccLow = w.sccIndex;
        continue;
      }
      work.pop();
      if (v.sccLow === v.sccIndex) {
        const scc: GNode[] = [];
        let w: GNode;
        do {
          w = stack.pop()!;
          w.sccOnStack = false;
          scc.push(w);
        } while (w !== v);
        result.push(scc);
      }
      const parent = work[work.length - 1];
      if (parent && v.sccLow < parent.sccLow) parent.sccLow = v.sccLow;
    }
  }
  return result;
}

/**
 * Validates several files forming one configuration (as Alloy does with a
 * directory, `alloy validate DIR`): references resolve across files; each diagnostic names
 * the file its node comes from.
 */
export function validateFiles(files: readonly File[], opts: Omit<ValidateOptions, "filename"> = {}): Diagnostic[] {
  const out: Diagnostic[] = [];
  const v = new Validator(
    files[0]?.name ?? "",
    opts.catalog ?? defaultCatalog,
    opts.warnUnknownFacts ?? true,
    opts.stabilityLevel ?? "generally-available",
    opts.communityComponents ?? false,
  );
  const body: Stmt[] = [];
  for (const f of files) {
    if (files.length > 1) v.setFile(f.body, f.name);
    for (const st of f.body) body.push(st);
  }
  const parts = v.extractBlocks(out, body);
  const root = v.newState(undefined, true, false, parts, new Graph());
  v.validate(root);
  v.validateGraph(root, out);
  return out;
}

/** Validates a parsed file. */
export function validate(file: File, opts: ValidateOptions = {}): Diagnostic[] {
  const f = opts.filename !== undefined && opts.filename !== file.name ? { ...file, name: opts.filename } : file;
  return validateFiles([f], opts);
}
