import { test } from "node:test";
import assert from "node:assert/strict";
import { parse } from "../../src/alloy/syntax/parser.ts";
import { FormatError, format, print, tryFormat } from "../../src/alloy/syntax/printer.ts";

const canonical = [
  `// Leading comment.
logging {
	level  = "info"
	format = "logfmt"
}

discovery.kubernetes "pods" {
	role = "pod"

	selectors {
		role  = "pod"
		field = "spec.nodeName=" + sys.env("HOSTNAME")
	}
}

loki.process "default" {
	stage.static_labels {
		values = {
			cluster = "main",
			env     = "prod",
		}
	}
	forward_to = [loki.write.default.receiver] // trailing comment
}
`,
  `a = [0, 1, 2]
b = {
	"quoted" = true,
	plain    = -5 * (3 + 2),
}
c = x[0].y(1, "two", [3])

empty { }
`,
  `mixed = [0, true, {
	key = 1,
}, "s"]
raw = \`multi
line\`
call = f(
	1,
	2,
)
`,
];

test("printer: canonical input is printed unchanged", () => {
  for (const src of canonical) {
    const r = parse(src);
    assert.deepEqual(r.diagnostics, []);
    assert.equal(print(r.file), src);
  }
});

test("printer: formatting is idempotent", () => {
  const messy = 'a=1\nlong_name=2\nblock  "x"{\nb=[1,\n2]\n// c\n}\n\n\n\nz = {a=1,bb=2}\n';
  const once = format(messy);
  assert.equal(format(once), once);
  assert.equal(once, 'a         = 1\nlong_name = 2\n\nblock "x" {\n\tb = [1,\n\t\t2]\n\t// c\n}\n\nz = {a = 1, bb = 2}\n');
});

test("printer: empty file prints as empty", () => {
  // Alloy's fmt writes the printer output and one newline (internal/alloycli/cmd_fmt.go:112-118).
  assert.equal(format(""), "\n");
  assert.equal(format("  \n\n \t\n"), "\n");
  assert.equal(format("// only a comment\n"), "// only a comment\n");
});

test("printer: format throws FormatError with diagnostics on syntax errors", () => {
  assert.throws(() => format("a = \n", "x.alloy"), (e: unknown) => e instanceof FormatError && e.diagnostics.length === 1 && e.message.startsWith("x.alloy:2:1: expected expression"));
  const r = tryFormat("block {\n");
  assert.equal(r.output, undefined);
  assert.ok(r.diagnostics.length > 0);
});
