// Canonical printer for Alloy syntax, producing the same bytes as `alloy fmt`.
//
// The design follows Alloy's printer: a walker emits tokens plus abstract
// whitespace into a buffer, comments are interleaved by source position,
// and an elastic-tabstop writer aligns `=` across consecutive lines before
// trailing whitespace is trimmed.
import type { Attribute, Block, Comment, CommentGroup, Expr, File, Ident, Literal, Node, Position, Stmt } from "./ast.ts";
import * as ast from "./ast.ts";
import { goQuote, parse } from "./parser.ts";
import * as nodes from "./nodes.ts";
import type { SourceLines } from "./scanner.ts";
import { Buffer } from "node:buffer";
import { diagnosticString, hasErrors, type Diagnostic } from "./diag.ts";

// Module-local bindings of ast.ts's helpers (tsx calls a namespace getter per use of an import).
const { blockFullName, endPos, posValid, startPos } = ast;
const { AccessNode, ArrayNode, AttributeNode, BlockNode, CallNode, IdentNode, IdentifierNode, LiteralNode, ObjectNode } = nodes;

const ESC = "\uffff"; // tabwriter escape marker (never appears in valid output)

// Whitespace instructions.
const WS_IGNORE = 0;
const WS_BLANK = 32; // ' '
const WS_VTAB = 11; // '\v'
const WS_NEWLINE = 10; // '\n'
const WS_FORMFEED = 12; // '\f'
const WS_INDENT = 62; // '>'
const WS_UNINDENT = 60; // '<'

const WS_CAP = 16;
const MAX_NEWLINES = 2;
const newlineLimit = (n: number): number => (n > MAX_NEWLINES ? MAX_NEWLINES : n);

class Printer {
  /** Output goes straight into the tab writer (no intermediate copy of the whole text). */
  constructor(private readonly tw: TabWriter) {}
  outputLen = 0;
  indent = 0;
  lastTok = "";
  /** Pending whitespace instructions: ws[0..wsLen) (a fixed buffer: no array is made or resized per token). */
  ws: number[] = new Array<number>(WS_CAP + 1).fill(WS_IGNORE);
  wsLen = 0;
  comments: CommentGroup[] = [];
  cIdx = 0;
  cCur: CommentGroup = [];
  cPos: Position | null = null;
  // Current offset and line (Go: p.pos; the column is never consulted) and line of the last token
  // written (p.last.line), as numbers:
  // one object per token would be most of the printer's garbage.
  pOff = 0;
  pLine = 1;
  lastLine = 0;
  outColumn = 1;

  setComments(c: CommentGroup[]): void {
    this.comments = c;
    this.cIdx = 0;
    this.cPos = null;
    this.nextComment();
  }

  private nextComment(): void {
    while (this.cIdx < this.comments.length) {
      const c = this.comments[this.cIdx++]!;
      if (c.length > 0) {
        this.cCur = c;
        this.cPos = c[0]!.pos;
        return;
      }
    }
    this.cPos = null;
  }

  private append(s: string): void {
    this.tw.write(s);
    this.outputLen += s.length;
  }

  // What Go's printer.write does with each kind of argument, one method per kind (a variadic
  // write and its type tests per argument were a fifth of the printer's time).

  /** A whitespace instruction. */
  ws1(ch: number): void {
    if (ch === WS_IGNORE) return;
    if (this.wsLen === WS_CAP) this.writeWhitespace(this.wsLen);
    this.ws[this.wsLen++] = ch;
    this.lastTok = "LITERAL";
  }

  /** A position: the next token is written at it (invalid positions are ignored). */
  at(p: Position): void {
    if (p.line > 0) {
      this.pOff = p.offset;
      this.pLine = p.line;
    }
  }

  /** at() a built node's position; returns its line. */
  atLine(pos: Position): number {
    this.at(pos);
    return pos.line;
  }

  /** atO() a parsed node's offset (no Position object made); returns its line. */
  atOLine(offset: number, lines: SourceLines): number {
    this.atO(offset, lines);
    return lines.line(offset);
  }

  /** A position of a parsed node: its offset (-1: none) and the source's lines. */
  atO(offset: number, lines: SourceLines): void {
    if (offset >= 0) {
      this.pOff = offset;
      this.pLine = lines.line(offset);
    }
  }

  /** A token such as "=" or "{". */
  tok(s: string): void {
    if (mayCombine(this.lastTok, s.charCodeAt(0))) {
      this.ws[0] = WS_BLANK;
      this.wsLen = 1;
    }
    this.lastTok = s;
    this.emit(s);
  }

  /** A literal (its text and token name: STRING, NUMBER, ...). */
  lit(value: string, tokName: string): void {
    this.lastTok = tokName;
    this.emit(value);
  }

  /** An identifier. */
  ident(name: string): void {
    this.lastTok = "IDENT";
    this.emit(name);
  }

