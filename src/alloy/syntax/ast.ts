// AST for the Alloy configuration language (formerly River).
//
// Every node carries source positions (1-based line and column, 0-based
// offset in UTF-16 code units; columns count bytes of UTF-8, as Alloy's do). Nodes produced by the builder (build.ts) use
// NO_POS (line 0); the printer lays those out itself.

export interface Position {
  offset: number;
  line: number;
  column: number;
}

export const NO_POS: Position = Object.freeze({ offset: -1, line: 0, column: 0 });

export function posValid(p: Position | undefined): p is Position {
  return p !== undefined && p.line > 0;
}

/** Returns the position `n` UTF-16 units after p (only valid on the same line). */
export function posAdd(p: Position, n: number): Position {
  return { offset: p.offset + n, line: p.line, column: p.column + n };
}

export interface Comment {
  kind: "Comment";
  pos: Position;
  /** Full comment text including the `//` or `/* *\/` markers. */
  text: string;
}

/** Adjacent comments not separated by blank lines or other tokens. */
export type CommentGroup = Comment[];

export interface File {
  kind: "File";
  name: string;
  body: Stmt[];
  /** All comments of the file, in source order. */
  comments: CommentGroup[];
}

export type Stmt = Attribute | Block;

export interface Ident {
  name: string;
  pos: Position;
}

export interface Attribute {
  kind: "Attribute";
  name: Ident;
  value: Expr;
}

export interface Block {
  kind: "Block";
  /** Name fragments, e.g. ["prometheus", "scrape"]. */
  name: string[];
  namePos: Position;
  /** Label without quotes; "" when absent. */
  label: string;
  labelPos: Position;
  body: Stmt[];
  lcurly: Position;
  rcurly: Position;
}

export type LiteralKind = "NUMBER" | "FLOAT" | "STRING" | "BOOL" | "NULL";

export interface Literal {
  kind: "Literal";
  tok: LiteralKind;
  /** Raw source text, strings keep their quotes. */
  value: string;
  pos: Position;
}

export interface Identifier {
  kind: "Identifier";
  ident: Ident;
}

export interface ArrayExpr {
  kind: "Array";
  elements: Expr[];
  lbrack: Position;
  rbrack: Position;
}

export interface ObjectField {
  name: Ident;
  /** True when the name was written as a string literal. */
  quoted: boolean;
  value: Expr;
}

export interface ObjectExpr {
  kind: "Object";
  fields: ObjectField[];
  lcurly: Position;
  rcurly: Position;
}

export interface AccessExpr {
  kind: "Access";
  value: Expr;
  name: Ident;
}

export interface IndexExpr {
  kind: "Index";
  value: Expr;
  index: Expr;
  lbrack: Position;
  rbrack: Position;
}

export interface CallExpr {
  kind: "Call";
  value: Expr;
  args: Expr[];
  lparen: Position;
  rparen: Position;
}

export type UnaryOp = "!" | "-";
export type BinaryOp = "||" | "&&" | "==" | "!=" | "<" | "<=" | ">" | ">=" | "+" | "-" | "*" | "/" | "%" | "^";

export interface UnaryExpr {
  kind: "Unary";
  op: UnaryOp;
  opPos: Position;
  value: Expr;
}

export interface BinaryExpr {
  kind: "Binary";
  op: BinaryOp;
  opPos: Position;
  left: Expr;
  right: Expr;
}

export interface ParenExpr {
  kind: "Paren";
  inner: Expr;
  lparen: Position;
  rparen: Position;
}

export type Expr =
  | Literal
  | Identifier
  | ArrayExpr
  | ObjectExpr
  | AccessExpr
  | IndexExpr
  | CallExpr
  | UnaryExpr
  | BinaryExpr
  | ParenExpr;

export type Node = File | Stmt | Expr | Comment;

