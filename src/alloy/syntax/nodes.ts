// Syntax tree nodes as the parser makes them. A position is kept on its node as three small
// integers (offset, line, byte column) instead of an object of its own: a 10 MB file has about
// two million positions, and one object each was most of the tree's garbage-collection work (issue
// #11). The `Position` objects of ast.ts are made on demand by the getters, so every consumer of
// the tree (validator, printer, diagnostics) sees the same interface as before; builder nodes
// (build.ts) are plain objects with NO_POS.
import type {
  ArrayExpr,
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
  constructor(
    public name: string,
    readonly o: number,
    readonly l: number,
    readonly c: number,
  ) {}
  get pos(): Position {
    return pos(this.o, this.l, this.c);
  }
}

/** An identifier expression is its own Ident (one object instead of two). */
export class IdentifierNode implements Identifier, Ident {
  readonly kind = "Identifier" as const;
  constructor(
    public name: string,
    readonly o: number,
    readonly l: number,
    readonly c: number,
  ) {}
  get ident(): Ident {
    return this;
  }
  get pos(): Position {
    return pos(this.o, this.l, this.c);
  }
}

export class LiteralNode implements Literal {
  readonly kind = "Literal" as const;
  constructor(
    readonly tok: LiteralKind,
    readonly value: string,
    readonly o: number,
    readonly l: number,
    readonly c: number,
  ) {}
  get pos(): Position {
    return pos(this.o, this.l, this.c);
  }
}

export class CommentNode implements Comment {
  readonly kind = "Comment" as const;
  constructor(
    readonly text: string,
    readonly o: number,
    readonly l: number,
    readonly c: number,
  ) {}
  get pos(): Position {
    return pos(this.o, this.l, this.c);
  }
}

export class BlockNode implements Block {
  readonly kind = "Block" as const;
  constructor(
    readonly name: string[],
    readonly label: string,
    readonly body: Stmt[],
    readonly no: number,
    readonly nl: number,
    readonly nc: number,
    readonly lo: number,
    readonly ll: number,
    readonly lc: number,
    readonly ao: number,
    readonly al: number,
    readonly ac: number,
    readonly zo: number,
    readonly zl: number,
    readonly zc: number,
  ) {}
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
  readonly kind = "Array" as const;
  constructor(
    readonly elements: Expr[],
    readonly ao: number,
    readonly al: number,
    readonly ac: number,
    readonly zo: number,
    readonly zl: number,
    readonly zc: number,
  ) {}
  get lbrack(): Position {
    return pos(this.ao, this.al, this.ac);
  }
  get rbrack(): Position {
    return pos(this.zo, this.zl, this.zc);
  }
}

export class ObjectNode implements ObjectExpr {
  readonly kind = "Object" as const;
  constructor(
    readonly fields: ObjectField[],
    readonly ao: number,
    readonly al: number,
    readonly ac: number,
    readonly zo: number,
    readonly zl: number,
    readonly zc: number,
  ) {}
  get lcurly(): Position {
    return pos(this.ao, this.al, this.ac);
  }
  get rcurly(): Position {
    return pos(this.zo, this.zl, this.zc);
  }
}

export class IndexNode implements IndexExpr {
  readonly kind = "Index" as const;
  constructor(
    readonly value: Expr,
    readonly index: Expr,
    readonly ao: number,
    readonly al: number,
    readonly ac: number,
    readonly zo: number,
    readonly zl: number,
    readonly zc: number,
  ) {}
  get lbrack(): Position {
    return pos(this.ao, this.al, this.ac);
  }
  get rbrack(): Position {
    return pos(this.zo, this.zl, this.zc);
  }
}

export class CallNode implements CallExpr {
  readonly kind = "Call" as const;
  constructor(
    readonly value: Expr,
    readonly args: Expr[],
    readonly ao: number,
    readonly al: number,
    readonly ac: number,
    readonly zo: number,
    readonly zl: number,
    readonly zc: number,
  ) {}
  get lparen(): Position {
    return pos(this.ao, this.al, this.ac);
  }
  get rparen(): Position {
    return pos(this.zo, this.zl, this.zc);
  }
}

export class ParenNode implements ParenExpr {
  readonly kind = "Paren" as const;
  constructor(
    readonly inner: Expr,
    readonly ao: number,
    readonly al: number,
    readonly ac: number,
    readonly zo: number,
    readonly zl: number,
    readonly zc: number,
  ) {}
  get lparen(): Position {
    return pos(this.ao, this.al, this.ac);
  }
  get rparen(): Position {
    return pos(this.zo, this.zl, this.zc);
  }
}

export class UnaryNode implements UnaryExpr {
  readonly kind = "Unary" as const;
  constructor(
    readonly op: UnaryOp,
    readonly value: Expr,
    readonly o: number,
    readonly l: number,
    readonly c: number,
  ) {}
  get opPos(): Position {
    return pos(this.o, this.l, this.c);
  }
}

export class BinaryNode implements BinaryExpr {
  readonly kind = "Binary" as const;
  constructor(
    readonly op: BinaryOp,
    readonly left: Expr,
    readonly right: Expr,
    readonly o: number,
    readonly l: number,
    readonly c: number,
  ) {}
  get opPos(): Position {
    return pos(this.o, this.l, this.c);
  }
}
