// Typed builder for Alloy configurations: produce AST nodes from code (no
// string templates) and render them canonically with print().
//
//   const f = file(
//     comment("Discover pods."),
//     block("discovery.kubernetes", "pods", [attr("role", "pod")]),
//     block("loki.source.kubernetes", "pods", [
//       attr("targets", ref("discovery.kubernetes.pods.targets")),
//       attr("forward_to", [ref("loki.write.default.receiver")]),
//     ]),
//   );
//   print(f);
import type {
  ArrayExpr,
  Attribute,
  BinaryExpr,
  BinaryOp,
  Block,
  CallExpr,
  Expr,
  File,
  Identifier,
  IndexExpr,
  Literal,
  ObjectExpr,
  ObjectField,
  ParenExpr,
  Stmt,
  UnaryExpr,
  UnaryOp,
} from "./ast.ts";
import { NO_POS } from "./ast.ts";
import { goQuote } from "./parser.ts";
import { isValidIdentifier } from "./scanner.ts";

/** Values accepted wherever an expression is expected. */
export type ExprLike = Expr | string | number | boolean | null | readonly ExprLike[] | { readonly [key: string]: ExprLike };

/** A comment placed in a body; attached to the next statement. */
export interface CommentItem {
  kind: "CommentItem";
  text: string;
}

export type BodyItem = Stmt | CommentItem | false | null | undefined;

type WithComments = { leadingComments?: string[]; trailingComments?: string[] };

function isExpr(v: unknown): v is Expr {
  return typeof v === "object" && v !== null && !Array.isArray(v) && typeof (v as { kind?: unknown }).kind === "string";
}

/** Converts a JS value into an expression (strings, numbers, booleans, null, arrays, plain objects). */
export function toExpr(v: ExprLike): Expr {
  if (v === null) return nullLit();
  if (typeof v === "string") return str(v);
  if (typeof v === "number") return num(v);
  if (typeof v === "boolean") return bool(v);
  if (Array.isArray(v)) return arr(...(v as ExprLike[]));
  if (isExpr(v)) return v;
  return obj(v as Record<string, ExprLike>);
}

/** A double-quoted string literal. */
export function str(s: string): Literal {
  return { kind: "Literal", tok: "STRING", value: goQuote(s), pos: NO_POS };
}

/** A raw (backtick) string literal; falls back to a quoted string if s contains a backtick. */
export function raw(s: string): Literal {
  if (s.includes("`")) return str(s);
  return { kind: "Literal", tok: "STRING", value: "`" + s + "`", pos: NO_POS };
}

/** A number literal. Negative numbers become a unary minus. */
export function num(n: number | bigint): Expr {
  if (typeof n === "number" && !Number.isFinite(n)) throw new Error(`num: ${n} is not representable in Alloy`);
  const neg = typeof n === "bigint" ? n < 0n : n < 0 || Object.is(n, -0);
  const abs = typeof n === "bigint" ? (neg ? -n : n) : Math.abs(n);
  const text = String(abs);
  const lit: Literal = {
    kind: "Literal",
    tok: typeof abs === "bigint" || Number.isInteger(abs) ? "NUMBER" : "FLOAT",
    value: text,
    pos: NO_POS,
  };
  return neg ? unary("-", lit) : lit;
}

export function bool(b: boolean): Literal {
  return { kind: "Literal", tok: "BOOL", value: b ? "true" : "false", pos: NO_POS };
}

export function nullLit(): Literal {
  return { kind: "Literal", tok: "NULL", value: "null", pos: NO_POS };
}

export function ident(name: string): Identifier {
  if (!isValidIdentifier(name)) throw new Error(`ident: ${JSON.stringify(name)} is not a valid identifier`);
  return { kind: "Identifier", ident: { name, pos: NO_POS } };
}

/** A dotted reference such as "discovery.kubernetes.pods.targets". */
export function ref(path: string): Expr {
  const parts = path.split(".");
  let e: Expr = ident(parts[0]!);
  for (const p of parts.slice(1)) {
    if (!isValidIdentifier(p)) throw new Error(`ref: invalid name ${JSON.stringify(p)} in ${JSON.stringify(path)}`);
    e = { kind: "Access", value: e, name: { name: p, pos: NO_POS } };
  }
  return e;
}

/** An array literal. Arrays containing objects or arrays print one element per line. */
export function arr(...items: ExprLike[]): ArrayExpr {
  return { kind: "Array", elements: items.map(toExpr), lbrack: NO_POS, rbrack: NO_POS };
}

