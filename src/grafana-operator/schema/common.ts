// Sub-schemas that recur across the four CRDs (controller-gen emits them inline each time;
// we share one carried description and the facts test checks every place it is used).
import { arr, bool, intOrStr, map, obj, str } from "./dsl.ts";

/** metav1.LabelSelector, used by instanceSelector and deployment selectors. */
export const labelSelector = obj({
  matchExpressions: arr(obj({ key: str(), operator: str(), values: arr(str()) }, { required: ["key", "operator"] })),
  matchLabels: map(str()),
});

/** Secret/ConfigMap key selectors: `name` defaults to "" in the CRD, only `key` is required. */
export const keySelector = obj({ key: str(), name: str(), optional: bool() }, { required: ["key"] });

/** The trimmed ObjectMeta the operator accepts on the objects it renders (labels/annotations only). */
export const resourceMeta = obj({ annotations: map(str()), labels: map(str()) });

/** Go time.Duration text, e.g. "10m" or "1h30m". */
export const durationPattern = "^([0-9]+(\\.[0-9]+)?(ns|us|µs|ms|s|m|h))+$";
/** Grafana object UIDs (dashboards, folders, datasources). */
export const uidSchema = str({ pattern: "^[a-zA-Z0-9-_]+$", maxLength: 40 });
export const resyncPeriod = str({ pattern: durationPattern });

/** Plugins a dashboard/datasource needs installed on the Grafana instance. */
export const plugins = arr(
  obj(
    {
      name: str({ minLength: 1 }),
      // semver or "latest"; the full semver regex is not carried (see crd-facts test).
      version: str(),
    },
    { required: ["name", "version"] },
  ),
);

/** Kubernetes resource.Quantity (int-or-string with a quantity pattern we do not carry). */
export const quantityMap = map(intOrStr());
