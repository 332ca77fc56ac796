// `obstack alloy ...`: formatting and checking of Alloy configuration files.
//
//   alloy fmt [--check] FILE...   rewrite files in canonical form
//                                 (--check: list unformatted files, exit 1, write nothing)
//   alloy check [--stability.level LEVEL] [--feature.community-components.enabled] PATH...
//                                 parse + validate; a directory is one configuration (its *.alloy
//                                 files, as `alloy validate DIR` loads them); files are checked alone
//
// Exit codes: 0 ok, 1 problems found, 2 bad usage (no files, unknown flag, unreadable file),
// 3 internal error (a bug in obstack: never reported as "problems found").
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { writeFileAtomic } from "../util/atomic.ts";
import { readRegularFile } from "../util/input-file.ts";
import { parse } from "./syntax/parser.ts";
import { print } from "./syntax/printer.ts";
import { STABILITY_LEVELS, validate, validateFiles, type StabilityLevel } from "./syntax/validator.ts";
import { formatDiagnostics, hasErrors, type Diagnostic } from "./syntax/diag.ts";
import { decodeUtf8 } from "./syntax/utf8.ts";
import { dispatch, UsageError, type Io } from "../commands.ts";

export type AlloyCliIO = Io;

const USAGE = `Usage: alloy <command> [flags] PATH...

Commands:
  fmt [--check] FILE...   Rewrite FILEs in canonical Alloy format.
                          --check: only list files that are not formatted (exit 1 if any).
  check [flags] PATH...   Parse and validate; print diagnostics (exit 1 on errors). A directory is one
                          configuration made of its *.alloy files; files are checked one by one.
    --stability.level LEVEL                  generally-available (default), public-preview, experimental
    --feature.community-components.enabled   allow community components

Exit codes: 0 success, 1 problems found, 2 usage error, 3 internal error.
`;

/** Exit code of an internal error: distinct from 1 ("problems found") and 2 (usage). */
export const EXIT_INTERNAL = 3;

interface Parsed {
  flags: Set<string>;
  values: Map<string, string>;
  files: string[];
}

function parseArgs(args: string[], flags: readonly string[], valued: readonly string[] = []): Parsed {
  const set = new Set<string>();
  const values = new Map<string, string>();
  const files: string[] = [];
  let onlyFiles = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (!onlyFiles && a === "--") {
      onlyFiles = true;
      continue;
    }
    if (!onlyFiles && a.startsWith("-") && a !== "-") {
      const eq = a.indexOf("=");
      const name = (eq >= 0 ? a.slice(0, eq) : a).replace(/^--?/, "");
      if (valued.includes(name)) {
        const v = eq >= 0 ? a.slice(eq + 1) : args[++i];
        if (v === undefined) throw new UsageError(`flag needs a value: ${a}`);
        values.set(name, v);
        continue;
      }
      if (!flags.includes(name) || eq >= 0) throw new UsageError(`unknown flag: ${a}`);
      set.add(name);
      continue;
    }
    files.push(a);
  }
  if (files.length === 0) throw new UsageError("no files given");
  return { flags: set, values, files };
}

/**
 * Largest Alloy file read. A real configuration is a few hundred kilobytes at most (the stack's
 * largest is under 100 kB); 64 MiB is far past any. The cap bounds a run: parse + check or fmt peak
 * at about 20 bytes of memory per input byte (`npm run bench`), ~1.3 GiB here, well inside V8's
 * default heap (a 256 MiB file would come close to its 4 GiB and could end in an out-of-memory
 * crash), instead of reading /dev/zero or a runaway generated file until the process dies. With the
 * profile loader's guards: a FIFO, device or directory given as a file is refused before it is read
 * (a FIFO would block the read until something writes to it).
 */
export const MAX_ALLOY_BYTES = 64 * 1024 * 1024;

/** Reads a file as UTF-8; invalid UTF-8 is reported (Alloy: "illegal UTF-8 encoding"), never replaced. */
function readSource(f: string, io: AlloyCliIO): { text: string; diagnostics: Diagnostic[] } | undefined {
  let bytes: Buffer;
  try {
    bytes = readRegularFile(f, MAX_ALLOY_BYTES);
  } catch (e) {
    const why = (e as Error).message.replace(/^cannot read file: /, "");
    io.stderr(`Error: cannot read ${f}: ${why}\n`);
    return undefined;
  }
  return decodeUtf8(bytes, f);
}