  private emit(data: string): void {
    const nOff = this.pOff;
    const nLine = this.pLine;
    this.flush(nOff, nLine, this.lastTok);
    if (this.outColumn === 1) this.writeIndent();
    this.pOff = nOff;
    this.pLine = nLine;
    this.writeText(data, false);
  }

  flush(nOff: number, nLine: number, tokName: string): void {
    if (this.cPos !== null && this.cPos.offset <= nOff) this.injectComments(nOff, nLine, tokName);
    else if (tokName !== "EOF") this.writeWhitespace(this.wsLen);
  }

  private injectComments(nOff: number, nLine: number, tokName: string): void {
    let lastComment: Comment | undefined;
    while (this.cPos !== null && this.cPos.offset <= nOff) {
      for (const c of this.cCur) {
        this.writeCommentPrefix(nLine, c);
        if (this.outColumn === 1) this.writeIndent();
        if (c.pos.line > 0) {
          this.pOff = c.pos.offset;
          this.pLine = c.pos.line;
        }
        this.writeText(c.text, true);
        lastComment = c;
      }
      this.nextComment();
    }
    this.writeCommentSuffix(nLine, tokName, lastComment!);
  }

  private writeCommentPrefix(nLine: number, c: Comment): void {
    if (this.outputLen === 0) return;
    const cPos = c.pos;
    if (cPos.line === this.lastLine) {
      this.writeByte(cPos.line === nLine ? " " : "\t", 1);
    } else {
      let wsCount = 0;
      const ws = this.ws;
      for (let i = 0; i < this.wsLen; i++) {
        const w = ws[i]!;
        if (w === WS_INDENT || w === WS_UNINDENT) continue;
        if (w === WS_BLANK || w === WS_VTAB || w === WS_NEWLINE || w === WS_FORMFEED) ws[i] = WS_IGNORE;
        wsCount = i;
        break;
      }
      this.writeWhitespace(wsCount);
      let newlines = 0;
      if (posValid(cPos) && this.lastLine > 0) newlines = cPos.line - this.lastLine;
      if (newlines > 0) this.writeByte("\f", newlineLimit(newlines));
    }
  }

  private writeCommentSuffix(nLine: number, tokName: string, lastComment: Comment): void {
    if (tokName === "EOF") return;
    let droppedFF = false;
    if (lastComment.text[1] === "*" && nLine === endPos(lastComment).line) this.writeByte(" ", 1);
    const newlines = nLine - this.lastLine;
    const ws = this.ws;
    for (let i = 0; i < this.wsLen; i++) {
      const w = ws[i]!;
      if (w === WS_BLANK || w === WS_VTAB) ws[i] = WS_IGNORE;
      else if (w === WS_NEWLINE || w === WS_FORMFEED) {
        if (w === WS_FORMFEED) droppedFF = true;
        ws[i] = WS_IGNORE;
      }
    }
    this.writeWhitespace(this.wsLen);
    if (newlines > 0) this.writeByte(droppedFF ? "\f" : "\n", newlineLimit(newlines));
  }

  /** Writes token or comment text at the current position (set by the caller) and advances it. */
  private writeText(s: string, isLit: boolean): void {
    if (isLit) this.append(ESC + s + ESC);
    else this.append(s);
    let newlines = 0;
    let lastNl = 0;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c === 10 || c === 12) {
        newlines++;
        lastNl = i;
      }
    }
    this.pOff += s.length;
    if (newlines > 0) {
      this.pLine += newlines;
      this.outColumn = s.length - lastNl;
    } else {
      this.outColumn += s.length;
    }
    this.lastLine = this.pLine;
  }

  private writeIndent(): void {
    const depth = this.indent;
    if (depth > 0) this.append(depth < TABS.length ? TABS[depth]! : "\t".repeat(depth));
    this.pOff += depth;
    this.outColumn += depth;
  }

  private writeByte(ch: string, n: number): void {
    if (this.outColumn === 1) this.writeIndent();
    this.append(n === 1 ? ch : ch.repeat(n));
    this.pOff += n;
    if (ch === "\n" || ch === "\f") {
      this.pLine += n;
      this.outColumn = 1;
    } else {
      this.outColumn += n;
    }
  }

  private writeWhitespace(n: number): void {
    const ws = this.ws;
    for (let i = 0; i < n; i++) {
      const ch = ws[i]!;
      if (ch === WS_IGNORE) continue;
      if (ch === WS_INDENT) this.indent++;
      else if (ch === WS_UNINDENT) {
        this.indent--;
        if (this.indent < 0) throw new Error("printer: negative indentation");
      } else this.writeByte(WS_CHARS[ch]!, 1);
    }
    // Drop the first n instructions (writeByte does not add any meanwhile).
    const len = this.wsLen;
    if (n >= len) this.wsLen = 0;
    else {
      for (let i = n; i < len; i++) ws[i - n] = ws[i]!;
      this.wsLen = len - n;
    }
  }
}

