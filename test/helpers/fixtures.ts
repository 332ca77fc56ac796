// Shared test helpers: the default profile, temporary directories, running the CLI in-process.
import { mkdtempSync, readdirSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, sep } from "node:path";
import defaultInput from "../../profiles/kimawesome.ts";
import secondInput from "../../profiles/three-node-s3.ts";
import { validateProfile } from "../../src/profile/load.ts";
import type { Profile, StackInput } from "../../src/profile/schema.ts";
import { main } from "../../src/cli.ts";

export const ROOT = join(import.meta.dirname, "..", "..");
export const SHARED = join(ROOT, "..", "shared");

export function defaultProfile(overrides: Partial<StackInput> = {}): Profile {
  return validateProfile({ ...defaultInput, ...overrides }, "test");
}

/** The second bundled profile: three nodes, a provisioned storage class, Loki on external S3. */
export function secondProfile(overrides: Partial<StackInput> = {}): Profile {
  return validateProfile({ ...secondInput, ...overrides }, "test-second");
}

/** Both bundled profiles by name: a deploy-time property must hold for each. */
export function bothProfiles(): { name: string; profile: Profile }[] {
  return [
    { name: "default (kimawesome)", profile: defaultProfile() },
    { name: "second (three-node-s3)", profile: secondProfile() },
  ];
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
