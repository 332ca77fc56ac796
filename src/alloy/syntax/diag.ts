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
export function formatDiagnostics(
  diags: readonly Diagnostic[],
  src: string | Record<string, string>,
  filename?: string,
): string {
  const files: Record<string, string> = typeof src === "string" ? { [filename ?? ""]: src } : src;
  const out: string[] = [];
  const split = new Map<string, string[]>();
  diags.forEach((d, i) => {
    out.push(d.severity === "error" ? "Error: " : "Warning: ");
    out.push(`${formatPosition(d.filename, d.start)}: ${d.message}\n`);
    const content = files[d.filename];
    if (content !== undefined && d.start.line > 0) {
      let lines = split.get(d.filename);
      if (!lines) split.set(d.filename, (lines = content.split("\n")));
      printRange(out, lines, d.start, d.end && d.end.line > 0 ? d.end : d.start);
    }
    if (i + 1 < diags.length) out.push("\n");
  });
  return out.join("");
}

/** Byte length in UTF-8 of the UTF-16 unit c (a surrogate counts 2: a pair makes 4). */
function utf8Units(c: number): number {
  return c < 0x80 ? 1 : c < 0x800 || (c >= 0xd800 && c <= 0xdfff) ? 2 : 3;
}

function printRange(out: string[], lines: readonly string[], start: Position, end: Position): void {
  out.push("\n");
  const startLine = Math.max(start.line - 1, 1);
  const endLine = Math.min(end.line + 1, lines.length);
  const multiline = end.line - start.line > 0;
  const prefixWidth = String(endLine).length;
  for (let lineNum = startLine; lineNum <= endLine; lineNum++) {
    const line = lines[lineNum - 1] ?? "";
    out.push(String(lineNum).padStart(prefixWidth, " "), " | ");
    if (multiline) out.push(inRange(lineNum, 0, start, end) ? "| " : "  ");
    let text = "";
    for (const ch of line) {
      if (ch === "\r") continue;
      text += ch === "\t" || ch === "\v" ? " ".repeat(TAB_WIDTH) : ch;
    }
    out.push(text, "\n");
    if (lineNum === start.line || (multiline && lineNum === end.line)) {
      out.push(" ".repeat(prefixWidth));
      if (multiline && lineNum === start.line) out.push(" |  _");
      else if (multiline && lineNum === end.line) out.push(" | |_");
      else out.push(" | ");
      const blank = multiline ? "_" : " ";
      let focus = "";
      // Columns are byte columns (Alloy's); one mark per character.
      let column = 1;
      for (let i = 0; i < line.length; column += utf8Units(line.charCodeAt(i)), i++) {
        if (lineNum === end.line && column > end.column) break;
        const c = line.charCodeAt(i);
        if (c >= 0xdc00 && c <= 0xdfff) continue;
        const ch = line[i];
        if (ch === "\t" || ch === "\v") focus += blank.repeat(TAB_WIDTH);
        else if (inRange(lineNum, column, start, end)) focus += "^";
        else focus += blank;
      }
      out.push(focus, "\n");
    }
  }
}