const TABS: string[] = Array.from({ length: 64 }, (_, i) => "\t".repeat(i));
const WS_CHARS: string[] = [];
for (const c of [WS_BLANK, WS_VTAB, WS_NEWLINE, WS_FORMFEED]) WS_CHARS[c] = String.fromCharCode(c);

function mayCombine(prev: string, next: number): boolean {
  if (prev === "NUMBER") return next === 46; // "."
  if (prev === "/") return next === 42; // "*"
  return false;
}

// ---------------------------------------------------------------------------
// Walker

function nodeLines(n: Node): number {
  return endLine(n) - startLine(n) + 1;
}

// Lines of a node's first and last characters (startPos(n).line, endPos(n).line), read from the
// parser's nodes without making Position objects; other nodes go through startPos/endPos.
function startLine(n: Node): number {
  if (n instanceof AttributeNode || n instanceof LiteralNode || n instanceof IdentifierNode) return n.f.line(n.o);
  if (n instanceof BlockNode) return n.f.line(n.no);
  if (n instanceof ArrayNode || n instanceof ObjectNode) return n.f.line(n.ao);
  return startPos(n).line;
}

function endLine(n: Node): number {
  if (n instanceof AttributeNode) return endLine(n.value);
  if (n instanceof BlockNode || n instanceof ArrayNode || n instanceof ObjectNode) return n.f.line(n.zo);
  if (n instanceof IdentifierNode || n instanceof AccessNode) return n.f.line(n.o);
  if (n instanceof LiteralNode && n.value.indexOf("\n") < 0) return n.f.line(n.o);
  return endPos(n).line;
}

class Walker {
  constructor(readonly p: Printer) {}

  walkStmts(ss: Stmt[]): void {
    const p = this.p;
    for (let i = 0; i < ss.length; i++) {
      const s = ss[i]!;
      let added = false;
      if (i > 0 && s.kind === "Block") {
        p.ws1(WS_FORMFEED);
        added = true;
      }
      if (i > 0 && !added) {
        const prevLine = endLine(ss[i - 1]!);
        const curLine = startLine(s);
        if (curLine - prevLine > 1) p.ws1(WS_FORMFEED);
      }
      if (s.kind === "Attribute") this.walkAttribute(s);
      else this.walkBlock(s);
      p.ws1(endLine(s) - startLine(s) + 1 > 1 ? WS_FORMFEED : WS_NEWLINE);
    }
  }

  walkAttribute(s: Attribute): void {
    const p = this.p;
    if (s instanceof AttributeNode) {
      p.atO(s.o, s.f);
      p.ident(s.n);
    } else {
      p.at(s.name.pos);
      p.ident(s.name.name);
    }
    p.ws1(WS_VTAB);
    p.tok("=");
    p.ws1(WS_BLANK);
    this.walkExpr(s.value);
  }

  walkBlock(s: Block): void {
    const p = this.p;
    const parsed = s instanceof BlockNode;
    if (parsed) p.atO(s.no, s.f);
    else p.at(s.namePos);
    p.ident(blockFullName(s));
    if (s.label !== "") {
      p.ws1(WS_BLANK);
      if (parsed) p.atO(s.lo, s.f);
      else p.at(s.labelPos);
      p.lit(goQuote(s.label), "STRING");
    }
    p.ws1(WS_BLANK);
    if (parsed) p.atO(s.ao, s.f);
    else p.at(s.lcurly);
    p.tok("{");
    p.ws1(WS_INDENT);
    if (s.body.length > 0) {
      p.ws1(WS_FORMFEED);
      this.walkStmts(s.body);
    } else {
      p.ws1(WS_BLANK);
    }
    p.ws1(WS_UNINDENT);
    if (parsed) p.atO(s.zo, s.f);
    else p.at(s.rcurly);
    p.tok("}");
  }

  walkExpr(e: Expr): void {
    const p = this.p;
    switch (e.kind) {
      case "Literal":
        if (e instanceof LiteralNode) p.atO(e.o, e.f);
        else p.at(e.pos);
        p.lit(e.value, e.tok);
        break;
      case "Array":
        this.walkArray(e);
        break;
      case "Object":
        this.walkObject(e);
        break;
      case "Identifier":
        if (e instanceof IdentifierNode) p.atO(e.o, e.f);
        else p.at(e.ident.pos);
        p.ident(e.ident.name);
        break;
      case "Access":
        this.walkExpr(e.value);
        p.tok(".");
        p.ident(e instanceof AccessNode ? e.n : e.name.name);
        break;
      case "Index":
        this.walkExpr(e.value);
        p.at(e.lbrack);
        p.tok("[");
        this.walkExpr(e.index);
        p.at(e.rbrack);
        p.tok("]");
        break;
      case "Call":
        this.walkCall(e);
        break;
      case "Unary":
        p.at(e.opPos);
        p.tok(e.op);
        this.walkExpr(e.value);
        break;
      case "Binary":
        this.walkExpr(e.left);
        p.ws1(WS_BLANK);
        p.at(e.opPos);
        p.tok(e.op);
        p.ws1(WS_BLANK);
        this.walkExpr(e.right);
        break;
      case "Paren":
        p.tok("(");
        this.walkExpr(e.inner);
        p.tok(")");
        break;
    }
  }

