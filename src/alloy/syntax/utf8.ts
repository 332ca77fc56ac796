// Strict UTF-8 decoding of Alloy sources. Alloy's scanner reports each invalid byte as
// "illegal UTF-8 encoding" (syntax/scanner/scanner.go:151-152 @ 66ebea856dff); Node's
// readFile(…, "utf8") would silently replace them with U+FFFD (and `fmt` would then write the
// replacement characters back).
import { MAX_DIAGNOSTICS, droppedDiagnostics, type Diagnostic } from "./diag.ts";

const fatal = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
const lossy = new TextDecoder("utf-8", { fatal: false, ignoreBOM: true });

/** Length of the valid UTF-8 sequence at i, or 0 when the byte at i starts an invalid one. */
function seqLen(b: Uint8Array, i: number): number {
  const c = b[i]!;
  if (c < 0x80) return 1;
  const cont = (k: number): boolean => i + k < b.length && (b[i + k]! & 0xc0) === 0x80;
  if (c >= 0xc2 && c <= 0xdf) return cont(1) ? 2 : 0;
  if (c >= 0xe0 && c <= 0xef) {
    if (!cont(1) || !cont(2)) return 0;
    const c1 = b[i + 1]!;
    if (c === 0xe0 && c1 < 0xa0) return 0;
    if (c === 0xed && c1 >= 0xa0) return 0; // surrogates
    return 3;
  }
  if (c >= 0xf0 && c <= 0xf4) {
    if (!cont(1) || !cont(2) || !cont(3)) return 0;
    const c1 = b[i + 1]!;
    if (c === 0xf0 && c1 < 0x90) return 0;
    if (c === 0xf4 && c1 >= 0x90) return 0;
    return 4;
  }
  return 0;
}

/** Decodes `buf`; each invalid byte is an error at its line and byte column. */
export function decodeUtf8(buf: Uint8Array, filename: string): { text: string; diagnostics: Diagnostic[] } {
  try {
    return { text: fatal.decode(buf), diagnostics: [] };
  } catch {
    const diagnostics: Diagnostic[] = [];
    let line = 1;
    let lineStart = 0;
    let dropped = 0;
    let firstDropped: Diagnostic | undefined;
    for (let i = 0; i < buf.length; ) {
      const c = buf[i]!;
      if (c === 10) {
        line++;
        lineStart = i + 1;
        i++;
        continue;
      }
      const n = seqLen(buf, i);
      if (n === 0) {
        const d: Diagnostic = { severity: "error", filename, start: { offset: i, line, column: i - lineStart + 1 }, message: "illegal UTF-8 encoding" };
        if (diagnostics.length < MAX_DIAGNOSTICS) diagnostics.push(d);
        else if (dropped++ === 0) firstDropped = d;
        i++;
      } else i += n;
    }
    if (dropped > 0) diagnostics.push(droppedDiagnostics(firstDropped!, dropped));
    return { text: lossy.decode(buf), diagnostics };
  }
}
