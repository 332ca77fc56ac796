// Rewrites README.md's flow diagram from the wiring graph of the default profile (src/wiring/graph.ts).
// test/wiring/networkpolicy.test.ts fails when the README's block differs from what this writes.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import defaultInput from "../profiles/kimawesome.ts";
import { validateProfile } from "../src/profile/load.ts";
import { wiringGraph } from "../src/wiring/graph.ts";
import { withFlowBlock } from "../src/wiring/mermaid.ts";

const readme = join(import.meta.dirname, "..", "README.md");
const next = withFlowBlock(readFileSync(readme, "utf8"), wiringGraph(validateProfile(defaultInput, "profiles/kimawesome.ts")));
writeFileSync(readme, next);
console.log("README.md: wiring graph block written");
