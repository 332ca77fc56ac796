// SeaweedFS as Loki's object store (issue #9, point 5), on a third, small profile (one node, local volumes,
// no Kepler): deployed and wired like MinIO, bounded and restricted, its Job's script run by a real sh
// against a stand-in `weed` that records what it is asked.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { chmodSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseAllDocuments } from "yaml";
import { runCli, tempDir } from "./helpers/fixtures.ts";
import { kubectl } from "../scripts/tools.ts";
import { validateProfile } from "../src/profile/load.ts";
import { buildStack } from "../src/stack/index.ts";
import { checkStack } from "../src/checks/index.ts";
import { mergedRelease } from "../src/flux/helm.ts";
import { urls } from "../src/wiring/names.ts";
import { paths } from "../src/tree/paths.ts";
import { requiredSecrets } from "../src/secrets/index.ts";
import { LOKI_BUCKETS } from "../src/minio/index.ts";
import { bucketScript, SEAWEEDFS_BUCKET_JOB } from "../src/seaweedfs/index.ts";
import { checkPodTemplate, podTemplates } from "../src/workloads/security.ts";
import type { StackInput } from "../src/profile/schema.ts";

type Json = any;

/** The third profile fixture: one node, local volumes, Loki on SeaweedFS. */
const input: StackInput = {
  cluster: { name: "tiny", overlay: "tiny" },
  nodes: [{ name: "node-1" }],
  prometheus: { replicas: 1 },
  grafana: { hostname: "grafana.tiny.example.org", gateway: { name: "gw", namespace: "gateway" } },
  loki: { storage: { type: "seaweedfs" } },
  kepler: { enabled: false },
};
const p = validateProfile(input, "test-seaweedfs");

test("SeaweedFS profile: StatefulSet, Services, bucket Job and a local PV are rendered; no MinIO", () => {
  const stack = buildStack(p);
  checkStack(stack, p);
  const dir = stack.dirs.find((d) => d.path === paths(p).overlay.seaweedfs);
  assert.ok(dir, "seaweedfs directory");
  const objects = dir.files.flatMap((f) => f.objects) as Json[];
  assert.deepEqual(objects.map((o) => `${o.kind}/${o.metadata.name}`).sort(), [
    "Job/seaweedfs-buckets",
    // Named after its node and path (src/storage/local.ts): both are immutable in a PV.
    ...objects.filter((o) => o.kind === "PersistentVolume" && o.spec.claimRef.name === "data-seaweedfs-0").map((o) => `PersistentVolume/${o.metadata.name}`),
    "Service/seaweedfs",
    "Service/seaweedfs-headless",
    "StatefulSet/seaweedfs",
  ]);
  assert.equal(stack.dirs.some((d) => d.path === paths(p).overlay.minio), false);
  const pv = objects.find((o) => o.kind === "PersistentVolume");
  assert.equal(pv.spec.claimRef.name, "data-seaweedfs-0");
  assert.deepEqual(objects.flatMap(podTemplates).flatMap((t) => checkPodTemplate(t)), []);
  assert.equal(dir.flux?.wait, true, "Flux waits for the Job");
});

test("SeaweedFS profile: Loki writes to SeaweedFS's S3 gateway with its own identity, after the store's Kustomization", () => {
  const stack = buildStack(p);
  const loki = (mergedRelease(stack.releases.find((r) => r.name === "grafana-loki")!, p.namespace).spec as Json).values;
  assert.equal(loki.loki.storage.s3.endpoint, urls.seaweedfs(p));
  assert.equal(loki.loki.storage.s3.endpoint, "seaweedfs.observability.svc:8333");
  assert.deepEqual(loki.loki.storage.bucketNames, LOKI_BUCKETS);
  assert.deepEqual(loki.singleBinary.extraEnv.map((e: Json) => e.valueFrom.secretKeyRef.name), ["loki-s3", "loki-s3"]);
  const lokiDir = stack.dirs.find((d) => d.path === paths(p).overlay.loki)!;
  // Its volume's directory prepared (local storage), then the store and its Job.
  assert.deepEqual(lokiDir.flux?.dependsOn, [paths(p).overlay.localVolumes, paths(p).overlay.seaweedfs]);
  // The admin identity's Secret is read by SeaweedFS only.
  const sts = stack.dirs.flatMap((d) => d.files.flatMap((f) => f.objects)).find((o) => o.kind === "StatefulSet" && o.metadata.name === "seaweedfs") as Json;
  const env = sts.spec.template.spec.containers[0].env.filter((e: Json) => e.valueFrom?.secretKeyRef).map((e: Json) => e.valueFrom.secretKeyRef.name);
  assert.deepEqual(env, ["seaweedfs-admin", "seaweedfs-admin"]);
  assert.deepEqual(
    requiredSecrets(p).map((s) => [s.name, s.readBy.join(", ")]),
    [
      ["grafana-admin", "Grafana"],
      ["seaweedfs-admin", "SeaweedFS"],
      ["loki-s3", "Loki, Job seaweedfs-buckets"],
    ],
  );
});

