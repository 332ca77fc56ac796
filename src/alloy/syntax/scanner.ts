// Lexical scanner for Alloy syntax. Mirrors the behaviour of Alloy's Go
// scanner: automatic insertion of TERMINATOR tokens at line ends, comments
// returned as tokens, and the same error messages.
import type { Position } from "./ast.ts";

// A regular enum, not `const enum`: tsx transforms one file at a time, so another module's
// `T.IDENT` cannot be inlined and goes through the module namespace's getter; the parser copies
// the enum object into a local binding once instead (issue #11: ~10% of parse time).
export enum T {
  ILLEGAL,
  EOF,
  COMMENT,
  IDENT,
  NUMBER,
  FLOAT,
  STRING,
  BOOL,
  NULL,
  OR,
  AND,
  NOT,
  ASSIGN,
  EQ,
  NEQ,
  LT,
  LTE,
  GT,
  GTE,
  ADD,
  SUB,
  MUL,
  DIV,
  MOD,
  POW,
  LCURLY,
  RCURLY,
  LPAREN,
  RPAREN,
  LBRACK,
  RBRACK,
  COMMA,
  DOT,
  TERMINATOR,
}

const NAMES: string[] = [
  "ILLEGAL", "EOF", "COMMENT", "IDENT", "NUMBER", "FLOAT", "STRING", "BOOL", "NULL",
  "||", "&&", "!", "=", "==", "!=", "<", "<=", ">", ">=", "+", "-", "*", "/", "%", "^",
  "{", "}", "(", ")", "[", "]", ",", ".", "TERMINATOR",
];

export function tokenString(t: T): string {
  return NAMES[t] ?? "ILLEGAL";
}

export function isLiteralToken(t: T): boolean {
  return t === T.IDENT || t === T.NUMBER || t === T.FLOAT || t === T.STRING;
}

const EOF_CH = -1;
const NON_ASCII = /[^\x00-\x7f]/;
const LETTER_RE = /\p{L}/u;
const DIGIT_RE = /\p{Nd}/u;

function isLetter(ch: number): boolean {
  return (ch >= 97 && ch <= 122) || (ch >= 65 && ch <= 90) || ch === 95 || (ch >= 0x80 && LETTER_RE.test(String.fromCharCode(ch)));
}
function isDecimal(ch: number): boolean {
  return ch >= 48 && ch <= 57;
}
function isDigit(ch: number): boolean {
  return isDecimal(ch) || (ch >= 0x80 && DIGIT_RE.test(String.fromCharCode(ch)));
}

/** Reports whether s is a valid Alloy identifier. */
export function isValidIdentifier(s: string): boolean {
  if (s.length === 0) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (i === 0 ? !isLetter(c) : !(isLetter(c) || isDigit(c))) return false;
  }
  return true;
}

export type ErrorHandler = (pos: Position, msg: string) => void;

/** Formats a code point like Go's %#U verb: U+0040 '@'. */
function goU(ch: number): string {
  const hex = ch.toString(16).toUpperCase().padStart(4, "0");
  const printable = ch >= 0x20 && ch !== 0x7f && !(ch >= 0x80 && ch < 0xa0);
  return printable ? `U+${hex} '${String.fromCodePoint(ch)}'` : `U+${hex}`;
}

/**
 * Lines of a source: the offset each starts at (filled by the scanner as it reads), and the
 * conversion of an offset already read to a line and a byte column. The syntax tree keeps offsets
 * and this object, not lines and columns: they are worked out when asked for (diagnostics, the
 * printer's line breaks), instead of for every token of a large file (issue #11).
 */
export class SourceLines {
  readonly src: string;
  /** Offsets at which each line starts (index 0 = line 1). */
  readonly starts: number[] = [0];
  /** src[0:asciiUpTo] is ASCII (one UTF-8 byte per UTF-16 unit). */
  private readonly asciiUpTo: number;
  /** The line last looked up: lookups mostly go forward through the file. */
  private idx = 0;

  constructor(src: string) {
    this.src = src;
    const m = NON_ASCII.exec(src);
    this.asciiUpTo = m === null ? src.length : m.index;
  }

