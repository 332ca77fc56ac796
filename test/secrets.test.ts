// Credentials (issue #9, point 4): every Secret the tree reads is in the one list (src/secrets), which
// `obstack render` prints and the README shows; Loki reaches MinIO with its own user, limited to its buckets.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { bothProfiles, defaultProfile, ROOT, runCli, tempDir } from "./helpers/fixtures.ts";
import { buildStack } from "../src/stack/index.ts";
import { mergedRelease } from "../src/flux/helm.ts";
import { MOUNTED_WHOLE, requiredSecrets } from "../src/secrets/index.ts";
import { LOKI_BUCKETS, LOKI_POLICY } from "../src/minio/index.ts";
import { ProfileError } from "../src/profile/load.ts";
import type { Profile } from "../src/profile/schema.ts";

type Json = any;

/** Every (Secret, key) the rendered objects and release values reference through secretKeyRef, with where. */
function secretRefs(p: Profile): { name: string; key: string; where: string }[] {
  const stack = buildStack(p);
  const out: { name: string; key: string; where: string }[] = [];
  const walk = (v: Json, where: string) => {
    if (Array.isArray(v)) v.forEach((x) => walk(x, where));
    else if (v && typeof v === "object") {
      if (v.secretKeyRef) out.push({ name: v.secretKeyRef.name, key: v.secretKeyRef.key, where });
      // A Secret volume: the workload reads every key as a file.
      if (v.secret?.secretName) out.push({ name: v.secret.secretName, key: MOUNTED_WHOLE, where });
      for (const x of Object.values(v)) walk(x, where);
    }
  };
  for (const d of stack.dirs) for (const f of d.files) for (const o of f.objects) walk(o, `${o.kind}/${o.metadata.name}`);
  for (const r of stack.releases) walk(mergedRelease(r, p.namespace), `HelmRelease/${r.name}`);
  return out;
}

for (const { name, profile: p } of bothProfiles()) {
  test(`every Secret key the tree reads is in the required list, and every listed key is read (${name})`, () => {
    const listed = requiredSecrets(p);
    const refs = secretRefs(p);
    assert.ok(refs.length >= 4, "secret references found");
    for (const r of refs) {
      const s = listed.find((x) => x.name === r.name);
      assert.ok(s && s.keys.includes(r.key), `${r.where} reads ${r.name}/${r.key}, which is not in the required list`);
    }
    // Alertmanager's receiver Secrets are mounted by name (alertmanagerSpec.secrets) and read as files.
    const am = ((mergedRelease(buildStack(p).releases.find((r) => r.name === "prometheus")!, p.namespace).spec as Json).values.alertmanager
      .alertmanagerSpec.secrets ?? []) as string[];
    for (const n of am) assert.ok(listed.some((s) => s.name === n && s.readBy.includes("Alertmanager")), `${n} listed`);
    for (const s of listed.filter((x) => !x.readBy.includes("Alertmanager"))) {
      for (const k of s.keys) assert.ok(refs.some((r) => r.name === s.name && r.key === k), `listed ${s.name}/${k} is read by nobody`);
    }
  });

  test(`Loki's S3 credentials are never MinIO's root credentials (${name})`, () => {
    const loki = secretRefs(p).filter((r) => r.where === "HelmRelease/grafana-loki");
    assert.deepEqual(loki.map((r) => r.key).sort(), ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"]);
    if (p.loki.storage.type === "minio") {
      const root = p.loki.storage.credentialsSecret;
      assert.ok(loki.every((r) => r.name !== root), "Loki does not read the root Secret");
      const readers = [...new Set(secretRefs(p).filter((r) => r.name === root).map((r) => r.where))].sort();
      assert.deepEqual(readers, ["Job/minio-buckets", "StatefulSet/minio"]);
    }
  });
}

test("the bucket Job creates Loki's user with a policy limited to Loki's buckets (default profile, MinIO)", () => {
  const p = defaultProfile();
  const objects = buildStack(p).dirs.flatMap((d) => d.files.flatMap((f) => f.objects)) as Json[];
  const job = objects.find((o) => o.kind === "Job" && o.metadata.name === "minio-buckets");
  const c = job.spec.template.spec.containers[0];
  const script: string[] = c.args[0].split("\n");
  const at = (re: RegExp) => script.findIndex((l) => re.test(l));
  const created = at(new RegExp(`^mc admin policy create stack ${LOKI_POLICY} /policy/loki.json$`));
  const user = at(/^mc admin user add stack "\$LOKI_ACCESS_KEY_ID" "\$LOKI_SECRET_ACCESS_KEY"$/);
  const attached = at(new RegExp(`^mc admin policy attach stack ${LOKI_POLICY} --user "\\$LOKI_ACCESS_KEY_ID"$`));
  assert.ok(created > 0 && user > created && attached > user, script.join("\n"));
  for (const b of Object.values(LOKI_BUCKETS)) assert.ok(at(new RegExp(`^mc mb --ignore-existing stack/${b}$`)) < created);
  const env = Object.fromEntries(c.env.map((e: Json) => [e.name, e.valueFrom?.secretKeyRef]));
  assert.deepEqual(env["LOKI_ACCESS_KEY_ID"], { name: "loki-s3", key: "AWS_ACCESS_KEY_ID" });
  // The policy the Job mounts: only Loki's buckets and their objects, no admin action.
  const cmName = job.spec.template.spec.volumes.find((v: Json) => v.name === "policy").configMap.name;
  const cm = objects.find((o) => o.kind === "ConfigMap" && o.metadata.name === cmName);
  const policy = JSON.parse(cm.data["loki.json"]);
  const resources = policy.Statement.flatMap((s: Json) => s.Resource).sort();
  assert.deepEqual(resources, Object.values(LOKI_BUCKETS).flatMap((b) => [`arn:aws:s3:::${b}`, `arn:aws:s3:::${b}/*`]).sort());
  const actions: string[] = policy.Statement.flatMap((s: Json) => s.Action);
  assert.ok(actions.every((a) => a.startsWith("s3:") && a !== "s3:*"), actions.join(", "));
  assert.ok(policy.Statement.every((s: Json) => s.Effect === "Allow"));
});

test("Loki's MinIO Secret may not be MinIO's root Secret", () => {
  assert.throws(
    () => defaultProfile({ loki: { storage: { type: "minio", credentialsSecret: "same", lokiCredentialsSecret: "same" } } }),
    (e: unknown) => e instanceof ProfileError && /loki\.storage\.lokiCredentialsSecret/.test(e.message) && /root credentials/.test(e.message),
  );
});

test("obstack render prints the Secrets to create after the summary; the README shows the default profile's", async () => {
  const out = tempDir();
  const { code, stdout } = await runCli(["render", "--out", out]);
  assert.equal(code, 0);
  const lines = stdout.trimEnd().split("\n");
  assert.match(lines[0]!, /^rendered \d+ files into /);
  assert.match(lines[1]!, /^Secrets to create in namespace observability/);
  const p = defaultProfile();
  const listed = requiredSecrets(p);
  assert.deepEqual(lines.slice(2), listed.map((s) => `  ${s.name}: ${s.keys.join(", ")} (read by ${s.readBy.join(", ")})`));
  const readme = readFileSync(`${ROOT}/README.md`, "utf8");
  for (const s of listed) {
    const row = readme.split("\n").find((l) => l.startsWith(`| \`${s.name}\` `));
    assert.ok(row, `README lists ${s.name}`);
    assert.ok(row.includes(s.keys.map((k) => `\`${k}\``).join(", ")) && row.includes(s.readBy.join(", ")), row);
  }
});