  walkArray(e: Extract<Expr, { kind: "Array" }>): void {
    const p = this.p;
    // (a parsed node's positions are read from its offsets, without making Position objects)
    const parsed = e instanceof ArrayNode;
    let prevLine = parsed ? p.atOLine(e.ao, e.f) : p.atLine(e.lbrack);
    p.tok("[");
    for (let i = 0; i < e.elements.length; i++) {
      const el = e.elements[i]!;
      let addedNewline = false;
      if (prevLine !== startLine(el)) {
        p.ws1(WS_INDENT);
        p.ws1(WS_FORMFEED);
        addedNewline = true;
      } else if (i > 0) {
        p.ws1(WS_BLANK);
      }
      prevLine = endLine(el);
      this.walkExpr(el);
      if (i + 1 < e.elements.length) p.tok(",");
      if (addedNewline) p.ws1(WS_UNINDENT);
    }
    const rbrack = parsed ? undefined : e.rbrack;
    const rbrackLine = parsed ? e.f.line(e.zo) : rbrack!.line;
    let addedSuffix = false;
    if (e.elements.length > 0 && prevLine !== rbrackLine) {
      p.tok(",");
      p.ws1(WS_INDENT);
      p.ws1(WS_FORMFEED);
      addedSuffix = true;
    }
    if (addedSuffix) p.ws1(WS_UNINDENT);
    if (parsed) p.atO(e.zo, e.f);
    else p.at(rbrack!);
    p.tok("]");
  }

  walkObject(e: Extract<Expr, { kind: "Object" }>): void {
    const p = this.p;
    const parsed = e instanceof ObjectNode;
    let prevLine = parsed ? p.atOLine(e.ao, e.f) : p.atLine(e.lcurly);
    p.tok("{");
    p.ws1(WS_INDENT);
    for (let i = 0; i < e.fields.length; i++) {
      const field = e.fields[i]!;
      const fname = field.name;
      const nameNode = fname instanceof IdentNode ? fname : undefined;
      const namePos = nameNode ? undefined : fname.pos;
      const nameLine = nameNode ? (nameNode.o >= 0 ? nameNode.f.line(nameNode.o) : 0) : namePos!.line;
      if (prevLine !== nameLine) {
        if (i > 0 && nodeLines(e.fields[i - 1]!.value) === 1) p.ws1(WS_NEWLINE);
        else p.ws1(WS_FORMFEED);
      } else if (i > 0) {
        p.ws1(WS_BLANK);
      }
      // (the line of the name's last character: its own line, names have no newline)
      prevLine = nameLine;
      if (nameNode) p.atO(nameNode.o, nameNode.f);
      else p.at(namePos!);
      if (field.quoted) p.lit(goQuote(field.name.name), "STRING");
      else p.ident(field.name.name);
      p.ws1(WS_VTAB);
      p.tok("=");
      p.ws1(WS_BLANK);
      this.walkExpr(field.value);
      if (i + 1 < e.fields.length) p.tok(",");
    }
    const rcurly = parsed ? undefined : e.rcurly;
    if (e.fields.length > 0 && prevLine !== (parsed ? e.f.line(e.zo) : rcurly!.line)) {
      p.tok(",");
      p.ws1(WS_FORMFEED);
    }
    p.ws1(WS_UNINDENT);
    if (parsed) p.atO(e.zo, e.f);
    else p.at(rcurly!);
    p.tok("}");
  }

  walkCall(e: Extract<Expr, { kind: "Call" }>): void {
    const p = this.p;
    this.walkExpr(e.value);
    p.tok("(");
    let prevLine = e instanceof CallNode ? e.f.line(e.ao) : e.lparen.line;
    for (let i = 0; i < e.args.length; i++) {
      const arg = e.args[i]!;
      let addedNewline = false;
      if (prevLine !== startLine(arg)) {
        p.ws1(WS_FORMFEED);
        p.ws1(WS_INDENT);
        addedNewline = true;
      }
      this.walkExpr(arg);
      prevLine = endLine(arg);
      if (i + 1 < e.args.length) {
        p.tok(",");
        p.ws1(WS_BLANK);
      }
      if (addedNewline) p.ws1(WS_UNINDENT);
    }
    if (prevLine !== (e instanceof CallNode ? e.f.line(e.zo) : e.rparen.line)) {
      p.tok(",");
      p.ws1(WS_FORMFEED);
    }
    p.tok(")");
  }
}

