// Diagnostics and Alloy-style diagnostic printing.
import type { Position } from "./ast.ts";

export type Severity = "error" | "warning";

export interface Diagnostic {
  severity: Severity;
  filename: string;
  start: Position;
  /** Optional inclusive end position (position of the last character). */
  end?: Position;
  message: string;
}

/** `file:line:col` as Alloy prints positions. */
export function formatPosition(filename: string, p: Position): string {
  let s = filename;
  if (p.line > 0) {
    s += (s !== "" ? ":" : "") + p.line;
    if (p.column > 0) s += ":" + p.column;
  }
  return s === "" ? "-" : s;
}

/** One-line form: `file:line:col: message`. */
export function diagnosticString(d: Diagnostic): string {
  return `${formatPosition(d.filename, d.start)}: ${d.message}`;
}

/**
 * Diagnostics kept per source: a file of megabytes of NULs or invalid bytes has an error per byte,
 * millions of objects for at most MAX_PRINTED lines of output. Past the limit they are counted,
 * and one last diagnostic says how many were left out.
 */
export const MAX_DIAGNOSTICS = 10_000;

/** The diagnostic standing for `dropped` diagnostics left out past MAX_DIAGNOSTICS (at the first one's position). */
export function droppedDiagnostics(first: Diagnostic, dropped: number): Diagnostic {
  return { severity: "error", filename: first.filename, start: first.start, message: `${dropped} more errors not listed (at most ${MAX_DIAGNOSTICS} are kept)` };
}

export function hasErrors(diags: readonly Diagnostic[]): boolean {
  return diags.some((d) => d.severity === "error");
}

const TAB_WIDTH = 4;

function inRange(line: number, col: number, start: Position, end: Position): boolean {
  if (line < start.line || line > end.line) return false;
  if (line === start.line) return col >= start.column;
  if (line === end.line) return col <= end.column;
  return true;
}

/**
 * Formats diagnostics exactly like Alloy's diag.Fprint (no colour, one line
 * of context before and after): a header `Error: file:line:col: message`,
 * then a source excerpt with the range underlined by `^`. Diagnostics are
 * separated by a blank line. `sources` maps filenames to contents; when
 * `src` is a string it is the content of `filename`.
 */
/** Diagnostics printed at most; the rest are counted (a file of 8 KB of NULs has 8,000). */
const MAX_PRINTED = 100;
/** Source excerpts show at most this many characters of a line, around the column of interest. */
const WINDOW = 160;
const WINDOW_BEFORE = 60;

export function formatDiagnostics(
  diags: readonly Diagnostic[],
  src: string | Record<string, string>,
  filename?: string,
): string {
  const files: Record<string, string> = typeof src === "string" ? { [filename ?? ""]: src } : src;
  const lineCache = new Map<string, string[]>();
  const linesOf = (name: string): string[] | undefined => {
    const content = files[name];
    if (content === undefined) return undefined;
    let lines = lineCache.get(name);
    if (!lines) lineCache.set(name, (lines = content.split("\n")));
    return lines;
  };
  const out: string[] = [];
  const shown = diags.slice(0, MAX_PRINTED);
  shown.forEach((d, i) => {
    out.push(d.severity === "error" ? "Error: " : "Warning: ");
    out.push(`${formatPosition(d.filename, d.start)}: ${d.message}\n`);
    const lines = linesOf(d.filename);
    if (lines !== undefined && d.start.line > 0) printRange(out, lines, d.start, d.end && d.end.line > 0 ? d.end : d.start);
    if (i + 1 < shown.length) out.push("\n");
  });
  if (diags.length > MAX_PRINTED) out.push(`\n... and ${diags.length - MAX_PRINTED} more diagnostics\n`);
  return out.join("");
}

/** Byte length in UTF-8 of the UTF-16 unit c (a surrogate counts 2: a pair makes 4). */
function utf8Units(c: number): number {
  return c < 0x80 ? 1 : c < 0x800 || (c >= 0xd800 && c <= 0xdfff) ? 2 : 3;
}

/** The byte column (Alloy's, 1-based) of each UTF-16 unit of a line. */
function byteColumns(line: string): number[] {
  const cols = new Array<number>(line.length);
  for (let i = 0, column = 1; i < line.length; column += utf8Units(line.charCodeAt(i)), i++) cols[i] = column;
  return cols;
}

/** The index of the unit at byte column `col` (the last unit before it when it falls inside a character). */
function indexOfColumn(cols: readonly number[], col: number): number {
  let lo = 0;
  let hi = cols.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (cols[mid]! <= col) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** The [from, to) slice of a line shown around column `col` (1-based), and whether it was cut. */
function window(length: number, col: number): { from: number; to: number } {
  if (length <= WINDOW) return { from: 0, to: length };
  const from = Math.max(0, Math.min(col - 1 - WINDOW_BEFORE, length - WINDOW));
  return { from, to: Math.min(length, from + WINDOW) };
}

function printRange(out: string[], lines: readonly string[], start: Position, end: Position): void {
  out.push("\n");
  const startLine = Math.max(start.line - 1, 1);
  const endLine = Math.min(end.line + 1, lines.length);
  const multiline = end.line - start.line > 0;
  const prefixWidth = String(endLine).length;
  for (let lineNum = startLine; lineNum <= endLine; lineNum++) {
    const line = lines[lineNum - 1] ?? "";
    const focusCol = lineNum === end.line && lineNum !== start.line ? end.column : start.column;
    const cols = byteColumns(line);
    const window_ = window(line.length, indexOfColumn(cols, focusCol) + 1);
    // Never start or end the excerpt inside a surrogate pair.
    const from = window_.from > 0 && (line.charCodeAt(window_.from) & 0xfc00) === 0xdc00 ? window_.from + 1 : window_.from;
    const to = window_.to < line.length && (line.charCodeAt(window_.to) & 0xfc00) === 0xdc00 ? window_.to + 1 : window_.to;
    out.push(String(lineNum).padStart(prefixWidth, " "), " | ");
    if (multiline) out.push(inRange(lineNum, 0, start, end) ? "| " : "  ");
    let text = from > 0 ? "…" : "";
    for (let i = from; i < to; i++) {
      const ch = line[i]!;
      if (ch === "\r") continue;
      // Control characters would drive the terminal; each shows as one replacement character.
      text += ch === "\t" || ch === "\v" ? " ".repeat(TAB_WIDTH) : ch < " " || ch === "\u007f" ? "\ufffd" : ch;
    }
    if (to < line.length) text += "…";
    out.push(text, "\n");
    if (lineNum === start.line || (multiline && lineNum === end.line)) {
      out.push(" ".repeat(prefixWidth));
      if (multiline && lineNum === start.line) out.push(" |  _");
      else if (multiline && lineNum === end.line) out.push(" | |_");
      else out.push(" | ");
      const blank = multiline ? "_" : " ";
      let focus = from > 0 ? blank : "";
      // Columns are byte columns (Alloy's); one mark per character.
      for (let i = from; i < to; i++) {
        const c = line.charCodeAt(i);
        if (c >= 0xdc00 && c <= 0xdfff) continue;
        const column = cols[i]!;
        if (lineNum === end.line && column > end.column) break;
        const ch = line[i];
        if (ch === "\t" || ch === "\v") focus += blank.repeat(TAB_WIDTH);
        else if (inRange(lineNum, column, start, end)) focus += "^";
        else focus += blank;
      }
      out.push(focus, "\n");
    }
  }
}
