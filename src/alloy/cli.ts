// `obstack alloy ...`: formatting and checking of Alloy configuration files.
//
//   alloy fmt [--check] FILE...   rewrite files in canonical form
//                                 (--check: list unformatted files, exit 1, write nothing)
//   alloy check FILE...           parse + validate; exit 1 with diagnostics in Alloy's format
//
// Exit codes: 0 ok, 1 problems found, 2 bad usage (no files, unknown flag, unreadable file).
import { readFile } from "node:fs/promises";
import { writeFileAtomic } from "../util/atomic.ts";
import { parse } from "./syntax/parser.ts";
import { print } from "./syntax/printer.ts";
import { validate } from "./syntax/validator.ts";
import { formatDiagnostics, hasErrors } from "./syntax/diag.ts";
import { dispatch, UsageError, type Io } from "../commands.ts";

export type AlloyCliIO = Io;

const USAGE = `Usage: alloy <command> [flags] FILE...

Commands:
  fmt [--check] FILE...   Rewrite FILEs in canonical Alloy format.
                          --check: only list files that are not formatted (exit 1 if any).
  check FILE...           Parse and validate FILEs; print diagnostics (exit 1 on errors).

Exit codes: 0 success, 1 problems found, 2 usage error.
`;


function parseArgs(args: string[], flags: readonly string[]): { flags: Set<string>; files: string[] } {
  const set = new Set<string>();
  const files: string[] = [];
  let onlyFiles = false;
  for (const a of args) {
    if (!onlyFiles && a === "--") {
      onlyFiles = true;
      continue;
    }
    if (!onlyFiles && a.startsWith("-") && a !== "-") {
      const name = a.replace(/^--?/, "");
      if (!flags.includes(name)) throw new UsageError(`unknown flag: ${a}`);
      set.add(name);
      continue;
    }
    files.push(a);
  }
  if (files.length === 0) throw new UsageError("no files given");
  return { flags: set, files };
}

async function readAll(files: string[], io: AlloyCliIO): Promise<Map<string, string> | undefined> {
  const out = new Map<string, string>();
  let ok = true;
  for (const f of files) {
    try {
      out.set(f, await readFile(f, "utf8"));
    } catch (e) {
      io.stderr(`Error: cannot read ${f}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}\n`);
      ok = false;
    }
  }
  return ok ? out : undefined;
}

async function fmtCommand(args: string[], io: AlloyCliIO): Promise<number> {
  const { flags, files } = parseArgs(args, ["check"]);
  const sources = await readAll(files, io);
  if (!sources) return 2;
  const check = flags.has("check");
  let status = 0;
  const unformatted: string[] = [];
  for (const [name, src] of sources) {
    const r = parse(src, name);
    if (hasErrors(r.diagnostics)) {
      io.stderr(formatDiagnostics(r.diagnostics, src, name) + "\n");
      status = 1;
      continue;
    }
    const out = print(r.file);
    if (out === src) continue;
    if (check) {
      unformatted.push(name);
      continue;
    }
    try {
      writeFileAtomic(name, out);
    } catch (e) {
      io.stderr(`Error: cannot write ${name}: ${(e as Error).message}\n`);
      return 2;
    }
  }
  if (unformatted.length > 0) {
    for (const f of unformatted) io.stdout(`${f}\n`);
    status = 1;
  }
  return status;
}

async function checkCommand(args: string[], io: AlloyCliIO): Promise<number> {
  const { files } = parseArgs(args, []);
  const sources = await readAll(files, io);
  if (!sources) return 2;
  let status = 0;
  for (const [name, src] of sources) {
    const r = parse(src, name);
    const diags = hasErrors(r.diagnostics) ? r.diagnostics : [...r.diagnostics, ...validate(r.file, { filename: name })];
    if (diags.length > 0) io.stderr(formatDiagnostics(diags, src, name) + "\n");
    if (hasErrors(diags)) status = 1;
  }
  return status;
}

export async function runAlloyCli(argv: string[], io: AlloyCliIO): Promise<number> {
  return dispatch(argv, { fmt: fmtCommand, check: checkCommand }, USAGE, "alloy", io);
}
