// Semantic validation of Alloy configurations, modelled on Alloy's
// internal/validator: component existence, duplicates, labels, references,
// cycles, arguments/blocks of components (from the catalog), custom
// components (`declare`), imports and `foreach`.
import type { Attribute, Block, Expr, File, Ident, Position, Stmt } from "./ast.ts";
import { blockFullName, blockID, endPos, posAdd, startPos } from "./ast.ts";
import type { Diagnostic } from "./diag.ts";
import { formatPosition } from "./diag.ts";
import type { ArgumentSpec, BlockSpec, Catalog, ComponentSpec } from "../catalog/types.ts";
import { CONFIG_BLOCKS, SERVICES, defaultCatalog } from "../catalog/index.ts";

export interface ValidateOptions {
  /** Filename used in diagnostics (defaults to file.name). */
  filename?: string;
  /** Component facts (defaults to the built-in catalog). */
  catalog?: Catalog;
  /** Report components without catalog facts as warnings (default true). */
  warnUnknownFacts?: boolean;
}

/** Top-level names of Alloy's standard library. */
export const STDLIB_NAMESPACES: ReadonlySet<string> = new Set([
  "array",
  "coalesce",
  "constants",
  "convert",
  "encoding",
  "file",
  "json_path",
  "string",
  "sys",
  "map",
]);

/** Deprecated top-level standard library functions (still accepted, with a warning). */
export const STDLIB_DEPRECATED: ReadonlySet<string> = new Set([
  "base64_decode",
  "concat",
  "env",
  "format",
  "join",
  "json_decode",
  "nonsensitive",
  "replace",
  "split",
  "to_lower",
  "to_upper",
  "trim",
  "trim_prefix",
  "trim_space",
  "trim_suffix",
  "yaml_decode",
]);

const CONFIG_BLOCK_NAMES = new Set(["foreach", "argument", "export", "logging", "tracing", "import.file", "import.string", "import.http", "import.git"]);

/** A typecheck schema: arguments and blocks accepted by a block body. */
interface Schema {
  arguments: readonly ArgumentSpec[];
  blocks: readonly BlockSpec[];
  open?: boolean;
}

type NodeKind = "node" | "component" | "module" | "foreach";

interface GNode {
  id: string;
  kind: NodeKind;
  block: Block;
  /** Statements used for typechecking and references (declare: none; foreach: without template). */
  body: Stmt[];
  diags: Diagnostic[];
  schema?: Schema;
  sub?: State;
  /** Names of exports (for reference checks), when known. */
  exports?: ReadonlySet<string>;
}

class Graph {
  readonly ids: string[] = [];
  readonly byId = new Map<string, GNode>();
  readonly edges = new Map<GNode, Set<GNode>>();
  constructor(readonly parent?: Graph) {}
  add(n: GNode): void {
    this.ids.push(n.id);
    this.byId.set(n.id, n);
  }
  get(id: string): GNode | undefined {
    return this.byId.get(id) ?? this.parent?.get(id);
  }
  addEdge(from: GNode, to: GNode): void {
    let s = this.edges.get(from);
    if (!s) this.edges.set(from, (s = new Set()));
    s.add(to);
  }
}

type Custom = { kind: "declare"; schema: Schema; exports: Set<string> } | { kind: "import" };

