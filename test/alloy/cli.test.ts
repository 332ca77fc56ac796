import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MAX_ALLOY_BYTES, runAlloyCli } from "../../src/alloy/cli.ts";

const ROOT = join(import.meta.dirname, "..", "..");

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

test("alloy check/fmt: a FIFO, a device, a directory given as a file or a file over the cap is refused (exit 2, path named), never read", { timeout: 300_000 }, () => {
  const d = mkdtempSync(join(tmpdir(), "alloy-guard-"));
  const fifo = join(d, "pipe.alloy");
  execFileSync("mkfifo", [fifo]);
  const big = join(d, "big.alloy");
  // A sparse file: its size is past the cap, its blocks are not written.
  writeFileSync(big, "");
  truncateSync(big, MAX_ALLOY_BYTES + 1);
  const confDir = join(d, "conf");
  mkdirSync(confDir);
  writeFileSync(join(confDir, "a.alloy"), formatted);
  execFileSync("mkfifo", [join(confDir, "b.alloy")]);
  // A child process with a time limit: without the guards, reading a FIFO or /dev/zero never ends.
  const run = (args: string[]) => spawnSync(process.execPath, [join(ROOT, "bin", "obstack.mjs"), "alloy", ...args], { encoding: "utf8", timeout: 60_000 });
  const cases: [string[], string, RegExp][] = [
    [["check", fifo], fifo, /is a FIFO/],
    [["fmt", fifo], fifo, /is a FIFO/],
    [["check", "/dev/zero"], "/dev/zero", /is a device/],
    [["fmt", "/dev/zero"], "/dev/zero", /is a device/],
    [["check", big], big, new RegExp(`is ${MAX_ALLOY_BYTES + 1} bytes; at most ${MAX_ALLOY_BYTES} bytes`)],
    [["fmt", big], big, /is \d+ bytes; at most/],
    [["fmt", confDir], confDir, /is a directory/],
    [["check", confDir], join(confDir, "b.alloy"), /is a FIFO/],
  ];
  for (const [args, path, why] of cases) {
    const r = run(args);
    assert.equal(r.signal, null, `${args.join(" ")}: did not finish (killed by ${r.signal})`);
    assert.equal(r.status, 2, `${args.join(" ")}: ${r.stderr}`);
    assert.ok(r.stderr.includes(`cannot read ${path}: `), `${args.join(" ")}: ${r.stderr}`);
    assert.match(r.stderr, why, args.join(" "));
    assert.ok(!r.stderr.includes("    at "), `no stack trace: ${r.stderr}`);
  }
  // Nothing was written next to the inputs.
  assert.deepEqual(readdirSync(d).sort(), ["big.alloy", "conf", "pipe.alloy"]);
  assert.equal(readFileSync(join(confDir, "a.alloy"), "utf8"), formatted);
});

test("alloy check/fmt: a megabyte of invalid bytes or NULs is exit 1 with diagnostics (kept up to a limit), never an internal error", { timeout: 120_000 }, async () => {
  const d = mkdtempSync(join(tmpdir(), "alloy-flood-"));
  const ff = join(d, "ff.alloy");
  writeFileSync(ff, Buffer.alloc(1 << 20, 0xff));
  const nul = join(d, "nul.alloy");
  writeFileSync(nul, Buffer.alloc(1 << 20, 0));
  for (const [file, message] of [
    [ff, "illegal UTF-8 encoding"],
    [nul, "illegal character NUL"],
  ] as const) {
    for (const cmd of ["check", "fmt"]) {
      const r = io();
      assert.equal(await runAlloyCli([cmd, file], r.io), 1, `${cmd} ${file}: ${r.out.stderr.slice(0, 300)}`);
      assert.ok(r.out.stderr.startsWith(`Error: ${file}:1:1: ${message}\n`), r.out.stderr.slice(0, 300));
      assert.match(r.out.stderr, /\.\.\. and \d+ more diagnostics\n/);
      assert.ok(!r.out.stderr.includes("internal error"), r.out.stderr.slice(-300));
    }
  }
  // What is kept is bounded; the last diagnostic counts the rest.
  const { decodeUtf8 } = await import("../../src/alloy/syntax/utf8.ts");
  const { MAX_DIAGNOSTICS } = await import("../../src/alloy/syntax/diag.ts");
  const u = decodeUtf8(Buffer.alloc(1 << 20, 0xff), "ff.alloy").diagnostics;
  assert.equal(u.length, MAX_DIAGNOSTICS + 1);
  assert.equal(u.at(-1)!.message, `${(1 << 20) - MAX_DIAGNOSTICS} more errors not listed (at most ${MAX_DIAGNOSTICS} are kept)`);
  assert.equal(readFileSync(ff).length, 1 << 20, "fmt wrote nothing");
});
