// Issue #11: what a user running `obstack alloy check` on their own files meets.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "../../src/alloy/syntax/parser.ts";
import { format } from "../../src/alloy/syntax/printer.ts";
import { validate, type StabilityLevel } from "../../src/alloy/syntax/validator.ts";
import { formatDiagnostics } from "../../src/alloy/syntax/diag.ts";
import { defaultCatalog } from "../../src/alloy/catalog/index.ts";
import { runAlloyCli } from "../../src/alloy/cli.ts";

function errors(src: string, stabilityLevel?: StabilityLevel): string[] {
  const r = parse(src, "main.alloy");
  assert.deepEqual(r.diagnostics, [], "test source must parse");
  const opts = stabilityLevel ? { filename: "main.alloy", stabilityLevel } : { filename: "main.alloy" };
  return validate(r.file, opts)
    .filter((d) => d.severity === "error")
    .map((d) => `${d.start.line}:${d.start.column} ${d.message}`);
}

function io() {
  const out = { stdout: "", stderr: "" };
  return { out, io: { stdout: (s: string) => void (out.stdout += s), stderr: (s: string) => void (out.stderr += s) } };
}
const dir = mkdtempSync(join(tmpdir(), "alloy-issue11-"));

test("1. every registered component has facts; removed components name the release; one_of does not require every member", () => {
  assert.equal(defaultCatalog.components.size, 184);
  for (const name of ["otelcol.receiver.otlp", "discovery.aws", "otelcol.exporter.otlp", "remote.http", "prometheus.exporter.self"]) {
    assert.ok(defaultCatalog.components.has(name), name);
  }
  // A valid pipeline with a component the old catalog did not know (it failed the render).
  assert.deepEqual(
    errors(`discovery.aws "a" {\n\trole   = "ec2"\n\tregion = "eu-west-1"\n}\n\nprometheus.scrape "a" {\n\ttargets    = discovery.aws.a.targets\n\tforward_to = []\n}\n`),
    [],
  );
  // A typo in a component the old catalog had no facts for.
  assert.deepEqual(errors(`discovery.dns "d" {\n\tnamez = ["x"]\n}\n`), [`2:2 unrecognized attribute name "namez"`, `1:1 missing required attribute "names"`]);
  assert.deepEqual(errors(`otelcol.exporter.logging "x" { }\n`), [
    `1:1 component "otelcol.exporter.logging" was removed in Alloy v1.5.0; use otelcol.exporter.debug instead`,
  ]);
  assert.deepEqual(errors(`loki.writ "x" { }\n`), [`1:1 cannot find the definition of component name "loki.writ"`]);
  const azure = (inner: string): string =>
    `prometheus.remote_write "w" {\n\tendpoint {\n\t\turl = "http://x"\n\n\t\tazuread {\n${inner}\t\t}\n\t}\n}\n`;
  assert.deepEqual(errors(azure(`\t\t\tmanaged_identity {\n\t\t\t\tclient_id = "abc"\n\t\t\t}\n`)), []);
  assert.deepEqual(errors(azure(`\t\t\tmanaged_identity {\n\t\t\t\tclient_id = "abc"\n\t\t\t}\n\n\t\t\tsdk {\n\t\t\t\ttenant_id = "t"\n\t\t\t}\n`)), [
    `5:3 at most one of "managed_identity", "oauth", "sdk", "workload_identity" may be set, got "managed_identity", "sdk"`,
  ]);
});

