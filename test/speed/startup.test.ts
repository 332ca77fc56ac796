// Start-up (issue #13): a command loads only what it runs. Checked by recording, with a module hook
// (test/helpers/record-modules.mjs), which modules a real CLI process resolved; and on a bundle built
// here with scripts/build.mjs, so the trimmed bundle is checked whether or not dist/ is fresh.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { ROOT, readTree, runCli, tempDir } from "../helpers/fixtures.ts";
import LazyRE2 from "../../src/k8s/re2-lazy.ts";

const RECORD = join(ROOT, "test", "helpers", "record-modules.mjs");
const ALLOY_OK = `prometheus.relabel "keep" {\n  forward_to = []\n}\n`;

/** Runs node with the recorder; returns its result and the modules it loaded (file paths, "cjs:" for CommonJS). */
function recorded(args: string[]): { status: number | null; stdout: string; stderr: string; modules: string[] } {
  const file = join(tempDir(), "modules.txt");
  writeFileSync(file, "");
  const r = spawnSync(process.execPath, ["--import", RECORD, ...args], { encoding: "utf8", env: { ...process.env, OBSTACK_RECORD_MODULES: file }, cwd: ROOT });
  const modules = [...new Set(readFileSync(file, "utf8").split("\n").filter((l) => l !== ""))].map((l) => (l.startsWith("file:") ? fileURLToPath(l) : l));
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, modules };
}

