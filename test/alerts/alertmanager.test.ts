// The Alertmanager configuration obstack renders, checked by amtool: syntax (check-config) and routing
// (config routes test) for the default profile and for one with Slack and webhook receivers and routes.
import { test } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { stringify } from "yaml";
import { defaultProfile, tempDir } from "../helpers/fixtures.ts";
import { alertmanagerConfig } from "../../src/alertmanager/config.ts";
import { alertRuleGroups } from "../../src/alerts/index.ts";
import type { Profile } from "../../src/profile/schema.ts";
import { requireTool, run } from "./tools.ts";

const withReceivers = (): Profile =>
  defaultProfile({
    alertmanager: {
      defaultReceiver: "team-slack",
      receivers: [
        { name: "null", type: "null" },
        { name: "team-slack", type: "slack", apiUrlSecret: { name: "slack-webhook", key: "url" }, channel: "#alerts" },
        { name: "oncall", type: "webhook", url: "https://oncall.example.com/alertmanager" },
        { name: "flux-hook", type: "webhook", urlSecret: { name: "flux-hook", key: "url" } },
      ],
      routes: [
        { receiver: "oncall", matchers: ['severity="critical"'] },
        { receiver: "flux-hook", matchers: ['alertname=~"Flux.*"'] },
      ],
    },
  });

const URL_FILE_UNKNOWN = /field url_file not found/;

/**
 * Writes the profile's Alertmanager configuration as YAML. amtool only parses the *_file paths (the Secrets are
 * read when notifying), so the referenced files need not exist. Debian 12's amtool 0.25 does not know the webhook
 * `url_file` field that the deployed Alertmanager (v0.29) reads; with such an amtool the file-based URL is replaced
 * by a literal one in a second copy, so the rest of the configuration is still checked.
 */
function writeConfig(dir: string, p: Profile, name: string): { file: string; compat: string } {
  const config = alertmanagerConfig(p);
  const file = join(dir, `${name}.yaml`);
  writeFileSync(file, stringify(config, { lineWidth: 0 }));
  const compat = join(dir, `${name}.amtool-0.25.yaml`);
  const receivers = config.receivers.map((r) => {
    const hooks = r.webhook_configs as Record<string, unknown>[] | undefined;
    if (!hooks) return r;
    return {
      ...r,
      webhook_configs: hooks.map(({ url_file, ...rest }) => (url_file === undefined ? rest : { ...rest, url: "https://url-file.invalid/" })),
    };
  });
  writeFileSync(compat, stringify({ ...config, receivers }, { lineWidth: 0 }));
  return { file, compat };
}

/** check-config on the real file; falls back to the 0.25-compatible copy only for that one known gap. */
function checkConfig(t: { diagnostic(m: string): void }, amtool: string, f: { file: string; compat: string }): string {
  const r = run(amtool, ["check-config", f.file]);
  if (r.status !== 0 && URL_FILE_UNKNOWN.test(r.output)) {
    t.diagnostic(`this amtool does not know webhook url_file (the deployed Alertmanager v0.29 does); checked ${f.compat} instead`);
    const c = run(amtool, ["check-config", f.compat]);
    assert.equal(c.status, 0, c.output);
    return f.compat;
  }
  assert.equal(r.status, 0, r.output);
  return f.file;
}

function route(amtool: string, file: string, labels: Record<string, string>, expected: string): void {
  const args = ["config", "routes", "test", `--config.file=${file}`, `--verify.receivers=${expected}`];
  const r = run(amtool, [...args, ...Object.entries(labels).map(([k, v]) => `${k}=${v}`)]);
  assert.equal(r.status, 0, `${JSON.stringify(labels)} should go to ${expected}:\n${r.output}`);
}

test("amtool check-config accepts the default profile's Alertmanager configuration; Watchdog and the rest go to null", (t) => {
  const amtool = requireTool(t, "amtool");
  if (!amtool) return;
  const file = checkConfig(t, amtool, writeConfig(tempDir("obstack-am-"), defaultProfile(), "default"));
  route(amtool, file, { alertname: "Watchdog", severity: "none" }, "null");
  route(amtool, file, { alertname: "LokiDown", severity: "critical", namespace: "observability" }, "null");
});

test("amtool check-config accepts a configuration with Slack and webhook receivers (URLs from Secret files) and routes", (t) => {
  const amtool = requireTool(t, "amtool");
  if (!amtool) return;
  const dir = tempDir("obstack-am-");
  const f = writeConfig(dir, withReceivers(), "receivers");
  const file = checkConfig(t, amtool, f);
  // Watchdog → null, even with labels a profile route matches (its route comes first and does not continue)
  route(amtool, file, { alertname: "Watchdog", severity: "none" }, "null");
  route(amtool, file, { alertname: "Watchdog", severity: "critical" }, "null");
  // a profile route → its receiver
  route(amtool, file, { alertname: "LokiDown", severity: "critical" }, "oncall");
  route(amtool, file, { alertname: "FluxResourceSuspended", severity: "warning" }, "flux-hook");
  // nothing matches → the default receiver
  route(amtool, file, { alertname: "LokiRequestErrors", severity: "warning" }, "team-slack");
});

test("amtool routes every alert obstack ships to the receiver the profile's routes name", (t) => {
  const amtool = requireTool(t, "amtool");
  if (!amtool) return;
  const p = withReceivers();
  const file = checkConfig(t, amtool, writeConfig(tempDir("obstack-am-"), p, "receivers"));
  for (const a of alertRuleGroups(p).flatMap((g) => g.rules)) {
    const expected =
      a.alert === "Watchdog" ? "null" : a.labels.severity === "critical" ? "oncall" : a.alert.startsWith("Flux") ? "flux-hook" : "team-slack";
    route(amtool, file, { alertname: a.alert, severity: a.labels.severity }, expected);
  }
});
