// Types of the component catalog used by the validator.

export interface ArgumentSpec {
  name: string;
  /** Type as documented, e.g. "string", "list(map(string))", "duration", "secret". */
  type: string;
  required: boolean;
  default?: string;
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
}

export interface ExportSpec {
  name: string;
  type: string;
}

export interface ComponentSpec {
  name: string;
  stability: string;
  arguments: ArgumentSpec[];
  blocks: BlockSpec[];
  exports: ExportSpec[];
  docUrl?: string;
  /** Arguments/blocks are not fully described: unknown names are accepted. */
  open?: boolean;
}

export interface Catalog {
  /** Components with facts, by name. */
  components: ReadonlyMap<string, ComponentSpec>;
  /** Names of components known to exist in Alloy but without facts here. */
  knownNames: ReadonlySet<string>;
}
