// Recursive-descent parser for Alloy syntax with the same error recovery and
// messages as Alloy's Go parser.
import type {
  ArrayExpr,
  BinaryOp,
  Block,
  Comment,
  CommentGroup,
  Expr,
  File,
  ObjectExpr,
  ObjectField,
  Position,
  Stmt,
  UnaryOp,
} from "./ast.ts";
import * as astHelpers from "./ast.ts";
import * as nodes from "./nodes.ts";
import type { Diagnostic } from "./diag.ts";
import * as diag from "./diag.ts";
import * as scanner from "./scanner.ts";
import type { Scanner as ScannerT, SourceLines, T as Tokens } from "./scanner.ts";

// Imports as module-local bindings: tsx turns each `import { x }` into a getter of the module's
// namespace called at every use (see scanner.ts), which was ~10% of parse time (issue #11).
const { Scanner, T, isValidIdentifier, tokenString } = scanner;
const { posAdd, rememberFullName, startPos } = astHelpers;
const { MAX_DIAGNOSTICS, droppedDiagnostics } = diag;
type T = Tokens;
const {
  AccessNode,
  ArrayNode,
  AttributeNode,
  BinaryNode,
  BlockNode,
  CallNode,
  CommentNode,
  IdentNode,
  IdentifierNode,
  IndexNode,
  LiteralNode,
  ObjectNode,
  ParenNode,
  UnaryNode,
} = nodes;

export interface ParseResult {
  file: File;
  diagnostics: Diagnostic[];
}

/** Go's %q for strings. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    switch (ch) {
      case '"':
        out += '\\"';
        continue;
      case "\\":
        out += "\\\\";
        continue;
      case "\n":
        out += "\\n";
        continue;
      case "\t":
        out += "\\t";
        continue;
      case "\r":
        out += "\\r";
        continue;
      case "\x07":
        out += "\\a";
        continue;
      case "\b":
        out += "\\b";
        continue;
      case "\f":
        out += "\\f";
        continue;
      case "\v":
        out += "\\v";
        continue;
    }
    if (c < 0x20 || c === 0x7f) out += "\\x" + c.toString(16).padStart(2, "0");
    else if (c >= 0x80 && c < 0xa0) out += "\\u" + c.toString(16).padStart(4, "0");
    else if (c === 0xfffd && ch !== "\ufffd") out += "\\ufffd";
    else out += ch;
  }
  return out + '"';
}

/**
 * Maximum depth of the syntax tree the parser builds: nested blocks, nested expressions, and each
 * link of an operator or access chain (`a + b + c`, `a.b.c`, `f(x)[0]`) counts one level. Alloy's Go
 * parser has no limit (goroutine stacks grow); ours, the printer and the validator recurse on the
 * tree, so deeper input is refused with a clear error instead of overflowing the JavaScript stack.
 */
export const MAX_DEPTH = 500;

/**
 * An array grown by push keeps spare capacity (at least 17 slots): a copy of exactly its length
 * makes the syntax tree of a large file several bytes per input byte smaller.
 */
function exact<X>(a: X[]): X[] {
  return a.length === 0 ? [] : a.slice();
}

const BINARY_PREC: Partial<Record<T, number>> = {
  [T.OR]: 1,
  [T.AND]: 2,
  [T.EQ]: 3,
  [T.NEQ]: 3,
  [T.LT]: 3,
  [T.LTE]: 3,
  [T.GT]: 3,
  [T.GTE]: 3,
  [T.ADD]: 4,
  [T.SUB]: 4,
  [T.MUL]: 5,
  [T.DIV]: 5,
  [T.MOD]: 5,
  [T.POW]: 6,
};

interface BlockName {
  fragments: string[];
  label: string;
  /** Offset of the first fragment. */
  o: number;
  /** Offset of the label (-1 when there is none). */
  lo: number;
}

function mkPos(offset: number, line: number, column: number): Position {
  return { offset, line, column };
}

class Parser {
  private readonly s: ScannerT;
  /** The source's lines: nodes keep offsets and this (see nodes.ts). */
  private readonly lines: SourceLines;
  readonly diags: Diagnostic[] = [];
  readonly comments: CommentGroup[] = [];
  private readonly filename: string;
  private _tok: T = T.EOF;
  private get tok(): T {
    return this._tok;
  }
  private lit = "";
  private off = 0;
  private lastErrorLine = 0;
  private depth = 0;
  private tooDeep = false;

  constructor(src: string, filename: string) {
    this.filename = filename;
    this.s = new Scanner(src, (pos, msg) => {
      this.report({ severity: "error", filename, start: pos, message: msg });
    });
    this.lines = this.s.lines;
    this.next();
  }

