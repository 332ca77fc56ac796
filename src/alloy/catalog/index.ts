// The component catalog: generated facts from components.json plus
// hand-written facts (see builtins.ts).
import { GENERATED_COMPONENTS } from "./components.generated.ts";
import { CONFIG_BLOCKS, EXTRA_COMPONENTS, KNOWN_COMPONENT_NAMES, SERVICES } from "./builtins.ts";
import type { Catalog, ComponentSpec } from "./types.ts";

export type { ArgumentSpec, BlockSpec, Catalog, ComponentSpec, ExportSpec } from "./types.ts";
export { CONFIG_BLOCKS, SERVICES, EXTRA_COMPONENTS, KNOWN_COMPONENT_NAMES } from "./builtins.ts";
export { GENERATED_COMPONENTS } from "./components.generated.ts";

/** Builds a catalog from component specs plus names known without facts. */
export function createCatalog(components: readonly ComponentSpec[], knownNames: readonly string[] = []): Catalog {
  const map = new Map<string, ComponentSpec>();
  for (const c of components) map.set(c.name, c);
  const known = new Set<string>();
  for (const n of knownNames) if (!map.has(n)) known.add(n);
  return { components: map, knownNames: known };
}

/** The default catalog: everything in components.json plus hand-written facts. */
export const defaultCatalog: Catalog = createCatalog([...GENERATED_COMPONENTS, ...EXTRA_COMPONENTS], KNOWN_COMPONENT_NAMES);

/** Looks up a component spec. */
export function getComponent(catalog: Catalog, name: string): ComponentSpec | undefined {
  return catalog.components.get(name);
}

export { CONFIG_BLOCKS as configBlocks, SERVICES as services };
