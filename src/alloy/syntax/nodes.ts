// Syntax tree nodes as the parser makes them. A position is kept on its node as its offset only,
// with the file's SourceLines (one reference per node), instead of an object of its own or of
// three numbers: a 10 MB file has over a million positions, and their size was most of the tree's
// garbage-collection work (issue #11). Lines and byte columns are worked out when asked for; the
// `Position` objects of ast.ts are made on demand by the getters, so every consumer of the tree
// (validator, printer, diagnostics) sees the same interface as before. An offset of -1 is no
// position (NO_POS). Builder nodes (build.ts) are plain objects with NO_POS.
//
// Fields are declared (no class-field initialisers) and assigned once in the constructor, kind
// first: every node of a class then has one hidden class, and no field is defined twice.
import type {
  AccessExpr,
  ArrayExpr,
  Attribute,
  BinaryExpr,
  BinaryOp,
  Block,
  CallExpr,
  Comment,
  Expr,
  Ident,
  Identifier,
  IndexExpr,
  Literal,
  LiteralKind,
  ObjectExpr,
  ObjectField,
  ParenExpr,
  Position,
  Stmt,
  UnaryExpr,
  UnaryOp,
} from "./ast.ts";
import { NO_POS } from "./ast.ts";
import type { SourceLines } from "./scanner.ts";

function pos(offset: number, f: SourceLines): Position {
  return offset >= 0 ? f.position(offset) : NO_POS;
}

export class IdentNode implements Ident {
  declare name: string;
  declare readonly o: number;
  declare readonly f: SourceLines;
  constructor(name: string, o: number, f: SourceLines) {
    this.name = name;
    this.o = o;
    this.f = f;
  }
  get pos(): Position {
    return pos(this.o, this.f);
  }
}

/** An identifier expression is its own Ident (one object instead of two). */
export class IdentifierNode implements Identifier, Ident {
  declare readonly kind: "Identifier";
  declare name: string;
  declare readonly o: number;
  declare readonly f: SourceLines;
  constructor(name: string, o: number, f: SourceLines) {
    this.kind = "Identifier";
    this.name = name;
    this.o = o;
    this.f = f;
  }
  get ident(): Ident {
    return this;
  }
  get pos(): Position {
    return pos(this.o, this.f);
  }
}

export class LiteralNode implements Literal {
  declare readonly kind: "Literal";
  declare readonly tok: LiteralKind;
  declare readonly value: string;
  declare readonly o: number;
  declare readonly f: SourceLines;
  constructor(tok: LiteralKind, value: string, o: number, f: SourceLines) {
    this.kind = "Literal";
    this.tok = tok;
    this.value = value;
    this.o = o;
    this.f = f;
  }
  get pos(): Position {
    return pos(this.o, this.f);
  }
}

export class CommentNode implements Comment {
  declare readonly kind: "Comment";
  declare readonly text: string;
  declare readonly o: number;
  declare readonly f: SourceLines;
  constructor(text: string, o: number, f: SourceLines) {
    this.kind = "Comment";
    this.text = text;
    this.o = o;
    this.f = f;
  }
  get pos(): Position {
    return pos(this.o, this.f);
  }
}

/** A block: offsets of its name, label (-1: none), `{` and `}`. */
export class BlockNode implements Block {
  declare readonly kind: "Block";
  declare readonly name: string[];
  declare readonly label: string;
  declare readonly body: Stmt[];
  declare readonly no: number;
  declare readonly lo: number;
  declare readonly ao: number;
  declare readonly zo: number;
  declare readonly f: SourceLines;
  constructor(name: string[], label: string, body: Stmt[], no: number, lo: number, ao: number, zo: number, f: SourceLines) {
    this.kind = "Block";
    this.name = name;
    this.label = label;
    this.body = body;
    this.no = no;
    this.lo = lo;
    this.ao = ao;
    this.zo = zo;
    this.f = f;
  }
  get namePos(): Position {
    return pos(this.no, this.f);
  }
  get labelPos(): Position {
    return pos(this.lo, this.f);
  }
  get lcurly(): Position {
    return pos(this.ao, this.f);
  }
  get rcurly(): Position {
    return pos(this.zo, this.f);
  }
}

/** Nodes between two delimiters keep the offsets of both (ao: opening, zo: closing). */
export class ArrayNode implements ArrayExpr {
  declare readonly kind: "Array";
  declare readonly elements: Expr[];
  declare readonly ao: number;
  declare readonly zo: number;
  declare readonly f: SourceLines;
  constructor(elements: Expr[], ao: number, zo: number, f: SourceLines) {
    this.kind = "Array";
    this.elements = elements;
    this.ao = ao;
    this.zo = zo;
    this.f = f;
  }
  get lbrack(): Position {
    return pos(this.ao, this.f);
  }
  get rbrack(): Position {
    return pos(this.zo, this.f);
  }
}

