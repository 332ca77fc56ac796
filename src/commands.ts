// Subcommand dispatch shared by `obstack` and `obstack alloy`: help, unknown commands and usage
// errors (exit 2 with the usage text) are handled once; other errors go to the caller.

export interface Io {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
}

export class UsageError extends Error {}

export type Command = (args: string[], io: Io) => Promise<number>;

export async function dispatch(argv: string[], commands: Record<string, Command>, usage: string, program: string, io: Io): Promise<number> {
  const [name, ...rest] = argv;
  try {
    if (name === "help" || name === "--help" || name === "-h") {
      io.stdout(usage);
      return 0;
    }
    const command = name === undefined ? undefined : commands[name];
    if (command === undefined) throw new UsageError(name === undefined ? "no command given" : `unknown command: ${name}`);
    return await command(rest, io);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.stderr(`${program}: ${e.message}\n\n${usage}`);
    return 2;
  }
}
