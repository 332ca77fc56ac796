#!/usr/bin/env node
// The CLI is TypeScript run through tsx, which is also what loads users' TypeScript profiles.
import { register } from "tsx/esm/api";

register();
const { main } = await import("../src/cli.ts");
process.exitCode = await main(process.argv.slice(2), {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
});
