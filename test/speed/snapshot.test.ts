// The CLI's start-up snapshot (issue #13, src/snapshot.ts): built here with scripts/build.mjs into a
// directory of the test's own, so it is checked whether or not dist/ is fresh. A run from the snapshot
// must be the CLI: the same bytes as the bundle for both bundled profiles (one of them loaded from
// disk through tsx, the dynamic import the snapshot has to provide), the same messages and exit
// codes; and bin/obstack must use it only when it fits (this Node's version, no newer source, V8
// accepting it) and run the bundle otherwise.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, utimesSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { ROOT, SHARED, readTree, runCli, tempDir } from "../helpers/fixtures.ts";

const ALLOY_BAD = `prometheus.relabel "keep" {\n  forward_to = []\n  rule {\n    action = "kepe"\n  }\n}\n`;
const ALLOY_UNFORMATTED = `prometheus.relabel "keep" {\nforward_to = []\n}\n`;

test("start-up snapshot: a run from it is the CLI (same bytes, messages and exit codes as the bundle)", async (t) => {
  const outdir = join(ROOT, ".cache", `test-snapshot-${process.pid}`);
  t.after(() => rmSync(outdir, { recursive: true, force: true }));
  const b = spawnSync(process.execPath, [join(ROOT, "scripts", "build.mjs"), "--outdir", outdir], { encoding: "utf8" });
  assert.equal(b.status, 0, b.stderr);
  assert.doesNotMatch(b.stderr, /no start-up snapshot/, "the build made no snapshot");
  const blob = join(outdir, "snapshot", "obstack.blob");
  assert.ok(existsSync(blob), "no blob");
  assert.equal(readFileSync(join(outdir, "snapshot", "node"), "utf8"), `${process.execPath}\n`);
  const flags = readFileSync(join(outdir, "snapshot", "flags"), "utf8").trim().split(/\s+/);
  const fromSnapshot = (args: string[]) => spawnSync(process.execPath, [...flags, "--snapshot-blob", blob, "--", ...args], { encoding: "utf8", cwd: ROOT });
  const fromBundle = (args: string[]) => spawnSync(process.execPath, [join(outdir, "obstack.mjs"), ...args], { encoding: "utf8", cwd: ROOT });

  // The default profile (carried in the snapshot) and the second one (a .ts file on disk, loaded with tsx).
  const defaultTree = new Map<string, string>();
  for (const profileArgs of [[], ["--profile", join(ROOT, "profiles", "three-node-s3.ts")]]) {
    const viaSnapshot = tempDir();
    const s = fromSnapshot(["render", ...profileArgs, "--out", viaSnapshot]);
    assert.equal(s.status, 0, s.stderr);
    const inProcess = tempDir();
    const p = await runCli(["render", ...profileArgs, "--out", inProcess]);
    assert.equal(p.code, 0, p.stderr);
    assert.deepEqual(readTree(viaSnapshot), readTree(inProcess), `render ${profileArgs.join(" ")} differs from the snapshot`);
    if (profileArgs.length === 0) for (const [k, v] of readTree(inProcess)) defaultTree.set(k, v);
    assert.equal(s.stdout.replaceAll(viaSnapshot, "OUT"), p.stdout.replaceAll(inProcess, "OUT"));
    assert.equal(s.stderr, p.stderr, "stderr (warnings) differ, or Node printed something of its own");
    // --check on the tree just written: up to date.
    const c = fromSnapshot(["render", ...profileArgs, "--out", viaSnapshot, "--check"]);
    assert.equal(c.status, 0, c.stdout + c.stderr);
  }

  // The relative default --out resolves against the working directory of the run, not of the build.
  const cwd = tempDir();
  const rel = spawnSync(process.execPath, [...flags, "--snapshot-blob", blob, "--", "render"], { encoding: "utf8", cwd });
  assert.equal(rel.status, 0, rel.stderr);
  assert.deepEqual(readTree(join(cwd, "out")), defaultTree);

  // User errors and Alloy: the same stderr and exit code as the bundle.
  const dir = tempDir();
  writeFileSync(join(dir, "bad.json"), JSON.stringify({ cluster: { name: "c1", overlay: "prod" }, nodes: [] }));
  writeFileSync(join(dir, "bad.alloy"), ALLOY_BAD);
  writeFileSync(join(dir, "ugly.alloy"), ALLOY_UNFORMATTED);
  writeFileSync(join(dir, "broken.ts"), "export default {\n");
  for (const args of [
    ["render", "--profile", join(dir, "bad.json"), "--out", join(dir, "o1")],
    ["render", "--profile", join(dir, "broken.ts"), "--out", join(dir, "o2")],
    ["render", "--nope"],
    ["--help"],
    ["alloy", "check", join(dir, "bad.alloy")],
    ["alloy", "fmt", "--check", join(dir, "ugly.alloy")],
  ]) {
    const s = fromSnapshot(args);
    const bundle = fromBundle(args);
    assert.equal(s.status, bundle.status, `${args.join(" ")}: exit ${s.status} from the snapshot, ${bundle.status} from the bundle\n${s.stderr}`);
    assert.equal(s.stdout, bundle.stdout, args.join(" "));
    assert.equal(s.stderr, bundle.stderr, args.join(" "));
    if (args[0] !== "--help") assert.notEqual(s.status, 0, `${args.join(" ")} should fail`);
  }
  // The other commands: schema (same bytes) and import (the same profile and report from the reference cluster).
  const schema = fromSnapshot(["schema"]);
  assert.equal(schema.status, 0, schema.stderr);
  assert.equal(schema.stdout, fromBundle(["schema"]).stdout);
  const cluster = join(SHARED, "reference", "original-cluster");
  if (existsSync(cluster)) {
    const a = tempDir();
    const b = tempDir();
    const viaSnapshot = fromSnapshot(["import", cluster, "--out", join(a, "p.yaml"), "--report", join(a, "r.md")]);
    assert.equal(viaSnapshot.status, 0, viaSnapshot.stderr);
    const viaBundle = fromBundle(["import", cluster, "--out", join(b, "p.yaml"), "--report", join(b, "r.md")]);
    assert.equal(viaBundle.status, 0, viaBundle.stderr);
    assert.equal(readFileSync(join(a, "r.md"), "utf8"), readFileSync(join(b, "r.md"), "utf8"));
    // (the profile's first line names where it was written)
    const body = (f: string) => readFileSync(f, "utf8").split("\n").slice(1).join("\n");
    assert.equal(body(join(a, "p.yaml")), body(join(b, "p.yaml")));
  } else {
    t.diagnostic(`obstack import through the snapshot not checked: no reference cluster at ${cluster}`);
  }

  // The Alloy value check that needs re2-wasm (a regex only RE2 refuses) works from the snapshot: the
  // dependency is loaded at run time, not frozen (or missing) from the build.
  writeFileSync(join(dir, "re.alloy"), `prometheus.relabel "r" {\n  forward_to = []\n\n  rule {\n    action = "keep"\n    regex  = "(?<=a)b"\n  }\n}\n`);
  const re = fromSnapshot(["alloy", "check", join(dir, "re.alloy")]);
  assert.equal(re.status, 1, re.stderr);
  assert.match(re.stderr, /regex|pars/i);
  assert.equal(re.stderr, fromBundle(["alloy", "check", join(dir, "re.alloy")]).stderr);
});