/** Same as arr(), always one element per line. */
export function arrMultiline(...items: ExprLike[]): ArrayExpr {
  const a = arr(...items);
  (a as ArrayExpr & { multiline?: boolean }).multiline = true;
  return a;
}

export interface ObjOptions {
  /** Write keys as strings ("key" = value). Keys that are not identifiers are always quoted. */
  quoteKeys?: boolean;
}

/** An object literal from a record or [key, value] pairs (order kept). */
export function obj(fields: Record<string, ExprLike> | readonly (readonly [string, ExprLike])[], opts: ObjOptions = {}): ObjectExpr {
  const entries = Array.isArray(fields) ? (fields as [string, ExprLike][]) : Object.entries(fields as Record<string, ExprLike>);
  const out: ObjectField[] = entries.map(([k, v]) => ({
    name: { name: k, pos: NO_POS },
    quoted: opts.quoteKeys === true || !isValidIdentifier(k),
    value: toExpr(v),
  }));
  return { kind: "Object", fields: out, lcurly: NO_POS, rcurly: NO_POS };
}

/** A function call, e.g. call("sys.env", "HOSTNAME"). */
export function call(fn: string | Expr, ...args: ExprLike[]): CallExpr {
  return { kind: "Call", value: typeof fn === "string" ? ref(fn) : fn, args: args.map(toExpr), lparen: NO_POS, rparen: NO_POS };
}

export function index(value: Expr, idx: ExprLike): IndexExpr {
  return { kind: "Index", value, index: toExpr(idx), lbrack: NO_POS, rbrack: NO_POS };
}

export function unary(op: UnaryOp, value: ExprLike): UnaryExpr {
  return { kind: "Unary", op, opPos: NO_POS, value: toExpr(value) };
}

export function binary(left: ExprLike, op: BinaryOp, right: ExprLike): BinaryExpr {
  return { kind: "Binary", op, opPos: NO_POS, left: toExpr(left), right: toExpr(right) };
}

export function paren(inner: ExprLike): ParenExpr {
  return { kind: "Paren", inner: toExpr(inner), lparen: NO_POS, rparen: NO_POS };
}

/** A line comment (without the leading //); multi-line text gives several lines. */
export function comment(text: string): CommentItem {
  return { kind: "CommentItem", text };
}

/** An attribute `name = value`. */
export function attr(name: string, value: ExprLike): Attribute {
  if (!isValidIdentifier(name)) throw new Error(`attr: ${JSON.stringify(name)} is not a valid identifier`);
  return { kind: "Attribute", name: { name, pos: NO_POS }, value: toExpr(value) };
}

function collectBody(items: readonly BodyItem[]): Stmt[] {
  const body: Stmt[] = [];
  let pending: string[] = [];
  for (const it of items) {
    if (!it) continue;
    if (it.kind === "CommentItem") {
      pending.push(it.text);
      continue;
    }
    if (pending.length > 0) {
      (it as WithComments).leadingComments = [...((it as WithComments).leadingComments ?? []), ...pending];
      pending = [];
    }
    body.push(it);
  }
  if (pending.length > 0 && body.length > 0) {
    const last = body[body.length - 1] as WithComments;
    last.trailingComments = [...(last.trailingComments ?? []), ...pending];
  } else if (pending.length > 0) {
    throw new Error("comment: a body with only comments cannot be represented");
  }
  return body;
}

/**
 * A block `name "label" { body }`. The label may be omitted:
 * block("logging", [attr("level", "info")]).
 */
export function block(name: string, label: string | readonly BodyItem[] = [], body: readonly BodyItem[] = []): Block {
  const parts = name.split(".");
  for (const p of parts) if (!isValidIdentifier(p)) throw new Error(`block: invalid block name ${JSON.stringify(name)}`);
  let lbl = "";
  let items = body;
  if (typeof label === "string") lbl = label;
  else items = label;
  if (lbl !== "" && !isValidIdentifier(lbl)) throw new Error(`block: label ${JSON.stringify(lbl)} must be a valid identifier`);
  return { kind: "Block", name: parts, namePos: NO_POS, label: lbl, labelPos: NO_POS, body: collectBody(items), lcurly: NO_POS, rcurly: NO_POS };
}

/** A whole file. */
export function file(...items: BodyItem[]): File {
  return { kind: "File", name: "", body: collectBody(items), comments: [] };
}
