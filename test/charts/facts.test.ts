// The committed key facts (src/charts/keys/*.json) must equal what extractKeyFacts yields for the
// reference values files in ../shared/reference/charts (project root = parent of test/).
// Skipped, with a message, when that folder is absent.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { CHART_SOURCES, extractKeyFacts, serializeKeyFacts } from "../../src/charts/extract.ts";
import { KEY_FACTS } from "../../src/charts/keys/index.ts";
import { CHARTS } from "../../src/charts/catalog.ts";

const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
const refDir = resolve(projectRoot, "..", "shared", "reference", "charts");
const present = existsSync(refDir);
const skip = present ? false : `reference charts not present at ${refDir}: committed key facts not compared`;
if (!present) console.log(`# SKIP facts.test: ${skip}`);

test("every catalog facts id has committed facts and a reference source", () => {
  for (const c of Object.values(CHARTS)) {
    const ids = [c.factsId, ...c.subcharts.flatMap((s) => (s.factsId ? [s.factsId] : []))];
    for (const id of ids) {
      assert.ok(KEY_FACTS[id], `no committed facts ${id}`);
      assert.ok(CHART_SOURCES[id], `no reference source for ${id}`);
    }
  }
  assert.deepEqual(Object.keys(KEY_FACTS).sort(), Object.keys(CHART_SOURCES).sort());
});

for (const [id, file] of Object.entries(CHART_SOURCES)) {
  test(`committed key facts ${id} equal the facts of ${file}`, { skip }, () => {
    const fresh = extractKeyFacts(readFileSync(join(refDir, file), "utf8"));
    const committed = KEY_FACTS[id]!;
    const missing = Object.keys(fresh).filter((k) => !(k in committed));
    const extra = Object.keys(committed).filter((k) => !(k in fresh));
    const changed = Object.keys(fresh).filter((k) => k in committed && committed[k] !== fresh[k]);
    assert.deepEqual(
      { missing: missing.slice(0, 20), extra: extra.slice(0, 20), changed: changed.slice(0, 20) },
      { missing: [], extra: [], changed: [] },
      `facts ${id} drifted from ${file}; regenerate with: npx tsx src/charts/extract.ts`,
    );
    // byte-for-byte: the committed file is exactly what the CLI writes
    const onDisk = readFileSync(join(projectRoot, "src", "charts", "keys", `${id}.json`), "utf8");
    assert.equal(onDisk, serializeKeyFacts(fresh));
  });
}

test("the chart versions pinned in the catalog match the reference files", { skip }, () => {
  const chartYaml = readFileSync(join(refDir, "kube-prometheus-stack-79.12.0.Chart.yaml"), "utf8");
  assert.match(chartYaml, new RegExp(`^version: ${CHARTS["kube-prometheus-stack"].version.replace(/\./g, "\\.")}$`, "m"));
  const ksm = CHARTS["kube-prometheus-stack"].subcharts.find((s) => s.prefix === "kube-state-metrics")!;
  assert.match(chartYaml, new RegExp(`name: kube-state-metrics\\n\\s+version: "${ksm.version.replace(/\./g, "\\.")}"`));
  for (const s of CHARTS["kube-prometheus-stack"].subcharts.filter((x) => x.prefix !== "kube-state-metrics")) {
    assert.ok(chartYaml.includes(`name: ${s.prefix}`), `${s.prefix} is a dependency of kps`);
    assert.ok(chartYaml.includes(`version: "${s.version}"`), `${s.prefix} pinned at ${s.version}`);
  }
  for (const c of Object.values(CHARTS)) {
    const file = CHART_SOURCES[c.factsId]!;
    assert.ok(file.endsWith(`-${c.version}.values.yaml`), `${c.id} ${c.version} facts come from ${file}`);
  }
});