test("2. stability levels: components, foreach and stdlib functions below --stability.level", async () => {
  const exp = `otelcol.processor.redaction "r" {\n\toutput { }\n}\n`;
  assert.deepEqual(errors(exp, "experimental"), []);
  assert.match(errors(exp)[0]!, /component "otelcol.processor.redaction" is at stability level "experimental", which is below the minimum allowed stability level "generally-available"/);
  assert.match(errors(`prometheus.exporter.catchpoint "c" { }\n`, "public-preview")[0] ?? "", /stability level "experimental"/);
  const fe = `foreach "f" {\n\tcollection = [1]\n\tvar        = "x"\n\n\ttemplate { }\n}\n`;
  assert.match(errors(fe)[0]!, /^1:1 foreach block "foreach" is at stability level "experimental"/);
  assert.deepEqual(errors(fe, "experimental"), []);
  const fn = `logging {\n\tlevel = array.group_by([], "a", false)\n}\n`;
  assert.match(errors(fn)[0]!, /array.group_by is at stability level "experimental"/);
  // The CLI flag.
  const f = join(dir, "stab.alloy");
  writeFileSync(f, exp);
  let r = io();
  assert.equal(await runAlloyCli(["check", f], r.io), 1);
  r = io();
  assert.equal(await runAlloyCli(["check", "--stability.level", "experimental", f], r.io), 0, r.out.stderr);
  r = io();
  assert.equal(await runAlloyCli(["check", "--stability.level=bogus", f], r.io), 2);
  // Community components need their flag.
  writeFileSync(f, `otelcol.exporter.splunkhec "s" {\n\tsplunk {\n\t\ttoken = "t"\n\t}\n\n\tclient {\n\t\tendpoint = "http://x"\n\t}\n}\n`);
  r = io();
  assert.equal(await runAlloyCli(["check", f], r.io), 1);
  assert.match(r.out.stderr, /is a community component/);
});

test("3. values: relabel action, RE2 regexes, durations, logging values, list elements, operators", () => {
  const rule = (body: string): string => `discovery.relabel "r" {\n\ttargets = []\n\n\trule {\n${body}\t}\n}\n`;
  assert.deepEqual(errors(rule(`\t\taction = "labledrop"\n\t\tregex  = "x"\n`)), [`5:12 unrecognized action type "labledrop"`]);
  assert.deepEqual(errors(rule(`\t\taction = "labeldrop"\n\t\tregex  = "(a"\n`)), ["6:12 error parsing regexp: missing closing ): `^(?s:(a)$`"]);
  // RE2 rejects what JavaScript accepts (a lookahead) and accepts what Go accepts.
  assert.equal(errors(rule(`\t\taction = "labeldrop"\n\t\tregex  = "a(?=b)"\n`)).length, 1);
  assert.deepEqual(errors(rule(`\t\taction = "labeldrop"\n\t\tregex  = "(?P<x>a)[[:alpha:]]"\n`)), []);
  assert.deepEqual(errors(`prometheus.scrape "s" {\n\ttargets         = []\n\tforward_to      = []\n\tscrape_interval = "30x"\n}\n`), [
    `4:20 time: unknown unit "x" in duration "30x"`,
  ]);
  assert.deepEqual(errors(`prometheus.scrape "s" {\n\ttargets         = []\n\tforward_to      = []\n\tscrape_timeout  = "10"\n}\n`), [
    `4:20 time: missing unit in duration "10"`,
  ]);
  assert.deepEqual(errors(`prometheus.scrape "s" {\n\ttargets         = []\n\tforward_to      = []\n\tscrape_timeout  = 10\n}\n`), [
    `4:20 time: missing unit in duration "10"`,
  ]);
  assert.deepEqual(errors(`logging {\n\tlevel  = "verbose"\n\tformat = "text"\n}\n`), [`2:11 unrecognized log level "verbose"`, `3:11 unrecognized log format "text"`]);
  assert.deepEqual(errors(`loki.relabel "r" {\n\tforward_to = [1]\n}\n`), [`2:16 expected capsule, got number`]);
  assert.deepEqual(errors(`logging {\n\tlevel = "1" + true\n}\n`), [`2:16 should be one of [number string capsule] for binop +, got bool`]);
  assert.deepEqual(errors(`logging {\n\tlevel = "1" + 1\n}\n`), [`2:16 expected string, got number`]);
  assert.deepEqual(errors(`logging {\n\tlevel = !1\n}\n`), [`2:11 expected bool, got number`]);
});

test("4. configuration blocks match Alloy", () => {
  assert.deepEqual(errors(`http {\n\tauth {\n\t\tbasic {\n\t\t\tusername = "u"\n\t\t\tpassword = "p"\n\t\t}\n\t}\n}\n`), []);
  assert.deepEqual(errors(`tracing {\n\tsend_traceparent = true\n}\n`), []);
  assert.deepEqual(errors(`logging {\n\tdestination = "stderr"\n}\n`), []);
  assert.deepEqual(errors(`foreach "f" {\n\tcollection     = [1]\n\tvar            = "x"\n\thash_string_id = true\n\n\ttemplate { }\n}\n`, "experimental"), []);
  assert.deepEqual(errors(`import.http "m" {\n\turl  = "http://x"\n\tbody = "{}"\n}\n`), []);
  assert.deepEqual(errors(`import.git "m" {\n\trepository = "https://x"\n}\n`), [`1:1 missing required attribute "path"`]);
  assert.deepEqual(errors(`logging {\n\tlevel = map.x\n}\n`), [`2:10 component "map.x" does not exist or is out of scope`]);
});

