// Seeded mutations of the bundled profiles, run through the CLI as a careless or hostile user would:
// every run exits 0 or 2 (never 1, 3 or a crash), an exit 2 names a path of the profile and prints no
// stack trace, and a failing run writes nothing. Bounded in count; the seed makes any failure
// reproducible (the message prints the mutation).
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { runCli, tempDir } from "./helpers/fixtures.ts";
import secondInput from "../profiles/three-node-s3.ts";

const MUTATIONS = 300;

/** mulberry32: a small deterministic PRNG. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PAYLOADS: unknown[] = [
  "",
  " ",
  "30GB",
  "25XB",
  "-1",
  "../../etc",
  "/",
  "a\u2028b",
  "x\uD800",
  "line\nbreak: [x]",
  "{{ .Values }}",
  "HTTPS://u:p@x.example.com",
  "${HOME}",
  "yes",
  "null",
  "0x1F",
  "2024-04-01",
  "x".repeat(300),
  "ümlaut",
  'severity="critical',
  0,
  -1,
  1.5,
  1e308,
  Number.MAX_SAFE_INTEGER,
  true,
  null,
  [],
  [null],
  {},
  { unexpected: true },
  ["a", "b"],
];

const TEXT_PIPELINE = 'prometheus.scrape "extra" {\n\ttargets    = [{"__address__" = "10.0.0.9:9100"}]\n\tforward_to = [prometheus.remote_write.prometheus.receiver]\n}\n';

function base(): Record<string, unknown> {
  // JSON form: what a .json profile can say (the bundled profile carries a foundation-SDK dashboard object).
  const p = JSON.parse(JSON.stringify(secondInput)) as Record<string, any>;
  p.alloy = { staticLabels: { site: "lab" }, pipelines: [{ name: "extra", workload: "cluster", config: TEXT_PIPELINE }] };
  p.podMonitors = [{ name: "app", selector: { app: "x" }, endpoints: [{ port: "metrics" }] }];
  p.alertmanager.routes = [{ receiver: "ops", matchers: ['severity="critical"'] }];
  return p;
}

/** Every [container, key] pair in the value, depth first. */
function slots(v: unknown, out: [Record<string, unknown> | unknown[], string | number][] = []): typeof out {
  if (Array.isArray(v)) v.forEach((x, i) => (out.push([v, i]), slots(x, out)));
  else if (v !== null && typeof v === "object") for (const k of Object.keys(v)) (out.push([v as Record<string, unknown>, k]), slots((v as Record<string, unknown>)[k], out));
  return out;
}

function mutate(p: Record<string, unknown>, rnd: () => number): string {
  const all = slots(p);
  const pick = <T>(xs: T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const [container, key] = pick(all);
  const r = rnd();
  if (r < 0.6) {
    const payload = pick(PAYLOADS);
    (container as Record<string | number, unknown>)[key] = structuredClone(payload);
    return `set ${String(key)} = ${JSON.stringify(payload)}`;
  }
  if (r < 0.75 && !Array.isArray(container)) {
    delete container[key as string];
    return `delete ${String(key)}`;
  }
  if (r < 0.85 && !Array.isArray(container)) {
    container[`${String(key)}x`] = 1;
    return `add ${String(key)}x`;
  }
  if (r < 0.95) {
    const value = (container as Record<string | number, unknown>)[key];
    if (typeof value === "string" && value.length > 0) {
      const i = Math.floor(rnd() * value.length);
      const mutated = value.slice(0, i) + pick(["\u0000", "\"", "}", "..", "\n", "\u2029", "@", "{{", "-"]) + value.slice(i + 1);
      (container as Record<string | number, unknown>)[key] = mutated;
      return `edit ${String(key)} = ${JSON.stringify(mutated)}`;
    }
  }
  (container as Record<string | number, unknown>)[key] = Array.isArray(container) ? container.slice() : { ...container };
  return `nest ${String(key)}`;
}

test(`fuzz: ${MUTATIONS} seeded mutations exit 0 or 2, name a path on failure, never crash and write nothing on failure`, { timeout: 600_000 }, async () => {
  const rnd = prng(12);
  const dir = tempDir("obstack-fuzz-");
  let rendered = 0;
  for (let i = 0; i < MUTATIONS; i++) {
    const p = base();
    const what: string[] = [];
    const n = 1 + Math.floor(rnd() * 3);
    for (let k = 0; k < n; k++) what.push(mutate(p, rnd));
    const file = join(dir, `m${i}.json`);
    writeFileSync(file, JSON.stringify(p));
    const out = join(dir, `out${i}`);
    // Most runs only check (no tree is written), every tenth writes; both take the whole path through the checks.
    const write = i % 10 === 0;
    const r = await runCli(["render", ...(write ? [] : ["--check"]), "--profile", file, "--out", out]);
    const label = `mutation ${i} (${what.join("; ")}): exit ${r.code}\n${r.stderr}`;
    assert.ok(r.code === 0 || r.code === 2 || (!write && r.code === 1), label);
    assert.doesNotMatch(r.stderr, /\n\s+at |internal error/, label);
    if (r.code === 2) {
      assert.match(r.stderr, new RegExp(`m${i}\\.json: (invalid profile|cannot be rendered: render checks failed:)\\n {2}- `), label);
      assert.match(r.stderr, /\n {2}- (\(root\)|[a-zA-Z][\w.]*: |profile [a-zA-Z][\w.]* |Alloy |HelmRelease |is |cannot |not valid|the )/, label);
      assert.equal(existsSync(out), false, `nothing written: ${label}`);
    } else {
      rendered++;
      // --check of a directory that does not exist: everything is missing, nothing was created.
      if (!write) assert.equal(existsSync(out), false, label);
    }
  }
  assert.ok(rendered > 0 && rendered < MUTATIONS, `${rendered} of ${MUTATIONS} mutations rendered: the mutations must exercise both outcomes`);
});
