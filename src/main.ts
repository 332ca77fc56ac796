// Process entry: the CLI bundle starts here (bin/obstack.mjs runs it, bundled or through tsx).
import { main } from "./cli.ts";

process.exitCode = await main(process.argv.slice(2), {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
});
