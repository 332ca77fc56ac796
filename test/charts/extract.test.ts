import { test } from "node:test";
import assert from "node:assert/strict";
import { extractKeyFacts, joinKeyPath, splitKeyPath } from "../../src/charts/extract.ts";

test("kinds: map, open ({} / null / schema-annotated), list, scalar", () => {
  const facts = extractKeyFacts(`
a:
  b: 1
  c: {}
  d: null
  e: [1]
  f:
    g: "x"
# @schema additionalProperties:true
h:
  i: 1
j:
  # @schema skipProperties:true;additionalProperties:true
  k:
    l: 2
  # @schema additionalProperties:false
  m:
    n: 3
  # commented:
  #   key: documented only in a comment
"dotted.key": 1
`);
  assert.deepEqual(facts, {
    a: "map",
    "a.b": "scalar",
    "a.c": "open",
    "a.d": "open",
    "a.e": "list",
    "a.f": "map",
    "a.f.g": "scalar",
    "dotted\\.key": "scalar",
    h: "open",
    "h.i": "scalar",
    j: "map",
    "j.k": "open",
    "j.k.l": "scalar",
    "j.m": "map",
    "j.m.n": "scalar",
  });
});

test("key paths escape dots and round-trip", () => {
  const segs = ["grafana", "grafana.ini", "a\\b"];
  assert.deepEqual(splitKeyPath(joinKeyPath(segs)), segs);
  assert.equal(joinKeyPath(["x", "y.z"]), "x.y\\.z");
});

test("a values file that does not parse is an error", () => {
  assert.throws(() => extractKeyFacts("a: [1\n"), /does not parse/);
});