test("bin/obstack starts from the snapshot only when it fits, and runs the bundle otherwise", (t) => {
  // An installation of its own: bin/ copied, dist/ built here, sources and dependencies linked.
  const install = join(ROOT, ".cache", `test-install-${process.pid}`);
  t.after(() => rmSync(install, { recursive: true, force: true }));
  mkdirSync(join(install, "bin"), { recursive: true });
  for (const f of ["obstack", "obstack.mjs", "v8-flags.mjs"]) copyFileSync(join(ROOT, "bin", f), join(install, "bin", f));
  for (const d of ["src", "profiles", "node_modules"]) symlinkSync(join(ROOT, d), join(install, d));
  const b = spawnSync(process.execPath, [join(ROOT, "scripts", "build.mjs"), "--outdir", join(install, "dist")], { encoding: "utf8" });
  assert.equal(b.status, 0, b.stderr);
  const snapshot = join(install, "dist", "snapshot");
  const blob = join(snapshot, "obstack.blob");
  // A `node` first on PATH that logs its arguments, then runs this Node. It stands for the Node that
  // built the snapshot (dist/snapshot/node names it), older than the blob as that one would be.
  const fake = tempDir();
  const log = join(fake, "log");
  const fakeNode = join(fake, "node");
  writeFileSync(fakeNode, `#!/bin/sh\nprintf '%s\\n' "$*" >>"${log}"\nexec "${process.execPath}" "$@"\n`);
  chmodSync(fakeNode, 0o755);
  const old = new Date(Date.now() - 24 * 3600 * 1000);
  utimesSync(fakeNode, old, old);
  writeFileSync(join(snapshot, "node"), `${fakeNode}\n`);
  // Through a link, as npm installs the command (node_modules/.bin/obstack → ../obstack/bin/obstack).
  const link = join(fake, "obstack");
  symlinkSync(join(install, "bin", "obstack"), link);
  const run = (args: string[]) => {
    writeFileSync(log, "");
    const r = spawnSync(link, args, { encoding: "utf8", env: { ...process.env, PATH: `${fake}:${process.env.PATH}` } });
    // Paths as the wrapper builds them (…/bin/../dist/…), normalized.
    const starts = readFileSync(log, "utf8")
      .split("\n")
      .filter((l) => l !== "")
      .map((l) => l.replace(/\S*\/bin\/\.\.\/\S*/g, (p) => resolve(p)));
    return { ...r, starts };
  };
  const out = tempDir();
  const expected = tempDir();
  spawnSync(process.execPath, [join(install, "dist", "obstack.mjs"), "render", "--out", expected], { encoding: "utf8" });
  const fromBlob = (flags: string, args: string) => `${flags} --snapshot-blob ${blob} -- ${args}`;
  const fromBundle = (args: string) => `${join(install, "bin", "obstack.mjs")} ${args}`;

  const fits = run(["render", "--out", out]);
  assert.equal(fits.status, 0, fits.stderr);
  assert.deepEqual(fits.starts, [fromBlob("--interrupt-budget=600000", `render --out ${out}`)]);
  assert.deepEqual(readTree(out), readTree(expected));

  // Arguments Node would read as its own options stay obstack's.
  const help = run(["--help"]);
  assert.equal(help.status, 0, help.stderr);
  assert.match(help.stdout, /^usage:\n {2}obstack render/);
  assert.deepEqual(help.starts, [fromBlob("--interrupt-budget=600000", "--help")]);

  // obstack alloy runs the bundle, which loads the Alloy tools only (test/speed/startup.test.ts).
  const alloyFile = join(tempDir(), "ok.alloy");
  writeFileSync(alloyFile, 'prometheus.relabel "keep" {\n\tforward_to = []\n}\n');
  const alloy = run(["alloy", "check", alloyFile]);
  assert.equal(alloy.status, 0, alloy.stderr);
  assert.deepEqual(alloy.starts, [fromBundle(`alloy check ${alloyFile}`)]);

  // V8 refuses the blob (built under other flags): Node exits 14 before any of obstack runs; the bundle runs.
  writeFileSync(join(snapshot, "flags"), "--max-lazy\n");
  const refused = run(["render", "--out", out]);
  assert.equal(refused.status, 0, refused.stderr);
  assert.deepEqual(refused.starts, [fromBlob("--max-lazy", `render --out ${out}`), fromBundle(`render --out ${out}`)]);
  assert.deepEqual(readTree(out), readTree(expected));
  writeFileSync(join(snapshot, "flags"), "--interrupt-budget=600000\n");

  // Another Node first on PATH than the one that built the blob: it would refuse it.
  writeFileSync(join(snapshot, "node"), `${process.execPath}.other\n`);
  const other = run(["render", "--out", out, "--check"]);
  assert.equal(other.status, 0, other.stdout + other.stderr);
  assert.deepEqual(other.starts, [fromBundle(`render --out ${out} --check`)]);
  writeFileSync(join(snapshot, "node"), `${fakeNode}\n`);

  // The same path, but a Node installed over it after the build.
  utimesSync(fakeNode, new Date(), new Date());
  const upgraded = run(["render", "--out", out]);
  assert.equal(upgraded.status, 0, upgraded.stderr);
  assert.deepEqual(upgraded.starts, [fromBundle(`render --out ${out}`)]);
  utimesSync(fakeNode, old, old);

  // A source newer than the blob: the snapshot would run old code.
  const older = new Date(Date.now() - 10 * 365 * 24 * 3600 * 1000);
  utimesSync(blob, older, older);
  utimesSync(fakeNode, older, older);
  const stale = run(["render", "--out", out]);
  assert.equal(stale.status, 0, stale.stderr);
  assert.deepEqual(stale.starts, [fromBundle(`render --out ${out}`)]);

  // No blob (the build could not make one).
  rmSync(blob);
  const none = run(["render", "--out", out, "--check"]);
  assert.equal(none.status, 0, none.stdout + none.stderr);
  assert.deepEqual(none.starts, [fromBundle(`render --out ${out} --check`)]);
});