class Registry {
  readonly custom = new Map<string, Custom>();
  constructor(
    readonly parent: Registry | undefined,
    readonly catalog: Catalog,
  ) {}
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
  if (lit.startsWith("`")) return lit.slice(1, -1);
  try {
    return JSON.parse(lit.replace(/\\'/g, "'").replace(/\\([abfv])/g, (_m, c: string) => ({ a: "\\u0007", b: "\\b", f: "\\f", v: "\\u000b" })[c]!).replace(/\\x([0-9a-fA-F]{2})/g, "\\u00$1")) as string;
  } catch {
    return lit.slice(1, -1);
  }
}

class Validator {
  private readonly filename: string;
  constructor(
    filename: string,
    private readonly catalog: Catalog,
    private readonly warnUnknownFacts: boolean,
  ) {
    this.filename = filename;
  }

  private nameSpan(b: Block, len: number): [Position, Position] {
    return [b.namePos, posAdd(b.namePos, len - 1)];
  }

  private blockSpan(b: Block): [Position, Position] {
    return [startPos(b), endPos(b)];
  }

  private alreadyDefined(mem: Map<string, Block>, b: Block): Diagnostic | undefined {
    const id = blockID(b);
    const orig = mem.get(id);
    if (orig) {
      const [s, e] = this.nameSpan(b, id.length);
      return err(this.filename, s, e, `block ${id} already declared at ${formatPosition(this.filename, startPos(orig))}`);
    }
    mem.set(id, b);
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
      if (stmt.kind !== "Block") {
        diags.push(err(this.filename, startPos(stmt), endPos(stmt), "unsupported statement type *ast.AttributeStmt"));
        continue;
      }
      const name = blockFullName(stmt);
      if (CONFIG_BLOCK_NAMES.has(name)) out.configs.push(stmt);
      else if (name === "declare") out.declares.push(stmt);
      else if (SERVICES.has(blockID(stmt))) out.services.push(stmt);
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
    const mem = new Map<string, Block>();
    s.declares.forEach((d, i) => {
      const node: GNode = { id: blockID(d), kind: "module", block: d, body: [], diags: [] };
      if (d.label === "") {
        const [st, e] = this.nameSpan(d, blockFullName(d).length);
        node.diags.push(err(this.filename, st, e, "declare block must have a label"));
      }
      const dup = this.alreadyDefined(mem, d);
      if (dup) {
        node.diags.push(dup);
        node.id = `${node.id}-${i}`;
      }
      const parts = this.extractBlocks(node.diags, d.body);
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
    const mem = new Map<string, Block>();
    s.configs.forEach((c, i) => {
      let register = false;
      const node: GNode = { id: blockID(c), kind: "node", block: c, body: c.body, diags: [] };
      const dup = this.alreadyDefined(mem, c);
      if (dup) {
        node.diags.push(dup);
        node.id = `${node.id}-${i}`;
      } else register = true;
      const name = blockFullName(c);
      const spec = CONFIG_BLOCKS.get(name);
      switch (name) {
        case "logging":
        case "tracing": {
          node.schema = spec;
          const d = this.disallowed(s, c);
          if (d) node.diags.push(d);
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
            node.diags.push(err(this.filename, st, e, `${name} blocks only allowed inside a module`));
          }
          const ml = this.missingLabel(c);
          if (ml) node.diags.push(ml);
          else if (register && name === "argument") s.args.push(c);
          s.graph.add(node);
          break;
        }
        default: {
          // import.*
          const ml = this.missingLabel(c);
          if (ml) {
            register = false;
            node.diags.push(ml);
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
    if (ml) node.diags.push(ml);
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
    node.schema = CONFIG_BLOCKS.get("foreach");
    if (!template) {
      const [st, e] = this.blockSpan(node.block);
      node.diags.push(err(this.filename, st, e, `missing required block "template"`));
      node.kind = "node";
      s.graph.add(node);
      return;
    }
    const parts = this.extractBlocks(node.diags, template.body);
    const fs = this.newState(s, s.root, true, parts, new Graph(s.graph));
    const v = literalString(node.block, "var");
    if (v !== undefined) fs.scope.add(v);
    node.sub = this.validate(fs);
    s.graph.add(node);
  }

  private validateComponents(s: State): void {
    const mem = new Map<string, Block>();
    s.components.forEach((c, i) => {
      const node: GNode = { id: blockID(c), kind: "component", block: c, body: c.body, diags: [] };
      const name = blockFullName(c);
      if (c.label === "") {
        const [st, e] = this.nameSpan(c, name.length);
        node.diags.push(err(this.filename, st, e, `component "${name}" must have a label`));
      }
      const dup = this.alreadyDefined(mem, c);
      if (dup) {
        node.diags.push(dup);
        node.id = `${node.id}-${i}`;
      }
      s.graph.add(node);
    });
  }

  private validateServices(s: State): void {
    const mem = new Map<string, Block>();
    s.services.forEach((c, i) => {
      const node: GNode = { id: blockID(c), kind: "node", block: c, body: c.body, diags: [] };
      const def = SERVICES.get(blockFullName(c));
      const dup = this.alreadyDefined(mem, c);
      if (dup) {
        node.diags.push(dup);
        node.id = `${node.id}-${i}`;
      }
      const d = this.disallowed(s, c);
      if (d) node.diags.push(d);
      if (!def) {
        const [st, e] = this.blockSpan(c);
        node.diags.push(err(this.filename, st, e, `service "${blockFullName(c)}" does not support being configured`));
      } else node.schema = def;
      s.graph.add(node);
    });
  }

  // -------------------------------------------------------------------------

  validateGraph(s: State, out: Diagnostic[]): void {
    for (const id of s.graph.ids) {
      const n = s.graph.byId.get(id)!;
      switch (n.kind) {
        case "node":
          out.push(...n.diags);
          if (n.schema) this.typecheck(n.block, n.body, n.schema, out);
          break;
        case "component": {
          const name = blockFullName(n.block);
          const reg = s.registry.get(name);
          if (reg === undefined) {
            const [st, e] = this.nameSpan(n.block, name.length);
            n.diags.push(err(this.filename, st, e, `cannot find the definition of component name "${name}"`));
            out.push(...n.diags);
            continue;
          }
          out.push(...n.diags);
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
            if (reg.kind === "declare") {
              n.exports = reg.exports;
              this.typecheck(n.block, n.body, reg.schema, out);
            }
          } else {
            n.exports = new Set(reg.exports.map((e) => e.name));
            this.typecheck(n.block, n.body, reg, out);
          }
          break;
        }
        case "module":
          out.push(...n.diags);
          if (n.sub) this.validateGraph(n.sub, out);
          break;
        case "foreach":
          out.push(...n.diags);
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
      for (const n of scc) out.push(err(this.filename, startPos(n.block), n.block.lcurly, `cycle detected: ${names}`));
    }
    for (const [from, tos] of s.graph.edges) {
      if (tos.has(from)) out.push(err(this.filename, startPos(from.block), from.block.lcurly, "cannot reference self"));
    }
  }

  private findReferences(n: GNode, s: State, out: Diagnostic[]): void {
    for (const t of traversalsFromBody(n.body)) {
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
        continue;
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
        if (s.graph.byId.get(target.id) === target) s.graph.addEdge(n, target);
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
    const { argByName, blockByName } = schemaIndex(schema);
    const seenAttrs = new Set<string>();
    const blockCount = new Map<string, number>();
    for (const st of body) if (st.kind === "Block") blockCount.set(blockFullName(st), (blockCount.get(blockFullName(st)) ?? 0) + 1);

    for (const st of body) {
      if (st.kind === "Block") {
        const name = blockFullName(st);
        const spec = blockByName.get(name);
        if (!spec) {
          const msg = argByName.has(name) ? `"${name}" must be an attribute, but is used as a block` : `unrecognized block name "${name}"`;
          out.push(err(this.filename, startPos(st), endPos(st), msg));
          continue;
        }
        if (spec.once && (blockCount.get(name) ?? 0) > 1) {
          out.push(err(this.filename, startPos(st), endPos(st), `block "${name}" may only be specified once`));
          continue;
        }
        this.typecheck(st, st.body, spec, out);
      } else {
        const name = st.name.name;
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
    for (const a of schema.arguments) {
      if (a.required && !seenAttrs.has(a.name)) out.push(err(this.filename, startPos(b), endPos(b), `missing required attribute "${a.name}"`));
    }
    for (const bl of schema.blocks) {
      if (bl.required && !blockCount.has(bl.name)) out.push(err(this.filename, startPos(b), endPos(b), `missing required block "${bl.name}"`));
    }
  }

  private checkType(a: Attribute, type: string, out: Diagnostic[]): void {
    const problem = typeMismatch(a.value, type);
    if (problem) out.push(err(this.filename, startPos(problem.expr), endPos(problem.expr), `expected ${problem.expected}, got ${problem.got}`));
  }
}

const schemaCache = new WeakMap<Schema, { argByName: Map<string, ArgumentSpec>; blockByName: Map<string, BlockSpec> }>();

function schemaIndex(schema: Schema): { argByName: Map<string, ArgumentSpec>; blockByName: Map<string, BlockSpec> } {
  let idx = schemaCache.get(schema);
  if (!idx) {
    idx = { argByName: new Map(), blockByName: new Map() };
    for (const a of schema.arguments) idx.argByName.set(a.name, a);
    for (const b of schema.blocks) idx.blockByName.set(b.name, b);
    schemaCache.set(schema, idx);
  }
  return idx;
}

/** Alloy value kind of a literal-ish expression, or undefined if unknown statically. */
function exprKind(e: Expr): string | undefined {
  switch (e.kind) {
    case "Literal":
      return e.tok === "STRING" ? "string" : e.tok === "BOOL" ? "bool" : e.tok === "NULL" ? "null" : "number";
    case "Array":
      return "array";
    case "Object":
      return "object";
    case "Unary":
      return e.op === "!" ? "bool" : "number";
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
  if (kindCache.has(type)) return kindCache.get(type);
  const k = computeExpectedKind(type);
  kindCache.set(type, k);
  return k;
}

function computeExpectedKind(type: string): { kind: string; elem?: string } | undefined {
  const t = type.trim();
  if (t === "string" || t === "duration" || t === "secret") return { kind: "string" };
  if (t === "number" || t === "int" || t === "uint" || t === "float64" || t === "float") return { kind: "number" };
  if (t === "bool" || t === "boolean") return { kind: "bool" };
  const m = /^(list|map)\((.*)\)$/.exec(t);
  if (m) return { kind: m[1] === "list" ? "array" : "object", elem: m[2]! };
  return undefined;
}

function typeMismatch(e: Expr, type: string): { expr: Expr; expected: string; got: string } | undefined {
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
  const walkExpr = (e: Expr): void => {
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
        } else walkExpr(cur);
        return;
      }
      case "Index":
        walkExpr(e.value);
        walkExpr(e.index);
        return;
      case "Call":
        walkExpr(e.value);
        for (const a of e.args) walkExpr(a);
        return;
      case "Array":
        for (const x of e.elements) walkExpr(x);
        return;
      case "Object":
        for (const f of e.fields) walkExpr(f.value);
        return;
      case "Unary":
        walkExpr(e.value);
        return;
      case "Binary":
        walkExpr(e.left);
        walkExpr(e.right);
        return;
      case "Paren":
        walkExpr(e.inner);
        return;
      case "Literal":
        return;
    }
  };
  const walkBody = (b: Stmt[]): void => {
    for (const s of b) {
      if (s.kind === "Attribute") walkExpr(s.value);
      else walkBody(s.body);
    }
  };
  walkBody(body);
  return out;
}

/** Tarjan's SCC over the graph's own nodes, roots visited in insertion order. */
function stronglyConnected(g: Graph): GNode[][] {
  const index = new Map<GNode, number>();
  const low = new Map<GNode, number>();
  const onStack = new Set<GNode>();
  const stack: GNode[] = [];
  const result: GNode[][] = [];
  let counter = 0;
  const own = (n: GNode): boolean => g.byId.get(n.id) === n;
  const strong = (v: GNode): void => {
    index.set(v, counter);
    low.set(v, counter);
    counter++;
    stack.push(v);
    onStack.add(v);
    for (const w of g.edges.get(v) ?? []) {
      if (!own(w)) continue;
      if (!index.has(w)) {
        strong(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v)!, index.get(w)!));
      }
    }
    if (low.get(v) === index.get(v)) {
      const scc: GNode[] = [];
      let w: GNode;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        scc.push(w);
      } while (w !== v);
      result.push(scc);
    }
  };
  for (const id of g.ids) {
    const n = g.byId.get(id)!;
    if (!index.has(n)) strong(n);
  }
  return result;
}

/**
 * Validates several files forming one configuration (as Alloy does with a
 * directory). Diagnostics carry the name of the first file.
 */
export function validateFiles(files: readonly File[], opts: Omit<ValidateOptions, "filename"> = {}): Diagnostic[] {
  const out: Diagnostic[] = [];
  const v = new Validator(files[0]?.name ?? "", opts.catalog ?? defaultCatalog, opts.warnUnknownFacts ?? true);
  const body: Stmt[] = [];
  for (const f of files) body.push(...f.body);
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
