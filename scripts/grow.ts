// Profiles grown along one axis, for `npm run bench` (render time and memory as they grow) and for the
// test that a 10,000-machine profile renders. Each is the default profile (profiles/kimawesome.ts)
// with N of one thing; names and addresses are made up and unique.
import defaultInput from "../profiles/kimawesome.ts";
import type { StackInput } from "../src/profile/schema.ts";
import { file } from "../src/alloy/syntax/build.ts";
import { print } from "../src/alloy/syntax/printer.ts";

export type Axis = "externalMachines" | "nodes" | "receivers" | "podMonitors" | "pipelines";

const pad = (i: number) => String(i).padStart(5, "0");
const ipv4 = (i: number) => `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;

/**
 * The most of each axis a profile may hold (src/profile/schema.ts: externalMachines, nodes, podMonitors;
 * alertmanager.receivers less the null receiver grownInput keeps; alloy.pipelines less the default profile's one). test/speed/work.test.ts
 * checks that each maximum validates and one more is refused, so these follow the schema.
 */
export const AXIS_MAX: Record<Axis, number> = { externalMachines: 10_000, nodes: 10_000, receivers: 9_999, podMonitors: 10_000, pipelines: 9_999 };

/**
 * The default profile as a JSON or YAML profile can carry it: its Alloy pipelines given as typed blocks
 * (TypeScript profiles only) become the Alloy text they print to, which renders the same.
 */
export function jsonable(input: StackInput): StackInput {
  const alloy = input.alloy;
  if (!alloy?.pipelines) return input;
  return {
    ...input,
    alloy: { ...alloy, pipelines: alloy.pipelines.map((p) => (typeof p.config === "string" ? p : { ...p, config: print(file(...p.config)) })) },
  };
}

/** The default profile with n of one thing; JSON-serializable (the bench and tests write it as a .json profile). */
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
        // The default profile's own pipelines stay: its dashboards read the metrics they declare.
        alloy: {
          ...base.alloy,
          pipelines: [...(base.alloy?.pipelines ?? []), ...Array.from({ length: n }, (_, i) => ({
            name: `p-${pad(i)}`,
            workload: i % 2 === 0 ? ("node" as const) : ("cluster" as const),
            config: `prometheus.relabel "p_${pad(i)}" {\n  forward_to = []\n}\n`,
          }))],
        },
      };
  }
}