// ---------------------------------------------------------------------------
// Elastic tabstops (a port of the algorithm of Go's text/tabwriter with
// minwidth 0, tabwidth 8, padding 1, padchar ' ', DiscardEmptyColumns and
// TabIndent).

// The text goes through as UTF-16 code units in typed arrays: the tab writer keeps the text of the
// lines it buffers in one, the trimmer writes the output into another, which becomes a string once.
// (Slicing, joining and re-scanning string pieces at each of the two stages was most of the time
// and garbage of formatting a large file.)

interface Cell {
  size: number;
  width: number;
  htab: boolean;
}

/** A growable buffer of UTF-16 code units. */
class Units {
  a: Uint16Array;
  n = 0;
  constructor(capacity = 1024) {
    this.a = new Uint16Array(Math.max(16, capacity));
  }
  reserve(extra: number): void {
    if (this.n + extra <= this.a.length) return;
    let cap = this.a.length * 2;
    while (cap < this.n + extra) cap *= 2;
    const b = new Uint16Array(cap);
    b.set(this.a.subarray(0, this.n));
    this.a = b;
  }
}

class TabWriter {
  constructor(readonly sink: Trimmer) {}
  /** Text of the buffered lines (without the cell terminators). */
  private readonly buf = new Units();
  private cell: Cell = { size: 0, width: 0, htab: false };
  private inEscape = false;
  private lines: Cell[][] = [[]];
  private widths: number[] = [];

  private reset(): void {
    this.pendingRunes = 0;
    this.buf.n = 0;
    this.cell = { size: 0, width: 0, htab: false };
    this.inEscape = false;
    this.lines = [[]];
    this.widths = [];
  }

  /** Runes appended since the last updateWidth (Go re-reads them from the buffer). */
  private pendingRunes = 0;

  /** Appends text[from:to] to the buffer and the current cell. */
  private appendText(text: string, from: number, to: number): void {
    if (to <= from) return;
    const b = this.buf;
    b.reserve(to - from);
    const a = b.a;
    let n = b.n;
    let runes = 0;
    for (let i = from; i < to; i++) {
      const c = text.charCodeAt(i);
      a[n++] = c;
      if (c < 0xdc00 || c > 0xdfff) runes++;
    }
    b.n = n;
    this.cell.size += to - from;
    this.pendingRunes += runes;
  }

  private updateWidth(): void {
    this.cell.width += this.pendingRunes;
    this.pendingRunes = 0;
  }

  private endEscape(): void {
    this.updateWidth();
    this.cell.width -= 2;
    this.inEscape = false;
  }

  private terminateCell(htab: boolean): number {
    this.cell.htab = htab;
    const line = this.lines[this.lines.length - 1]!;
    line.push(this.cell);
    this.cell = { size: 0, width: 0, htab: false };
    return line.length;
  }

  private writePadding(textw: number, cellw: number, useTabs: boolean): void {
    if (useTabs) {
      cellw = Math.ceil(cellw / 8) * 8;
      const n = cellw - textw;
      this.sink.repeat(9, Math.ceil(n / 8));
      return;
    }
    this.sink.repeat(32, cellw - textw);
  }

  private writeLines(pos0: number, line0: number, line1: number): number {
    let pos = pos0;
    const sink = this.sink;
    const buf = this.buf.a;
    for (let i = line0; i < line1; i++) {
      const line = this.lines[i]!;
      let useTabs = true;
      for (let j = 0; j < line.length; j++) {
        const c = line[j]!;
        if (c.size === 0) {
          if (j < this.widths.length) this.writePadding(c.width, this.widths[j]!, useTabs);
        } else {
          useTabs = false;
          sink.units(buf, pos, pos + c.size);
          pos += c.size;
          if (j < this.widths.length) this.writePadding(c.width, this.widths[j]!, false);
        }
      }
      if (i + 1 === this.lines.length) {
        sink.units(buf, pos, pos + this.cell.size);
        pos += this.cell.size;
      } else {
        sink.unit(10);
      }
    }
    return pos;
  }

