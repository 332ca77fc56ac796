import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { defaultComponentsJson, generateCatalogSource, generatedPath } from "../../src/alloy/catalog/generate.ts";
import { defaultCatalog } from "../../src/alloy/catalog/index.ts";

test("catalog: committed components.generated.ts matches the generator", (t) => {
  if (!existsSync(defaultComponentsJson)) return t.skip(`../shared absent: ${defaultComponentsJson}`);
  const expected = generateCatalogSource(readFileSync(defaultComponentsJson, "utf8"));
  assert.equal(readFileSync(generatedPath, "utf8"), expected, "run: npx tsx src/alloy/catalog/generate.ts");
});

test("catalog: covers the components the stack uses", () => {
  for (const name of [
    "discovery.kubernetes",
    "discovery.relabel",
    "loki.source.kubernetes",
    "loki.source.file",
    "local.file_match",
    "loki.source.journal",
    "loki.source.kubernetes_events",
    "loki.process",
    "loki.relabel",
    "loki.write",
    "prometheus.scrape",
    "prometheus.relabel",
    "prometheus.remote_write",
    "prometheus.exporter.self",
  ]) {
    assert.ok(defaultCatalog.components.has(name), `missing ${name}`);
  }
  const scrape = defaultCatalog.components.get("prometheus.scrape")!;
  assert.deepEqual(
    scrape.arguments.filter((a) => a.required).map((a) => a.name),
    ["targets", "forward_to"],
  );
  const write = defaultCatalog.components.get("loki.write")!;
  const endpoint = write.blocks.find((b) => b.name === "endpoint")!;
  assert.ok(endpoint.arguments.some((a) => a.name === "url" && a.required));
  assert.ok(endpoint.blocks.some((b) => b.name === "basic_auth" && b.arguments.some((a) => a.name === "password")));
  assert.deepEqual(write.exports, [{ name: "receiver", type: "LogsReceiver" }]);
});
