// defineStack on its own: a TypeScript profile imports it ("obstack", src/index.ts) and tsx compiles and
// runs what it imports; importing it from schema.ts would build the whole profile schema a second time
// (zod, at module load: ~0.1 s of every render of a TypeScript profile), only for an identity function.
import type { StackInput } from "./schema.ts";

/** Typed identity function so `export default defineStack({...})` gets completion and checking in editors. */
export function defineStack(input: StackInput): StackInput {
  return input;
}
