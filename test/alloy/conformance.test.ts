import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { defaultConformanceDir, passCount, runParserFuzz, runParserInvalid, runParserValid, runPrinter, runValidator } from "../../src/alloy/syntax/conformance.ts";

const present = existsSync(defaultConformanceDir);
const skipMsg = `../shared absent: ${defaultConformanceDir}`;

/** Validator cases passed at the time of writing (see docs/alloy.md). */
const VALIDATOR_MIN_PASS = 6;

function assertAll(suite: ReturnType<typeof runPrinter>): void {
  assert.ok(suite.cases.length > 0, `${suite.suite}: no cases found`);
  for (const c of suite.cases) assert.ok(c.pass, `${suite.suite} ${c.name}: ${c.detail ?? ""}`);
}

test("alloy conformance: parser valid files parse without diagnostics", (t) => {
  if (!present) return t.skip(skipMsg);
  assertAll(runParserValid(defaultConformanceDir));
});

test("alloy conformance: parser invalid files report exactly the annotated errors", (t) => {
  if (!present) return t.skip(skipMsg);
  assertAll(runParserInvalid(defaultConformanceDir));
});

test("alloy conformance: parser fuzz inputs terminate", (t) => {
  if (!present) return t.skip(skipMsg);
  assertAll(runParserFuzz(defaultConformanceDir));
});

test("alloy conformance: printer golden files", (t) => {
  if (!present) return t.skip(skipMsg);
  assertAll(runPrinter(defaultConformanceDir));
});

test("alloy conformance: validator cases", (t) => {
  if (!present) return t.skip(skipMsg);
  const suite = runValidator(defaultConformanceDir);
  const failed = suite.cases.filter((c) => !c.pass).map((c) => `${c.name}:\n${c.detail ?? ""}`);
  assert.ok(passCount(suite) === suite.cases.length && passCount(suite) >= VALIDATOR_MIN_PASS, `validator passes ${passCount(suite)}/${suite.cases.length}, want >= ${VALIDATOR_MIN_PASS}\n${failed.join("\n")}`);
});
