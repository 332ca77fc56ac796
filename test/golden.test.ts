// The committed example is the default profile's whole tree; it must never be stale.
// After an intended change: npm run examples (and review the diff).
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { ROOT, readTree, runCli } from "./helpers/fixtures.ts";
import { render } from "../src/render.ts";
import { defaultProfile } from "./helpers/fixtures.ts";

test("examples/kimawesome is exactly what the default profile renders", async () => {
  const example = join(ROOT, "examples", "kimawesome");
  const r = await runCli(["render", "--check", "--out", example]);
  assert.equal(r.code, 0, `examples/kimawesome is stale; run npm run examples\n${r.stdout}`);
  const onDisk = readTree(example);
  const { files } = render(defaultProfile(), "kimawesome.ts");
  // Besides the rendered files: obstack's manifest of them and the .gitignore of its working files.
  assert.deepEqual([...onDisk.keys()].sort(), [...files.keys(), ".obstack/.gitignore", ".obstack/manifest.json"].sort());
});
