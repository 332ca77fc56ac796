// V8 flags a render runs with, one list for both ways it starts: bin/obstack.mjs sets them in the
// running process (for every command but `obstack alloy`); scripts/build.mjs builds the start-up snapshot with them and writes them beside the
// blob for bin/obstack, because V8 refuses a snapshot built under other flags (it checks a hash of
// them: "Failed to load the startup snapshot because it was built with a different version of V8 or
// with different V8 configurations", Node exit code 14).
//
// A render is short: V8's optimizing compiler, at its default budget, spends more CPU (on its own
// threads) optimizing functions that run a few hundred times than it saves. A larger budget lets
// only the hot functions of a long render (thousands of machines) be optimized. Measured with
// `npm run bench` (scripts/bench.ts): about a quarter less CPU on the default profile, and no loss
// at 10,000 external machines.
export const V8_FLAGS = ["--interrupt-budget=600000"];