test("5. a directory is one configuration; files given one by one are checked alone", async () => {
  const d = join(dir, "conf");
  mkdirSync(d);
  writeFileSync(join(d, "a.alloy"), `loki.write "default" {\n\tendpoint {\n\t\turl = "http://loki"\n\t}\n}\n`);
  writeFileSync(join(d, "b.alloy"), `loki.relabel "r" {\n\tforward_to = [loki.write.default.receiver]\n}\n`);
  let r = io();
  assert.equal(await runAlloyCli(["check", d], r.io), 0, r.out.stderr);
  r = io();
  assert.equal(await runAlloyCli(["check", join(d, "b.alloy")], r.io), 1);
  assert.match(r.out.stderr, /component "loki.write.default.receiver" does not exist/);
  writeFileSync(join(d, "c.alloy"), `loki.relabel "r" {\n\tforward_to = []\n}\n`);
  r = io();
  assert.equal(await runAlloyCli(["check", d], r.io), 1);
  assert.match(r.out.stderr, /Error: .*c\.alloy:1:1: block loki\.relabel\.r already declared at .*b\.alloy:1:1/);
});

test("6. byte columns, invalid UTF-8 is an error and never rewritten, whitespace-only formats to one newline", async () => {
  // "é" is 2 bytes: Alloy puts `bogus` at column 17 on that line, not 16 (and the BOM counts 3 bytes).
  assert.deepEqual(errors(`logging {\n\tlevel = "é" + bogus.x\n}\n`).map((e) => e.split(" ")[0]), ["2:17"]);
  const bom = parse("\ufefflogging { }\nfoo", "m.alloy");
  assert.equal(bom.diagnostics[0]!.start.column, 4);
  const f = join(dir, "bad.alloy");
  const bytes = Buffer.concat([Buffer.from('logging {\n\tlevel = "'), Buffer.from([0xff]), Buffer.from('"\n}\n')]);
  writeFileSync(f, bytes);
  let r = io();
  assert.equal(await runAlloyCli(["fmt", f], r.io), 1);
  assert.match(r.out.stderr, /bad\.alloy:2:11: illegal UTF-8 encoding/);
  assert.deepEqual(readFileSync(f), bytes);
  r = io();
  assert.equal(await runAlloyCli(["check", f], r.io), 1);
  const ws = join(dir, "ws.alloy");
  writeFileSync(ws, "  \n\n\t\n");
  r = io();
  assert.equal(await runAlloyCli(["fmt", ws], r.io), 0);
  assert.equal(readFileSync(ws, "utf8"), "\n");
});

test("7. no crash, no hang: deep nesting, long chains, wide lines, many blocks", async () => {
  const deep = "a = " + "{x = ".repeat(1000) + "1" + "}".repeat(1000) + "\n";
  const ops = "a = " + Array(8000).fill("1").join(" + ") + "\n";
  const acc = "a = x" + ".y".repeat(8000) + "\n";
  for (const src of [deep, ops, acc]) {
    const r = parse(src, "m.alloy");
    assert.match(r.diagnostics.map((d) => d.message).join("\n"), /nesting depth exceeds 500/);
  }
  // Within the bound, everything works.
  const ok = `logging {\n\tlevel = ${Array(400).fill('"a"').join(" + ")}\n}\n`;
  assert.deepEqual(errors(format(ok)), []);
  // 20,000 `=` on one line: the tab writer is neither recursive per cell nor quadratic.
  const wide = `logging {\n\tlevel = string.format("%s", {${Array.from({ length: 20000 }, (_, i) => `k${i} = 1`).join(", ")}})\n}\n`;
  assert.ok(format(wide).startsWith("logging {"));
  const many = Array.from({ length: 125000 }, (_, i) => `loki.relabel "r${i}" {\n\tforward_to = [${i > 0 ? `loki.relabel.r${i - 1}.receiver` : ""}]\n}\n`).join("\n");
  assert.deepEqual(errors(many), []);
  // The CLI: a problem is exit 1 with a message, never a stack trace.
  const f = join(dir, "deep.alloy");
  writeFileSync(f, deep);
  const r = io();
  assert.equal(await runAlloyCli(["check", f], r.io), 1);
  assert.doesNotMatch(r.out.stderr, /\n\s+at /);
});