  // Line and byte column of the current token, computed when first asked for (tl, tc).
  private lcOk = false;
  private tl = 0;
  private tc = 0;

  private lc(): void {
    if (this.lcOk) return;
    this.s.lineCol(this.off);
    this.tl = this.s.resLine;
    this.tc = this.s.resColumn;
    this.lcOk = true;
  }

  /** Position of the current token, as an object (diagnostics only: nodes keep numbers). */
  private get pos(): Position {
    this.lc();
    return mkPos(this.off, this.tl, this.tc);
  }

  private next0(): void {
    this._tok = this.s.scan();
    this.lit = this.s.lit;
    this.off = this.s.tokOffset;
    this.lcOk = false;
  }

  private next(): void {
    this.next0();
    while ((this.tok as T) === T.COMMENT) this.consumeCommentGroup();
  }

  private consumeCommentGroup(): void {
    const list: Comment[] = [];
    this.lc();
    let endline = this.tl;
    while ((this.tok as T) === T.COMMENT && (this.lc(), this.tl <= endline + 1)) {
      endline = this.tl;
      const text = this.lit;
      if (text.charCodeAt(1) === 42) {
        for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) endline++;
      }
      list.push(new CommentNode(text, this.off, this.lines));
      this.next0();
    }
    this.comments.push(list);
  }

  /** Diagnostics past MAX_DIAGNOSTICS: counted, the first kept for its position. */
  private dropped = 0;
  private firstDropped: Diagnostic | undefined;

  private report(d: Diagnostic): void {
    if (this.diags.length < MAX_DIAGNOSTICS) this.diags.push(d);
    else if (this.dropped++ === 0) this.firstDropped = d;
  }

  /** Adds the diagnostic counting those left out, if any (at the end of a parse). */
  finish(): void {
    if (this.dropped > 0) this.diags.push(droppedDiagnostics(this.firstDropped!, this.dropped));
  }

  private addError(msg: string): void {
    this.lc();
    if (this.lastErrorLine === this.tl) return;
    const pos = this.pos;
    this.lastErrorLine = pos.line;
    this.report({ severity: "error", filename: this.filename, start: pos, message: msg });
  }

  /** Token consumed by the last expect() call. */
  private expTok: T = T.EOF;
  private expLit = "";

  /** expect() for callers that do not keep the position (no Position object is made). */
  private expectNoPos(t: T): void {
    this.expTok = this.tok as T;
    this.expLit = this.lit;
    if ((this.tok as T) !== t) this.addError(`expected ${tokenString(t)}, got ${tokenString(this.tok as T)}`);
    this.next();
  }

  /** Offset of the token consumed by the last expect() call. */
  private eo = 0;

  private expect(t: T): void {
    this.eo = this.off;
    this.expTok = this.tok as T;
    this.expLit = this.lit;
    if ((this.tok as T) !== t) this.addError(`expected ${tokenString(t)}, got ${tokenString((this.tok as T))}`);
    this.next();
  }

  /** Guards against stack exhaustion on pathologically nested input. */
  private enter(): boolean {
    if (++this.depth <= MAX_DEPTH && !this.tooDeep) return true;
    if (!this.tooDeep) {
      this.tooDeep = true;
      this.report({
        severity: "error",
        filename: this.filename,
        start: this.pos,
        message: `nesting depth exceeds ${MAX_DEPTH} (nested blocks, expressions and operator/access chains count one level each)`,
      });
    }
    while ((this.tok as T) !== T.EOF) this.next();
    return false;
  }

  private advance(to: T): void {
    while ((this.tok as T) !== T.EOF) {
      if ((this.tok as T) === to) return;
      this.next();
    }
  }

  private advanceStatementEnd(): void {
    while ((this.tok as T) !== T.EOF) {
      const t = (this.tok as T);
      if (t === T.TERMINATOR || t === T.RPAREN || t === T.RCURLY || t === T.RBRACK || t === T.COMMA) return;
      this.next();
    }
  }

  parseFile(): File {
    const body = this.parseBody(T.EOF);
    return { kind: "File", name: this.filename, body, comments: this.comments };
  }

  /**
   * Items of the lists being parsed (statements, elements, fields), the innermost list's last: each
   * list is sliced off when it ends, an array of exactly its length, instead of a growing array
   * per list copied at its end (that was a few tens of megabytes of garbage for a 10 MB file). A
   * nested list always ends before its enclosing list takes its next item.
   */
  private readonly items: unknown[] = [];
  private itemsTop = 0;

  private takeItems<X>(base: number): X[] {
    const top = this.itemsTop;
    this.itemsTop = base;
    return base === top ? [] : (this.items.slice(base, top) as X[]);
  }

  private parseBody(until: T): Stmt[] {
    if (!this.enter()) {
      this.depth--;
      return [];
    }
    const base = this.itemsTop;
    while ((this.tok as T) !== until && (this.tok as T) !== T.EOF) {
      const stmt = this.parseStatement();
      if (stmt) this.items[this.itemsTop++] = stmt;
      if ((this.tok as T) === until) break;
      if ((this.tok as T) !== T.TERMINATOR) {
        this.addError(`expected TERMINATOR, got ${tokenString((this.tok as T))}`);
        this.consumeStatement();
      }
      this.next();
    }
    this.depth--;
    return this.takeItems<Stmt>(base);
  }

  private consumeStatement(): void {
    let curly = 0;
    let brack = 0;
    let paren = 0;
    while ((this.tok as T) !== T.EOF) {
      switch ((this.tok as T)) {
        case T.LCURLY:
          curly++;
          break;
        case T.RCURLY:
          curly--;
          break;
        case T.LBRACK:
          brack++;
          break;
        case T.RBRACK:
          brack--;
          break;
        case T.LPAREN:
          paren++;
          break;
        case T.RPAREN:
          paren--;
          break;
      }
      if ((this.tok as T) === T.TERMINATOR && curly <= 0 && brack <= 0 && paren <= 0) return;
      this.next();
    }
  }

  private parseStatement(): Stmt | undefined {
    const bn = this.parseBlockName();
    if (!bn) {
      this.advance(T.IDENT);
      return undefined;
    }
    switch ((this.tok as T)) {
      case T.ASSIGN: {
        this.next();
        if (bn.fragments.length !== 1) {
          const attrName = bn.fragments.join(".");
          this.report({
            severity: "error",
            filename: this.filename,
            start: this.lines.position(bn.o),
            end: posAdd(this.lines.position(bn.o), attrName.length - 1),
            message: `attribute names may only consist of a single identifier with no "."`,
          });
        } else if (bn.lo >= 0) {
          this.report({
            severity: "error",
            filename: this.filename,
            start: this.lines.position(bn.lo),
            end: posAdd(this.lines.position(bn.lo), bn.label.length + 1),
            message: "attribute names may not have labels",
          });
        }
        return new AttributeNode(bn.fragments[0]!, this.parseExpression(), bn.o, this.lines);
      }
      case T.LCURLY: {
        this.expect(T.LCURLY);
        const ao = this.eo;
        const body = this.parseBody(T.RCURLY);
        this.expect(T.RCURLY);
        const block: Block = new BlockNode(bn.fragments, bn.label, body, bn.o, bn.lo, ao, this.eo, this.lines);
        return block;
      }
      default:
        if (bn.fragments.length === 1 && bn.label === "") {
          this.addError(`expected attribute assignment or block body, got ${tokenString((this.tok as T))}`);
        } else {
          this.addError(`expected block body, got ${tokenString((this.tok as T))}`);
        }
        this.advance(T.IDENT);
        return undefined;
    }
  }

  /**
   * One frozen fragment array per distinct block name (a large file repeats a few names
   * thousands of times). Only for names made of identifiers, which cannot contain ".".
   */
  private readonly names = new Map<string, string[]>();
  private sharedName(fragments: string[]): string[] {
    const key = fragments.length === 1 ? fragments[0]! : fragments.join(".");
    let shared = this.names.get(key);
    if (shared === undefined) {
      shared = Object.freeze(exact(fragments)) as string[];
      rememberFullName(shared, key);
      if (this.names.size < 10_000) this.names.set(key, shared);
    }
    return shared;
  }

  /** Labels by their literal (a label is used by several blocks: one string each, not one per block). */
  private readonly labels = new Map<string, string>();
  private labelOf(lit: string): string {
    let label = this.labels.get(lit);
    if (label === undefined) {
      label = lit.slice(1, -1);
      if (lit.length <= 50 && this.labels.size < 200_000) this.labels.set(lit, label);
    }
    return label;
  }

  private parseBlockName(): BlockName | undefined {
    if ((this.tok as T) !== T.IDENT) {
      this.addError(`expected identifier, got ${tokenString((this.tok as T))}`);
      return undefined;
    }
    const bn: BlockName = { fragments: [this.lit], label: "", o: this.off, lo: -1 };
    this.next();
    let idents = true;
    while ((this.tok as T) === T.DOT) {
      this.next();
      if ((this.tok as T) !== T.IDENT) {
        this.addError(`expected identifier, got ${tokenString((this.tok as T))}`);
        idents = false;
      }
      bn.fragments.push(this.lit);
      this.next();
    }
    bn.fragments = idents ? this.sharedName(bn.fragments) : exact(bn.fragments);
    if ((this.tok as T) !== T.ASSIGN && (this.tok as T) !== T.LCURLY) {
      if ((this.tok as T) === T.STRING) {
        const lit = this.lit;
        if (lit[0] !== '"') this.addError(`expected block label to be a double quoted string, but got ${goQuote(lit)}`);
        if (lit.length > 2) {
          bn.label = this.labelOf(lit);
          if (!isValidIdentifier(bn.label)) this.addError(`expected block label to be a valid identifier, but got ${goQuote(bn.label)}`);
        }
        bn.lo = this.off;
      } else {
        this.addError(`expected block label, got ${tokenString((this.tok as T))}`);
      }
      this.next();
    }
    return bn;
  }

  parseExpression(): Expr {
    if (!this.enter()) {
      this.depth--;
      return new LiteralNode("NULL", "null", this.off, this.lines);
    }
    const e = this.parseBinOp(1);
    this.depth--;
    return e;
  }

  private parseBinOp(inPrec: number): Expr {
    let lhs = this.parsePowExpr();
    let links = 0;
    for (;;) {
      const tok = (this.tok as T);
      const prec = BINARY_PREC[tok] ?? 0;
      if (prec < inPrec) break;
      // Each link deepens the (left-leaning) tree by one level.
      links++;
      if (!this.enter()) break;
      const o = this.off;
      this.next();
      const rhs = this.parseBinOp(prec + 1);
      lhs = new BinaryNode(tokenString(tok) as BinaryOp, lhs, rhs, o, this.lines);
    }
    this.depth -= links;
    return lhs;
  }

  private parsePowExpr(): Expr {
    const lhs = this.parseUnaryExpr();
    if ((this.tok as T) === T.POW) {
      const o = this.off;
      this.next();
      if (!this.enter()) {
        this.depth--;
        return lhs;
      }
      const right = this.parsePowExpr();
      this.depth--;
      return new BinaryNode("^", lhs, right, o, this.lines);
    }
    return lhs;
  }

  private parseUnaryExpr(): Expr {
    if ((this.tok as T) === T.NOT || (this.tok as T) === T.SUB) {
      const op: UnaryOp = (this.tok as T) === T.NOT ? "!" : "-";
      const o = this.off;
      this.next();
      if (!this.enter()) {
        this.depth--;
        return new LiteralNode("NULL", "null", o, this.lines);
      }
      const value = this.parseUnaryExpr();
      this.depth--;
      return new UnaryNode(op, value, o, this.lines);
    }
    const primary = this.parsePrimaryExpr();
    // Links of this postfix chain (counted in a field, not by a closure made per expression).
    const outer = this.links;
    this.links = 0;
    try {
      return this.parsePostfix(primary);
    } finally {
      this.depth -= this.links;
      this.links = outer;
    }
  }

  /** Links of the postfix chain being parsed (parseUnaryExpr takes them off the depth). */
  private links = 0;

  private parsePostfix(primary: Expr): Expr {
    for (;;) {
      const t = this.tok as T;
      if (t === T.DOT || t === T.LBRACK || t === T.LPAREN) {
        this.links++;
        if (!this.enter()) return primary;
      }
      switch ((this.tok as T)) {
        case T.DOT: {
          this.next();
          this.expect(T.IDENT);
          primary = new AccessNode(primary, this.expLit, this.eo, this.lines);
          break;
        }
        case T.LBRACK: {
          this.expect(T.LBRACK);
          const ao = this.eo;
          const index = this.parseExpression();
          this.expect(T.RBRACK);
          primary = new IndexNode(primary, index, ao, this.eo, this.lines);
          break;
        }
        case T.LPAREN: {
          this.expect(T.LPAREN);
          const ao = this.eo;
          let args: Expr[] = [];
          if ((this.tok as T) !== T.RPAREN) args = this.parseExpressionList(T.RPAREN);
          this.expect(T.RPAREN);
          primary = new CallNode(primary, args, ao, this.eo, this.lines);
          break;
        }
        case T.STRING:
        case T.LCURLY: {
          // Someone may be trying to assign a block to an attribute.
          if ((this.tok as T) === T.STRING) this.next();
          this.expectNoPos(T.LCURLY);
          if (this.expTok !== T.LCURLY) {
            this.consumeStatement();
            return primary;
          }
          this.parseBody(T.RCURLY);
          this.expect(T.RCURLY);
          const end = this.lines.position(this.eo);
          if ((this.expTok as T) !== T.RCURLY) {
            this.consumeStatement();
            return primary;
          }
          this.report({
            severity: "error",
            filename: this.filename,
            start: startPos(primary),
            end,
            message: "cannot use a block as an expression",
          });
          break;
        }
        default:
          return primary;
      }
    }
  }

  private parsePrimaryExpr(): Expr {
    switch ((this.tok as T)) {
      case T.IDENT: {
        const e: Expr = new IdentifierNode(this.lit, this.off, this.lines);
        this.next();
        return e;
      }
      case T.STRING:
      case T.NUMBER:
      case T.FLOAT:
      case T.BOOL:
      case T.NULL: {
        const e: Expr = new LiteralNode(tokenString(this.tok as T) as "STRING", this.lit, this.off, this.lines);
        this.next();
        return e;
      }
      case T.LPAREN: {
        this.expect(T.LPAREN);
        const ao = this.eo;
        const inner = this.parseExpression();
        this.expect(T.RPAREN);
        return new ParenNode(inner, ao, this.eo, this.lines);
      }
      case T.LBRACK: {
        this.expect(T.LBRACK);
        const ao = this.eo;
        let elements: Expr[] = [];
        if ((this.tok as T) !== T.RBRACK) elements = this.parseExpressionList(T.RBRACK);
        this.expect(T.RBRACK);
        const a: ArrayExpr = new ArrayNode(elements, ao, this.eo, this.lines);
        return a;
      }
      case T.LCURLY: {
        this.expect(T.LCURLY);
        const ao = this.eo;
        let fields: ObjectField[] = [];
        // (Alloy checks for RBRACK here, so an empty object still enters the field list.)
        if ((this.tok as T) !== T.RBRACK) fields = this.parseFieldList(T.RCURLY);
        this.expect(T.RCURLY);
        const o: ObjectExpr = new ObjectNode(fields, ao, this.eo, this.lines);
        return o;
      }
    }
    this.addError(`expected expression, got ${tokenString((this.tok as T))}`);
    const res: Expr = new LiteralNode("NULL", "null", this.off, this.lines);
    this.advanceStatementEnd();
    return res;
  }

  private parseExpressionList(until: T): Expr[] {
    const base = this.itemsTop;
    while ((this.tok as T) !== until && (this.tok as T) !== T.EOF) {
      const e = this.parseExpression();
      this.items[this.itemsTop++] = e;
      if ((this.tok as T) === until) break;
      if ((this.tok as T) !== T.COMMA) this.addError("missing ',' in expression list");
      this.next();
    }
    return this.takeItems<Expr>(base);
  }

  private parseFieldList(until: T): ObjectField[] {
    const base = this.itemsTop;
    while ((this.tok as T) !== until && (this.tok as T) !== T.EOF) {
      const f = this.parseField();
      this.items[this.itemsTop++] = f;
      if ((this.tok as T) === until) break;
      if ((this.tok as T) !== T.COMMA) this.addError("missing ',' in field list");
      this.next();
    }
    return this.takeItems<ObjectField>(base);
  }

  private parseField(): ObjectField {
    let name = new IdentNode("", this.off, this.lines);
    let quoted = false;
    if ((this.tok as T) === T.STRING || (this.tok as T) === T.IDENT) {
      name = new IdentNode(this.lit, this.off, this.lines);
      if ((this.tok as T) === T.STRING && this.lit.length > 2) {
        name.name = this.lit.slice(1, -1);
        quoted = true;
      }
      this.next();
    } else {
      this.addError(`expected field name (string or identifier), got ${tokenString((this.tok as T))}`);
      this.advance(T.ASSIGN);
    }
    this.expectNoPos(T.ASSIGN);
    const value = this.parseExpression();
    return { name, quoted, value };
  }
}

/** Parses an Alloy file. Never throws; syntax errors are returned as diagnostics. */
export function parse(src: string, filename = ""): ParseResult {
  const p = new Parser(src, filename);
  const file = p.parseFile();
  p.finish();
  return { file, diagnostics: p.diags };
}

/** Parses a single expression. */
export function parseExpression(src: string, filename = ""): { expr: Expr; diagnostics: Diagnostic[] } {
  const p = new Parser(src, filename);
  const expr = p.parseExpression();
  p.finish();
  return { expr, diagnostics: p.diags };
}