test("SeaweedFS profile: kubectl kustomize builds the store's directory and Loki's", async () => {
  const out = tempDir();
  const profileFile = join(out, "tiny.json");
  writeFileSync(profileFile, JSON.stringify(input));
  const { code, stdout } = await runCli(["render", "--profile", profileFile, "--out", join(out, "tree")]);
  assert.equal(code, 0, stdout);
  assert.match(stdout, /seaweedfs-admin: AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY \(read by SeaweedFS\)/);
  const built = execFileSync(kubectl(), ["kustomize", join(out, "tree", paths(p).overlay.seaweedfs)], { encoding: "utf8" });
  const kinds = parseAllDocuments(built).map((d) => (d.toJS() as Json).kind).sort();
  assert.deepEqual(kinds, ["Job", "PersistentVolume", "Service", "Service", "StatefulSet"]);
  execFileSync(kubectl(), ["kustomize", join(out, "tree", paths(p).overlay.loki)], { encoding: "utf8" });
  const root = readFileSync(join(out, "tree", paths(p).overlay.root, "kustomization.yaml"), "utf8");
  assert.match(root, /seaweedfs/);
});

/** Runs the Job's script with sh and a stand-in `weed` that logs its stdin and plays the given bucket list. */
function runJob(existing: string[], failOn?: string): { status: number | null; log: string[]; stderr: string } {
  const dir = tempDir("obstack-weed-");
  const log = join(dir, "log");
  writeFileSync(log, "");
  const list = existing.map((b) => `  ${b}\tsize:0\tlogical:0\tchunk:0`).join("\n");
  writeFileSync(
    join(dir, "weed"),
    [
      "#!/bin/sh",
      `cmd="$(cat)"`,
      `echo "$*|$cmd" >> ${log}`,
      `if [ "$cmd" = "s3.bucket.list" ]; then printf '%s\\n' '${list}'; fi`,
      failOn ? `case "$cmd" in ${failOn}*) echo "error: refused" >&2;; esac` : "true",
    ].join("\n"),
  );
  chmodSync(join(dir, "weed"), 0o755);
  const job = buildStack(p).dirs.flatMap((d) => d.files.flatMap((f) => f.objects)).find((o) => o.kind === "Job" && o.metadata.name === SEAWEEDFS_BUCKET_JOB) as Json;
  const c = job.spec.template.spec.containers[0];
  assert.deepEqual(c.command, ["/bin/sh", "-ec"]);
  assert.equal(c.args[0], bucketScript(p));
  // The script writes /tmp/err (an emptyDir in the pod); here the test's own /tmp.
  const r = spawnSync("/bin/sh", ["-ec", c.args[0]], {
    encoding: "utf8",
    env: { PATH: `${dir}:/usr/bin:/bin`, LOKI_ACCESS_KEY_ID: "loki-key", LOKI_SECRET_ACCESS_KEY: "loki-secret-123" },
  });
  return { status: r.status, log: readFileSync(log, "utf8").trim().split("\n"), stderr: r.stderr };
}

test("SeaweedFS bucket Job (real sh): creates the missing buckets, then Loki's identity limited to them", () => {
  const master = `shell -master=${urls.seaweedfsMaster(p)}`;
  const r = runJob(["loki-ruler"]);
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(r.log, [
    `${master}|s3.bucket.list`,
    `${master}|s3.bucket.create -name loki-chunks`,
    `${master}|s3.bucket.create -name loki-admin`,
    `${master}|s3.configure -user=loki -access_key=loki-key -secret_key=loki-secret-123 -actions=Read,Write,List -buckets=loki-chunks,loki-ruler,loki-admin -apply`,
  ]);
});

test("SeaweedFS bucket Job (real sh): a command weed shell reports as failed fails the Job", () => {
  const r = runJob([], "s3.configure");
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /error: refused/);
});