/** Binary operator precedence, as in Alloy's token package. */
export function binaryPrecedence(op: BinaryOp): number {
  switch (op) {
    case "||":
      return 1;
    case "&&":
      return 2;
    case "==":
    case "!=":
    case "<":
    case "<=":
    case ">":
    case ">=":
      return 3;
    case "+":
    case "-":
      return 4;
    case "*":
    case "/":
    case "%":
      return 5;
    case "^":
      return 6;
  }
}

/** Position of the first character of a node. */
export function startPos(n: Node): Position {
  switch (n.kind) {
    case "File":
      return n.body.length > 0 ? startPos(n.body[0]!) : NO_POS;
    case "Comment":
      return n.pos;
    case "Attribute":
      return n.name.pos;
    case "Block":
      return n.namePos;
    case "Literal":
      return n.pos;
    case "Identifier":
      return n.ident.pos;
    case "Array":
      return n.lbrack;
    case "Object":
      return n.lcurly;
    case "Access":
    case "Index":
    case "Call":
      return startPos(n.value);
    case "Unary":
      return n.opPos;
    case "Binary":
      return startPos(n.left);
    case "Paren":
      return n.lparen;
  }
}

/** Length in bytes of UTF-8 of s (columns are byte columns, as Alloy's). */
export function utf8Len(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x80) n += c < 0x800 || (c >= 0xd800 && c <= 0xdfff) ? 1 : 2;
  }
  return n;
}

/** Position of the last byte of `text` starting at p (text without newlines). */
function lastByte(p: Position, text: string): Position {
  return { offset: p.offset + text.length - 1, line: p.line, column: p.column + utf8Len(text) - 1 };
}

/** Position of the last byte of `text`, which may span lines, starting at p. */
function lastByteMultiline(p: Position, text: string): Position {
  const nl = text.lastIndexOf("\n");
  if (nl < 0) return lastByte(p, text);
  let lines = 0;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) lines++;
  return { offset: p.offset + text.length - 1, line: p.line + lines, column: utf8Len(text.slice(nl + 1)) };
}

function identEnd(id: Ident): Position {
  return posValid(id.pos) ? lastByte(id.pos, id.name) : NO_POS;
}

/** Position of the last character of a node. */
export function endPos(n: Node): Position {
  switch (n.kind) {
    case "File":
      return n.body.length > 0 ? endPos(n.body[n.body.length - 1]!) : NO_POS;
    case "Comment":
      // Block comments may span lines.
      return posValid(n.pos) ? lastByteMultiline(n.pos, n.text) : NO_POS;
    case "Attribute":
      return endPos(n.value);
    case "Block":
      return n.rcurly;
    case "Literal":
      return posValid(n.pos) ? lastByteMultiline(n.pos, n.value) : NO_POS;
    case "Identifier":
      return identEnd(n.ident);
    case "Array":
      return n.rbrack;
    case "Object":
      return n.rcurly;
    case "Access":
      return identEnd(n.name);
    case "Index":
      return n.rbrack;
    case "Call":
      return n.rparen;
    case "Unary":
      return endPos(n.value);
    case "Binary":
      return endPos(n.right);
    case "Paren":
      return n.rparen;
  }
}

/**
 * The joined text of name arrays that cannot change (frozen; the parser shares one per distinct
 * block name): the validator asks for a block's full name several times per block, and a fresh
 * concatenation each time is a new string to allocate, flatten and hash for every Map lookup.
 */
const fullNames = new WeakMap<readonly string[], string>();

/** Remembers the joined text of a frozen name array (parser.ts). */
export function rememberFullName(name: readonly string[], full: string): void {
  if (Object.isFrozen(name)) fullNames.set(name, full);
}

export function blockFullName(b: Block): string {
  const n = b.name;
  if (n.length === 1) return n[0]!;
  const known = fullNames.get(n);
  if (known !== undefined) return known;
  return n.length === 2 ? n[0]! + "." + n[1]! : n.join(".");
}

/** Block ID as Alloy computes it: name fragments plus label, joined by ".". */
export function blockID(b: Block): string {
  return b.label !== "" ? blockFullName(b) + "." + b.label : blockFullName(b);
}
