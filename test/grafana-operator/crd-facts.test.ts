// Guards the hand-carried schema (src/grafana-operator/schema) against the upstream CRDs.
// For every node we describe, the CRD must have the same path with the same type; for every
// object we describe, the property set and `required` list must be identical (so adding a
// field the CRD lacks, or forgetting one it has, fails here). Enums must match exactly;
// patterns/formats/bounds must match where we carry them. Opaque nodes only assert the type.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import { GRAFANA_API_VERSION, GRAFANA_KINDS, grafanaSchemas, type Node } from "../../src/grafana-operator/schema/index.ts";

const projectRoot = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const crdDir = join(projectRoot, "..", "shared", "reference", "crds", "grafana-operator");
const crdFile: Record<(typeof GRAFANA_KINDS)[number], string> = {
  Grafana: "grafana.integreatly.org_grafanas.yaml",
  GrafanaDatasource: "grafana.integreatly.org_grafanadatasources.yaml",
  GrafanaDashboard: "grafana.integreatly.org_grafanadashboards.yaml",
  GrafanaFolder: "grafana.integreatly.org_grafanafolders.yaml",
};

type Crd = Record<string, any>;

// Non-transition CEL rules on described nodes that validate.ts knowingly does not implement
// (Gateway API rules about filters/matches, which we keep opaque). Path -> number of rules.
// A new upstream rule anywhere else fails the test until it is implemented or listed here.
const KNOWN_UNIMPLEMENTED: Record<(typeof GRAFANA_KINDS)[number], Record<string, number>> = {
  Grafana: { "spec.httpRoute.spec.rules": 1, "spec.httpRoute.spec.rules[]": 5 },
  GrafanaDatasource: {},
  GrafanaDashboard: {},
  GrafanaFolder: {},
};

const sorted = (xs: readonly string[] | undefined) => [...(xs ?? [])].sort();
const same = (a: readonly string[] | undefined, b: readonly string[] | undefined) =>
  JSON.stringify(sorted(a)) === JSON.stringify(sorted(b));

/** Returns one line per disagreement between our node and the CRD schema at `path`. */
export function compare(node: Node, crd: Crd | undefined, path: string, out: string[], skipped: string[] = []): void {
  const at = path || "<root>";
  if (crd === undefined) {
    out.push(`${at}: not in CRD`);
    return;
  }
  // CEL rules on nodes we describe: each must be implemented by one of our Rules, be a
  // transition rule (needs oldSelf, meaningless for a single manifest), or is reported in
  // `skipped` so the test can pin the list of rules we knowingly leave out.
  const ours = node.t === "object" ? (node.rules ?? []) : [];
  if (node.t !== "opaque") {
    for (const r of (crd["x-kubernetes-validations"] ?? []) as { rule: string }[]) {
      const implemented = ours.some((o) => o.fields.every((f) => r.rule.includes(`has(self.${f})`)));
      if (!implemented && !r.rule.includes("oldSelf")) skipped.push(at);
    }
  }
  const want = (ok: boolean, what: string) => {
    if (!ok) out.push(`${at}: ${what}`);
  };
  const isIntOrString = crd["x-kubernetes-int-or-string"] === true;
  const carried = (key: string, ours: unknown) => {
    if (ours !== undefined) want(ours === crd[key], `${key} ${JSON.stringify(ours)} != CRD ${JSON.stringify(crd[key])}`);
  };
  switch (node.t) {
    case "string":
      want(crd.type === "string" && !isIntOrString, `expected string, CRD has ${crd.type ?? "int-or-string"}`);
      want(same(node.enum, crd.enum) && (node.enum === undefined) === (crd.enum === undefined), `enum ${JSON.stringify(node.enum)} != CRD ${JSON.stringify(crd.enum)}`);
      for (const k of ["pattern", "format", "minLength", "maxLength"] as const) carried(k, node[k]);
      // byte/date-time formats change what is valid, so we must carry them when the CRD has them.
      if (crd.format === "byte" || crd.format === "date-time") want(node.format === crd.format, `format ${crd.format} not carried`);
      return;
    case "integer":
      want(crd.type === "integer", `expected integer, CRD has ${crd.type}`);
      for (const k of ["minimum", "maximum", "nullable"] as const) carried(k, node[k]);
      return;
    case "boolean":
      want(crd.type === "boolean", `expected boolean, CRD has ${crd.type}`);
      carried("nullable", node.nullable);
      return;
    case "intOrString":
      want(isIntOrString, "expected x-kubernetes-int-or-string");
      return;
    case "array":
      want(crd.type === "array", `expected array, CRD has ${crd.type}`);
      for (const k of ["minItems", "maxItems"] as const) carried(k, node[k]);
      compare(node.items, crd.items, `${path}[]`, out, skipped);
      return;
    case "opaque":
      want(crd.type === node.type, `expected ${node.type}, CRD has ${crd.type}`);
      return;
    case "meta":
      want(crd.type === "object", `expected object, CRD has ${crd.type}`);
      return;
    case "free":
      want(crd.type === "object" && crd["x-kubernetes-preserve-unknown-fields"] === true && !crd.properties, "expected preserve-unknown-fields object");
      return;
    case "map":
      want(crd.type === "object" && !crd.properties && typeof crd.additionalProperties === "object", "expected additionalProperties map");
      if (typeof crd.additionalProperties === "object") compare(node.values, crd.additionalProperties, `${path}.*`, out, skipped);
      return;
    case "object": {
      want(crd.type === "object" && crd.properties !== undefined, `expected object with properties, CRD has ${crd.type}`);
      const crdProps: Record<string, Crd> = crd.properties ?? {};
      for (const k of Object.keys(crdProps)) if (!(k in node.props)) out.push(`${path ? path + "." : ""}${k}: in CRD but not carried`);
      for (const [k, child] of Object.entries(node.props)) compare(child, crdProps[k], path ? `${path}.${k}` : k, out, skipped);
      want(same(node.required, crd.required), `required ${JSON.stringify(sorted(node.required))} != CRD ${JSON.stringify(sorted(crd.required))}`);
      const crdRules: string[] = (crd["x-kubernetes-validations"] ?? []).map((r: { rule: string }) => r.rule);
      for (const rule of node.rules ?? []) {
        const found = crdRules.some((r) => rule.fields.every((f) => r.includes(`has(self.${f})`)));
        want(found, `no CRD x-kubernetes-validations rule about ${rule.fields.join(", ")}`);
      }
      return;
    }
  }
}

