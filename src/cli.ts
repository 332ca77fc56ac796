// obstack's command line. User mistakes (bad profile, bad usage) exit 2 with a message and no stack
// trace; `render --check` exits 1 when the tree on disk differs from what would be rendered.
import { basename, resolve } from "node:path";
import { dispatch, UsageError, type Command, type Io } from "./commands.ts";
import { parseArgs } from "node:util";
import { ProfileError, loadProfile, profileJsonSchema, validateProfile } from "./profile/load.ts";
import defaultProfile from "../profiles/kimawesome.ts";
import { RenderCheckError } from "./checks/index.ts";
import { render } from "./render.ts";
import { alertingWarnings } from "./alertmanager/config.ts";
import { formatRequiredSecrets } from "./secrets/index.ts";
import { diffTree, writeTree } from "./tree/write.ts";

// The bundled default profile is imported, not read from disk, so the CLI bundle carries it.
const DEFAULT_PROFILE_NAME = "kimawesome.ts";

const USAGE = `usage:
  obstack render [--profile FILE] [--out DIR] [--check]
      Render the observability stack for a profile (default: the bundled kimawesome profile)
      into DIR (default: ./out). --check writes nothing; it exits 1 listing files that differ.
  obstack import DIR --out PROFILE.yaml [--report REPORT.md]
      Read a hand-written Flux/kustomize observability tree and write the profile that reproduces it,
      with a report of what could not be carried over (to REPORT.md, or printed). Nothing else is written.
  obstack schema
      Print the profile's JSON Schema (for editor completion of YAML profiles).
  obstack alloy fmt [--check] FILE...
  obstack alloy check FILE...
      Format or validate Alloy configuration files.
`;

export type { Io };

async function renderCommand(args: string[], io: Io): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      options: { profile: { type: "string" }, out: { type: "string" }, check: { type: "boolean", default: false } },
      allowPositionals: false,
    }));
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const profileName = values.profile === undefined ? DEFAULT_PROFILE_NAME : basename(values.profile);
  const out = resolve(values.out ?? "out");
  const profile =
    values.profile === undefined ? validateProfile(defaultProfile, `profiles/${DEFAULT_PROFILE_NAME}`) : await loadProfile(values.profile);
  const { files, roots } = render(profile, profileName);
  // The profile renders; what it leaves unreachable is said on stderr (exit status unchanged).
  for (const w of alertingWarnings(profile)) io.stderr(`obstack: warning: ${values.profile ?? `profiles/${DEFAULT_PROFILE_NAME}`}: ${w}\n`);
  if (values.check) {
    const diff = diffTree(out, files, roots);
    const lines = [
      ...diff.changed.map((f) => `changed: ${f}`),
      ...diff.missing.map((f) => `missing: ${f}`),
      ...diff.stale.map((f) => `stale:   ${f}`),
    ];
    if (lines.length > 0) {
      io.stdout(`${lines.join("\n")}\n`);
      io.stderr(`obstack: ${lines.length} file(s) differ from what ${profileName} renders; run obstack render\n`);
      return 1;
    }
    io.stdout(`up to date: ${files.size} files in ${out}\n`);
    return 0;
  }
  const diff = writeTree(out, files, roots);
  io.stdout(
    `rendered ${files.size} files into ${out} (${diff.changed.length} changed, ${diff.missing.length} new, ${diff.stale.length} removed)\n`,
  );
  // What the tree references but cannot contain: the Secrets to create (src/secrets, the one list).
  io.stdout(formatRequiredSecrets(profile));
  return 0;
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
    return 0;
  },
  alloy: async (args, io) => (await import("./alloy/cli.ts")).runAlloyCli(args, io),
};

export async function main(argv: string[], io: Io): Promise<number> {
  try {
    return await dispatch(argv, COMMANDS, USAGE, "obstack", io);
  } catch (e) {
    if (e instanceof ProfileError || e instanceof RenderCheckError) {
      io.stderr(`obstack: ${e.message}\nnothing was written.\n`);
      return 2;
    }
    throw e;
  }
}
