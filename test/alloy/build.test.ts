import { test } from "node:test";
import assert from "node:assert/strict";
import { arr, attr, binary, block, bool, call, comment, file, index, nullLit, num, obj, raw, ref, str } from "../../src/alloy/syntax/build.ts";
import { format, print } from "../../src/alloy/syntax/printer.ts";
import { parse } from "../../src/alloy/syntax/parser.ts";
import { validate } from "../../src/alloy/syntax/validator.ts";

test("build: produces canonical, valid Alloy", () => {
  const f = file(
    comment("Collect pod logs."),
    block("discovery.kubernetes", "pods", [attr("role", "pod")]),
    block("loki.source.kubernetes", "pods", [
      attr("targets", ref("discovery.kubernetes.pods.targets")),
      attr("forward_to", [ref("loki.write.default.receiver")]),
    ]),
    block("loki.write", "default", [
      block("endpoint", [
        attr("url", call("sys.env", "LOKI_URL")),
        attr("headers", obj({ "X-Scope-OrgID": "tenant" })),
      ]),
      attr("external_labels", { cluster: "main" }),
    ]),
    block("local.file_match", "logs", [attr("path_targets", [obj({ __path__: "/var/log/*.log" }, { quoteKeys: true })])]),
  );
  const out = print(f);
  assert.equal(
    out,
    `// Collect pod logs.
discovery.kubernetes "pods" {
	role = "pod"
}

loki.source.kubernetes "pods" {
	targets    = discovery.kubernetes.pods.targets
	forward_to = [loki.write.default.receiver]
}

loki.write "default" {
	endpoint {
		url     = sys.env("LOKI_URL")
		headers = {
			"X-Scope-OrgID" = "tenant",
		}
	}

	external_labels = {
		cluster = "main",
	}
}

local.file_match "logs" {
	path_targets = [{
		"__path__" = "/var/log/*.log",
	}]
}
`,
  );
  assert.equal(format(out), out, "builder output is canonical");
  const r = parse(out, "b.alloy");
  assert.deepEqual(validate(r.file).filter((d) => d.severity === "error"), []);
});

test("build: literals and operators", () => {
  const f = file(
    attr("s", str('quote " and \\ and \n')),
    attr("r", raw("a\\b")),
    attr("n", num(-1.5)),
    attr("i", num(42)),
    attr("b", bool(false)),
    attr("z", nullLit()),
    attr("e", binary(ref("a.b"), "+", index(ref("c"), 0))),
    attr("l", arr(1, "x", true, null)),
  );
  assert.equal(
    print(f),
    `s = "quote \\" and \\\\ and \\n"
r = \`a\\b\`
n = -1.5
i = 42
b = false
z = null
e = a.b + c[0]
l = [1, "x", true, null]
`,
  );
});

test("build: rejects invalid names", () => {
  assert.throws(() => attr("not valid", 1));
  assert.throws(() => block("a.b-c", []));
  assert.throws(() => block("a", "bad label", []));
  assert.throws(() => ref("a..b"));
});
