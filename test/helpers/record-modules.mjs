// `node --import ./test/helpers/record-modules.mjs ...` with OBSTACK_RECORD_MODULES=FILE: appends to
// FILE the URL of every ES module the process resolves (through a module hook, which runs in its own
// thread) and, at exit, every CommonJS module it required. Tests read it to see what a command loaded.
import { createRequire, register } from "node:module";
import { appendFileSync } from "node:fs";

const file = process.env.OBSTACK_RECORD_MODULES;
if (file) {
  register("./record-modules-hooks.mjs", { parentURL: import.meta.url, data: { file } });
  process.on("exit", () => {
    const cjs = Object.keys(createRequire(import.meta.url).cache).map((p) => `cjs:${p}\n`);
    appendFileSync(file, cjs.join(""));
  });
}
