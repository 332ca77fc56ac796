// validateGrafanaObject: what the API server would say about a grafana-operator object,
// checked offline against the carried schema (./schema), with one message per problem:
//   "GrafanaDatasource observability/loki: spec.instanceSelector: required"
//
// Checked: apiVersion/kind; required fields; JSON types (string/integer/boolean/int-or-string/
// array/object); enums; patterns, min/max length, min/max items and numeric bounds where carried;
// base64 for `format: byte`; unknown fields in every object whose schema we carry (the CRDs
// only allow arbitrary keys in maps and in x-kubernetes-preserve-unknown-fields objects —
// datasource jsonData/secureJsonData); ObjectMeta (name required, known keys, string labels).
//
// x-kubernetes-validations implemented (no CEL engine; each reduced to a presence count):
//   GrafanaDashboard.spec: folderUID vs folderRef at most one; folder excludes folderUID/folderRef
//   GrafanaFolder.spec: parentFolderUID vs parentFolderRef at most one
//   GrafanaDatasource.spec.valuesFrom[].valueFrom: exactly one of configMapKeyRef/secretKeyRef
//   Grafana.spec.client.tls, Grafana.spec.external.tls: exactly one of insecureSkipVerify/certSecretRef
// Not implemented:
//   - transition rules needing the previous object (oldSelf): spec.uid / instanceSelector /
//     external.tenantNamespace immutability, allowCrossNamespaceImport may not be disabled;
//   - Gateway API rules inside Grafana.spec.httpRoute.spec.rules (filters, matches, timeouts,
//     total match count, backendRef ports) and OpenShift Route tls termination/policy: these
//     sub-trees are opaque (type-checked only);
//   - x-kubernetes-list-type=map uniqueness (e.g. duplicate container/env names);
//   - patterns we do not carry (plugin semver, Gateway API names, quantities).
import { walk, isPlainObject } from "./walk.ts";
import { GRAFANA_API_VERSION, GRAFANA_KINDS, grafanaSchemas, type GrafanaKind } from "./schema/index.ts";

const isGrafanaKind = (k: unknown): k is GrafanaKind => (GRAFANA_KINDS as readonly unknown[]).includes(k);

/** "Kind namespace/name" (or just the name for cluster-less objects), for message prefixes. */
function label(obj: Record<string, unknown>): string {
  const kind = typeof obj.kind === "string" ? obj.kind : "<no kind>";
  const meta = isPlainObject(obj.metadata) ? obj.metadata : {};
  const name = typeof meta.name === "string" ? meta.name : "<unnamed>";
  return typeof meta.namespace === "string" ? `${kind} ${meta.namespace}/${name}` : `${kind} ${name}`;
}

/** Returns [] when `obj` is a valid grafana-operator v1beta1 object, else one message per problem. */
export function validateGrafanaObject(obj: unknown): string[] {
  if (!isPlainObject(obj)) return [`<root>: expected a Kubernetes object, got ${obj === null ? "null" : Array.isArray(obj) ? "array" : typeof obj}`];
  const prefix = label(obj);
  const errors: string[] = [];
  if (obj.apiVersion !== GRAFANA_API_VERSION) {
    errors.push(`apiVersion: expected ${JSON.stringify(GRAFANA_API_VERSION)}, got ${JSON.stringify(obj.apiVersion)}`);
  }
  if (!isGrafanaKind(obj.kind)) {
    errors.push(`kind: expected one of ${GRAFANA_KINDS.join(", ")}, got ${JSON.stringify(obj.kind)}`);
  } else {
    const walked: string[] = [];
    walk(grafanaSchemas[obj.kind], obj, "", walked);
    // apiVersion was already reported above with a better message than "expected string".
    errors.push(...walked.filter((e) => !e.startsWith("apiVersion:")));
  }
  return errors.map((e) => `${prefix}: ${e}`);
}
