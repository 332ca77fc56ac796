// The import command's side effects: read the tree, check that the profile it yields validates and
// renders, then write the profile (and the report when asked). A tree obstack cannot read, or a profile
// that would not render, exits 2 with the reasons and writes nothing.
import { writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { stringify } from "yaml";
import type { Io } from "../commands.ts";
import { ProfileError, validateProfile } from "../profile/load.ts";
import { buildStack } from "../stack/index.ts";
import { checkStack, RenderCheckError } from "../checks/index.ts";
import { ImportError, formatReport, importTree } from "./index.ts";

export async function importProfile(dir: string, out: string, report: string | undefined, io: Io): Promise<number> {
  const outAbs = resolve(out);
  let result;
  try {
    result = importTree(resolve(dir), dirname(outAbs));
  } catch (e) {
    if (!(e instanceof ImportError)) throw e;
    io.stderr(`obstack: cannot import: ${e.message}\nnothing was written.\n`);
    return 2;
  }
  try {
    const profile = validateProfile(result.profile, out, dirname(outAbs));
    checkStack(buildStack(profile), profile);
  } catch (e) {
    if (!(e instanceof ProfileError) && !(e instanceof RenderCheckError)) throw e;
    io.stderr(`obstack: the profile imported from ${dir} does not render (an obstack bug or a tree it cannot serve):\n${e.message}\nnothing was written.\n`);
    return 2;
  }
  const text = formatReport(result, dir);
  const header = `# Imported by obstack from ${dir}: review it, then \`obstack render --profile ${out}\`.\n# What could not be carried over is listed in the import report.\n`;
  writeFileSync(outAbs, header + stringify(result.profile));
  if (report !== undefined) writeFileSync(resolve(report), text);
  else io.stdout(text);
  io.stderr(`obstack: wrote ${out} (${result.notCarried.length} item(s) not carried over${report !== undefined ? `, see ${report}` : ""})\n`);
  return 0;
}
