// Throughput benchmark for parse + validate on a large generated config.
// Called from `npm run bench`; not used by tests.
import type { BodyItem } from "./build.ts";
import { arr, attr, block, call, comment, file, obj, ref } from "./build.ts";
import { print } from "./printer.ts";
import { parse } from "./parser.ts";
import { validate } from "./validator.ts";
import { hasErrors } from "./diag.ts";

/** Generates a large, valid Alloy config with `pipelines` log+metrics pipelines. */
export function generateLargeConfig(pipelines: number): string {
  const items: BodyItem[] = [block("logging", [attr("level", "info"), attr("format", "logfmt")])];
  for (let i = 0; i < pipelines; i++) {
    const n = `p${i}`;
    items.push(
      comment(`Pipeline ${i}: pods of namespace ns${i}.`),
      block("discovery.kubernetes", n, [attr("role", "pod"), block("namespaces", [attr("names", [`ns${i}`])])]),
      block("discovery.relabel", n, [
        attr("targets", ref(`discovery.kubernetes.${n}.targets`)),
        block("rule", [attr("source_labels", ["__meta_kubernetes_namespace"]), attr("target_label", "namespace")]),
        block("rule", [attr("source_labels", ["__meta_kubernetes_pod_name"]), attr("target_label", "pod"), attr("action", "replace")]),
      ]),
      block("loki.source.kubernetes", n, [
        attr("targets", ref(`discovery.relabel.${n}.output`)),
        attr("forward_to", [ref(`loki.process.${n}.receiver`)]),
      ]),
      block("loki.process", n, [
        block("stage.cri", []),
        block("stage.labels", [attr("values", obj({ level: "", app: "" }))]),
        block("stage.static_labels", [attr("values", obj({ cluster: "main", pipeline: n }))]),
        attr("forward_to", [ref("loki.write.default.receiver")]),
      ]),
      block("prometheus.scrape", n, [
        attr("targets", ref(`discovery.relabel.${n}.output`)),
        attr("forward_to", [ref(`prometheus.relabel.${n}.receiver`)]),
        attr("scrape_interval", "30s"),
      ]),
      block("prometheus.relabel", n, [
        attr("forward_to", [ref("prometheus.remote_write.default.receiver")]),
        block("rule", [attr("action", "labeldrop"), attr("regex", "tmp_.*")]),
      ]),
    );
  }
  items.push(
    block("loki.write", "default", [block("endpoint", [attr("url", call("sys.env", "LOKI_URL"))])]),
    block("prometheus.remote_write", "default", [
      block("endpoint", [attr("url", call("string.format", "%s/api/v1/push", call("coalesce", call("sys.env", "MIMIR_URL"), "http://mimir")))]),
    ]),
    block("local.file_match", "logs", [attr("path_targets", arr(obj({ __path__: "/var/log/*.log" })))]),
  );
  return print(file(...items));
}

/** Times parse + validate on a generated config of at least ~4 MB. */
export function benchAlloy(opts: { pipelines?: number; rounds?: number } = {}): { mbPerSec: number; bytes: number; ms: number } {
  const src = generateLargeConfig(opts.pipelines ?? 4000);
  const bytes = Buffer.byteLength(src, "utf8");
  const rounds = opts.rounds ?? 5;
  // Warm-up and correctness check.
  const warm = parse(src, "bench.alloy");
  const diags = [...warm.diagnostics, ...validate(warm.file, { filename: "bench.alloy" })];
  if (hasErrors(diags)) throw new Error(`bench config is invalid: ${diags[0]!.message}`);
  let best = Infinity;
  for (let i = 0; i < rounds; i++) {
    const t0 = performance.now();
    const r = parse(src, "bench.alloy");
    validate(r.file, { filename: "bench.alloy" });
    best = Math.min(best, performance.now() - t0);
  }
  return { mbPerSec: bytes / 1e6 / (best / 1000), bytes, ms: best };
}