  /**
   * Go's text/tabwriter format(), which recurses once per column; run here with an explicit stack
   * so that a line with thousands of cells (thousands of `=` in a one-line object) cannot
   * overflow the JavaScript stack.
   */
  private format(pos0: number, line0: number, line1: number): number {
    interface Frame {
      line0: number;
      line1: number;
      cur: number;
    }
    let pos = pos0;
    const stack: Frame[] = [{ line0, line1, cur: line0 }];
    while (stack.length > 0) {
      const f = stack[stack.length - 1]!;
      const column = stack.length - 1;
      let descended = false;
      for (; f.cur < f.line1; f.cur++) {
        let line = this.lines[f.cur]!;
        if (column >= line.length - 1) continue;
        pos = this.writeLines(pos, f.line0, f.cur);
        f.line0 = f.cur;
        let width = 0;
        let discardable = true;
        let cur = f.cur;
        for (; cur < f.line1; cur++) {
          line = this.lines[cur]!;
          if (column >= line.length - 1) break;
          const c = line[column]!;
          const w = c.width + 1;
          if (w > width) width = w;
          if (c.width > 0 || c.htab) discardable = false;
        }
        if (discardable) width = 0;
        this.widths.push(width);
        // Recurse on [f.line0, cur); resume this frame at cur afterwards.
        stack.push({ line0: f.line0, line1: cur, cur: f.line0 });
        f.cur = cur;
        descended = true;
        break;
      }
      if (descended) continue;
      pos = this.writeLines(pos, f.line0, f.line1);
      stack.pop();
      if (stack.length > 0) {
        this.widths.pop();
        const parent = stack[stack.length - 1]!;
        // Go: `line0 = cur` after the recursive call; the line at cur ends the block and is skipped.
        parent.line0 = parent.cur;
      }
    }
    return pos;
  }

  private flushNoDefers(): void {
    if (this.cell.size > 0) {
      if (this.inEscape) this.endEscape();
      this.terminateCell(false);
    }
    // No line of more than one cell (nothing to align: most flushes): format() would write the lines as they are.
    const lines = this.lines;
    let cells = 0;
    for (let i = 0; i < lines.length && cells <= 1; i++) if (lines[i]!.length > cells) cells = lines[i]!.length;
    if (cells <= 1) this.writeLines(0, 0, lines.length);
    else this.format(0, 0, lines.length);
    this.reset();
  }

  write(text: string): void {
    let n = 0;
    for (let i = 0; i < text.length; i++) {
      const ch = text.charCodeAt(i);
      if (!this.inEscape) {
        if (ch === 9 || ch === 11 || ch === 10 || ch === 12) {
          this.appendText(text, n, i);
          this.updateWidth();
          n = i + 1;
          const ncells = this.terminateCell(ch === 9);
          if (ch === 10 || ch === 12) {
            this.lines.push([]);
            if (ch === 12 || ncells === 1) this.flushNoDefers();
          }
        } else if (ch === 0xffff) {
          this.appendText(text, n, i);
          this.updateWidth();
          n = i;
          this.inEscape = true;
        }
      } else if (ch === 0xffff) {
        this.appendText(text, n, i + 1);
        n = i + 1;
        this.endEscape();
      }
    }
    if (n < text.length) this.appendText(text, n, text.length);
  }

  /** Flushes what is buffered and returns the trimmed output. */
  flush(): string {
    this.flushNoDefers();
    return this.sink.result();
  }
}

/**
 * Removes escape markers and trailing blanks/tabs of every line; \v→\t, \f→\n outside escapes
 * (Alloy's printer trimmer). Streaming: fed the tab writer's output unit by unit.
 */
class Trimmer {
  /** sizeHint: the expected length of the output (the source's, when formatting a parsed file). */
  constructor(sizeHint = 0) {
    this.a = new Uint8Array(Math.max(16, sizeHint + 1024));
  }
  /**
   * The output: one byte per unit while every unit is below 0x100 (Latin-1, what the string of an
   * ASCII file holds too), two bytes from the first unit past it.
   */
  private a: Uint8Array | Uint16Array;
  private n = 0;
  private wide = false;
  private state = 0; // 0 space, 1 escape, 2 text
  /** In state 0: where the pending blanks and tabs start in the output (dropped at a line end). */
  private spaceStart = 0;

  private reserve(extra: number): void {
    if (this.n + extra <= this.a.length) return;
    let cap = this.a.length * 2;
    while (cap < this.n + extra) cap *= 2;
    const b = this.wide ? new Uint16Array(cap) : new Uint8Array(cap);
    b.set(this.a.subarray(0, this.n));
    this.a = b;
  }

  /** From one byte per unit to two (a unit past 0xff is coming). */
  private widen(): void {
    const b = new Uint16Array(this.a.length);
    b.set(this.a.subarray(0, this.n));
    this.a = b;
    this.wide = true;
  }

  unit(b: number): void {
    this.units(ONE_UNIT[b] ??= Uint16Array.of(b), 0, 1);
  }

  repeat(b: number, n: number): void {
    if (n <= 0) return;
    const run = REPEATS[b] ??= new Uint16Array(256).fill(b);
    for (; n > 256; n -= 256) this.units(run, 0, 256);
    this.units(run, 0, n);
  }

