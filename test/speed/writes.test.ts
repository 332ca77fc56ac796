// Issue #13: a render writes only what changed. A file whose content is unchanged is not staged, renamed
// or touched (same inode, same mtime) and the manifest still lists it; a changed file is replaced through
// the journaled transaction of src/tree/write.ts (new inode: staged, then renamed into place). The kill
// test of that transaction (test/clisafe.test.ts, point 3) covers atomicity with this in place.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, statSync, utimesSync } from "node:fs";
import { join } from "node:path";
import defaultInput from "../../profiles/kimawesome.ts";
import secondInput from "../../profiles/three-node-s3.ts";
import { readTree, tempDir } from "../helpers/fixtures.ts";
import { render } from "../../src/render.ts";
import { validateProfile } from "../../src/profile/load.ts";
import { MANIFEST, writeTree } from "../../src/tree/write.ts";

const PROFILES = [
  { name: "default (kimawesome)", input: defaultInput as Record<string, any> },
  { name: "second (three-node-s3)", input: secondInput as Record<string, any> },
];

const OLD = new Date("2001-01-01T00:00:00Z");
const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");

/** Inode and mtime (ns) of every file of the tree, state files included. */
function identities(out: string): Map<string, string> {
  return new Map([...readTree(out).keys()].map((f) => {
    const st = statSync(join(out, f), { bigint: true });
    return [f, `${st.ino}@${st.mtimeNs}`];
  }));
}

/** writeTree, returning the transaction's steps. */
function write(out: string, files: Map<string, string>): string[] {
  const steps: string[] = [];
  writeTree(out, files, { onStep: (s) => steps.push(s) });
  return steps;
}

for (const p of PROFILES) {
  test(`${p.name}: a second render keeps every unchanged file as it is (inode, mtime), replaces the changed ones, lists all in the manifest`, () => {
    const before = render(validateProfile(p.input, "p.ts"), "p.ts").files;
    // Changing the Alloy static labels changes the Alloy configs (and the names of their ConfigMaps), not the rest.
    const nextInput = { ...p.input, alloy: { ...p.input.alloy, staticLabels: { ...(p.input.alloy?.staticLabels ?? {}), site: "lab" } } };
    const after = render(validateProfile(nextInput, "p.ts"), "p.ts").files;
    const changed = [...after.keys()].filter((f) => before.get(f) !== after.get(f));
    const unchanged = [...after.keys()].filter((f) => before.get(f) === after.get(f));
    assert.ok(changed.length > 0 && unchanged.length > changed.length, `the change touches some files (${changed.length}), not most (${unchanged.length} unchanged)`);

    const out = join(tempDir(), "out");
    write(out, before);
    // Every file looks old: a file the next render rewrote would get a new mtime (and a new inode).
    for (const f of readTree(out).keys()) utimesSync(join(out, f), OLD, OLD);
    const id1 = identities(out);

    const steps = write(out, after);
    const id2 = identities(out);
    for (const f of unchanged) assert.equal(id2.get(f), id1.get(f), `${f} is unchanged, yet was rewritten or touched`);
    for (const f of changed) {
      assert.notEqual(id2.get(f), id1.get(f), `${f} changed: replaced by a new file`);
      assert.equal(readFileSync(join(out, f), "utf8"), after.get(f));
    }
    // Staged: the changed and new files and the manifest (which changes with them), nothing else.
    const written = changed.length + 1;
    assert.equal(steps.filter((s) => s.startsWith("stage:")).length, written);
    assert.equal(steps.filter((s) => s.startsWith("rename:")).length, written);
    const manifest = JSON.parse(readFileSync(join(out, MANIFEST), "utf8")) as { files: Record<string, string> };
    assert.deepEqual(Object.keys(manifest.files).sort(), [...after.keys()].sort(), "the manifest lists every rendered file, unchanged ones included");
    for (const [f, c] of after) assert.equal(manifest.files[f], sha256(c), f);
    assert.deepEqual(new Map([...readTree(out)].filter(([f]) => !f.startsWith(".obstack/"))), after);

    // The same render again writes nothing at all: no staging, no journal, every file as it was.
    const again = write(out, after);
    assert.deepEqual(again, ["locked"], "no transaction: nothing staged, journaled or committed");
    assert.deepEqual(identities(out), id2);
    assert.equal(existsSync(join(out, ".obstack", "journal.json")), false);
  });
}