async function fmtCommand(args: string[], io: AlloyCliIO): Promise<number> {
  const { flags, files } = parseArgs(args, ["check"]);
  const check = flags.has("check");
  let status = 0;
  let unreadable = false;
  const unformatted: string[] = [];
  // Format every file before writing any: a failure leaves no file rewritten.
  const writes: { name: string; out: string }[] = [];
  for (const name of files) {
    const src = readSource(name, io);
    if (!src) {
      unreadable = true;
      continue;
    }
    if (hasErrors(src.diagnostics)) {
      io.stderr(formatDiagnostics(src.diagnostics, src.text, name) + "\n");
      status = 1;
      continue;
    }
    const r = parse(src.text, name);
    if (hasErrors(r.diagnostics)) {
      io.stderr(formatDiagnostics(r.diagnostics, src.text, name) + "\n");
      status = 1;
      continue;
    }
    const out = print(r.file);
    if (out === src.text) continue;
    if (check) unformatted.push(name);
    else writes.push({ name, out });
  }
  if (unreadable) return 2;
  // All or nothing: when a file does not parse, no file is rewritten.
  if (status !== 0) return status;
  for (const w of writes) {
    try {
      writeFileAtomic(w.name, w.out);
    } catch (e) {
      io.stderr(`Error: cannot write ${w.name}: ${(e as Error).message}\n`);
      return 2;
    }
  }
  if (unformatted.length > 0) {
    for (const f of unformatted) io.stdout(`${f}\n`);
    status = 1;
  }
  return status;
}

/** The *.alloy files directly in a directory, sorted (internal/alloycli/cmd_run.go:673-705 loadSourceFiles). */
function alloyFilesOf(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => !e.isDirectory() && e.name.endsWith(".alloy"))
    .map((e) => join(dir, e.name))
    .sort();
}

async function checkCommand(args: string[], io: AlloyCliIO): Promise<number> {
  const { flags, values, files } = parseArgs(args, ["feature.community-components.enabled"], ["stability.level"]);
  const level = values.get("stability.level") ?? "generally-available";
  if (!(STABILITY_LEVELS as readonly string[]).includes(level)) throw new UsageError(`invalid stability level "${level}" (one of ${STABILITY_LEVELS.join(", ")})`);
  const opts = { stabilityLevel: level as StabilityLevel, communityComponents: flags.has("feature.community-components.enabled") };
  let status = 0;
  for (const path of files) {
    let isDir = false;
    try {
      isDir = statSync(path).isDirectory();
    } catch {
      // reported by readSource below
    }
    const names = isDir ? alloyFilesOf(path) : [path];
    const sources: Record<string, string> = {};
    const diags: Diagnostic[] = [];
    const parsed = [];
    for (const name of names) {
      const src = readSource(name, io);
      if (!src) return 2;
      sources[name] = src.text;
      for (const d of src.diagnostics) diags.push(d);
      const r = parse(src.text, name);
      for (const d of r.diagnostics) diags.push(d);
      parsed.push(r.file);
    }
    // (loops, not push(...x): a spread of many thousands of diagnostics overflows the stack)
    if (!hasErrors(diags)) for (const d of isDir ? validateFiles(parsed, opts) : validate(parsed[0]!, { filename: path, ...opts })) diags.push(d);
    if (diags.length > 0) io.stderr(formatDiagnostics(diags, sources) + "\n");
    if (hasErrors(diags)) status = 1;
  }
  return status;
}

/** Any exception is a bug of obstack: a one-line message and exit 3, never exit 1 or a stack trace. */
export function guarded(cmd: (args: string[], io: AlloyCliIO) => Promise<number>, name: string) {
  return async (args: string[], io: AlloyCliIO): Promise<number> => {
    try {
      return await cmd(args, io);
    } catch (e) {
      if (e instanceof UsageError) throw e;
      const msg = e instanceof RangeError ? `${e.message} (input too deeply nested or too large)` : (e as Error).message;
      io.stderr(`Error: internal error in obstack alloy ${name}: ${msg}\n`);
      return EXIT_INTERNAL;
    }
  };
}

export async function runAlloyCli(argv: string[], io: AlloyCliIO): Promise<number> {
  return dispatch(argv, { fmt: guarded(fmtCommand, "fmt"), check: guarded(checkCommand, "check") }, USAGE, "alloy", io);
}
