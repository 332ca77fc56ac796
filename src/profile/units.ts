// Byte sizes in the two notations the stack mixes: Kubernetes quantities (PVC sizes) and
// Prometheus sizes (retentionSize). Prometheus reads KB/MB/GB as powers of 1024, like KiB/MiB/GiB.

const QUANTITY_FACTORS: Record<string, number> = {
  "": 1,
  k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18,
  Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60,
};

export function quantityBytes(q: string): number {
  const m = /^([0-9]+(?:\.[0-9]+)?)([A-Za-z]*)$/.exec(q);
  const factor = m ? QUANTITY_FACTORS[m[2] ?? ""] : undefined;
  if (!m || factor === undefined) throw new Error(`not a Kubernetes quantity: ${q}`);
  return Number(m[1]) * factor;
}

const PROM_FACTORS: Record<string, number> = {
  B: 1,
  KB: 2 ** 10, MB: 2 ** 20, GB: 2 ** 30, TB: 2 ** 40, PB: 2 ** 50, EB: 2 ** 60,
  KiB: 2 ** 10, MiB: 2 ** 20, GiB: 2 ** 30, TiB: 2 ** 40, PiB: 2 ** 50, EiB: 2 ** 60,
};

export function prometheusBytes(s: string): number {
  const m = /^([0-9]+(?:\.[0-9]+)?)([A-Za-z]+)$/.exec(s);
  const factor = m ? PROM_FACTORS[m[2] ?? ""] : undefined;
  if (!m || factor === undefined) throw new Error(`not a Prometheus byte size: ${s}`);
  return Number(m[1]) * factor;
}
