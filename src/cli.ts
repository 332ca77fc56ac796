// obstack's command line. Exit codes: 0 success; 1 only "differences found" (`render --check`,
// `alloy fmt --check`, `alloy check`); 2 every user or environment error (bad usage, a profile that
// cannot be rendered, an output directory that cannot be written), with one message naming what to
// change and never a stack trace; 3 an internal error (a bug in obstack), said so plainly.
import { basename, resolve } from "node:path";
import { dispatch, UsageError, type Command, type Io } from "./commands.ts";
import { parseArgs } from "node:util";
import { ProfileError, checkProfileFileName, loadProfile, profileJsonSchema, validateProfile } from "./profile/load.ts";
import defaultProfile from "../profiles/kimawesome.ts";
import { RenderCheckError } from "./checks/index.ts";
import { render } from "./render.ts";
import { alertingWarnings } from "./alertmanager/config.ts";
import { formatRequiredSecrets } from "./secrets/index.ts";
import { diffTree, TreeError, writeTree } from "./tree/write.ts";

// The bundled default profile is imported, not read from disk, so the CLI bundle carries it.
const DEFAULT_PROFILE_NAME = "kimawesome.ts";

export const EXIT = { ok: 0, differences: 1, user: 2, internal: 3 } as const;

const USAGE = `usage:
  obstack render [--profile FILE] [--out DIR] [--check] [--force]
      Render the observability stack for a profile (default: the bundled kimawesome profile)
      into DIR (default: ./out). --check writes nothing; it exits 1 listing files that differ.
      --force replaces files at generated paths that obstack did not write.
  obstack import DIR --out PROFILE.yaml [--report REPORT.md]
      Read a hand-written Flux/kustomize observability tree and write the profile that reproduces it,
      with a report of what could not be carried over (to REPORT.md, or printed). Nothing else is written.
  obstack schema
      Print the profile's JSON Schema (for editor completion of YAML profiles).
  obstack alloy fmt [--check] FILE...
  obstack alloy check FILE...
      Format or validate Alloy configuration files.
exit codes: 0 success, 1 differences found, 2 bad usage, profile or output directory, 3 internal error.
`;

export type { Io };

/** A valid profile whose rendered stack fails the render checks (exit 2). */
class ProfileRenderError extends Error {
  constructor(source: string, cause: RenderCheckError) {
    super(`${source}: cannot be rendered: ${cause.message}`);
  }
}

async function renderCommand(args: string[], io: Io): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      options: {
        profile: { type: "string" },
        out: { type: "string" },
        check: { type: "boolean", default: false },
        force: { type: "boolean", default: false },
      },
      allowPositionals: false,
    }));
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  if (values.profile === "" || values.out === "") throw new UsageError("--profile and --out need a path");
  const profileName = values.profile === undefined ? DEFAULT_PROFILE_NAME : checkProfileFileName(values.profile, basename(values.profile));
  const out = resolve(values.out ?? "out");
  const profile =
    values.profile === undefined ? validateProfile(defaultProfile, `profiles/${DEFAULT_PROFILE_NAME}`) : await loadProfile(values.profile);
  let files: Map<string, string>;
  try {
    ({ files } = render(profile, profileName));
  } catch (e) {
    // Name the profile: the checks know objects and queries, the user knows the file.
    if (e instanceof RenderCheckError) throw new ProfileRenderError(values.profile ?? `profiles/${DEFAULT_PROFILE_NAME}`, e);
    throw e;
  }
  // The profile renders; what it leaves unreachable is said on stderr (exit status unchanged).
  for (const w of alertingWarnings(profile)) io.stderr(`obstack: warning: ${values.profile ?? `profiles/${DEFAULT_PROFILE_NAME}`}: ${w}\n`);
  if (values.check) {
    const diff = diffTree(out, files);
    const lines = [
      ...(diff.interrupted ? [`interrupted: an earlier render into ${out} was interrupted; run obstack render to complete it`] : []),
      ...(diff.unowned ?? []).map((f) => `unowned: ${f} (not written by obstack; render refuses to replace it without --force)`),
      ...diff.changed.map((f) => `changed: ${f}`),
      ...diff.missing.map((f) => `missing: ${f}`),
      ...diff.stale.map((f) => `stale:   ${f}`),
    ];
    if (lines.length > 0) {
      io.stdout(`${lines.join("\n")}\n`);
      io.stderr(`obstack: ${lines.length} file(s) differ from what ${profileName} renders; run obstack render\n`);
      return EXIT.differences;
    }
    io.stdout(`up to date: ${files.size} files in ${out}\n`);
    return EXIT.ok;
  }
  const diff = writeTree(out, files, { force: values.force });
  io.stdout(
    `rendered ${files.size} files into ${out} (${diff.changed.length} changed, ${diff.missing.length} new, ${diff.stale.length} removed)\n`,
  );
  // What the tree references but cannot contain: the Secrets to create (src/secrets, the one list).
  io.stdout(formatRequiredSecrets(profile));
  return EXIT.ok;
}

async function importCommand(args: string[], io: Io): Promise<number> {
  let values;
  let positionals;
  try {
    ({ values, positionals } = parseArgs({ args, options: { out: { type: "string" }, report: { type: "string" } }, allowPositionals: true }));
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  if (positionals.length !== 1) throw new UsageError("import takes exactly one directory");
  if (values.out === undefined) throw new UsageError("import needs --out PROFILE.yaml");
  if (!/\.ya?ml$/.test(values.out)) throw new UsageError("--out must name a .yaml file");
  const { importProfile } = await import("./import/command.ts");
  return importProfile(positionals[0]!, values.out, values.report, io);
}

const COMMANDS: Record<string, Command> = {
  render: renderCommand,
  import: importCommand,
  schema: async (args, io) => {
    if (args.length > 0) throw new UsageError("schema takes no arguments");
    io.stdout(`${JSON.stringify(profileJsonSchema(), null, 2)}\n`);
    return EXIT.ok;
  },
  alloy: async (args, io) => (await import("./alloy/cli.ts")).runAlloyCli(args, io),
};

export async function main(argv: string[], io: Io): Promise<number> {
  return runGuarded(() => dispatch(argv, COMMANDS, USAGE, "obstack", io), io);
}

/** Runs a command, turning every error into its exit code and one message. */
export async function runGuarded(run: () => Promise<number>, io: Io): Promise<number> {
  try {
    return await run();
  } catch (e) {
    if (e instanceof ProfileError || e instanceof RenderCheckError || e instanceof ProfileRenderError) {
      io.stderr(`obstack: ${e.message}\nnothing was written.\n`);
      return EXIT.user;
    }
    if (e instanceof TreeError) {
      io.stderr(`obstack: ${e.message}\n`);
      return EXIT.user;
    }
    const err = e instanceof Error ? e : new Error(String(e));
    if (err instanceof RangeError && /call stack|Invalid string length|Array buffer allocation/i.test(err.message)) {
      io.stderr(`obstack: the input is too large or too deeply nested to process (${err.message}); reduce it\n`);
      return EXIT.user;
    }
    const where = err.stack?.split("\n").find((l) => /^\s+at /.test(l))?.trim() ?? "";
    io.stderr(
      `obstack: internal error (a bug in obstack, not in your profile): ${err.message.split("\n")[0]}${where ? ` [${where}]` : ""}\n` +
        "please report it with the command you ran; set OBSTACK_DEBUG=1 to print the stack trace.\n" +
        (process.env.OBSTACK_DEBUG ? `${err.stack}\n` : ""),
    );
    return EXIT.internal;
  }
}
