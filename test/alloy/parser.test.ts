import { test } from "node:test";
import assert from "node:assert/strict";
import { parse } from "../../src/alloy/syntax/parser.ts";
import type { Attribute, Block } from "../../src/alloy/syntax/ast.ts";
import { endPos, startPos } from "../../src/alloy/syntax/ast.ts";

test("parser: positions of blocks, labels, attributes and expressions", () => {
  const src = 'logging {\n\tlevel = "info"\n}\n\nloki.write "default" {\n  endpoint { url = sys.env("URL") }\n}\n';
  const { file, diagnostics } = parse(src, "a.alloy");
  assert.deepEqual(diagnostics, []);
  const [logging, write] = file.body as Block[];
  assert.deepEqual(logging!.namePos, { offset: 0, line: 1, column: 1 });
  assert.deepEqual(logging!.rcurly, { offset: src.indexOf("}"), line: 3, column: 1 });
  const level = logging!.body[0] as Attribute;
  assert.deepEqual(level.name.pos, { offset: src.indexOf("level"), line: 2, column: 2 });
  assert.deepEqual(startPos(level.value), { offset: src.indexOf('"info"'), line: 2, column: 10 });
  assert.deepEqual(endPos(level.value), { offset: src.indexOf('"info"') + 5, line: 2, column: 15 });
  assert.deepEqual(write!.name, ["loki", "write"]);
  assert.equal(write!.label, "default");
  assert.deepEqual(write!.labelPos, { offset: src.indexOf('"default"'), line: 5, column: 12 });
  const endpoint = write!.body[0] as Block;
  const url = endpoint.body[0] as Attribute;
  assert.equal(url.value.kind, "Call");
  assert.deepEqual(startPos(url.value), { offset: src.indexOf("sys.env"), line: 6, column: 20 });
});

test("parser: operator precedence and associativity", () => {
  const { file } = parse("a = 1 + 2 * 3 ^ 2 ^ 1 == 7 || !b && c\n");
  const v = (file.body[0] as Attribute).value;
  assert.equal(v.kind, "Binary");
  if (v.kind !== "Binary") return;
  assert.equal(v.op, "||");
  assert.equal(v.left.kind === "Binary" && v.left.op, "==");
  const sum = v.left.kind === "Binary" ? v.left.left : undefined;
  assert.equal(sum?.kind === "Binary" && sum.op, "+");
  const mul = sum?.kind === "Binary" ? sum.right : undefined;
  assert.equal(mul?.kind === "Binary" && mul.op, "*");
  const pow = mul?.kind === "Binary" ? mul.right : undefined;
  // right-associative: 3 ^ (2 ^ 1)
  assert.ok(pow?.kind === "Binary" && pow.op === "^" && pow.right.kind === "Binary" && pow.right.op === "^");
  assert.equal(v.right.kind === "Binary" && v.right.op, "&&");
});

test("parser: comments are kept in groups", () => {
  const { file } = parse("// a\n// b\n\n// c\nx = 1 // d\n");
  assert.deepEqual(
    file.comments.map((g) => g.map((c) => c.text)),
    [["// a", "// b"], ["// c"], ["// d"]],
  );
  assert.deepEqual(file.comments[2]![0]!.pos, { offset: 22, line: 5, column: 7 });
});

test("parser: errors have Alloy's messages and positions", () => {
  const { diagnostics } = parse("a = [1,\n2\n]\nb \"x\" = 1\nc = 'x'\n", "e.alloy");
  assert.deepEqual(
    diagnostics.map((d) => `${d.start.line}:${d.start.column} ${d.message}`),
    ["2:2 missing ',' in expression list", "4:3 attribute names may not have labels", "5:5 illegal single-quoted string; use double quotes", "5:5 expected expression, got ILLEGAL"],
  );
});

test("parser: terminates on garbage input", () => {
  for (const src of ['A={A!0A"', 'A"', "}}}{{{", "a = (((", "block { a = [1, 2", "\u0000\ufeff", "a = " + "[".repeat(50000), "b {\n".repeat(50000)]) {
    const r = parse(src);
    assert.ok(r.diagnostics.length > 0, src);
  }
});
