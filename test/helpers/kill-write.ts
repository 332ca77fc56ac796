// Child process for the kill tests: writes a tree with writeTree and kills itself (SIGKILL, no
// cleanup of any kind) when the transaction reaches the given step. Usage: kill-write.ts JOB.json
import { readFileSync } from "node:fs";
import { writeTree } from "../../src/tree/write.ts";

const job = JSON.parse(readFileSync(process.argv[2]!, "utf8")) as { out: string; files: [string, string][]; step: string };
writeTree(job.out, new Map(job.files), {
  onStep: (s) => {
    if (s === job.step) process.kill(process.pid, "SIGKILL");
  },
});
process.stdout.write("finished without reaching the step\n");
