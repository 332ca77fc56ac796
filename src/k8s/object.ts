// The common currency between components and the tree: a typed model turned into plain data.
// Components build objects with kubernetes-models classes (or our own grafana-operator types);
// `plain` validates the model against its schema and returns JSON-ready data.

export interface ObjectMeta {
  name: string;
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  [field: string]: unknown;
}

interface Model {
  validate(): void;
  toJSON(): unknown;
}

export class ObjectValidationError extends Error {}

/** Validates a kubernetes-models object and returns its plain form (undefined fields dropped). */
export function plain(model: Model): K8sObject {
  const json = JSON.parse(JSON.stringify(model.toJSON())) as K8sObject;
  try {
    model.validate();
  } catch (e) {
    throw new ObjectValidationError(`${json.kind} ${json.metadata?.name}: ${(e as Error).message}`);
  }
  return json;
}

/**
 * Freezes objects and everything in them, for values built once and shared by every caller (a caller
 * that tried to change one would throw, in the strict mode of ES modules, instead of changing it for all).
 */
export function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

export function objectId(o: K8sObject): string {
  return `${o.kind} ${o.metadata.namespace ? `${o.metadata.namespace}/` : ""}${o.metadata.name}`;
}

/** The standard labels every object obstack renders carries, so `kubectl get -l` finds them. */
export function stackLabels(component: string): Record<string, string> {
  return { "app.kubernetes.io/part-of": "obstack", "app.kubernetes.io/component": component };
}
