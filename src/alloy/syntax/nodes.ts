// Syntax tree nodes as the parser makes them. A position is kept on its node as three small
// integers (offset, line, byte column) instead of an object of its own: a 10 MB file has about
// two million positions, and one object each was most of the tree's garbage-collection work (issue
// #11). The `Position` objects of ast.ts are made on demand by the getters, so every consumer of
// the tree (validator, printer, diagnostics) sees the same interface as before; builder nodes
// (build.ts) are plain objects with NO_POS.
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

function pos(offset: number, line: number, column: number): Position {
  return line > 0 ? { offset, line, column } : NO_POS;
}

export class IdentNode implements Ident {
  declare name: string;
  declare readonly o: number;
  declare readonly l: number;
  declare readonly c: number;
  constructor(name: string, o: number, l: number, c: number) {
    this.name = name;
    this.o = o;
    this.l = l;
    this.c = c;
  }
  get pos(): Position {
    return pos(this.o, this.l, this.c);
  }
}

/** An identifier expression is its own Ident (one object instead of two). */
export class IdentifierNode implements Identifier, Ident {
  declare readonly kind: "Identifier";
  declare name: string;
  declare readonly o: number;
  declare readonly l: number;
  declare readonly c: number;
  constructor(name: string, o: number, l: number, c: number) {
    this.kind = "Identifier";
    this.name = name;
    this.o = o;
    this.l = l;
    this.c = c;
  }
  get ident(): Ident {
    return this;
  }
  get pos(): Position {
    return pos(this.o, this.l, this.c);
  }
}

export class LiteralNode implements Literal {
  declare readonly kind: "Literal";
  declare readonly tok: LiteralKind;
  declare readonly value: string;
  declare readonly o: number;
  declare readonly l: number;
  declare readonly c: number;
  constructor(tok: LiteralKind, value: string, o: number, l: number, c: number) {
    this.kind = "Literal";
    this.tok = tok;
    this.value = value;
    this.o = o;
    this.l = l;
    this.c = c;
  }
  get pos(): Position {
    return pos(this.o, this.l, this.c);
  }
}

export class CommentNode implements Comment {
  declare readonly kind: "Comment";
  declare readonly text: string;
  declare readonly o: number;
  declare readonly l: number;
  declare readonly c: number;
  constructor(text: string, o: number, l: number, c: number) {
    this.kind = "Comment";
    this.text = text;
    this.o = o;
    this.l = l;
    this.c = c;
  }
  get pos(): Position {
    return pos(this.o, this.l, this.c);
  }
}

export class BlockNode implements Block {
  declare readonly kind: "Block";
  declare readonly name: string[];
  declare readonly label: string;
  declare readonly body: Stmt[];
  declare readonly no: number;
  declare readonly nl: number;
  declare readonly nc: number;
  declare readonly lo: number;
  declare readonly ll: number;
  declare readonly lc: number;
  declare readonly ao: number;
  declare readonly al: number;
  declare readonly ac: number;
  declare readonly zo: number;
  declare readonly zl: number;
  declare readonly zc: number;
  constructor(name: string[], label: string, body: Stmt[], no: number, nl: number, nc: number, lo: number, ll: number, lc: number, ao: number, al: number, ac: number, zo: number, zl: number, zc: number) {
    this.kind = "Block";
    this.name = name;
    this.label = label;
    this.body = body;
    this.no = no;
    this.nl = nl;
    this.nc = nc;
    this.lo = lo;
    this.ll = ll;
    this.lc = lc;
    this.ao = ao;
    this.al = al;
    this.ac = ac;
    this.zo = zo;
    this.zl = zl;
    this.zc = zc;
  }
  get namePos(): Position {
    return pos(this.no, this.nl, this.nc);
  }
  get labelPos(): Position {
    return pos(this.lo, this.ll, this.lc);
  }
  get lcurly(): Position {
    return pos(this.ao, this.al, this.ac);
  }
  get rcurly(): Position {
    return pos(this.zo, this.zl, this.zc);
  }
}

export class ArrayNode implements ArrayExpr {
  declare readonly kind: "Array";
  declare readonly elements: Expr[];
  declare readonly ao: number;
  declare readonly al: number;
  declare readonly ac: number;
  declare readonly zo: number;
  declare readonly zl: number;
  declare readonly zc: number;
  constructor(elements: Expr[], ao: number, al: number, ac: number, zo: number, zl: number, zc: number) {
    this.kind = "Array";
    this.elements = elements;
    this.ao = ao;
    this.al = al;
    this.ac = ac;
    this.zo = zo;
    this.zl = zl;
    this.zc = zc;
  }
  get lbrack(): Position {
    return pos(this.ao, this.al, this.ac);
  }
  get rbrack(): Position {
    return pos(this.zo, this.zl, this.zc);
  }
}

