// Runs Alloy's own syntax test data (parser, printer, validator) against this
// implementation. The data is read at runtime from ../shared (never copied).
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "./parser.ts";
import { printNode } from "./printer.ts";
import { validate, type StabilityLevel } from "./validator.ts";
import { formatDiagnostics, hasErrors, type Diagnostic } from "./diag.ts";
import { Scanner, T, isLiteralToken, tokenString } from "./scanner.ts";

export const projectRoot = resolve(fileURLToPath(new URL("../../..", import.meta.url)));
/** `../shared` of the project, or OBSTACK_SHARED when set (a worktree that is not a sibling of shared/). */
export const defaultConformanceDir = resolve(process.env.OBSTACK_SHARED ?? resolve(projectRoot, "../shared"), "conformance/alloy-syntax");

export interface CaseResult {
  name: string;
  pass: boolean;
  detail?: string;
}

export interface SuiteResult {
  suite: string;
  cases: CaseResult[];
}

export function passCount(s: SuiteResult): number {
  return s.cases.filter((c) => c.pass).length;
}

/** Expected errors from `/* ERROR "rx" *\/` annotations, keyed by offset (as Alloy's error_test.go). */
export function expectedErrors(src: string): Map<number, string> {
  const out = new Map<number, string>();
  const s = new Scanner(src);
  const errRx = /^\/\* *ERROR *(HERE)? *"([^"]*)" *\*\/$/;
  let prev = 0;
  let here = 0;
  for (;;) {
    const tok = s.scan();
    if (tok === T.EOF) return out;
    if (tok === T.COMMENT) {
      const m = errRx.exec(s.lit);
      if (m) out.set(m[1] === "HERE" ? here : prev, m[2]!);
      continue;
    }
    if (tok === T.TERMINATOR) continue; // newline terminators are skipped
    prev = s.tokOffset;
    const len = isLiteralToken(tok) ? s.lit.length : tokenString(tok).length;
    here = prev + len;
  }
}

/** Converts an RE2 pattern as used in the annotations into a JS RegExp. */
function re2(rx: string): RegExp {
  return new RegExp(rx);
}

export function checkParserErrors(src: string, filename: string): CaseResult {
  const r = parse(src, filename);
  const expected = expectedErrors(src);
  const problems: string[] = [];
  for (const d of r.diagnostics) {
    const msg = expected.get(d.start.offset);
    if (msg === undefined) {
      problems.push(`unexpected error ${d.start.line}:${d.start.column}: ${d.message}`);
      continue;
    }
    if (!re2(msg).test(d.message)) problems.push(`${d.start.line}:${d.start.column}: ${JSON.stringify(d.message)} does not match ${JSON.stringify(msg)}`);
    expected.delete(d.start.offset);
  }
  for (const [off, msg] of expected) problems.push(`error not reported at offset ${off}: ${msg}`);
  return { name: filename, pass: problems.length === 0, ...(problems.length ? { detail: problems.join("\n") } : {}) };
}

/** Decodes a Go fuzz corpus file (`go test fuzz v1` + `[]byte("...")`). */
export function decodeFuzzInput(text: string): string {
  const m = /\[\]byte\(("(?:[^"\\]|\\.)*")\)/.exec(text);
  if (!m) return "";
  const lit = m[1]!;
  let out = "";
  for (let i = 1; i < lit.length - 1; i++) {
    const c = lit[i]!;
    if (c !== "\\") {
      out += c;
      continue;
    }
    const n = lit[++i]!;
    const simple: Record<string, string> = { n: "\n", t: "\t", r: "\r", '"': '"', "\\": "\\", a: "\x07", b: "\b", f: "\f", v: "\v", "'": "'" };
    if (n in simple) out += simple[n];
    else if (n === "x") {
      out += String.fromCharCode(parseInt(lit.slice(i + 1, i + 3), 16));
      i += 2;
    } else if (n === "u") {
      out += String.fromCharCode(parseInt(lit.slice(i + 1, i + 5), 16));
      i += 4;
    } else if (n >= "0" && n <= "7") {
      out += String.fromCharCode(parseInt(lit.slice(i, i + 3), 8));
      i += 2;
    } else out += n;
  }
  return out;
}

/** Splits a txtar archive into its comment and files. */
export function parseTxtar(text: string): { comment: string; files: { name: string; content: string }[] } {
  const lines = text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
  const files: { name: string; content: string }[] = [];
  let comment = "";
  let cur: { name: string; content: string } | undefined;
  for (const line of lines) {
    const m = /^-- (.+?) --\r?\n?$/.exec(line);
    if (m) {
      if (cur) files.push(cur);
      cur = { name: m[1]!, content: "" };
    } else if (cur) cur.content += line;
    else comment += line;
  }
  if (cur) files.push(cur);
  return { comment, files };
}

