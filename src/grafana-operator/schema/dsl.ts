// A small, introspectable description of an OpenAPI v3 (structural) schema.
// We hand-carry facts from the grafana-operator CRDs into these nodes instead of
// shipping the CRD YAML: the validator walks them, and test/grafana-operator/crd-facts.test.ts
// compares them against the CRDs so drift is caught in CI rather than at apply time.
//
// Builders keep literal property names in the type (`obj({ a: str() }).props` has key "a"),
// which lets a compile-time test compare our TypeScript interfaces with the schema keys.

export interface StringNode {
  readonly t: "string";
  readonly enum?: readonly string[];
  readonly pattern?: string;
  /** "byte" = base64; "date-time" = RFC 3339. Other formats are not carried. */
  readonly format?: "byte" | "date-time";
  readonly minLength?: number;
  readonly maxLength?: number;
}
export interface IntegerNode {
  readonly t: "integer";
  readonly minimum?: number;
  readonly maximum?: number;
  readonly nullable?: boolean;
}
export interface BooleanNode {
  readonly t: "boolean";
  readonly nullable?: boolean;
}
/** x-kubernetes-int-or-string (ports, quantities, maxSurge). */
export interface IntOrStringNode {
  readonly t: "intOrString";
}
export interface ArrayNode<I extends Node = Node> {
  readonly t: "array";
  readonly items: I;
  readonly minItems?: number;
  readonly maxItems?: number;
}
/**
 * An object whose property list is *complete*: we list every property the CRD declares
 * at this path (crd-facts.test.ts enforces equality), so any other key is an unknown field
 * the API server would prune or reject.
 */
export interface ObjectNode<
  P extends Record<string, Node> = Record<string, Node>,
  R extends readonly string[] = readonly string[],
> {
  readonly t: "object";
  readonly props: P;
  readonly required?: R;
  readonly rules?: readonly Rule[];
}
/** `additionalProperties: <values>` — free keys, typed values (labels, resource lists). */
export interface MapNode {
  readonly t: "map";
  readonly values: Node;
}
/** x-kubernetes-preserve-unknown-fields without further schema: any JSON object. */
export interface FreeObjectNode {
  readonly t: "free";
}
/**
 * The CRD defines a schema here, but we deliberately do not carry it (large upstream
 * Kubernetes/Gateway API sub-schemas a stack does not use). Only the JSON type is checked.
 */
export interface OpaqueNode {
  readonly t: "opaque";
  readonly type: "object" | "array";
}
/** Root `metadata`: the CRD says only `type: object`; the API server validates ObjectMeta. */
export interface MetaNode {
  readonly t: "meta";
}

export type Node =
  | StringNode
  | IntegerNode
  | BooleanNode
  | IntOrStringNode
  | ArrayNode
  | ObjectNode
  | MapNode
  | FreeObjectNode
  | OpaqueNode
  | MetaNode;

/**
 * One x-kubernetes-validations rule we can evaluate without CEL. `fields` names the
 * properties the rule is about; crd-facts.test.ts checks that the CRD has a rule at the
 * same path mentioning all of them.
 */
export interface Rule {
  readonly kind: "atMostOne" | "exactlyOne";
  readonly fields: readonly string[];
  readonly message: string;
}

type Opts<T> = Omit<T, "t">;

export const str = (o: Opts<StringNode> = {}): StringNode => ({ t: "string", ...o });
export const int = (o: Opts<IntegerNode> = {}): IntegerNode => ({ t: "integer", ...o });
export const bool = (o: Opts<BooleanNode> = {}): BooleanNode => ({ t: "boolean", ...o });
export const intOrStr = (): IntOrStringNode => ({ t: "intOrString" });
export const arr = <I extends Node>(items: I, o: Omit<Opts<ArrayNode>, "items"> = {}): ArrayNode<I> => ({ t: "array", items, ...o });
export const map = (values: Node): MapNode => ({ t: "map", values });
export const free = (): FreeObjectNode => ({ t: "free" });
export const opaque = (type: "object" | "array" = "object"): OpaqueNode => ({ t: "opaque", type });
export const meta = (): MetaNode => ({ t: "meta" });

// Overloads rather than a defaulted type parameter: with an omitted/partial options argument
// the compiler would infer R as its constraint and the compile-time sync test would see every
// key as required.
export function obj<const P extends Record<string, Node>>(props: P): ObjectNode<P, []>;
export function obj<const P extends Record<string, Node>, const R extends readonly (keyof P & string)[]>(
  props: P,
  o: { required: R; rules?: readonly Rule[] },
): ObjectNode<P, R>;
export function obj<const P extends Record<string, Node>>(props: P, o: { rules: readonly Rule[] }): ObjectNode<P, []>;
export function obj(props: Record<string, Node>, o: { required?: readonly string[]; rules?: readonly Rule[] } = {}): ObjectNode {
  return { t: "object", props, ...o };
}

/** "X and Y cannot both be set" (setting neither is fine). */
export const atMostOne = (fields: readonly string[], message: string): Rule => ({ kind: "atMostOne", fields, message });
/** "exactly one of X or Y must be set". */
export const exactlyOne = (fields: readonly string[], message: string): Rule => ({ kind: "exactlyOne", fields, message });
