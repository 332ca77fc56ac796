// Compile-time guard (enforced by `npx tsc -p .`, which `npm test` runs first): the
// hand-written interfaces in types.ts have exactly the keys, and exactly the required keys,
// of the carried schema — which crd-facts.test.ts in turn pins to the CRDs. tsx does not
// typecheck, so the runtime test below only records that this file compiled.
import { test } from "node:test";
import assert from "node:assert/strict";
import type { ArrayNode, ObjectNode } from "../../src/grafana-operator/schema/dsl.ts";
import type { grafanaSpec } from "../../src/grafana-operator/schema/grafana.ts";
import type { container, deploymentSpec, envVar, podSpec, volume } from "../../src/grafana-operator/schema/pod.ts";
import type { dashboardSpec, datasourceSpec, folderSpec } from "../../src/grafana-operator/schema/resources.ts";
import type * as T from "../../src/grafana-operator/types.ts";

type Equal<A, B> = (<X>() => X extends A ? 1 : 2) extends <X>() => X extends B ? 1 : 2 ? true : false;
type RequiredKeys<T> = { [K in keyof T]-?: {} extends Pick<T, K> ? never : K }[keyof T];
type Props<N> = N extends ObjectNode<infer P, readonly string[]> ? P : never;
type Req<N> = N extends { readonly required?: infer R extends readonly string[] } ? R[number] : never;
type Items<N> = N extends ArrayNode<infer I> ? I : never;
/** true when T's keys and required keys equal those of schema node N. */
type Sync<T, N> = [Equal<keyof T, keyof Props<N>>, Equal<RequiredKeys<T>, Req<N>>];

type G = Props<typeof grafanaSpec>;
type HR = Props<Props<G["httpRoute"]>["spec"]>;

// Each entry must be [true, true]; a mismatch turns it into a compile error naming the pair.
const checks = {
  GrafanaSpec: [true, true] satisfies Sync<T.GrafanaSpec, typeof grafanaSpec>,
  GrafanaClient: [true, true] satisfies Sync<T.GrafanaClient, G["client"]>,
  GrafanaExternal: [true, true] satisfies Sync<T.GrafanaExternal, G["external"]>,
  DeploymentSpec: [true, true] satisfies Sync<T.DeploymentSpec, typeof deploymentSpec>,
  PodSpec: [true, true] satisfies Sync<T.PodSpec, typeof podSpec>,
  Container: [true, true] satisfies Sync<T.Container, typeof container>,
  EnvVar: [true, true] satisfies Sync<T.EnvVar, typeof envVar>,
  EnvVarSource: [true, true] satisfies Sync<T.EnvVarSource, Props<typeof envVar>["valueFrom"]>,
  Volume: [true, true] satisfies Sync<T.Volume, typeof volume>,
  ContainerPort: [true, true] satisfies Sync<T.ContainerPort, Items<Props<typeof container>["ports"]>>,
  VolumeMount: [true, true] satisfies Sync<T.VolumeMount, Items<Props<typeof container>["volumeMounts"]>>,
  ServiceSpec: [true, true] satisfies Sync<T.ServiceSpec, Props<G["service"]>["spec"]>,
  ServicePort: [true, true] satisfies Sync<T.ServicePort, Items<Props<Props<G["service"]>["spec"]>["ports"]>>,
  PersistentVolumeClaimSpec: [true, true] satisfies Sync<T.PersistentVolumeClaimSpec, Props<G["persistentVolumeClaim"]>["spec"]>,
  IngressSpec: [true, true] satisfies Sync<T.IngressSpec, Props<G["ingress"]>["spec"]>,
  HTTPRouteSpec: [true, true] satisfies Sync<T.HTTPRouteSpec, Props<G["httpRoute"]>["spec"]>,
  ParentReference: [true, true] satisfies Sync<T.ParentReference, Items<HR["parentRefs"]>>,
  HTTPRouteRule: [true, true] satisfies Sync<T.HTTPRouteRule, Items<HR["rules"]>>,
  GrafanaDatasourceSpec: [true, true] satisfies Sync<T.GrafanaDatasourceSpec, typeof datasourceSpec>,
  DatasourceDefinition: [true, true] satisfies Sync<T.DatasourceDefinition, Props<typeof datasourceSpec>["datasource"]>,
  DatasourceValueFrom: [true, true] satisfies Sync<T.DatasourceValueFrom, Items<Props<typeof datasourceSpec>["valuesFrom"]>>,
  GrafanaDashboardSpec: [true, true] satisfies Sync<T.GrafanaDashboardSpec, typeof dashboardSpec>,
  DashboardEnv: [true, true] satisfies Sync<T.DashboardEnv, Items<Props<typeof dashboardSpec>["envs"]>>,
  GrafanaFolderSpec: [true, true] satisfies Sync<T.GrafanaFolderSpec, typeof folderSpec>,
};

test("types.ts interfaces are in sync with the carried schema (checked by tsc)", () => {
  for (const [name, pair] of Object.entries(checks)) assert.deepEqual(pair, [true, true], name);
});
