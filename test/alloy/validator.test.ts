import { test } from "node:test";
import assert from "node:assert/strict";
import { parse } from "../../src/alloy/syntax/parser.ts";
import { validate } from "../../src/alloy/syntax/validator.ts";
import { formatDiagnostics, type Diagnostic } from "../../src/alloy/syntax/diag.ts";
import { defaultCatalog } from "../../src/alloy/catalog/index.ts";

function check(src: string): Diagnostic[] {
  const r = parse(src, "main.alloy");
  assert.deepEqual(r.diagnostics, [], "test source must parse");
  return validate(r.file, { filename: "main.alloy", catalog: defaultCatalog });
}
function errors(src: string): string[] {
  return check(src)
    .filter((d) => d.severity === "error")
    .map((d) => `${d.start.line}:${d.start.column} ${d.message}`);
}

const writer = `loki.write "default" {
	endpoint {
		url = "http://loki:3100/loki/api/v1/push"
	}
}
`;

test("validator: a valid pipeline with stdlib calls has no diagnostics", () => {
  const src = `${writer}
discovery.kubernetes "pods" {
	role = "pod"
}

loki.source.kubernetes "pods" {
	targets    = discovery.kubernetes.pods.targets
	forward_to = [loki.process.default.receiver]
}

loki.process "default" {
	stage.static_labels {
		values = {
			host = sys.env("HOSTNAME"),
			name = string.format("%s-%d", coalesce(sys.env("X"), "x"), 1),
		}
	}
	forward_to = [loki.write.default.receiver]
}

prometheus.exporter.self "self" { }

prometheus.scrape "self" {
	targets    = array.concat(prometheus.exporter.self.self.targets, encoding.from_json("[]"))
	forward_to = [prometheus.remote_write.default.receiver]
}

prometheus.remote_write "default" {
	endpoint {
		url = "http://mimir/api/v1/push"
	}
}

livedebugging {
	enabled = true
}
`;
  assert.deepEqual(check(src), []);
});

test("validator: unknown component", () => {
  assert.deepEqual(errors(`local.missing "x" { }\n`), [`1:1 cannot find the definition of component name "local.missing"`]);
});

test("validator: reference to a component that does not exist", () => {
  assert.deepEqual(errors(`loki.relabel "r" {\n\tforward_to = [loki.write.nope.receiver]\n}\n`), [
    `2:16 component "loki.write.nope.receiver" does not exist or is out of scope`,
  ]);
});

test("validator: reference to an export that does not exist", () => {
  assert.deepEqual(errors(`${writer}\nloki.relabel "r" {\n\tforward_to = [loki.write.default.input]\n}\n`), [
    `8:35 component "loki.write.default" does not export "input"`,
  ]);
});

test("validator: references out of scope inside declare", () => {
  const src = `${writer}\ndeclare "m" {\n\tloki.relabel "r" {\n\t\tforward_to = [loki.write.default.receiver]\n\t}\n}\n`;
  assert.deepEqual(errors(src), [`9:17 component "loki.write.default.receiver" does not exist or is out of scope`]);
});

test("validator: cycles", () => {
  const src = `loki.relabel "a" {\n\tforward_to = [loki.relabel.b.receiver]\n}\n\nloki.relabel "b" {\n\tforward_to = [loki.relabel.a.receiver]\n}\n`;
  assert.deepEqual(errors(src), ["1:1 cycle detected: loki.relabel.a, loki.relabel.b", "5:1 cycle detected: loki.relabel.a, loki.relabel.b"]);
});

test("validator: self reference", () => {
  assert.deepEqual(errors(`loki.relabel "a" {\n\tforward_to = [loki.relabel.a.receiver]\n}\n`), ["1:1 cannot reference self"]);
});

test("validator: duplicate blocks", () => {
  assert.deepEqual(errors(`${writer}${writer}`), ["6:1 block loki.write.default already declared at main.alloy:1:1"]);
});

test("validator: missing required argument", () => {
  assert.deepEqual(errors(`loki.relabel "a" { }\n`), [`1:1 missing required attribute "forward_to"`]);
});

test("validator: unknown argument", () => {
  assert.deepEqual(errors(`loki.relabel "a" {\n\tforward_to = []\n\tfoward_to = []\n}\n`), [`3:2 unrecognized attribute name "foward_to"`]);
});

test("validator: unknown block", () => {
  assert.deepEqual(errors(`loki.relabel "a" {\n\tforward_to = []\n\trules { }\n}\n`), [`3:2 unrecognized block name "rules"`]);
});

test("validator: nested block arguments are checked", () => {
  assert.deepEqual(errors(`loki.write "a" {\n\tendpoint { }\n}\n`), [`2:2 missing required attribute "url"`]);
});

