// The component catalog: generated facts from components-all.json (see generate.ts and builtins.ts).
import { GENERATED_COMPONENTS, GENERATED_REMOVED, GENERATED_STDLIB } from "./components.generated.ts";
import { CONFIG_BLOCKS, SERVICES } from "./builtins.ts";
import type { BlockSpec, Catalog, ComponentSpec, RemovedComponent } from "./types.ts";

export type { ArgumentSpec, BlockSpec, Catalog, ComponentSpec, ExportSpec, OneOfSpec, RemovedComponent, Stability } from "./types.ts";
export { CONFIG_BLOCKS, SERVICES } from "./builtins.ts";
export { GENERATED_COMPONENTS, GENERATED_REMOVED, GENERATED_STDLIB } from "./components.generated.ts";

/**
 * Blocks marked `nestedRootBlocks: "stage."` (loki.process stage.match) accept every root block
 * of the component with that prefix, stage.match itself included: linked here by reference.
 */
function linkNested(c: ComponentSpec): ComponentSpec {
  const stack: BlockSpec[] = [...c.blocks];
  const seen = new Set<BlockSpec>();
  while (stack.length > 0) {
    const b = stack.pop()!;
    if (seen.has(b)) continue;
    seen.add(b);
    const prefix = b.nestedRootBlocks;
    if (prefix) {
      const own = new Set(b.blocks.map((x) => x.name));
      b.blocks = [...b.blocks, ...c.blocks.filter((x) => x.name.startsWith(prefix) && !own.has(x.name))];
    }
    stack.push(...b.blocks);
  }
  return c;
}

/** Builds a catalog from component specs plus names known without facts and removed components. */
export function createCatalog(
  components: readonly ComponentSpec[],
  knownNames: readonly string[] = [],
  removed: readonly RemovedComponent[] = [],
): Catalog {
  const map = new Map<string, ComponentSpec>();
  for (const c of components) map.set(c.name, linkNested(c));
  const known = new Set<string>();
  for (const n of knownNames) if (!map.has(n)) known.add(n);
  return { components: map, knownNames: known, removed: new Map(removed.map((r) => [r.name, r])) };
}

/** The default catalog: every component registered in Alloy at the facts' commit. */
export const defaultCatalog: Catalog = createCatalog(GENERATED_COMPONENTS, [], GENERATED_REMOVED);

/** Looks up a component spec. */
export function getComponent(catalog: Catalog, name: string): ComponentSpec | undefined {
  return catalog.components.get(name);
}

export const STDLIB = GENERATED_STDLIB;
export { CONFIG_BLOCKS as configBlocks, SERVICES as services };