test("7. multi-file fmt: nothing is rewritten when a file fails; writes are atomic", async () => {
  const a = join(dir, "fa.alloy");
  const b = join(dir, "fb.alloy");
  writeFileSync(a, "logging {\nlevel=\"info\"\n}\n");
  writeFileSync(b, "logging {\n");
  const r = io();
  assert.equal(await runAlloyCli(["fmt", a, b], r.io), 1);
  // All or nothing: b does not parse, so a is not rewritten either.
  assert.equal(readFileSync(a, "utf8"), "logging {\nlevel=\"info\"\n}\n");
  assert.equal(existsSync(join(dir, ".fa.alloy.tmp")), false);
});

test("8. export checks do not depend on block order", () => {
  const use = `loki.relabel "r" {\n\tforward_to = [loki.write.default.input]\n}\n`;
  const def = `loki.write "default" {\n\tendpoint {\n\t\turl = "http://loki"\n\t}\n}\n`;
  assert.deepEqual(errors(`${def}\n${use}`), [`8:35 component "loki.write.default" does not export "input"`]);
  // The target block after the reference: missed before.
  assert.deepEqual(errors(`${use}\n${def}`), [`2:35 component "loki.write.default" does not export "input"`]);
});

test("diagnostic excerpt marks by byte column", () => {
  const src = `logging {\n\tlevel = "é" + bogus.x\n}\n`;
  const r = parse(src, "m.alloy");
  const out = formatDiagnostics(validate(r.file, { filename: "m.alloy" }), src, "m.alloy");
  const lines = out.split("\n");
  const text = lines.find((l) => l.startsWith("2 | "))!;
  const marks = lines[lines.indexOf(text) + 1]!;
  assert.equal(marks.indexOf("^"), text.indexOf("bogus"));
  assert.equal(marks.trim().replace(/^\| +/, ""), "^^^^^^^");
});

test("2. the render checks profile pipelines at the stability level the rendered Alloy runs with (both profiles)", async () => {
  const { bothProfiles } = await import("../helpers/fixtures.ts");
  const { buildStack } = await import("../../src/stack/index.ts");
  const { checkStack, RenderCheckError } = await import("../../src/checks/index.ts");
  const { mergedRelease } = await import("../../src/flux/helm.ts");
  const { chartStabilityLevel } = await import("../../src/alloy/syntax/validator.ts");
  const experimental = `otelcol.processor.redaction "mine" {\n  output { }\n}\n`;
  for (const { name, profile } of bothProfiles()) {
    const p = { ...profile, alloy: { ...profile.alloy, pipelines: [{ name: "mine", workload: "cluster" as const, config: experimental, metrics: [] }] } };
    const stack = buildStack(p);
    // The rendered releases leave the chart's default: generally-available.
    for (const r of stack.releases.filter((x) => x.name.startsWith("alloy-"))) {
      assert.equal(chartStabilityLevel((mergedRelease(r, p.namespace).spec as { values?: unknown }).values), "generally-available", name);
    }
    let problems = "";
    try {
      checkStack(stack, p);
    } catch (e) {
      if (!(e instanceof RenderCheckError)) throw e;
      problems = e.problems.join("\n");
    }
    assert.match(problems, /component "otelcol\.processor\.redaction" is at stability level "experimental"/, name);
  }
  assert.equal(chartStabilityLevel({ alloy: { stabilityLevel: "experimental" } }), "experimental");
});

test("7. an internal error exits 3 with one line, never 1 and never a stack trace", async () => {
  const { guarded, EXIT_INTERNAL } = await import("../../src/alloy/cli.ts");
  const r = io();
  const boom = guarded(async () => {
    const f = (n: number): number => f(n + 1) + 1;
    return f(0);
  }, "check");
  assert.equal(await boom([], r.io), EXIT_INTERNAL);
  assert.equal(EXIT_INTERNAL, 3);
  assert.match(r.out.stderr, /^Error: internal error in obstack alloy check: Maximum call stack size exceeded \(input too deeply nested or too large\)\n$/);
});