  /**
   * src[from:to] into the output: escape markers removed, trailing blanks and tabs of every line
   * dropped, \v as \t and, outside escapes, \f as \n.
   */
  units(src: Uint16Array, from: number, to: number): void {
    if (to <= from) return;
    this.reserve(to - from);
    let a = this.a;
    let n = this.n;
    let state = this.state;
    let spaceStart = this.spaceStart;
    for (let i = from; i < to; i++) {
      let b = src[i]!;
      if (b === 11) b = 9;
      if (b > 0xff && !this.wide && b !== 0xffff) {
        this.n = n;
        this.widen();
        a = this.a;
      }
      if (state === 2) {
        if (b === 9 || b === 32) {
          state = 0;
          spaceStart = n;
          a[n++] = b;
        } else if (b === 10 || b === 12) {
          state = 0;
          a[n++] = 10;
          spaceStart = n;
        } else if (b === 0xffff) {
          state = 1;
        } else {
          a[n++] = b;
        }
      } else if (state === 0) {
        if (b === 9 || b === 32) a[n++] = b;
        else if (b === 10 || b === 12) {
          n = spaceStart;
          a[n++] = 10;
          spaceStart = n;
        } else if (b === 0xffff) {
          state = 1;
        } else {
          state = 2;
          a[n++] = b;
        }
      } else if (b === 0xffff) {
        state = 0;
        spaceStart = n;
      } else {
        // escaped text is kept as it is, but for vertical tabs (mapped above)
        a[n++] = b;
      }
    }
    this.n = n;
    this.state = state;
    this.spaceStart = spaceStart;
  }

  result(): string {
    // Blanks pending at the end are dropped.
    const n = this.state === 0 ? this.spaceStart : this.n;
    const a = this.a;
    return this.wide ? Buffer.from(a.buffer, a.byteOffset, n * 2).toString("utf16le") : Buffer.from(a.buffer, a.byteOffset, n).toString("latin1");
  }
}

const ONE_UNIT: Uint16Array[] = [];
const REPEATS: Uint16Array[] = [];

// Small integers only: a Position holding a non-Smi number (MAX_SAFE_INTEGER) turns the fields of
// every Position object into boxed doubles, three extra heap objects per position.
const FAR_NUM = 2 ** 30 - 1;

/** Prints a node exactly as Alloy's printer.Fprint does (no trailing newline). */
export function printNode(node: File | Stmt | Expr): string {
  const first = node.kind === "File" ? node.body[0] : undefined;
  const tw = new TabWriter(new Trimmer(first instanceof BlockNode || first instanceof AttributeNode ? first.f.src.length : 0));
  const p = new Printer(tw);
  const w = new Walker(p);
  if (node.kind === "File") {
    p.setComments(node.comments);
    w.walkStmts(node.body);
  } else if (node.kind === "Attribute" || node.kind === "Block") {
    w.walkStmts([node]);
  } else {
    w.walkExpr(node);
  }
  p.flush(FAR_NUM, FAR_NUM, "EOF");
  return tw.flush();
}

function hasLayout(file: File): boolean {
  // (a parsed node has a position where its offset is not -1: no line is worked out here)
  const startValid = (n: Node): boolean => {
    if (n instanceof AttributeNode || n instanceof LiteralNode || n instanceof IdentifierNode) return n.o >= 0;
    if (n instanceof ArrayNode || n instanceof ObjectNode) return n.ao >= 0;
    if (n instanceof AccessNode) return startValid(n.value);
    return posValid(startPos(n));
  };
  const hasPos = (st: Stmt): boolean =>
    st instanceof BlockNode
      ? st.no >= 0 && st.zo >= 0 && st.body.every(hasPos)
      : startValid(st) && (st.kind === "Attribute" ? startValid(st.value) : posValid(st.rcurly) && st.body.every(hasPos));
  return file.body.every(hasPos);
}

/**
 * Prints a file in canonical form, ending with exactly one newline (what
 * `alloy fmt` writes; "\n" for an empty file). Files built with build.ts (no positions) are laid out
 * first.
 */
export function print(file: File): string {
  let f = file;
  if (!hasLayout(file)) {
    const src = layout(file);
    const r = parse(src, file.name);
    if (hasErrors(r.diagnostics)) {
      throw new Error(`print: built AST is not valid Alloy: ${r.diagnostics.map(diagnosticString).join("; ")}`);
    }
    f = r.file;
  }
  // internal/alloycli/cmd_fmt.go:112-118: printer output, then one '\n' (so an empty or
  // whitespace-only file formats to a single newline).
  return printNode(f) + "\n";
}

export class FormatError extends Error {
  constructor(readonly diagnostics: Diagnostic[]) {
    super(diagnostics.length > 0 ? diagnosticString(diagnostics[0]!) + (diagnostics.length > 1 ? ` (and ${diagnostics.length - 1} more diagnostics)` : "") : "format error");
  }
}

