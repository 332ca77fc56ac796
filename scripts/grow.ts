// Profiles grown along one axis, for `npm run bench` (render time and memory as they grow) and for the
// test that a 10,000-machine profile renders. Each is the default profile (profiles/kimawesome.ts)
// with N of one thing; names and addresses are made up and unique.
import defaultInput from "../profiles/kimawesome.ts";
import type { StackInput } from "../src/profile/schema.ts";
import { file } from "../src/alloy/syntax/build.ts";
import { print } from "../src/alloy/syntax/printer.ts";

/**
 * The default profile as a JSON file can say it: typed Alloy blocks as their text (a .json profile takes Alloy
 * text only), and the foundation-SDK dashboard as its plain JSON.
 */
function jsonable(input: StackInput): StackInput {
  const plain = JSON.parse(JSON.stringify({ ...input, alloy: undefined })) as StackInput;
  const alloy = input.alloy && {
    ...input.alloy,
    pipelines: (input.alloy.pipelines ?? []).map((pl) => ({ ...pl, config: typeof pl.config === "string" ? pl.config : print(file(...pl.config)) })),
  };
  return { ...plain, ...(alloy ? { alloy } : {}) };
}

export type Axis = "externalMachines" | "nodes" | "receivers" | "podMonitors" | "pipelines";

const pad = (i: number) => String(i).padStart(5, "0");
const ipv4 = (i: number) => `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;

export function grownInput(axis: Axis, n: number): StackInput {
  const base = jsonable(defaultInput as StackInput);
  switch (axis) {
    case "externalMachines":
      return {
        ...base,
        externalMachines: Array.from({ length: n }, (_, i) => ({
          name: `machine-${pad(i)}`,
          address: ipv4(i + 1),
          exporters: [{ name: "node", port: 9100 }, ...(i % 2 === 0 ? [{ name: "process", port: 9256 }] : [])],
        })),
      };
    case "nodes": {
      const workers = Array.from({ length: n - 1 }, (_, i) => `node-${pad(i + 1)}`);
      // Kepler on the workers only: the one part of the tree that lists every node (its node affinity).
      return { ...base, nodes: [{ name: "cp-00000", controlPlane: true }, ...workers.map((name) => ({ name }))], kepler: { nodes: workers } };
    }
    case "receivers":
      return {
        ...base,
        alertmanager: {
          defaultReceiver: "null",
          receivers: [
            { name: "null", type: "null" },
            ...Array.from({ length: n }, (_, i) => ({ name: `team-${pad(i)}`, type: "webhook" as const, urlSecret: { name: `hook-${pad(i)}`, key: "url" } })),
          ],
          routes: Array.from({ length: n }, (_, i) => ({ receiver: `team-${pad(i)}`, matchers: [`team="t${pad(i)}"`] })),
        },
      };
    case "podMonitors":
      return {
        ...base,
        podMonitors: Array.from({ length: n }, (_, i) => ({ name: `app-${pad(i)}`, selector: { app: `app-${pad(i)}` }, endpoints: [{ port: "metrics" }] })),
      };
    case "pipelines":
      return {
        ...base,
        alloy: {
          ...base.alloy,
          pipelines: Array.from({ length: n }, (_, i) => ({
            name: `p-${pad(i)}`,
            workload: i % 2 === 0 ? ("node" as const) : ("cluster" as const),
            config: `prometheus.relabel "p_${pad(i)}" {\n  forward_to = []\n}\n`,
          })),
        },
      };
  }
}
