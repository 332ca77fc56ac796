// Locating promtool/amtool for the alert tests: missing tools fail the test under CI (CI=true),
// and skip it with a message on a developer machine.
import { spawnSync } from "node:child_process";
import assert from "node:assert/strict";
import type { TestContext } from "node:test";

export type Run = { status: number; output: string };

function onPath(cmd: string): string | undefined {
  const r = spawnSync("sh", ["-c", `command -v ${cmd}`], { encoding: "utf8" });
  const p = r.stdout.trim();
  return r.status === 0 && p !== "" ? p : undefined;
}

/** The tool's path, or undefined after skipping the test (locally) — under CI a missing tool is a failure. */
export function requireTool(t: TestContext, name: "promtool" | "amtool"): string | undefined {
  const path = onPath(name);
  if (path) return path;
  const hint = `${name} is not installed; run \`bash scripts/install-tools.sh\``;
  if (process.env.CI === "true") assert.fail(`${hint} (CI=true: tests needing it may not skip)`);
  t.skip(hint);
  return undefined;
}

export function run(bin: string, args: string[], cwd?: string): Run {
  const r = spawnSync(bin, args, { encoding: "utf8", cwd, timeout: 60_000 });
  return { status: r.status ?? 1, output: `${r.stdout ?? ""}${r.stderr ?? ""}${r.error ? String(r.error) : ""}` };
}
