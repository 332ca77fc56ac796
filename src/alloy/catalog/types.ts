// Types of the component catalog used by the validator.

/** Alloy's stability levels (internal/featuregate), lowest first; "community" components are gated by a flag instead. */
export type Stability = "experimental" | "public-preview" | "generally-available" | "community";

export interface ArgumentSpec {
  name: string;
  /** Type as documented, e.g. "string", "list(map(string))", "duration", "secret". */
  type: string;
  required: boolean;
  default?: string;
}

/**
 * A presence rule over arguments and blocks of one body (components-all.json `one_of`):
 * exactly_one, at_most_one or at_least_one of the members may be set.
 */
export interface OneOfSpec {
  mode: "exactly_one" | "at_most_one" | "at_least_one";
  members: string[];
}

export interface BlockSpec {
  name: string;
  required: boolean;
  arguments: ArgumentSpec[];
  blocks: BlockSpec[];
  /** The block may appear at most once. When absent, repetition is not checked. */
  once?: boolean;
  /** Contents are not described: any attribute or nested block is accepted. */
  open?: boolean;
  oneOf?: OneOfSpec[];
  /** Also accepts every root block of the component whose name starts with this prefix (stage.match: "stage."). */
  nestedRootBlocks?: string;
}

export interface ExportSpec {
  name: string;
  type: string;
}

export interface ComponentSpec {
  name: string;
  stability: Stability | string;
  arguments: ArgumentSpec[];
  blocks: BlockSpec[];
  exports: ExportSpec[];
  docUrl?: string;
  /** Arguments/blocks are not fully described: unknown names are accepted. */
  open?: boolean;
  oneOf?: OneOfSpec[];
}

export interface RemovedComponent {
  name: string;
  /** Release that no longer has it, e.g. "v1.5.0" (or a sentence when unreleased). */
  removedIn: string;
  lastSeen: string;
  replacement?: string;
}

export interface Catalog {
  /** Components with facts, by name. */
  components: ReadonlyMap<string, ComponentSpec>;
  /** Names of components known to exist in Alloy but without facts here. */
  knownNames: ReadonlySet<string>;
  /** Components Alloy had and removed. */
  removed?: ReadonlyMap<string, RemovedComponent>;
}
