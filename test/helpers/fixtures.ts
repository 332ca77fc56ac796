// Shared test helpers: the default profile, temporary directories, running the CLI in-process.
import { mkdtempSync, readdirSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, sep } from "node:path";
import defaultInput from "../../profiles/kimawesome.ts";
import { validateProfile } from "../../src/profile/load.ts";
import type { Profile, StackInput } from "../../src/profile/schema.ts";
import { main } from "../../src/cli.ts";

export const ROOT = join(import.meta.dirname, "..", "..");
export const SHARED = join(ROOT, "..", "shared");

export function defaultProfile(overrides: Partial<StackInput> = {}): Profile {
  return validateProfile({ ...defaultInput, ...overrides }, "test");
}

export function tempDir(prefix = "obstack-test-"): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Every file under dir, relative path → content. */
export function readTree(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.set(relative(dir, p).split(sep).join("/"), readFileSync(p, "utf8"));
    }
  };
  walk(dir);
  return out;
}

export async function runCli(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const code = await main(argv, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) });
  return { code, stdout, stderr };
}