// Modules of the renderer: none of them may load for `obstack alloy`.
const RENDERER = [/src\/render\.ts$/, /src\/cli\.ts$/, /src\/stack\//, /src\/profile\//, /src\/checks\//, /src\/tree\//, /src\/dashboards\//, /kubernetes-models/, /\bzod\b/, /\byaml\b/];

test("obstack alloy --help and alloy check (sources) load the Alloy tools and none of the renderer", () => {
  const dir = tempDir();
  writeFileSync(join(dir, "ok.alloy"), ALLOY_OK);
  for (const args of [["--help"], ["check", join(dir, "ok.alloy")], ["fmt", join(dir, "ok.alloy")]]) {
    const r = recorded(["--import", "tsx", join(ROOT, "src", "main.ts"), "alloy", ...args]);
    assert.equal(r.status, 0, r.stderr);
    assert.ok(r.modules.some((m) => m.endsWith("src/alloy/cli.ts")), "the Alloy CLI was loaded");
    const loaded = r.modules.filter((m) => RENDERER.some((re) => re.test(m)));
    assert.deepEqual(loaded, [], `obstack alloy ${args[0]} loaded renderer modules`);
  }
  // The renderer itself does load them (the recorder sees what it should).
  const render = recorded(["--import", "tsx", join(ROOT, "src", "main.ts"), "render", "--out", join(dir, "out")]);
  assert.equal(render.status, 0, render.stderr);
  assert.ok(render.modules.some((m) => m.endsWith("src/render.ts")));
});

test("the bundle: render loads no re2-wasm, carries no Grafana dashboard v2 or zod locales but English, renders the same bytes; alloy loads no renderer chunk", async () => {
  const outdir = join(ROOT, ".cache", `test-bundle-${process.pid}`);
  try {
    const b = spawnSync(process.execPath, [join(ROOT, "scripts", "build.mjs"), "--outdir", outdir], { encoding: "utf8" });
    assert.equal(b.status, 0, b.stderr);
    const bundle = join(outdir, "obstack.mjs");
    const viaBundle = tempDir();
    const r = recorded([bundle, "render", "--out", viaBundle]);
    assert.equal(r.status, 0, r.stderr);
    assert.ok(r.modules.some((m) => m.startsWith(join(outdir, "chunks"))), "the render loaded the bundle's chunks");
    assert.deepEqual(r.modules.filter((m) => /re2-wasm/.test(m)), [], "re2-wasm loaded at render");
    // What the render never runs is not in the bundle: the Grafana SDK's dashboard v2 builders and zod's
    // locales other than English.
    const code = readdirSync(join(outdir, "chunks")).map((f) => readFileSync(join(outdir, "chunks", f), "utf8")).join("\n");
    assert.doesNotMatch(code, /defaultVizConfigKind/, "the Grafana SDK's dashboard v2 code is bundled");
    assert.doesNotMatch(code, /Ungültige Eingabe/, "zod's German locale is bundled");
    assert.match(code, /Invalid input/, "zod's English locale is bundled");
    const inProcess = tempDir();
    await runCli(["render", "--out", inProcess]);
    assert.deepEqual(readTree(viaBundle), readTree(inProcess));

    const dir = tempDir();
    // zod's messages still come in English from the trimmed bundle (its default locale).
    writeFileSync(join(dir, "bad.json"), JSON.stringify({ cluster: { name: "c1", overlay: "prod" }, nodes: [] }));
    const bad = spawnSync(process.execPath, [bundle, "render", "--profile", join(dir, "bad.json"), "--out", join(dir, "out")], { encoding: "utf8" });
    assert.equal(bad.status, 2, bad.stderr);
    assert.match(bad.stderr, /bad\.json: invalid profile\n[^]*nodes: Too small: expected array to have >=1 items/);
    writeFileSync(join(dir, "ok.alloy"), ALLOY_OK);
    const a = recorded([bundle, "alloy", "check", join(dir, "ok.alloy")]);
    assert.equal(a.status, 0, a.stderr);
    const chunks = a.modules.filter((m) => m.startsWith(outdir));
    assert.ok(chunks.length > 0);
    for (const c of chunks) {
      // Function names survive the bundler's minification (scripts/build.mjs keeps identifiers).
      assert.doesNotMatch(readFileSync(c, "utf8"), /function buildStack\b|function renderFiles\b/, `${c} holds the renderer`);
    }
  } finally {
    if (existsSync(outdir)) rmSync(outdir, { recursive: true, force: true });
  }
});

test("lazy RE2: compiles on first use and matches as re2-wasm does (Go's (?i) flag)", () => {
  const re = new LazyRE2("^(?i)(abort|warn)?$", "u");
  assert.equal(re.test("ABORT"), true);
  assert.equal(re.test("warn"), true);
  assert.equal(re.test(""), true);
  assert.equal(re.test("retry"), false);
});

test("a TypeScript profile importing obstack's API (defineStack, podLogPathRuleBlocks) does not build the profile schema again", async () => {
  const { tsImport } = await import("tsx/esm/api");
  const { createRequire } = await import("node:module");
  const { pathToFileURL } = await import("node:url");
  const source = `import { defineStack, podLogPathRuleBlocks } from ${JSON.stringify(join(ROOT, "src", "index.ts"))};\nexport default defineStack({ cluster: { name: "c1", overlay: "prod" }, nodes: [{ name: "n1" }], grafana: { hostname: "g.example.org", gateway: { name: "gw", namespace: "gw" } }, alloy: { pipelines: [{ name: "p", workload: "node", config: podLogPathRuleBlocks() }] } } as never);\n`;
  const cache = createRequire(import.meta.url).cache;
  // As an ES module (a folder with "type": "module") and as CommonJS (no package.json: how tsx compiles a
  // profile in most users' repositories).
  for (const esm of [true, false]) {
    const dir = tempDir();
    if (esm) writeFileSync(join(dir, "package.json"), '{ "type": "module" }\n');
    const file = join(dir, "profile.ts");
    writeFileSync(file, source);
    const imported: string[] = [];
    const before = new Set(Object.keys(cache));
    const mod = (await tsImport(pathToFileURL(file).href, { parentURL: import.meta.url, onImport: (u) => imported.push(u) })) as { default: unknown };
    const loaded = [...imported, ...Object.keys(cache).filter((k) => !before.has(k))].map((u) => u.replace(/\?.*$/, ""));
    const def = (mod.default as { default?: unknown; __esModule?: boolean }).__esModule ? (mod.default as { default: unknown }).default : mod.default;
    assert.equal((def as { cluster: { name: string } }).cluster.name, "c1", `${esm ? "ESM" : "CJS"}: the profile loaded`);
    assert.ok(loaded.some((u) => u.endsWith("src/profile/define.ts")), `${esm ? "ESM" : "CJS"}: the recorder saw the API's modules (${loaded.join(", ")})`);
    assert.deepEqual(loaded.filter((u) => /src\/profile\/schema\.ts$/.test(u)), [], `${esm ? "ESM" : "CJS"}: the profile schema was loaded again`);
  }
});
