// Issue #12: a CLI that cannot hurt its user. One test (or a few) per point: no crash, nothing touched
// outside --out, atomic trees, ownership by manifest, no injection, secrets by reference only, the
// downstream tools' rules first, no silent loss, bounded inputs.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { chmodSync, cpSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { parseAllDocuments, parse as parseYaml } from "yaml";
import { ROOT, readTree, runCli, tempDir } from "./helpers/fixtures.ts";
import { kubectl } from "../scripts/tools.ts";
import { runGuarded } from "../src/cli.ts";
import { render } from "../src/render.ts";
import { validateProfile, ProfileError } from "../src/profile/load.ts";
import defaultInput from "../profiles/kimawesome.ts";
import secondInput from "../profiles/three-node-s3.ts";
import { alertmanagerMatcherProblem } from "../src/profile/rules.ts";
import { formatDiagnostics } from "../src/alloy/syntax/diag.ts";
import { parse as parseAlloy } from "../src/alloy/syntax/parser.ts";
import { print } from "../src/alloy/syntax/printer.ts";
import { file as alloyFile } from "../src/alloy/syntax/build.ts";

const GOOD_YAML = `cluster: { name: kim7s, overlay: kimawesome }
nodes: [{ name: cp, controlPlane: true }, { name: w1 }]
grafana:
  hostname: grafana.example.com
  gateway: { name: gw, namespace: kube-system }
`;
const OBS = "overlays/kimawesome/infrastructure/observability";
const PROFILES = [
  { name: "default (kimawesome)", file: join(ROOT, "profiles/kimawesome.ts"), input: defaultInput as Record<string, any> },
  { name: "second (three-node-s3)", file: join(ROOT, "profiles/three-node-s3.ts"), input: secondInput as Record<string, any> },
];

function writeProfile(dir: string, name: string, text: string): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