export class ObjectNode implements ObjectExpr {
  declare readonly kind: "Object";
  declare readonly fields: ObjectField[];
  declare readonly ao: number;
  declare readonly zo: number;
  declare readonly f: SourceLines;
  constructor(fields: ObjectField[], ao: number, zo: number, f: SourceLines) {
    this.kind = "Object";
    this.fields = fields;
    this.ao = ao;
    this.zo = zo;
    this.f = f;
  }
  get lcurly(): Position {
    return pos(this.ao, this.f);
  }
  get rcurly(): Position {
    return pos(this.zo, this.f);
  }
}

export class IndexNode implements IndexExpr {
  declare readonly kind: "Index";
  declare readonly value: Expr;
  declare readonly index: Expr;
  declare readonly ao: number;
  declare readonly zo: number;
  declare readonly f: SourceLines;
  constructor(value: Expr, index: Expr, ao: number, zo: number, f: SourceLines) {
    this.kind = "Index";
    this.value = value;
    this.index = index;
    this.ao = ao;
    this.zo = zo;
    this.f = f;
  }
  get lbrack(): Position {
    return pos(this.ao, this.f);
  }
  get rbrack(): Position {
    return pos(this.zo, this.f);
  }
}

export class CallNode implements CallExpr {
  declare readonly kind: "Call";
  declare readonly value: Expr;
  declare readonly args: Expr[];
  declare readonly ao: number;
  declare readonly zo: number;
  declare readonly f: SourceLines;
  constructor(value: Expr, args: Expr[], ao: number, zo: number, f: SourceLines) {
    this.kind = "Call";
    this.value = value;
    this.args = args;
    this.ao = ao;
    this.zo = zo;
    this.f = f;
  }
  get lparen(): Position {
    return pos(this.ao, this.f);
  }
  get rparen(): Position {
    return pos(this.zo, this.f);
  }
}

export class ParenNode implements ParenExpr {
  declare readonly kind: "Paren";
  declare readonly inner: Expr;
  declare readonly ao: number;
  declare readonly zo: number;
  declare readonly f: SourceLines;
  constructor(inner: Expr, ao: number, zo: number, f: SourceLines) {
    this.kind = "Paren";
    this.inner = inner;
    this.ao = ao;
    this.zo = zo;
    this.f = f;
  }
  get lparen(): Position {
    return pos(this.ao, this.f);
  }
  get rparen(): Position {
    return pos(this.zo, this.f);
  }
}

export class UnaryNode implements UnaryExpr {
  declare readonly kind: "Unary";
  declare readonly op: UnaryOp;
  declare readonly value: Expr;
  declare readonly o: number;
  declare readonly f: SourceLines;
  constructor(op: UnaryOp, value: Expr, o: number, f: SourceLines) {
    this.kind = "Unary";
    this.op = op;
    this.value = value;
    this.o = o;
    this.f = f;
  }
  get opPos(): Position {
    return pos(this.o, this.f);
  }
}

export class BinaryNode implements BinaryExpr {
  declare readonly kind: "Binary";
  declare readonly op: BinaryOp;
  declare readonly left: Expr;
  declare readonly right: Expr;
  declare readonly o: number;
  declare readonly f: SourceLines;
  constructor(op: BinaryOp, left: Expr, right: Expr, o: number, f: SourceLines) {
    this.kind = "Binary";
    this.op = op;
    this.left = left;
    this.right = right;
    this.o = o;
    this.f = f;
  }
  get opPos(): Position {
    return pos(this.o, this.f);
  }
}

/**
 * An attribute keeps its name's text and position itself; `name` makes the Ident on demand (one
 * object per attribute instead of two).
 */
export class AttributeNode implements Attribute {
  declare readonly kind: "Attribute";
  declare readonly n: string;
  declare readonly value: Expr;
  declare readonly o: number;
  declare readonly f: SourceLines;
  constructor(n: string, value: Expr, o: number, f: SourceLines) {
    this.kind = "Attribute";
    this.n = n;
    this.value = value;
    this.o = o;
    this.f = f;
  }
  get name(): Ident {
    return new IdentNode(this.n, this.o, this.f);
  }
}

/** `value.name`: like AttributeNode, the name's Ident is made on demand. */
export class AccessNode implements AccessExpr {
  declare readonly kind: "Access";
  declare readonly value: Expr;
  declare readonly n: string;
  declare readonly o: number;
  declare readonly f: SourceLines;
  constructor(value: Expr, n: string, o: number, f: SourceLines) {
    this.kind = "Access";
    this.value = value;
    this.n = n;
    this.o = o;
    this.f = f;
  }
  get name(): Ident {
    return new IdentNode(this.n, this.o, this.f);
  }
}
