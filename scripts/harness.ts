// Starts the real Prometheus-family binaries on 127.0.0.1 with ephemeral ports, for the rehearsal
// test and the benchmark. Every process is started here and stopped by PID; every wait is bounded.
import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      const port = typeof addr === "object" && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export interface Started {
  name: string;
  url: string;
  proc: ChildProcess;
  log: () => string;
}

async function waitFor(url: string, ms: number, isAlive: () => boolean): Promise<void> {
  const deadline = Date.now() + ms;
  let last = "";
  while (Date.now() < deadline) {
    if (!isAlive()) throw new Error(`process for ${url} exited`);
    try {
      const r = await fetch(url, { signal: AbortSignal.timeout(1000) });
      if (r.ok) return;
      last = `HTTP ${r.status}`;
    } catch (e) {
      last = (e as Error).message;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} not ready after ${ms} ms (${last})`);
}

/** Starts `bin args`, waits until `readyPath` answers 200 on the given port. */
export async function start(name: string, bin: string, args: string[], port: number, readyPath: string): Promise<Started> {
  let output = "";
  const proc = spawn(bin, args, { stdio: ["ignore", "pipe", "pipe"] });
  proc.stdout?.on("data", (d) => (output += d));
  proc.stderr?.on("data", (d) => (output += d));
  let alive = true;
  proc.on("exit", () => (alive = false));
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitFor(`${url}${readyPath}`, 20_000, () => alive);
  } catch (e) {
    stop({ name, url, proc, log: () => output });
    throw new Error(`${name} did not start: ${(e as Error).message}\n${output.slice(-2000)}`);
  }
  return { name, url, proc, log: () => output };
}

export function stop(s: Started | undefined): void {
  if (s?.proc.pid !== undefined && s.proc.exitCode === null) s.proc.kill("SIGKILL");
}

export async function startNodeExporter(): Promise<Started> {
  const port = await freePort();
  return start("node-exporter", "prometheus-node-exporter", [`--web.listen-address=127.0.0.1:${port}`], port, "/metrics");
}

export function scratch(prefix: string): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Series (sample lines) of a Prometheus text exposition, by metric family name. */
export function seriesByName(exposition: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of exposition.split("\n")) {
    if (line === "" || line.startsWith("#")) continue;
    const name = /^[a-zA-Z_:][a-zA-Z0-9_:]*/.exec(line)?.[0];
    if (name) out.set(name, (out.get(name) ?? 0) + 1);
  }
  return out;
}