/** Exit 2 with a message naming `path`, no stack trace, nothing written. */
function assertUserError(r: { code: number; stderr: string }, path: RegExp | string, out?: string): void {
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, typeof path === "string" ? new RegExp(path.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")) : path);
  assert.doesNotMatch(r.stderr, /\n\s+at /, "no stack trace");
  if (out !== undefined) assert.equal(existsSync(out), false, "nothing written");
}

/**
 * The CLI in a child process with a time limit, for inputs that could block it (a FIFO read blocks the
 * whole process, so an in-process run could never fail, only hang). The limit is a safety net, not a
 * timing assertion: a run that is cut off fails the test.
 */
function runBin(args: string[]): { code: number; stderr: string } {
  const r = spawnSync(process.execPath, [join(ROOT, "bin/obstack.mjs"), ...args], { encoding: "utf8", timeout: 120_000 });
  return { code: r.status ?? -1, stderr: `${r.stderr}${r.signal ? `\n(killed by ${r.signal}: it hung)` : ""}` };
}

function problems(input: unknown): string {
  try {
    validateProfile(input, "p.yaml");
  } catch (e) {
    if (e instanceof ProfileError) return e.problems.join("\n");
    throw e;
  }
  return "";
}

/** The tree without obstack's own working state. */
function tree(dir: string): Map<string, string> {
  return new Map([...readTree(dir)].filter(([k]) => !k.startsWith(".obstack/") || k === ".obstack/manifest.json"));
}

// ---- 1. Crashes instead of messages -------------------------------------------------------------

test("1: a field that fails its own rule never crashes the cross-field rules; --check reports it as a bad profile, not drift", async () => {
  const dir = tempDir();
  for (const bad of ["prometheus: { volumeSize: 30GB }", "prometheus: { retentionSize: 25XB }", "prometheus: { retentionSize: 25XB, volumeSize: 1e3 }", "nodes: oops"]) {
    const profile = writeProfile(dir, "bad.yaml", GOOD_YAML.replace(/^nodes:.*\n/m, bad.startsWith("nodes") ? "" : "$&") + `${bad}\n`);
    const out = join(dir, "out");
    assertUserError(await runCli(["render", "--profile", profile, "--out", out]), /bad\.yaml: invalid profile\n {2}- (prometheus|nodes)/, out);
    assertUserError(await runCli(["render", "--check", "--profile", profile, "--out", out]), /bad\.yaml: invalid profile/, out);
  }
});

test("1: output-directory problems are exit 2 with a message naming the path", async () => {
  const dir = tempDir();
  const file = writeProfile(dir, "a-file", "x");
  assertUserError(await runCli(["render", "--out", file]), `--out ${file} is not a directory`);
  assertUserError(await runCli(["render", "--out", join(file, "sub")]), `cannot use --out ${join(file, "sub")}: a path component is not a directory`);
  for (const [what, target] of [
    ["dangling", join(dir, "nowhere")],
    ["loop", "loop"],
  ] as const) {
    const out = join(dir, `out-${what}`);
    mkdirSync(join(out, "overlays"), { recursive: true });
    symlinkSync(what === "loop" ? join(out, "overlays", "base") : target, join(out, "overlays", "base"));
    const r = await runCli(["render", "--out", out]);
    assertUserError(r, `${join(out, "overlays", "base")} is a symbolic link`);
    const check = await runCli(["render", "--check", "--out", out]);
    assert.notEqual(check.code, 3, check.stderr);
    assert.doesNotMatch(check.stderr, /internal error/);
  }
});

/** A small tmpfs at a fresh directory, or undefined when this machine does not let the test mount one. */
function tmpfs(sizeKiB: number): string | undefined {
  const at = tempDir("obstack-mnt-");
  const r = spawnSync("mount", ["-t", "tmpfs", "-o", `size=${sizeKiB}k`, "tmpfs", at], { encoding: "utf8" });
  return r.status === 0 ? at : undefined;
}

test("1: a full or read-only disk is exit 2 naming the directory, and the tree is left as it was", async (t) => {
  const full = tmpfs(64);
  const ro = tmpfs(4096);
  if (!full || !ro) {
    t.skip("cannot mount a tmpfs here (needs root with CAP_SYS_ADMIN): the full/read-only disk cases are not exercised");
    return;
  }
  try {
    const r = await runCli(["render", "--out", join(full, "out")]);
    assertUserError(r, `cannot write into ${join(full, "out")}: no space left on device (ENOSPC); nothing was changed`);
    assert.deepEqual(readdirSync(join(full, "out", ".obstack")), [], "staged files are removed");
    assert.equal((await runCli(["render", "--out", join(ro, "out")])).code, 0);
    const before = readTree(join(ro, "out"));
    execFileSync("mount", ["-o", "remount,ro", ro]);
    assertUserError(await runCli(["render", "--profile", PROFILES[1]!.file, "--out", join(ro, "out")]), /read-only file system \(EROFS\)/);
    assert.deepEqual(readTree(join(ro, "out")), before);
  } finally {
    spawnSync("umount", [full]);
    spawnSync("umount", [ro]);
  }
});

test("1: a second render while one holds the lock refuses with a message; concurrent renders never tear the tree", async () => {
  const out = tempDir();
  assert.equal((await runCli(["render", "--out", out])).code, 0);
  const lock = join(out, ".obstack", "lock");
  writeFileSync(lock, JSON.stringify({ pid: process.pid, host: hostname() }));
  assertUserError(await runCli(["render", "--out", out]), `another obstack render (pid ${process.pid} on ${hostname()}) is writing ${out}`);
  assertUserError(await runCli(["render", "--check", "--out", out]), "another obstack render");
  // A lock left by a process that is gone is taken over.
  writeFileSync(lock, JSON.stringify({ pid: 2 ** 22 + 12345, host: hostname() }));
  assert.equal((await runCli(["render", "--out", out])).code, 0);
  assert.equal(existsSync(lock), false);

  // Real concurrency: three processes render two profiles into one directory at once.
  const shared = tempDir();
  const runs = await Promise.all(
    [0, 1, 2].map(
      (i) =>
        new Promise<{ code: number; stderr: string }>((done) => {
          const args = [join(ROOT, "bin/obstack.mjs"), "render", "--out", shared, ...(i % 2 ? ["--profile", PROFILES[1]!.file, "--force"] : ["--force"])];
          const c = spawn(process.execPath, args, { stdio: ["ignore", "ignore", "pipe"] });
          let stderr = "";
          c.stderr.on("data", (d) => (stderr += d));
          c.on("close", (code) => done({ code: code ?? -1, stderr }));
        }),
    ),
  );
  for (const r of runs) {
    assert.ok(r.code === 0 || (r.code === 2 && /another obstack render/.test(r.stderr)), `exit ${r.code}: ${r.stderr}`);
    assert.doesNotMatch(r.stderr, /ENOENT|\n\s+at /);
  }
  assert.ok(runs.some((r) => r.code === 0));
  // Whatever won last, the tree is exactly one profile's render: --check of one of them is clean.
  const checks = await Promise.all([runCli(["render", "--check", "--out", shared]), runCli(["render", "--check", "--profile", PROFILES[1]!.file, "--out", shared])]);
  assert.ok(checks.some((c) => c.code === 0), checks.map((c) => c.stdout).join("\n"));
  assert.deepEqual(readdirSync(join(shared, ".obstack")).sort(), [".gitignore", "manifest.json"]);
});

test("1: a YAML pipeline given as raw objects and a TypeScript profile without a default export are named as such", async () => {
  const dir = tempDir();
  const out = join(dir, "out");
  const raw = writeProfile(
    dir,
    "raw.yaml",
    `${GOOD_YAML}alloy: { pipelines: [{ name: x, workload: node, config: [{ kind: Block, name: [prometheus, scrape], label: x, body: [] }] }] }\n`,
  );
  assertUserError(await runCli(["render", "--profile", raw, "--out", out]), /alloy\.pipelines\.0\.config: in a YAML or JSON profile, config is Alloy text/, out);
  const tsNoDefault = writeProfile(dir, "named.ts", "export const profile = { cluster: { name: 'a', overlay: 'b' } };\n");
  assertUserError(await runCli(["render", "--profile", tsNoDefault, "--out", out]), /named\.ts: invalid profile\n {2}- the module has no default export/, out);
  const tsNothing = writeProfile(dir, "empty.ts", "const x = 1;\nvoid x;\n");
  assertUserError(await runCli(["render", "--profile", tsNothing, "--out", out]), /the module has no default export/, out);
  // A TypeScript block that is not a built Alloy block is rejected, not printed into a crash.
  const bad = validateProfileProblem({ ...defaultInput, alloy: { pipelines: [{ name: "x", workload: "node", config: [{ kind: "Block", name: "oops" }] }] } });
  assert.match(bad, /alloy\.pipelines\.0\.config: must be Alloy text, or a non-empty list of Alloy blocks built with obstack\/alloy/);
});

function validateProfileProblem(input: unknown): string {
  return problems(input);
}

test("1: an internal error says so and exits 3, never 1 or 2", async () => {
  let stderr = "";
  const io = { stdout: () => {}, stderr: (s: string) => (stderr += s) };
  const code = await runGuarded(async () => {
    throw new TypeError("cannot read properties of undefined");
  }, io);
  assert.equal(code, 3);
  assert.match(stderr, /^obstack: internal error \(a bug in obstack, not in your profile\): cannot read properties of undefined/);
  assert.doesNotMatch(stderr, /\n\s+at /);
});

// ---- 2. Nothing outside --out -------------------------------------------------------------------

for (const p of PROFILES) {
  test(`2 (${p.name}): a link in the tree is never followed to delete, write or read`, async () => {
    const dir = tempDir();
    const out = join(dir, "out");
    const other = join(dir, "other");
    mkdirSync(other);
    for (let i = 0; i < 17; i++) writeFileSync(join(other, `f${i}.yaml`), `# Generated by obstack from profile x. Do not edit\nn: ${i}\n`);
    const before = readTree(other);
    assert.equal((await runCli(["render", "--profile", p.file, "--out", out])).code, 0);
    // A link under overlays/base to another tree, and a hostile manifest listing files through it.
    symlinkSync(other, join(out, "overlays/base/elsewhere"));
    const manifest = JSON.parse(readFileSync(join(out, ".obstack/manifest.json"), "utf8"));
    for (let i = 0; i < 17; i++) manifest.files[`overlays/base/elsewhere/f${i}.yaml`] = "0";
    writeFileSync(join(out, ".obstack/manifest.json"), JSON.stringify(manifest));
    const r = await runCli(["render", "--profile", p.file, "--out", out]);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(readTree(other), before, "nothing outside --out was removed");
    assert.ok(lstatSync(join(out, "overlays/base/elsewhere")).isSymbolicLink(), "the link itself is left alone");
    // A whole generated directory replaced by a link: refused, the other tree untouched.
    const base = join(out, "overlays/base/prometheus");
    rmSync(base, { recursive: true });
    symlinkSync(other, base);
    assertUserError(await runCli(["render", "--profile", p.file, "--out", out]), `${base} is a symbolic link; obstack never writes or deletes through links`);
    assert.deepEqual(readTree(other), before);
  });
}

test("2: a FIFO in the tree never hangs a render", { timeout: 600_000 }, async () => {
  const out = tempDir();
  assert.equal((await runCli(["render", "--out", out])).code, 0);
  execFileSync("mkfifo", [join(out, "overlays/base/prometheus/pipe")]);
  assert.equal(runBin(["render", "--out", out]).code, 0, "a FIFO next to generated files is ignored");
  assert.equal(runBin(["render", "--check", "--out", out]).code, 0);
  const target = join(out, OBS, "namespace.yaml");
  rmSync(target);
  execFileSync("mkfifo", [target]);
  assertUserError(runBin(["render", "--out", out]), `${OBS}/namespace.yaml (not a regular file)`);
  assert.equal(runBin(["render", "--check", "--out", out]).code, 1);
});

// ---- 3. Atomic writes ---------------------------------------------------------------------------

function treeState(out: string): Map<string, string> {
  return new Map([...readTree(out)].filter(([k]) => !k.startsWith(".obstack/")));
}

test("3: killed at any step, the tree is the old or the new one, or the next render completes it; --check finds the interrupted write", { timeout: 300_000 }, async () => {
  const oldFiles = render(validateProfile(defaultInput, "k"), "kimawesome.ts").files;
  // The new profile renames the overlay (every overlay file moves: removals) and changes the Alloy
  // config (its ConfigMap name changes in two files that must agree).
  const next = { ...defaultInput, cluster: { name: "kim7s", overlay: "renamed" }, alloy: { ...(defaultInput as any).alloy, staticLabels: { site: "lab" } } };
  const newFiles = render(validateProfile(next, "k"), "kimawesome.ts").files;
  const dir = tempDir();
  const oldOut = join(dir, "old");
  assert.equal((await runCli(["render", "--out", oldOut])).code, 0);
  const newOut = join(dir, "new");
  const job0 = join(dir, "clean.json");
  writeFileSync(job0, JSON.stringify({ out: newOut, files: [...newFiles], step: "never" }));
  cpSync(oldOut, newOut, { recursive: true });
  spawnSync(process.execPath, ["--import", "tsx", join(ROOT, "test/helpers/kill-write.ts"), job0], { encoding: "utf8" });
  const oldTree = treeState(oldOut);
  const newTree = treeState(newOut);
  assert.notDeepEqual(oldTree, newTree);
  const n = newFiles.size;
  for (const step of ["locked", "stage:0", `stage:${Math.floor(n / 2)}`, "staged", "committed", "rename:0", `rename:${Math.floor(n / 2)}`, "remove:0", "applied"]) {
    const out = join(dir, `kill-${step.replace(":", "-")}`);
    cpSync(oldOut, out, { recursive: true });
    const job = join(dir, `${step.replace(":", "-")}.json`);
    writeFileSync(job, JSON.stringify({ out, files: [...newFiles], step }));
    const c = spawnSync(process.execPath, ["--import", "tsx", join(ROOT, "test/helpers/kill-write.ts"), job], { encoding: "utf8" });
    assert.equal(c.signal, "SIGKILL", `${step}: ${c.stdout}${c.stderr}`);
    const after = treeState(out);
    const journal = existsSync(join(out, ".obstack/journal.json"));
    const same = (t: Map<string, string>) => after.size === t.size && [...t].every(([k, v]) => after.get(k) === v);
    assert.ok(journal || same(oldTree) || same(newTree), `${step}: a mixed tree without a journal`);
    const check = await runCli(["render", "--check", "--out", out]);
    if (journal) {
      assert.equal(check.code, 1, `${step}: ${check.stderr}`);
      assert.match(check.stdout, /^interrupted: an earlier render into .* was interrupted; run obstack render to complete it/);
    } else {
      assert.equal(check.code, 0, `${step}: before the commit point the old tree stands\n${check.stdout}`);
    }
    // The next render (of the new profile) completes or rolls back, then writes the new tree.
    const job2 = join(dir, `${step.replace(":", "-")}-again.json`);
    writeFileSync(job2, JSON.stringify({ out, files: [...newFiles], step: "never" }));
    const again = spawnSync(process.execPath, ["--import", "tsx", join(ROOT, "test/helpers/kill-write.ts"), job2], { encoding: "utf8" });
    assert.equal(again.status, 0, again.stderr);
    assert.deepEqual(treeState(out), newTree, `${step}: the next render gives the new tree`);
    assert.deepEqual(readdirSync(join(out, ".obstack")).sort(), [".gitignore", "manifest.json"], `${step}: no staging or temp files left`);
    assert.deepEqual(
      [...readTree(out).keys()].filter((k) => k.endsWith(".obstack-tmp")),
      [],
    );
  }
  void oldFiles;
});

test("3: obstack alloy fmt replaces a file atomically (new inode, same mode, no temp file left)", async () => {
  const dir = tempDir();
  const file = join(dir, "c.alloy");
  writeFileSync(file, 'logging {\nlevel="info"\n}\n');
  chmodSync(file, 0o640);
  const ino = statSync(file).ino;
  const r = await runCli(["alloy", "fmt", file]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(readFileSync(file, "utf8"), 'logging {\n\tlevel = "info"\n}\n');
  assert.notEqual(statSync(file).ino, ino, "written to a new file and renamed over the old one: a kill never truncates it");
  assert.equal(statSync(file).mode & 0o777, 0o640);
  assert.deepEqual(readdirSync(dir), ["c.alloy"]);
});

// ---- 4. What obstack owns -----------------------------------------------------------------------

for (const p of PROFILES) {
  test(`4 (${p.name}): a manifest says what obstack wrote; renaming the overlay removes the old one, hand-written files are kept or refused`, async () => {
    const dir = tempDir();
    const out = join(dir, "out");
    assert.equal((await runCli(["render", "--profile", p.file, "--out", out])).code, 0);
    const manifest = JSON.parse(readFileSync(join(out, ".obstack/manifest.json"), "utf8")) as { files: Record<string, string> };
    const rendered = [...readTree(out).keys()].filter((k) => !k.startsWith(".obstack/"));
    assert.deepEqual(Object.keys(manifest.files).sort(), rendered.sort());
    // A hand-written file that happens to start with the generated mark is not obstack's.
    const mine = join(out, "overlays/base/mine.yaml");
    writeFileSync(mine, "# Generated by obstack, said I\nkind: ConfigMap\n");
    // Rename the overlay.
    const overlay = p.input.cluster.overlay as string;
    const renamed = writeProfile(dir, "renamed.json", JSON.stringify({ ...stripBlocks(p.input), cluster: { ...p.input.cluster, overlay: `${overlay}-new` } }));
    const check = await runCli(["render", "--check", "--profile", renamed, "--out", out]);
    assert.equal(check.code, 1);
    assert.match(check.stdout, new RegExp(`stale: +overlays/${overlay}/infrastructure/observability/kustomization.yaml`));
    assert.equal((await runCli(["render", "--profile", renamed, "--out", out])).code, 0);
    assert.equal(existsSync(join(out, "overlays", overlay)), false, "the old overlay's files (and emptied directories) are gone");
    assert.equal(readFileSync(mine, "utf8"), "# Generated by obstack, said I\nkind: ConfigMap\n", "a file obstack did not write is kept");
    assert.equal((await runCli(["render", "--check", "--profile", renamed, "--out", out])).code, 0);
    // A hand-written file at a generated path: refused, kept; replaced only with --force.
    const ns = join(out, "overlays", `${overlay}-new`, "infrastructure/observability/namespace.yaml");
    rmSync(ns);
    const manifest2 = JSON.parse(readFileSync(join(out, ".obstack/manifest.json"), "utf8"));
    delete manifest2.files[`overlays/${overlay}-new/infrastructure/observability/namespace.yaml`];
    writeFileSync(join(out, ".obstack/manifest.json"), JSON.stringify(manifest2));
    writeFileSync(ns, "kind: Namespace # mine\n");
    const unowned = await runCli(["render", "--check", "--profile", renamed, "--out", out]);
    assert.equal(unowned.code, 1);
    assert.match(unowned.stdout, /unowned: overlays\/.*namespace\.yaml \(not written by obstack/);
    const refused = await runCli(["render", "--profile", renamed, "--out", out]);
    assertUserError(refused, /refusing to overwrite 1 file\(s\) .* that obstack did not write .*\n {2}overlays\/.*namespace\.yaml\nmove them away, or pass --force/);
    assert.equal(readFileSync(ns, "utf8"), "kind: Namespace # mine\n");
    assert.equal((await runCli(["render", "--force", "--profile", renamed, "--out", out])).code, 0);
    assert.match(readFileSync(ns, "utf8"), /^# Generated by obstack/);
  });
}

/** The JSON-representable part of a bundled profile (typed Alloy blocks become their printed text). */
function stripBlocks(input: Record<string, any>): Record<string, any> {
  const pipelines = ((input.alloy?.pipelines ?? []) as any[]).map((x) => ({ ...x, config: typeof x.config === "string" ? x.config : printBlocks(x.config) }));
  return { ...input, ...(input.alloy ? { alloy: { ...input.alloy, pipelines } } : {}) };
}

function printBlocks(blocks: any[]): string {
  return print(alloyFile(...blocks));
}

test("4: a tree rendered before manifests is adopted: files with the mark at generated paths are overwritten, nothing is deleted by mark", async () => {
  const out = tempDir();
  assert.equal((await runCli(["render", "--out", out])).code, 0);
  rmSync(join(out, ".obstack"), { recursive: true });
  writeFileSync(join(out, "overlays/base/old-generated.yaml"), "# Generated by obstack from profile old.ts\nx: 1\n");
  const r = await runCli(["render", "--out", out]);
  assert.equal(r.code, 0, r.stderr);
  assert.ok(existsSync(join(out, "overlays/base/old-generated.yaml")), "never deleted because of its first line");
  assert.ok(existsSync(join(out, ".obstack/manifest.json")));
});

// ---- 5. Invisible injection ---------------------------------------------------------------------

test("5: characters YAML 1.1 and 1.2 parsers read differently are rejected at their path; the file name too", async () => {
  const dir = tempDir();
  const out = join(dir, "out");
  for (const [what, yaml, path] of [
    ["U+2028 in a label value", `${GOOD_YAML}alloy: { staticLabels: { site: "a\\u2028b" } }\n`, /alloy\.staticLabels\.site: contains U\+2028 \(LINE SEPARATOR\)/],
    ["U+2029 in a pipeline string", `${GOOD_YAML}alloy: { pipelines: [{ name: x, workload: node, config: "logging {\\n level = \\"info\\u2029\\"\\n}\\n" }] }\n`, /alloy\.pipelines\.0\.config: contains U\+2029/],
    ["U+0085 in the folder", `${GOOD_YAML.replace("gateway:", "folder: \"a\\Nb\"\n  gateway:")}`, /grafana\.folder: contains U\+0085 \(NEXT LINE\)/],
  ] as const) {
    const f = writeProfile(dir, "p.yaml", yaml);
    assertUserError(await runCli(["render", "--profile", f, "--out", out]), path, out);
    void what;
  }
  // A lone surrogate (possible from a TypeScript profile) breaks kustomize.
  assert.match(problems({ ...defaultInput, grafana: { ...(defaultInput as any).grafana, folder: "x\uD800y" } }), /grafana\.folder: contains U\+D800 \(an unpaired surrogate\)/);
  // The file name is printed in every header.
  const evil = writeProfile(dir, "p\n---\nkind: ClusterRoleBinding\n.yaml", GOOD_YAML);
  const r = await runCli(["render", "--profile", evil, "--out", out]);
  assertUserError(r, /contains U\+000A \(a line feed\).*rename the file/, out);
});

test("5: an escaped U+2028 in Alloy text reaches kustomize as the same text YAML 1.2 reads", async () => {
  const dir = tempDir();
  const out = join(dir, "out");
  const config = 'prometheus.scrape "x" {\n targets = [{"__address__" = "h:9100", "note" = "a\\u2028b"}]\n forward_to = [prometheus.remote_write.prometheus.receiver]\n}\n';
  const f = writeProfile(dir, "p.yaml", `${GOOD_YAML}alloy: { pipelines: [{ name: x, workload: cluster, config: ${JSON.stringify(config)} }] }\n`);
  const r = await runCli(["render", "--profile", f, "--out", out]);
  assert.equal(r.code, 0, r.stderr);
  // The Alloy chart owns the config: the text is the release's alloy.configMap.content (values patch).
  const file = join(out, OBS, "grafana-alloy/alloy-cluster-values.yaml");
  const text = readFileSync(file, "utf8");
  assert.ok(text.includes('"a\\u2028b"'), "the Alloy escape is kept as an escape");
  assert.doesNotMatch(text, /[\u2028\u2029\u0085]/);
  const ours = parseAllDocuments(text).map((d) => d.toJS());
  const built = execFileSync(kubectl(), ["kustomize", join(out, OBS, "grafana-alloy")], { encoding: "utf8" });
  const theirs = parseAllDocuments(built).map((d) => d.toJS()).filter((o) => o.kind === "HelmRelease" && o.metadata.name === "alloy-cluster");
  assert.equal(theirs.length, 1);
  const mine = ours.find((o) => o.metadata.name === "alloy-cluster");
  assert.equal(theirs[0].spec.values.alloy.configMap.content, mine?.spec.values.alloy.configMap.content);
  assert.ok(String(mine?.spec.values.alloy.configMap.content).includes('"a\\u2028b"'));
});

// ---- 6. Secrets by name only --------------------------------------------------------------------

test("6: credentials are rejected wherever they could be written, with how to reference a Secret", () => {
  const receivers = (url: string) => ({ alertmanager: { receivers: [{ name: "null", type: "null" }, { name: "hook", type: "webhook", url }] } });
  assert.match(problems({ ...defaultInput, ...receivers("HTTPS://user:pass@hooks.example.com/x") }), /alertmanager\.receivers\.1\.url: must not embed credentials \(user:password@\); use urlSecret/);
  assert.match(problems({ ...defaultInput, ...receivers("https://hooks.example.com/x?token=abc") }), /must not carry a secret in its query \(token=\.\.\.\)/);
  assert.match(problems({ ...defaultInput, alerting: { runbookBaseUrl: "https://u:p@docs.example.com/runbooks" } }), /alerting\.runbookBaseUrl: must not embed credentials/);
  assert.match(problems({ ...defaultInput, alloy: { staticLabels: { password: "x" } } }), /alloy\.staticLabels\.password: looks like a secret/);
  const pipeline = (config: string) => problems({ ...defaultInput, alloy: { pipelines: [{ name: "p", workload: "node", config }] } });
  const cases: [string, RegExp][] = [
    ['prometheus.remote_write "x" {\n endpoint {\n  url = "https://m.example.com/push"\n  basic_auth {\n   username = "u"\n   password = "hunter2"\n  }\n }\n}\n', /basic_auth > password: a literal password/],
    ['prometheus.remote_write "x" {\n endpoint {\n  url = "https://m.example.com/push"\n  bearer_token = "abc"\n }\n}\n', /bearer_token: a literal bearer_token/],
    ['loki.write "x" {\n endpoint {\n  url = "https://l.example.com/push"\n  headers = { "Authorization" = "Bearer abc" }\n }\n}\n', /a literal Authorization header/],
    ['remote.s3 "x" {\n path = "s3://bucket/file"\n client {\n  key = "AKIA"\n  secret = "s3cr3t"\n }\n}\n', /client > key: a literal key[\s\S]*client > secret: a literal secret/],
    ['prometheus.remote_write "x" {\n endpoint {\n  url = "https://m.example.com/push?api_key=abc"\n }\n}\n', /url: a URL here must not carry a secret in its query \(api_key=\.\.\.\)/],
    ['prometheus.remote_write "x" {\n endpoint {\n  url = "HTTPS://u:p@m.example.com/push"\n }\n}\n', /url: a URL here must not embed credentials/],
  ];
  for (const [config, expected] of cases) {
    const msg = pipeline(config);
    assert.match(msg, expected, config);
    assert.match(msg, /sys\.env\("VAR"\) with VAR set from a secretKeyRef, or a remote\.kubernetes\.secret component/);
  }
  // Read at run time: accepted.
  assert.equal(
    pipeline('prometheus.remote_write "x" {\n endpoint {\n  url = "https://m.example.com/push"\n  basic_auth {\n   username = "u"\n   password = sys.env("PUSH_PASSWORD")\n  }\n }\n}\n'),
    "",
  );
});

// ---- 7. What the downstream tools reject ---------------------------------------------------------

test("7: alert matchers must parse as Alertmanager matchers (cross-checked with amtool)", (t) => {
  const samples = ['severity="critical"', "severity=critical", 'alertname=~"Loki.*"', "team!~(a|b)", 'foo="bar', 'foo=b"ar', 'x=~"a("', "1bad=x", 'sev="a\\"b"', "a=b,c=d", 'a="x,y"', 'x=~"(?i)crit"'];
  const amtool = spawnSync("sh", ["-c", "command -v amtool"], { encoding: "utf8" }).stdout.trim();
  for (const m of samples) {
    const ours = alertmanagerMatcherProblem(m) === undefined;
    if (amtool === "") continue;
    const dir = tempDir();
    const cfg = join(dir, "am.yml");
    writeFileSync(cfg, `route: { receiver: "null", routes: [{ receiver: "null", matchers: [${JSON.stringify(m)}] }] }\nreceivers: [{ name: "null" }]\n`);
    const theirs = spawnSync(amtool, ["check-config", cfg], { encoding: "utf8" }).status === 0;
    assert.equal(ours, theirs, `${m}: obstack ${ours ? "accepts" : "rejects"}, amtool ${theirs ? "accepts" : "rejects"}`);
  }
  if (amtool === "") t.diagnostic("amtool not installed: only obstack's own verdicts were computed");
  const msg = problems({ ...defaultInput, alertmanager: { routes: [{ receiver: "null", matchers: ['foo="bar'] }] } });
  assert.match(msg, /alertmanager\.routes\.0\.matchers\.0: .*opens a double quote it does not close; Alertmanager rejects it/);
  assert.match(problems({ ...defaultInput, alertmanager: { routes: [{ receiver: "null", matchers: ['x=~"a("'] }] } }), /not an RE2 regular expression, which Alertmanager requires/);
});

test("7: values the downstream tools reject are rejected first, with the tool's rule", () => {
  const expect = (patch: Record<string, unknown>, re: RegExp) => {
    for (const base of [defaultInput, secondInput] as Record<string, any>[]) assert.match(problems({ ...base, ...patch }), re, JSON.stringify(patch));
  };
  expect({ alertmanager: { receivers: [{ name: "null", type: "null" }, { name: "h", type: "webhook", url: "ftp://hooks.example.com/x" }] } }, /url: must be an http:\/\/ or https:\/\/ URL/);
  expect({ alerting: { runbookBaseUrl: "https://docs.example.com/{{ .Labels.x }}/runbooks" } }, /alerting\.runbookBaseUrl: must not contain \{\{ or \}\}: Prometheus expands alert annotations as Go templates/);
  expect({ namespace: "observability-of-a-rather-long-cluster-name" }, /^namespace: the Flux Kustomization name .* is \d+ characters; Kubernetes label values .* are at most 63/m);
  expect({ externalMachines: [{ name: "m".repeat(60), address: "10.0.0.1", exporters: [{ name: "node", port: 9100 }] }] }, /externalMachines\.0\.name: the Service name .* Kubernetes allows 63/);
  expect({ podMonitors: [{ name: "pm", selector: { app: "x" }, endpoints: [{ port: "http--metrics" }] }] }, /podMonitors\.0\.endpoints\.0\.port: must be an IANA service name/);
  expect({ podMonitors: [{ name: "pm", selector: { app: "x" }, endpoints: [{ port: "9100" }] }] }, /must contain a letter \(an IANA service name/);
  for (const address of ["127.0.0.1", "169.254.1.1", "224.0.0.1", "::1", "fe80::1", "ff02::1"]) {
    expect({ externalMachines: [{ name: "m", address, exporters: [{ name: "node", port: 9100 }] }] }, /externalMachines\.0\.address: is (a loopback|link-local|a multicast|the IPv6 loopback)/);
  }
  const s3 = (region: string) => ({ loki: { storage: { type: "s3", endpoint: "s3.example.com", bucket: "logs-bucket", credentialsSecret: "s3", region } } });
  for (const region of ["no", "eu central 1", "us-east-1\nx: y", "'x'"]) expect(s3(region), /loki\.storage\.region: must be an S3 region .*the Loki chart writes it unquoted/);
  assert.equal(problems({ ...defaultInput, ...s3("eu-central-1") }), "");
  expect({ storage: { className: "local-storage", localPath: "/mnt/../etc" } }, /storage\.localPath: must not contain '\.', '\.\.'/);
  expect({ flux: { repositoryRoot: "./clusters/../../x" } }, /flux\.repositoryRoot: must not contain '\.' or '\.\.' segments/);
  for (const name of ["__meta_x", "le", "quantile", "namespace"]) expect({ alloy: { staticLabels: { [name]: "x" } } }, new RegExp(`alloy\\.staticLabels\\.${name}: ${name} is (reserved by Prometheus|set by the stack itself)`));
  expect({ storage: { className: "sc", provisioner: "" } }, /storage\.provisioner: must name the storage class's provisioner/);
  expect({ storage: { className: "sc", provisioner: "a b" } }, /storage\.provisioner: must be a qualified name/);
});

// ---- 8. No silent loss --------------------------------------------------------------------------

test("8: a text pipeline's comments are kept; top-level attributes and empty configs are rejected", async () => {
  const dir = tempDir();
  const out = join(dir, "out");
  const withComments = `${GOOD_YAML}alloy:\n  pipelines:\n    - name: extra\n      workload: cluster\n      config: |\n        // Scrape the thing.\n        prometheus.scrape "thing" {\n          // every target\n          targets = [{"__address__" = "thing:9100"}]\n          forward_to = [prometheus.remote_write.prometheus.receiver] // where\n        }\n`;
  const f = writeProfile(dir, "c.yaml", withComments);
  assert.equal((await runCli(["render", "--profile", f, "--out", out])).code, 0);
  const cm = readFileSync(join(out, OBS, "grafana-alloy/alloy-cluster-values.yaml"), "utf8");
  for (const c of ["// Scrape the thing.", "// every target", "// where"]) assert.ok(cm.includes(c), `${c} kept`);
  const attr = writeProfile(dir, "a.yaml", `${GOOD_YAML}alloy: { pipelines: [{ name: x, workload: node, config: "level = \\"debug\\"\\nlogging {\\n level = \\"info\\"\\n}\\n" }] }\n`);
  assertUserError(await runCli(["render", "--profile", attr, "--out", join(dir, "o2")]), /alloy\.pipelines\.0\.config: line 1: top-level attribute level would be dropped/, join(dir, "o2"));
  assert.match(problems({ ...defaultInput, alloy: { pipelines: [{ name: "x", workload: "node", config: [] }] } }), /alloy\.pipelines\.0\.config/);
});

for (const p of PROFILES) {
  test(`8 (${p.name}): output does not depend on the order of keys in maps`, () => {
    const labels = { zone: "a", env: "prod", team: "obs" };
    const reversed = Object.fromEntries(Object.entries(labels).reverse());
    const monitor = (selector: Record<string, string>) => [{ name: "pm", selector, endpoints: [{ port: "metrics" }] }];
    const sel = { "app.kubernetes.io/name": "x", tier: "web", a: "b" };
    const revSel = Object.fromEntries(Object.entries(sel).reverse());
    const a = render(validateProfile({ ...p.input, alloy: { ...p.input.alloy, staticLabels: labels }, podMonitors: monitor(sel) }, "x"), "x").files;
    const b = render(validateProfile({ ...p.input, alloy: { ...p.input.alloy, staticLabels: reversed }, podMonitors: monitor(revSel) }, "x"), "x").files;
    assert.deepEqual([...a], [...b]);
  });
}

// ---- 9. Bounded inputs ---------------------------------------------------------------------------

test("9: FIFOs, devices and oversized profiles are refused before they are read", { timeout: 600_000 }, async () => {
  const dir = tempDir();
  const fifo = join(dir, "p.yaml");
  execFileSync("mkfifo", [fifo]);
  assertUserError(runBin(["render", "--profile", fifo, "--out", join(dir, "o")]), /p\.yaml: invalid profile\n {2}- is a FIFO/);
  const zero = join(dir, "zero.yaml");
  symlinkSync("/dev/zero", zero);
  assertUserError(runBin(["render", "--profile", zero, "--out", join(dir, "o")]), /zero\.yaml: invalid profile\n {2}- is a device/);
  const big = writeProfile(dir, "big.yaml", `${GOOD_YAML}# ${"x".repeat(17 * 1024 * 1024)}\n`);
  assertUserError(await runCli(["render", "--profile", big, "--out", join(dir, "o")]), /a profile may be at most 16777216 bytes/);
});

test("9: huge profiles get a clear message and bounded messages (no quadratic checks, no list of every receiver)", () => {
  const many = Array.from({ length: 10_001 }, (_, i) => ({ name: `n${i}` }));
  assert.match(problems({ ...defaultInput, nodes: many }), /nodes: .*10000/);
  const nodes = Array.from({ length: 5000 }, (_, i) => ({ name: `n${i % 2500}` }));
  const dupes = problems({ ...defaultInput, nodes });
  assert.match(dupes, /nodes\.2500\.name: n0 is listed twice/);
  const receivers = [{ name: "null", type: "null" }, ...Array.from({ length: 150 }, (_, i) => ({ name: `r${i}`, type: "null" }))];
  const routes = Array.from({ length: 1000 }, (_, i) => ({ receiver: `missing${i}`, matchers: ["a=b"] }));
  const msg = problems({ ...defaultInput, alertmanager: { receivers, routes } });
  assert.match(msg, /alertmanager\.routes\.0\.receiver: missing0 is not one of alertmanager\.receivers \(null, r0, .* and 141 more\)/);
  assert.match(msg, /alertmanager\.routes: 980 more routes name receivers that are not defined/);
  assert.ok(msg.length < 20_000, `${msg.length} characters`);
  // 8,000 bad routes: one message per route up to 20, then a count (no crash, no 8,000-line message).
  const eightThousand = problems({ ...defaultInput, alertmanager: { routes: Array.from({ length: 8000 }, () => ({ receiver: "x", matchers: ["a=b"] })) } });
  assert.match(eightThousand, /alertmanager\.routes: 7980 more routes name receivers that are not defined/);
  assert.ok(eightThousand.length < 20_000, `${eightThousand.length} characters`);
  assert.match(problems({ ...defaultInput, alertmanager: { routes: Array.from({ length: 10_001 }, () => ({ receiver: "x", matchers: ["a=b"] })) } }), /alertmanager\.routes: .*10000/);
});

test("9: an Alloy diagnostic prints each source line once, cut to a window around the column", () => {
  const src = `a = "${"\u0000".repeat(8000)}"\n`;
  const { diagnostics } = parseAlloy(src, "f.alloy");
  assert.ok(diagnostics.length > 100);
  const text = formatDiagnostics(diagnostics, src, "f.alloy");
  assert.ok(text.length < 100_000, `${text.length} characters`);
  assert.match(text, /\.\.\. and \d+ more diagnostics/);
  const long = `x = "${"y".repeat(5000)}" +\n`;
  const d = parseAlloy(long, "g.alloy").diagnostics;
  const one = formatDiagnostics(d, long, "g.alloy");
  for (const line of one.split("\n")) assert.ok(line.length <= 200, `line of ${line.length}`);
  void parseYaml;
});