test("validator: type mismatch", () => {
  assert.deepEqual(errors(`discovery.kubernetes "a" {\n\trole = true\n}\n`), ["2:9 expected string, got bool"]);
  assert.deepEqual(errors(`discovery.kubernetes "a" {\n\trole = 5\n}\n`), [], "numbers convert to strings");
  assert.deepEqual(errors(`loki.relabel "a" {\n\tforward_to     = []\n\tmax_cache_size = "10"\n}\n`), [], "numeric strings convert to numbers");
  assert.deepEqual(errors(`loki.write "a" {\n\texternal_labels = {a = [1]}\n}\n`), ["2:25 expected string, got array"]);
  assert.deepEqual(errors(`loki.relabel "a" {\n\tforward_to     = []\n\tmax_cache_size = "big"\n}\n`), ["3:19 expected number, got string"]);
});

test("validator: component without a label", () => {
  assert.deepEqual(errors(`loki.relabel {\n\tforward_to = []\n}\n`), [`1:1 component "loki.relabel" must have a label`]);
});

test("validator: components the old catalog lacked are checked (facts for every registered component)", () => {
  // prometheus.exporter.redis had no facts before components-all.json: a typo passed with a warning.
  const ok = `prometheus.exporter.redis "r" {\n\tredis_addr = "x"\n}\n\nprometheus.scrape "r" {\n\ttargets    = prometheus.exporter.redis.r.targets\n\tforward_to = []\n}\n`;
  assert.deepEqual(check(ok), []);
  assert.deepEqual(errors(ok.replace("redis_addr", "redis_adr")), [
    `2:2 unrecognized attribute name "redis_adr"`,
    `1:1 missing required attribute "redis_addr"`,
  ]);
  assert.deepEqual(errors(ok.replace(".r.targets", ".r.targetz")), [`6:43 component "prometheus.exporter.redis.r" does not export "targetz"`]);
  // A component the old catalog did not know at all (a valid pipeline using it failed the render).
  assert.deepEqual(errors(`otelcol.processor.redaction "r" {\n\toutput { }\n}\n`), [
    `1:1 component "otelcol.processor.redaction" is at stability level "experimental", which is below the minimum allowed stability level "generally-available". Use --stability.level command-line flag to enable "experimental" features`,
  ]);
});

test("validator: declare defines a custom component with arguments and exports", () => {
  const mod = `declare "pipeline" {\n\targument "sink" {\n\t\toptional = false\n\t}\n\n\targument "level" {\n\t\toptional = true\n\t}\n\n\tloki.relabel "r" {\n\t\tforward_to = [argument.sink.value]\n\t}\n\n\texport "input" {\n\t\tvalue = loki.relabel.r.receiver\n\t}\n}\n`;
  assert.deepEqual(errors(`${writer}\n${mod}\npipeline "p" {\n\tsink = loki.write.default.receiver\n}\n\nloki.relabel "x" {\n\tforward_to = [pipeline.p.input]\n}\n`), []);
  assert.deepEqual(errors(`${mod}\npipeline "p" {\n\tlevel = "x"\n\tbogus = 1\n}\n`), [`21:2 unrecognized attribute name "bogus"`, `19:1 missing required attribute "sink"`]);
  assert.deepEqual(errors(`${mod}\npipeline "p" {\n\tsink = []\n}\n\nloki.relabel "x" {\n\tforward_to = [pipeline.p.output]\n}\n`), [`24:27 component "pipeline.p" does not export "output"`]);
});

test("validator: module-level blocks", () => {
  assert.deepEqual(errors(`logging {\n\tlevel = "info"\n}\n\nlogging { }\n`), ["5:1 block logging already declared at main.alloy:1:1"]);
  assert.deepEqual(errors(`argument "x" { }\n`), ["1:1 argument blocks only allowed inside a module"]);
  assert.deepEqual(errors(`declare "m" {\n\tlogging { }\n}\n`), ["2:2 logging not allowed in module"]);
  assert.deepEqual(errors(`import.file "m" { }\n`), [`1:1 missing required attribute "filename"`]);
  assert.deepEqual(errors(`import.file "m" {\n\tfilename = "m.alloy"\n}\n\nm.thing "x" { }\n`), []);
});

test("formatDiagnostics: Alloy's diagnostic format", () => {
  const src = `\nloki.source.file "f" {\n\ttest = "x"\n}\n`;
  const r = parse(src, "main.alloy");
  const out = formatDiagnostics(validate(r.file), src, "main.alloy");
  assert.equal(
    out,
    `Error: main.alloy:3:2: unrecognized attribute name "test"

2 | loki.source.file "f" {
3 |     test = "x"
  |     ^^^^^^^^^^
4 | }

Error: main.alloy:2:1: missing required attribute "targets"

1 |   
2 |   loki.source.file "f" {
  |  _^^^^^^^^^^^^^^^^^^^^^^
3 | |     test = "x"
4 | | }
  | |_^
5 |   

Error: main.alloy:2:1: missing required attribute "forward_to"

1 |   
2 |   loki.source.file "f" {
  |  _^^^^^^^^^^^^^^^^^^^^^^
3 | |     test = "x"
4 | | }
  | |_^
5 |   
`,
  );
});