  /** Index (0-based) of the line holding an offset already scanned past. */
  lineIndex(offset: number): number {
    const ls = this.starts;
    const last = ls.length - 1;
    const i = this.idx;
    if (i <= last && ls[i]! <= offset) {
      if (i === last || offset < ls[i + 1]!) return i;
      if (i + 1 === last || offset < ls[i + 2]!) return (this.idx = i + 1);
    }
    if (offset >= ls[last]!) return (this.idx = last);
    let lo = 0;
    let hi = last;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (ls[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return (this.idx = lo);
  }

  /** 1-based line of an offset already scanned past. */
  line(offset: number): number {
    return this.lineIndex(offset) + 1;
  }

  position(offset: number): Position {
    const i = this.lineIndex(offset);
    return { offset, line: i + 1, column: this.byteColumn(i, offset) };
  }

  // Cache of the last column computed: positions are mostly asked for in increasing order, so a
  // long line is walked once, not once per token.
  private colLine = -1;
  private colOffset = 0;
  private colBytes = 0;

  /**
   * 1-based column in bytes of UTF-8, as Alloy counts them (token.Position.Column is a byte
   * count: syntax/token/file.go); a BOM at the start of the file counts its 3 bytes.
   */
  byteColumn(lineIdx: number, offset: number): number {
    const start = this.starts[lineIdx]!;
    // Only ASCII before the offset: a byte per character.
    if (offset <= this.asciiUpTo) return offset - start + 1;
    let i = start;
    let bytes = 0;
    if (this.colLine === lineIdx && this.colOffset <= offset) {
      i = this.colOffset;
      bytes = this.colBytes;
    }
    const src = this.src;
    for (; i < offset; i++) {
      const c = src.charCodeAt(i);
      if (c < 0x80) bytes += 1;
      else if (c < 0x800) bytes += 2;
      else if (c >= 0xd800 && c <= 0xdbff) bytes += 2; // high surrogate: 2 of the pair's 4 bytes
      else if (c >= 0xdc00 && c <= 0xdfff) bytes += 2;
      else bytes += 3;
    }
    this.colLine = lineIdx;
    this.colOffset = offset;
    this.colBytes = bytes;
    return bytes + 1;
  }
}

export class Scanner {
  readonly src: string;
  private readonly err: ErrorHandler | undefined;
  /** Offsets at which each line starts (index 0 = line 1): the lines' own array. */
  readonly lineStarts: number[];
  /** Lines and byte columns of the source, for the syntax tree's positions. */
  readonly lines: SourceLines;
  private ch: number = EOF_CH;
  private offset = 0;
  private readOffset = 0;
  private insertTerm = false;
  numErrors = 0;

  // Result of the last scan.
  tok: T = T.EOF;
  lit = "";
  tokOffset = 0;

  constructor(src: string, err?: ErrorHandler) {
    this.src = src;
    this.err = err;
    this.lines = new SourceLines(src);
    this.lineStarts = this.lines.starts;
    this.next();
    if ((this.ch as number) === 0xfeff) this.next();
  }

  /** Position for an offset already scanned past. */
  positionFor(offset: number): Position {
    return this.lines.position(offset);
  }

  /** Line and column of lineCol()'s offset (numbers). */
  resLine = 1;
  resColumn = 1;

  /** Sets resLine and resColumn to the position of an offset already scanned past. */
  lineCol(offset: number): void {
    const i = this.lines.lineIndex(offset);
    this.resLine = i + 1;
    this.resColumn = this.lines.byteColumn(i, offset);
  }

  private next(): void {
    if (this.readOffset >= this.src.length) {
      this.offset = this.src.length;
      if ((this.ch as number) === 10) this.addLine(this.offset);
      this.ch = EOF_CH;
      return;
    }
    this.offset = this.readOffset;
    if ((this.ch as number) === 10) this.addLine(this.offset);
    const r = this.src.charCodeAt(this.readOffset);
    if (r === 0) this.onError(this.offset, "illegal character NUL");
    else if (r === 0xfeff && this.offset > 0) this.onError(this.offset, "illegal byte order mark");
    this.readOffset++;
    this.ch = r;
  }

  private addLine(off: number): void {
    const ls = this.lineStarts;
    if (off > ls[ls.length - 1]!) ls.push(off);
  }

  private peek(): number {
    return this.readOffset < this.src.length ? this.src.charCodeAt(this.readOffset) : 0;
  }

  private onError(offset: number, msg: string): void {
    if (this.err) this.err(this.positionFor(offset), msg);
    this.numErrors++;
  }

  /** Scans the next token into tok/lit/tokOffset and returns tok. */
  scan(): T {
    for (;;) {
      // skip whitespace (spaces, tabs and carriage returns inline: aligned files have many)
      const src = this.src;
      for (;;) {
        const c = this.ch as number;
        if (c === 32 || c === 9 || c === 13) {
          const r = this.readOffset < src.length ? src.charCodeAt(this.readOffset) : 0;
          if (r !== 0 && r !== 0xfeff) {
            this.offset = this.readOffset++;
            this.ch = r;
          } else this.next();
        } else if (c === 10 && !this.insertTerm) this.next();
        else break;
      }
      const start = this.offset;
      this.tokOffset = start;
      let insertTerm = false;
      let tok: T;
      let lit = "";
      const ch = this.ch;
      if (isLetter(ch)) {
        lit = this.scanIdentifier();
        if (lit.length > 1) {
          tok = lit === "true" || lit === "false" ? T.BOOL : lit === "null" ? T.NULL : T.IDENT;
        } else tok = T.IDENT;
        insertTerm = true;
      } else if (isDecimal(ch) || (ch === 46 && isDecimal(this.peek()))) {
        insertTerm = true;
        [tok, lit] = this.scanNumber();
      } else {
        this.next();
        switch (ch) {
          case EOF_CH:
            if (this.insertTerm) {
              this.insertTerm = false;
              this.tok = T.TERMINATOR;
              this.lit = "\n";
              return T.TERMINATOR;
            }
            tok = T.EOF;
            break;
          case 10:
            this.insertTerm = false;
            this.tok = T.TERMINATOR;
            this.lit = "\n";
            return T.TERMINATOR;
          case 39: // '
            this.onError(start, "illegal single-quoted string; use double quotes");
            insertTerm = true;
            tok = T.ILLEGAL;
            this.scanString(start, 39, true, false);
            lit = this.src.slice(start, this.offset);
            break;
          case 34: // "
            insertTerm = true;
            tok = T.STRING;
            this.scanString(start, 34, true, false);
            lit = this.intern(start, this.offset);
            break;
          case 96: // `
            insertTerm = true;
            tok = T.STRING;
            this.scanString(start, 96, false, true);
            lit = this.src.slice(start, this.offset);
            break;
          case 124: // |
            if ((this.ch as number) !== 124) this.onError(this.offset, "missing second | in ||");
            else this.next();
            tok = T.OR;
            break;
          case 38: // &
            if ((this.ch as number) !== 38) this.onError(this.offset, "missing second & in &&");
            else this.next();
            tok = T.AND;
            break;
          case 33:
            tok = this.switch2(T.NOT, T.NEQ);
            break;
          case 61:
            tok = this.switch2(T.ASSIGN, T.EQ);
            break;
          case 60:
            tok = this.switch2(T.LT, T.LTE);
            break;
          case 62:
            tok = this.switch2(T.GT, T.GTE);
            break;
          case 43:
            tok = T.ADD;
            break;
          case 45:
            tok = T.SUB;
            break;
          case 42:
            tok = T.MUL;
            break;
          case 47: // /
            if ((this.ch as number) === 47 || (this.ch as number) === 42) {
              if (this.insertTerm && this.findLineEnd(start)) {
                // Rewind to the start of the comment; emit a terminator first.
                this.offset = start;
                this.readOffset = start + 1;
                this.ch = 47;
                this.insertTerm = false;
                this.tokOffset = start;
                this.tok = T.TERMINATOR;
                this.lit = "\n";
                return T.TERMINATOR;
              }
              lit = this.scanComment(start);
              tok = T.COMMENT;
            } else tok = T.DIV;
            break;
          case 37:
            tok = T.MOD;
            break;
          case 94:
            tok = T.POW;
            break;
          case 123:
            tok = T.LCURLY;
            break;
          case 125:
            insertTerm = true;
            tok = T.RCURLY;
            break;
          case 40:
            tok = T.LPAREN;
            break;
          case 41:
            insertTerm = true;
            tok = T.RPAREN;
            break;
          case 91:
            tok = T.LBRACK;
            break;
          case 93:
            insertTerm = true;
            tok = T.RBRACK;
            break;
          case 44:
            tok = T.COMMA;
            break;
          case 46:
            tok = T.DOT;
            break;
          default: {
            let cp = ch;
            if (ch >= 0xd800 && ch <= 0xdbff && (this.ch as number) >= 0xdc00 && (this.ch as number) <= 0xdfff) {
              cp = ((ch - 0xd800) << 10) + ((this.ch as number) - 0xdc00) + 0x10000;
              this.next();
            }
            if (ch !== 0xfeff) this.onError(start, `illegal character ${goU(cp)}`);
            insertTerm = this.insertTerm;
            tok = T.ILLEGAL;
            lit = String.fromCodePoint(cp);
          }
        }
      }
      this.insertTerm = insertTerm;
      this.tok = tok;
      this.lit = lit;
      return tok;
    }
  }

  // Identifiers and short strings repeat (attribute names, labels, label values): one copy each
  // instead of one per occurrence keeps the syntax tree of a large file smaller. The table is
  // looked up with the source range itself (open addressing, hash of the characters), so a string
  // seen before costs no slice and no Map hashing of a fresh string.
  private iStrs: (string | undefined)[] = new Array<string | undefined>(1024).fill(undefined);
  private iHash = new Int32Array(1024);
  private iCount = 0;

  /** src[start:end], one copy per distinct short text. */
  private intern(start: number, end: number): string {
    if (end - start > 48) return this.src.slice(start, end);
    let h = 0;
    for (let j = start; j < end; j++) h = (Math.imul(h, 31) + this.src.charCodeAt(j)) | 0;
    return this.internHashed(start, end, h);
  }

  /** intern() with the characters' hash h (the scanner computes it as it reads identifiers). */
  private internHashed(start: number, end: number, h: number): string {
    const src = this.src;
    const len = end - start;
    if (len > 48) return src.slice(start, end);
    h = (h + len) | 0;
    const strs = this.iStrs;
    const mask = strs.length - 1;
    let i = h & mask;
    for (;;) {
      const c = strs[i];
      if (c === undefined) break;
      if (this.iHash[i] === h && c.length === len) {
        let j = 0;
        while (j < len && c.charCodeAt(j) === src.charCodeAt(start + j)) j++;
        if (j === len) return c;
      }
      i = (i + 1) & mask;
    }
    const str = src.slice(start, end);
    if (this.iCount < 200_000) {
      strs[i] = str;
      this.iHash[i] = h;
      if (++this.iCount * 2 > strs.length) this.growInterned();
    }
    return str;
  }

  private growInterned(): void {
    const old = this.iStrs;
    const oldHash = this.iHash;
    const strs = new Array<string | undefined>(old.length * 2).fill(undefined);
    const hashes = new Int32Array(old.length * 2);
    const mask = strs.length - 1;
    for (let k = 0; k < old.length; k++) {
      const c = old[k];
      if (c === undefined) continue;
      let i = oldHash[k]! & mask;
      while (strs[i] !== undefined) i = (i + 1) & mask;
      strs[i] = c;
      hashes[i] = oldHash[k]!;
    }
    this.iStrs = strs;
    this.iHash = hashes;
  }

  private switch2(a: T, b: T): T {
    if ((this.ch as number) === 61) {
      this.next();
      return b;
    }
    return a;
  }

  private scanIdentifier(): string {
    const off = this.offset;
    const src = this.src;
    let i = this.readOffset;
    const n = src.length;
    // The hash intern() would compute, as the characters go by.
    let h = src.charCodeAt(off);
    while (i < n) {
      const b = src.charCodeAt(i);
      if ((b >= 97 && b <= 122) || (b >= 65 && b <= 90) || b === 95 || (b >= 48 && b <= 57)) {
        h = (Math.imul(h, 31) + b) | 0;
        i++;
        continue;
      }
      break;
    }
    // Position the scanner on the character at i.
    this.readOffset = i;
    if (i >= n) {
      this.offset = n;
      this.ch = EOF_CH;
      return this.internHashed(off, n, h);
    }
    const b = src.charCodeAt(i);
    if (b < 0x80) {
      this.offset = i;
      this.readOffset = i + 1;
      this.ch = b;
      if (b === 0) this.onError(i, "illegal character NUL");
      return this.internHashed(off, i, h);
    }
    this.next();
    while (isLetter((this.ch as number)) || isDigit((this.ch as number))) this.next();
    return this.intern(off, this.offset);
  }

  private digits(): number {
    let count = 0;
    while (isDecimal((this.ch as number))) {
      this.next();
      count++;
    }
    return count;
  }

  private scanNumber(): [T, string] {
    let tok = T.NUMBER;
    const off = this.offset;
    if ((this.ch as number) !== 46) this.digits();
    if ((this.ch as number) === 46) {
      tok = T.FLOAT;
      this.next();
      this.digits();
    }
    if ((this.ch as number) === 101 || (this.ch as number) === 69) {
      tok = T.FLOAT;
      this.next();
      if ((this.ch as number) === 43 || (this.ch as number) === 45) this.next();
      if (this.digits() === 0) this.onError(off, "exponent has no digits");
    }
    return [tok, this.src.slice(off, this.offset)];
  }

  private scanString(off: number, until: number, escape: boolean, multiline: boolean): void {
    const src = this.src;
    const n = src.length;
    for (;;) {
      // Fast path over ordinary characters: none of them changes the scanner's state but its offset
      // (newlines, NUL, byte order marks, escapes and the closing quote take the path below).
      let i = this.offset;
      if ((this.ch as number) !== EOF_CH) {
        while (i < n) {
          const c = src.charCodeAt(i);
          if (c === until || c === 92 || c === 10 || c === 0 || c === 0xfeff) break;
          i++;
        }
        if (i !== this.offset) {
          this.offset = i;
          if (i >= n) {
            this.readOffset = n;
            this.ch = EOF_CH;
          } else {
            this.readOffset = i + 1;
            this.ch = src.charCodeAt(i);
          }
        }
      }
      const ch = this.ch;
      if ((!multiline && ch === 10) || ch === EOF_CH) {
        this.onError(off, "string literal not terminated");
        break;
      }
      this.next();
      if (ch === until) break;
      if (escape && ch === 92) this.scanEscape();
    }
  }

  private scanEscape(): void {
    const off = this.offset;
    let n: number;
    let base: number;
    let max: number;
    switch ((this.ch as number)) {
      case 97: case 98: case 102: case 110: case 114: case 116: case 118: case 92: case 34:
        this.next();
        return;
      case 48: case 49: case 50: case 51: case 52: case 53: case 54: case 55:
        n = 3; base = 8; max = 255;
        break;
      case 120:
        this.next();
        n = 2; base = 16; max = 255;
        break;
      case 117:
        this.next();
        n = 4; base = 16; max = 0x10ffff;
        break;
      case 85:
        this.next();
        n = 8; base = 16; max = 0x10ffff;
        break;
      default:
        this.onError(off, (this.ch as number) === EOF_CH ? "escape sequence not terminated" : "unknown escape sequence");
        return;
    }
    let x = 0;
    while (n > 0) {
      const d = digitVal((this.ch as number));
      if (d >= base) {
        this.onError(off, (this.ch as number) === EOF_CH ? "escape sequence not terminated" : `illegal character ${goU((this.ch as number))} in escape sequence`);
        return;
      }
      x = x * base + d;
      this.next();
      n--;
    }
    if (x > max || (x >= 0xd800 && x < 0xe000)) this.onError(off, "escape sequence is invalid Unicode code point");
  }

  private scanComment(off: number): string {
    let numCR = 0;
    let block = false;
    if ((this.ch as number) === 47) {
      this.next();
      while ((this.ch as number) !== 10 && (this.ch as number) !== EOF_CH) {
        if ((this.ch as number) === 13) numCR++;
        this.next();
      }
    } else {
      block = true;
      this.next();
      let closed = false;
      while ((this.ch as number) !== EOF_CH) {
        const ch = this.ch;
        if (ch === 13) numCR++;
        this.next();
        if (ch === 42 && (this.ch as number) === 47) {
          this.next();
          closed = true;
          break;
        }
      }
      if (!closed) this.onError(off, "block comment not terminated");
    }
    let lit = this.src.slice(off, this.offset);
    if (numCR > 0 && lit.endsWith("\r")) {
      lit = lit.slice(0, -1);
      numCR--;
    }
    if (numCR > 0) {
      let out = "";
      for (let j = 0; j < lit.length; j++) {
        const c = lit[j]!;
        if (c !== "\r" || (block && out.length > 2 && out.endsWith("*") && lit[j + 1] === "/")) out += c;
      }
      lit = out;
    }
    return lit;
  }

  /** Reports whether the comment(s) starting at `start` run to the end of the line. Does not move the scanner. */
  private findLineEnd(start: number): boolean {
    const src = this.src;
    const n = src.length;
    let i = start + 1; // index of char after the initial '/'
    for (;;) {
      const c = i < n ? src.charCodeAt(i) : -1;
      if (c !== 47 && c !== 42) return false;
      if (c === 47) return true; // line comment
      // block comment: look for newline or end
      i++;
      let ended = false;
      while (i < n) {
        const ch = src.charCodeAt(i);
        if (ch === 10) return true;
        i++;
        if (ch === 42 && i < n && src.charCodeAt(i) === 47) {
          i++;
          ended = true;
          break;
        }
      }
      if (!ended) return true; // reached EOF
      while (i < n) {
        const ch = src.charCodeAt(i);
        if (ch === 32 || ch === 9 || ch === 13) i++;
        else break;
      }
      if (i >= n || src.charCodeAt(i) === 10) return true;
      if (src.charCodeAt(i) !== 47) return false;
      i++; // consume '/', loop checks next char
    }
  }
}

function digitVal(ch: number): number {
  if (ch >= 48 && ch <= 57) return ch - 48;
  const l = ch | 0x20;
  if (l >= 97 && l <= 102) return l - 97 + 10;
  return 16;
}
