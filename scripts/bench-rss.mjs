// `node --import ./scripts/bench-rss.mjs ...` with OBSTACK_BENCH_RSS=FILE: writes the process's peak
// resident memory (KiB, process.resourceUsage().maxRSS) to FILE at exit. Used by scripts/bench.ts.
import { writeFileSync } from "node:fs";

const file = process.env.OBSTACK_BENCH_RSS;
if (file) process.on("exit", () => writeFileSync(file, String(process.resourceUsage().maxRSS)));
