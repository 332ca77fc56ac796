// Process entry: the CLI bundle starts here (bin/obstack.mjs runs it, bundled or through tsx).
// Each command's code is imported only when it runs: `obstack alloy` loads the Alloy tools, never the
// renderer (most of the bundle; scripts/build.mjs splits it into chunks along these imports).
import { processIo } from "./commands.ts";

const argv = process.argv.slice(2);
const io = processIo();
process.exitCode =
  argv[0] === "alloy" ? await (await import("./alloy/cli.ts")).runAlloyCli(argv.slice(1), io) : await (await import("./cli.ts")).main(argv, io);