export class ObjectNode implements ObjectExpr {
  declare readonly kind: "Object";
  declare readonly fields: ObjectField[];
  declare readonly ao: number;
  declare readonly al: number;
  declare readonly ac: number;
  declare readonly zo: number;
  declare readonly zl: number;
  declare readonly zc: number;
  constructor(fields: ObjectField[], ao: number, al: number, ac: number, zo: number, zl: number, zc: number) {
    this.kind = "Object";
    this.fields = fields;
    this.ao = ao;
    this.al = al;
    this.ac = ac;
    this.zo = zo;
    this.zl = zl;
    this.zc = zc;
  }
  get lcurly(): Position {
    return pos(this.ao, this.al, this.ac);
  }
  get rcurly(): Position {
    return pos(this.zo, this.zl, this.zc);
  }
}

export class IndexNode implements IndexExpr {
  declare readonly kind: "Index";
  declare readonly value: Expr;
  declare readonly index: Expr;
  declare readonly ao: number;
  declare readonly al: number;
  declare readonly ac: number;
  declare readonly zo: number;
  declare readonly zl: number;
  declare readonly zc: number;
  constructor(value: Expr, index: Expr, ao: number, al: number, ac: number, zo: number, zl: number, zc: number) {
    this.kind = "Index";
    this.value = value;
    this.index = index;
    this.ao = ao;
    this.al = al;
    this.ac = ac;
    this.zo = zo;
    this.zl = zl;
    this.zc = zc;
  }
  get lbrack(): Position {
    return pos(this.ao, this.al, this.ac);
  }
  get rbrack(): Position {
    return pos(this.zo, this.zl, this.zc);
  }
}

export class CallNode implements CallExpr {
  declare readonly kind: "Call";
  declare readonly value: Expr;
  declare readonly args: Expr[];
  declare readonly ao: number;
  declare readonly al: number;
  declare readonly ac: number;
  declare readonly zo: number;
  declare readonly zl: number;
  declare readonly zc: number;
  constructor(value: Expr, args: Expr[], ao: number, al: number, ac: number, zo: number, zl: number, zc: number) {
    this.kind = "Call";
    this.value = value;
    this.args = args;
    this.ao = ao;
    this.al = al;
    this.ac = ac;
    this.zo = zo;
    this.zl = zl;
    this.zc = zc;
  }
  get lparen(): Position {
    return pos(this.ao, this.al, this.ac);
  }
  get rparen(): Position {
    return pos(this.zo, this.zl, this.zc);
  }
}

export class ParenNode implements ParenExpr {
  declare readonly kind: "Paren";
  declare readonly inner: Expr;
  declare readonly ao: number;
  declare readonly al: number;
  declare readonly ac: number;
  declare readonly zo: number;
  declare readonly zl: number;
  declare readonly zc: number;
  constructor(inner: Expr, ao: number, al: number, ac: number, zo: number, zl: number, zc: number) {
    this.kind = "Paren";
    this.inner = inner;
    this.ao = ao;
    this.al = al;
    this.ac = ac;
    this.zo = zo;
    this.zl = zl;
    this.zc = zc;
  }
  get lparen(): Position {
    return pos(this.ao, this.al, this.ac);
  }
  get rparen(): Position {
    return pos(this.zo, this.zl, this.zc);
  }
}

export class UnaryNode implements UnaryExpr {
  declare readonly kind: "Unary";
  declare readonly op: UnaryOp;
  declare readonly value: Expr;
  declare readonly o: number;
  declare readonly l: number;
  declare readonly c: number;
  constructor(op: UnaryOp, value: Expr, o: number, l: number, c: number) {
    this.kind = "Unary";
    this.op = op;
    this.value = value;
    this.o = o;
    this.l = l;
    this.c = c;
  }
  get opPos(): Position {
    return pos(this.o, this.l, this.c);
  }
}

export class BinaryNode implements BinaryExpr {
  declare readonly kind: "Binary";
  declare readonly op: BinaryOp;
  declare readonly left: Expr;
  declare readonly right: Expr;
  declare readonly o: number;
  declare readonly l: number;
  declare readonly c: number;
  constructor(op: BinaryOp, left: Expr, right: Expr, o: number, l: number, c: number) {
    this.kind = "Binary";
    this.op = op;
    this.left = left;
    this.right = right;
    this.o = o;
    this.l = l;
    this.c = c;
  }
  get opPos(): Position {
    return pos(this.o, this.l, this.c);
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
  declare readonly l: number;
  declare readonly c: number;
  constructor(n: string, value: Expr, o: number, l: number, c: number) {
    this.kind = "Attribute";
    this.n = n;
    this.value = value;
    this.o = o;
    this.l = l;
    this.c = c;
  }
  get name(): Ident {
    return new IdentNode(this.n, this.o, this.l, this.c);
  }
}

/** `value.name`: like AttributeNode, the name's Ident is made on demand. */
export class AccessNode implements AccessExpr {
  declare readonly kind: "Access";
  declare readonly value: Expr;
  declare readonly n: string;
  declare readonly o: number;
  declare readonly l: number;
  declare readonly c: number;
  constructor(value: Expr, n: string, o: number, l: number, c: number) {
    this.kind = "Access";
    this.value = value;
    this.n = n;
    this.o = o;
    this.l = l;
    this.c = c;
  }
  get name(): Ident {
    return new IdentNode(this.n, this.o, this.l, this.c);
  }
}