function trimRight(s: string): string {
  return s.replace(/\s+$/u, "");
}

export function runParserValid(dir: string): SuiteResult {
  const d = join(dir, "syntax/parser/testdata/valid");
  const cases = readdirSync(d)
    .filter((f) => f.endsWith(".alloy"))
    .sort()
    .map((f) => {
      const r = parse(readFileSync(join(d, f), "utf8"), f);
      return { name: f, pass: r.diagnostics.length === 0, ...(r.diagnostics.length ? { detail: r.diagnostics.map((x) => x.message).join("; ") } : {}) };
    });
  return { suite: "parser valid", cases };
}

export function runParserInvalid(dir: string): SuiteResult {
  const d = join(dir, "syntax/parser/testdata");
  const cases = readdirSync(d)
    .filter((f) => f.endsWith(".alloy"))
    .sort()
    .map((f) => checkParserErrors(readFileSync(join(d, f), "utf8"), f));
  return { suite: "parser invalid", cases };
}

export function runParserFuzz(dir: string): SuiteResult {
  const d = join(dir, "syntax/parser/testdata/fuzz/FuzzParser");
  const cases = existsSync(d)
    ? readdirSync(d)
        .sort()
        .map((f) => {
          try {
            parse(decodeFuzzInput(readFileSync(join(d, f), "utf8")), f);
            return { name: f, pass: true };
          } catch (e) {
            return { name: f, pass: false, detail: String(e) };
          }
        })
    : [];
  return { suite: "parser fuzz", cases };
}

export function runPrinter(dir: string): SuiteResult {
  const d = join(dir, "syntax/printer/testdata");
  const cases = readdirSync(d)
    .filter((f) => f.endsWith(".in"))
    .sort()
    .map((f): CaseResult => {
      const base = f.slice(0, -3);
      const r = parse(readFileSync(join(d, f), "utf8"), f);
      const errFile = join(d, base + ".error");
      if (existsSync(errFile)) {
        const want = readFileSync(errFile, "utf8").replace(/\r\n/g, "\n");
        const ok = hasErrors(r.diagnostics) && r.diagnostics.some((x) => x.message.includes(want) || `${x.filename}:${x.start.line}:${x.start.column}: ${x.message}`.includes(want));
        return { name: base, pass: ok, ...(ok ? {} : { detail: `want error containing ${JSON.stringify(want)}` }) };
      }
      if (hasErrors(r.diagnostics)) return { name: base, pass: false, detail: r.diagnostics.map((x) => x.message).join("; ") };
      const got = printNode(r.file);
      const want = trimRight(readFileSync(join(d, base + ".expect"), "utf8"));
      return { name: base, pass: got === want, ...(got === want ? {} : { detail: `got:\n${got}\nwant:\n${want}` }) };
    });
  return { suite: "printer", cases };
}

/** Diagnostics (errors only) for a validator case, formatted as Alloy prints them. */
export function validatorOutput(files: { name: string; content: string }[], stabilityLevel: StabilityLevel = "experimental"): string {
  const diags: Diagnostic[] = [];
  const sources: Record<string, string> = {};
  for (const f of files) {
    sources[f.name] = f.content;
    const r = parse(f.content, f.name);
    diags.push(...r.diagnostics);
    if (!hasErrors(r.diagnostics)) diags.push(...validate(r.file, { filename: f.name, stabilityLevel }));
  }
  return formatDiagnostics(
    diags.filter((d) => d.severity === "error"),
    sources,
  );
}

export function runValidator(dir: string): SuiteResult {
  // Alloy runs testdata/default with featuregate.StabilityExperimental (internal/validator/validate_test.go:42).
  const d = join(dir, "internal/validator/testdata/default");
  const cases = readdirSync(d)
    .filter((f) => f.endsWith(".txtar"))
    .sort()
    .map((f): CaseResult => {
      const base = f.slice(0, -6);
      const { files } = parseTxtar(readFileSync(join(d, f), "utf8"));
      const diagsFile = join(d, base + ".diags");
      const want = existsSync(diagsFile) ? trimRight(readFileSync(diagsFile, "utf8")) : "";
      const got = trimRight(validatorOutput(files));
      return { name: base, pass: got === want, ...(got === want ? {} : { detail: `got:\n${got}\nwant:\n${want}` }) };
    });
  return { suite: "validator", cases };
}

export function runAll(dir = defaultConformanceDir): SuiteResult[] {
  return [runParserValid(dir), runParserInvalid(dir), runParserFuzz(dir), runPrinter(dir), runValidator(dir)];
}
