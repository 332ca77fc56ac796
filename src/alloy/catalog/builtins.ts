// Config blocks and services of Alloy, from the generated facts (components-all.json
// `config_blocks`), plus the services that take no configuration block.
import { GENERATED_CONFIG_BLOCKS } from "./components.generated.ts";
import type { ConfigBlockSpec } from "./generate.ts";
import type { ComponentSpec } from "./types.ts";

/**
 * Services (top-level blocks handled by a service, not a config node). Alloy's services at the
 * catalog's commit: http, remotecfg, livedebugging take a block; cluster, labelstore, otel, ui do
 * not (internal/service/*, Definition().ConfigType nil).
 */
const CONFIGURABLE_SERVICES = ["http", "livedebugging", "remotecfg"];
const UNCONFIGURABLE_SERVICES = ["cluster", "labelstore", "otel", "ui"];

const byName = new Map(GENERATED_CONFIG_BLOCKS.map((c) => [c.name, c]));

/** Module-level configuration blocks (Alloy's "config" blocks): logging, tracing, argument, export, import.*, foreach. */
export const CONFIG_BLOCKS: ReadonlyMap<string, ConfigBlockSpec> = new Map(
  GENERATED_CONFIG_BLOCKS.filter((c) => !CONFIGURABLE_SERVICES.includes(c.name) && c.name !== "declare").map((c) => [c.name, c]),
);

/** Services that accept a configuration block at the top level (null: the service takes none). */
export const SERVICES: ReadonlyMap<string, ComponentSpec | null> = new Map<string, ComponentSpec | null>([
  ...CONFIGURABLE_SERVICES.map((n): [string, ComponentSpec | null] => [n, byName.get(n) ?? null]),
  ...UNCONFIGURABLE_SERVICES.map((n): [string, ComponentSpec | null] => [n, null]),
]);
