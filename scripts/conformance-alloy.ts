// Runs the Alloy syntax conformance data from ../shared and prints pass counts.
//   npm run conformance:alloy [-- --verbose]
import { existsSync } from "node:fs";
import { defaultConformanceDir, passCount, runAll } from "../src/alloy/syntax/conformance.ts";

const verbose = process.argv.includes("--verbose") || process.argv.includes("-v");
if (!existsSync(defaultConformanceDir)) {
  console.log(`skipped: ${defaultConformanceDir} is absent (../shared not available)`);
  process.exit(0);
}
for (const suite of runAll(defaultConformanceDir)) {
  console.log(`${suite.suite}: ${passCount(suite)}/${suite.cases.length}`);
  for (const c of suite.cases) {
    if (!c.pass) {
      console.log(`  FAIL ${c.name}`);
      if (verbose && c.detail) console.log(c.detail.replace(/^/gm, "    "));
    }
  }
}
process.exit(0);