for (const kind of GRAFANA_KINDS) {
  test(`${kind}: carried schema agrees with the CRD`, (t) => {
    const file = join(crdDir, crdFile[kind]);
    if (!existsSync(file)) {
      t.skip("../shared/reference/crds absent");
      return;
    }
    const crd = parse(readFileSync(file, "utf8"));
    const [group, version] = GRAFANA_API_VERSION.split("/");
    assert.equal(crd.spec.group, group);
    assert.equal(crd.spec.names.kind, kind);
    const v = crd.spec.versions.find((x: Crd) => x.name === version);
    assert.ok(v?.served, `${version} served`);
    const out: string[] = [];
    const skipped: string[] = [];
    compare(grafanaSchemas[kind], v.schema.openAPIV3Schema, "", out, skipped);
    assert.deepEqual(out, []);
    const counts: Record<string, number> = {};
    for (const p of skipped) counts[p] = (counts[p] ?? 0) + 1;
    assert.deepEqual(counts, KNOWN_UNIMPLEMENTED[kind], "CEL rules neither implemented nor listed as known gaps");
  });
}

test("compare() notices a field the CRD lacks, a wrong type and a required mismatch", () => {
  const crd = { type: "object", required: ["a"], properties: { a: { type: "string" }, b: { type: "integer" } } };
  const out: string[] = [];
  compare(
    { t: "object", props: { a: { t: "integer" }, b: { t: "integer" }, extra: { t: "string" } }, required: [] },
    crd,
    "spec",
    out,
  );
  assert.deepEqual(out, [
    "spec.a: expected integer, CRD has string",
    "spec.extra: not in CRD",
    'spec: required [] != CRD ["a"]',
  ]);
});


test("compare() notices an uncarried CRD field, an enum drift and a missing CEL rule", () => {
  const crd = {
    type: "object",
    properties: { mode: { type: "string", enum: ["A", "B"] }, a: { type: "string" }, b: { type: "string" }, newField: { type: "boolean" } },
  };
  const out: string[] = [];
  compare(
    {
      t: "object",
      props: { mode: { t: "string", enum: ["A"] }, a: { t: "string" }, b: { t: "string" } },
      rules: [{ kind: "atMostOne", fields: ["a", "b"], message: "a or b" }],
    },
    crd,
    "spec",
    out,
  );
  assert.deepEqual(out, [
    "spec.newField: in CRD but not carried",
    'spec.mode: enum ["A"] != CRD ["A","B"]',
    "spec: no CRD x-kubernetes-validations rule about a, b",
  ]);
});
