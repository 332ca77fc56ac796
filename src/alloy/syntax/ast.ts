// AST for the Alloy configuration language (formerly River).
//
// Every node carries source positions (1-based line and column, 0-based
// offset in UTF-16 code units). Nodes produced by the builder (build.ts) use
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

function identEnd(id: Ident): Position {
  return posValid(id.pos) ? posAdd(id.pos, id.name.length - 1) : NO_POS;
}

/** Position of the last character of a node. */
export function endPos(n: Node): Position {
  switch (n.kind) {
    case "File":
      return n.body.length > 0 ? endPos(n.body[n.body.length - 1]!) : NO_POS;
    case "Comment": {
      if (!posValid(n.pos)) return NO_POS;
      // Block comments may span lines.
      const nl = n.text.lastIndexOf("\n");
      if (nl < 0) return posAdd(n.pos, n.text.length - 1);
      let lines = 0;
      for (let i = 0; i < n.text.length; i++) if (n.text.charCodeAt(i) === 10) lines++;
      return { offset: n.pos.offset + n.text.length - 1, line: n.pos.line + lines, column: n.text.length - nl - 1 };
    }
    case "Attribute":
      return endPos(n.value);
    case "Block":
      return n.rcurly;
    case "Literal": {
      if (!posValid(n.pos)) return NO_POS;
      const nl = n.value.lastIndexOf("\n");
      if (nl < 0) return posAdd(n.pos, n.value.length - 1);
      let lines = 0;
      for (let i = 0; i < n.value.length; i++) if (n.value.charCodeAt(i) === 10) lines++;
      return { offset: n.pos.offset + n.value.length - 1, line: n.pos.line + lines, column: n.value.length - nl - 1 };
    }
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

export function blockFullName(b: Block): string {
  return b.name.join(".");
}

/** Block ID as Alloy computes it: name fragments plus label, joined by ".". */
export function blockID(b: Block): string {
  return b.label !== "" ? b.name.join(".") + "." + b.label : b.name.join(".");
}
