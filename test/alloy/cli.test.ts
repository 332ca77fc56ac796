import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runAlloyCli } from "../../src/alloy/cli.ts";

function io() {
  const out = { stdout: "", stderr: "" };
  return { out, io: { stdout: (s: string) => void (out.stdout += s), stderr: (s: string) => void (out.stderr += s) } };
}

const dir = mkdtempSync(join(tmpdir(), "alloy-cli-"));
const formatted = 'logging {\n\tlevel  = "info"\n\tformat = "logfmt"\n}\n';
const messy = 'logging {\nlevel="info"\nformat="logfmt"\n}\n';

test("alloy fmt --check: 0 when formatted, 1 listing unformatted files, writes nothing", async () => {
  const a = join(dir, "a.alloy");
  const b = join(dir, "b.alloy");
  writeFileSync(a, formatted);
  writeFileSync(b, messy);
  let r = io();
  assert.equal(await runAlloyCli(["fmt", "--check", a], r.io), 0);
  r = io();
  assert.equal(await runAlloyCli(["fmt", "--check", a, b], r.io), 1);
  assert.equal(r.out.stdout, `${b}\n`);
  assert.equal(readFileSync(b, "utf8"), messy);
});

test("alloy fmt: rewrites files in place", async () => {
  const c = join(dir, "c.alloy");
  writeFileSync(c, messy);
  const r = io();
  assert.equal(await runAlloyCli(["fmt", c], r.io), 0);
  assert.equal(readFileSync(c, "utf8"), formatted);
});

test("alloy fmt: syntax errors exit 1 with diagnostics", async () => {
  const d = join(dir, "d.alloy");
  writeFileSync(d, "a = \n");
  const r = io();
  assert.equal(await runAlloyCli(["fmt", d], r.io), 1);
  assert.match(r.out.stderr, /^Error: .*d\.alloy:2:1: expected expression, got EOF/);
  assert.equal(readFileSync(d, "utf8"), "a = \n");
});

test("alloy check: 0 when clean, 1 with Alloy-formatted diagnostics", async () => {
  const ok = join(dir, "ok.alloy");
  const bad = join(dir, "bad.alloy");
  writeFileSync(ok, formatted);
  writeFileSync(bad, 'local.missing "x" { }\n');
  let r = io();
  assert.equal(await runAlloyCli(["check", ok], r.io), 0);
  assert.equal(r.out.stderr, "");
  r = io();
  assert.equal(await runAlloyCli(["check", ok, bad], r.io), 1);
  assert.equal(
    r.out.stderr,
    `Error: ${bad}:1:1: cannot find the definition of component name "local.missing"\n\n1 | local.missing "x" { }\n  | ^^^^^^^^^^^^^\n2 | \n\n`,
  );
});

test("alloy: usage errors exit 2", async () => {
  for (const argv of [[], ["fmt"], ["check"], ["fmt", "--bogus", "x.alloy"], ["check", join(dir, "missing.alloy")], ["frobnicate"]]) {
    const r = io();
    assert.equal(await runAlloyCli(argv, r.io), 2, argv.join(" "));
    assert.ok(r.out.stderr.length > 0);
  }
  const r = io();
  assert.equal(await runAlloyCli(["--help"], r.io), 0);
  assert.match(r.out.stdout, /Usage: alloy/);
});
