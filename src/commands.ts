// Subcommand dispatch shared by `obstack` and `obstack alloy`: help, unknown commands and usage
// errors (exit 2 with the usage text) are handled once; other errors go to the caller.

export interface Io {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
}

export class UsageError extends Error {}

/**
 * The process's own stdout and stderr. A reader that goes away early (`obstack render | head -1`)
 * is not a failure of obstack: what it would still print is dropped (EPIPE), while the command's work
 * and exit status stand. Without a listener, the stream's error event would end the process with a
 * stack trace (an unhandled 'error' event).
 */
export function processIo(): Io {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on("error", (e: NodeJS.ErrnoException) => {
      if (e.code !== "EPIPE") throw e;
    });
  }
  return { stdout: (s) => process.stdout.write(s), stderr: (s) => process.stderr.write(s) };
}

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