/** Formats Alloy source; throws FormatError (with diagnostics) on syntax errors. */
export function format(src: string, filename = ""): string {
  const r = parse(src, filename);
  if (hasErrors(r.diagnostics)) throw new FormatError(r.diagnostics);
  return print(r.file);
}

/** Like format, but returns diagnostics instead of throwing. */
export function tryFormat(src: string, filename = ""): { output?: string; diagnostics: Diagnostic[] } {
  const r = parse(src, filename);
  if (hasErrors(r.diagnostics)) return { diagnostics: r.diagnostics };
  return { output: print(r.file), diagnostics: r.diagnostics };
}

// ---------------------------------------------------------------------------
// Layout of position-less (built) ASTs: render one construct per line, which
// the canonical printer then turns into the standard form.

/** Comments attached to built nodes (see build.ts). */
export interface LeadingComments {
  leadingComments?: string[];
}

function layoutComments(n: object, indent: string, out: string[]): void {
  const lc = (n as LeadingComments).leadingComments;
  if (lc) for (const c of lc) for (const line of c.split("\n")) out.push(indent + (line === "" ? "//" : "// " + line));
}

function layout(file: File): string {
  const out: string[] = [];
  layoutBody(file.body, "", out);
  return out.join("\n") + "\n";
}

function layoutBody(body: Stmt[], indent: string, out: string[]): void {
  body.forEach((s, i) => {
    if (i > 0 && (s.kind === "Block" || body[i - 1]!.kind === "Block" || (s as LeadingComments).leadingComments)) out.push("");
    layoutComments(s, indent, out);
    if (s.kind === "Attribute") {
      out.push(indent + s.name.name + " = " + layoutExpr(s.value, indent));
      layoutTrailing(s, indent, out);
    } else {
      const head = s.name.join(".") + (s.label !== "" ? " " + goQuote(s.label) : "");
      if (s.body.length === 0) out.push(indent + head + " { }");
      else {
        out.push(indent + head + " {");
        layoutBody(s.body, indent + "\t", out);
        out.push(indent + "}");
      }
      layoutTrailing(s, indent, out);
    }
  });
}

function layoutTrailing(n: object, indent: string, out: string[]): void {
  const tc = (n as { trailingComments?: string[] }).trailingComments;
  if (tc) for (const c of tc) for (const line of c.split("\n")) out.push(indent + (line === "" ? "//" : "// " + line));
}

function isMultiline(e: Expr): boolean {
  if (e.kind === "Object") return e.fields.length > 0;
  if (e.kind === "Array") return e.elements.some((x) => x.kind === "Object" || x.kind === "Array" || isMultiline(x)) || (e as { multiline?: boolean }).multiline === true;
  if (e.kind === "Call") return e.args.some(isMultiline);
  return false;
}

function layoutExpr(e: Expr, indent: string): string {
  switch (e.kind) {
    case "Literal":
      return e.value;
    case "Identifier":
      return e.ident.name;
    case "Access":
      return layoutExpr(e.value, indent) + "." + e.name.name;
    case "Index":
      return layoutExpr(e.value, indent) + "[" + layoutExpr(e.index, indent) + "]";
    case "Call": {
      if (!e.args.some(isMultiline)) return layoutExpr(e.value, indent) + "(" + e.args.map((a) => layoutExpr(a, indent)).join(", ") + ")";
      const inner = indent + "\t";
      return layoutExpr(e.value, indent) + "(\n" + e.args.map((a) => inner + layoutExpr(a, inner) + ",\n").join("") + indent + ")";
    }
    case "Unary":
      return e.op + layoutExpr(e.value, indent);
    case "Binary":
      return layoutExpr(e.left, indent) + " " + e.op + " " + layoutExpr(e.right, indent);
    case "Paren":
      return "(" + layoutExpr(e.inner, indent) + ")";
    case "Array": {
      if (e.elements.length === 0) return "[]";
      if (!isMultiline(e)) return "[" + e.elements.map((a) => layoutExpr(a, indent)).join(", ") + "]";
      if (e.elements.length === 1 && e.elements[0]!.kind === "Object" && !(e as { multiline?: boolean }).multiline) return "[" + layoutExpr(e.elements[0]!, indent) + "]";
      const inner = indent + "\t";
      return "[\n" + e.elements.map((a) => inner + layoutExpr(a, inner) + ",\n").join("") + indent + "]";
    }
    case "Object": {
      if (e.fields.length === 0) return "{}";
      const inner = indent + "\t";
      const lines: string[] = [];
      for (const f of e.fields) {
        const tmp: string[] = [];
        layoutComments(f, inner, tmp);
        lines.push(...tmp);
        lines.push(inner + (f.quoted ? goQuote(f.name.name) : f.name.name) + " = " + layoutExpr(f.value, inner) + ",");
      }
      return "{\n" + lines.join("\n") + "\n" + indent + "}";
    }
  }
}

export type { Comment };
