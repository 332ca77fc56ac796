// The Alertmanager configuration obstack renders, checked by amtool: syntax (check-config) and routing
// (config routes test) for the default profile and for one with Slack and webhook receivers and routes.
import { test } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { stringify } from "yaml";
import { existsSync } from "node:fs";
import { ROOT, bothProfiles, defaultProfile, runCli, secondProfile, tempDir } from "../helpers/fixtures.ts";
import { alertingWarnings } from "../../src/alertmanager/config.ts";
import { prometheusRelease } from "../../src/prometheus/index.ts";
import { mergedRelease } from "../../src/flux/helm.ts";
import { profileJsonSchema, validateProfile } from "../../src/profile/load.ts";
import defaultInput from "../../profiles/kimawesome.ts";
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

/**
 * Fields the deployed Alertmanager (v0.29.0, config/notifiers.go) reads but Debian 12's amtool 0.25 does not know
 * (it has no *_file variant for these three), with the literal field 0.25 knows in their place.
 */
const NEWER_THAN_0_25: Record<string, Record<string, [string, unknown]>> = {
  webhook_configs: { url_file: ["url", "https://url-file.invalid/"] },
  telegram_configs: { bot_token_file: ["bot_token", "0000:compat-token"] },
  discord_configs: { webhook_url_file: ["webhook_url", "https://discord.invalid/api/webhooks/0/compat"] },
};
const UNKNOWN_TO_OLD_AMTOOL = /field (url_file|bot_token_file|webhook_url_file) not found/;

/**
 * Writes the profile's Alertmanager configuration as YAML. amtool only parses the *_file paths (the Secrets are
 * read when notifying), so the referenced files need not exist. With an amtool older than the deployed
 * Alertmanager, the fields of NEWER_THAN_0_25 are replaced by their literal counterparts in a second copy, so
 * the rest of the configuration is still checked.
 */
function writeConfig(dir: string, p: Profile, name: string): { file: string; compat: string } {
  const config = alertmanagerConfig(p);
  const file = join(dir, `${name}.yaml`);
  writeFileSync(file, stringify(config, { lineWidth: 0 }));
  const compat = join(dir, `${name}.amtool-0.25.yaml`);
  const receivers = config.receivers.map((r) => {
    const out: Record<string, unknown> = { ...r };
    for (const [kind, fields] of Object.entries(NEWER_THAN_0_25)) {
      const list = r[kind] as Record<string, unknown>[] | undefined;
      if (!list) continue;
      out[kind] = list.map((c) => {
        const copy: Record<string, unknown> = { ...c };
        for (const [field, [literal, value]] of Object.entries(fields)) {
          if (copy[field] === undefined) continue;
          delete copy[field];
          copy[literal] = value;
        }
        return copy;
      });
    }
    return out;
  });
  writeFileSync(compat, stringify({ ...config, receivers }, { lineWidth: 0 }));
  return { file, compat };
}

/** check-config on the real file; falls back to the 0.25-compatible copy only for those known gaps. */
function checkConfig(t: { diagnostic(m: string): void }, amtool: string, f: { file: string; compat: string }): string {
  const r = run(amtool, ["check-config", f.file]);
  if (r.status !== 0 && UNKNOWN_TO_OLD_AMTOOL.test(r.output)) {
    t.diagnostic(`this amtool does not know ${UNKNOWN_TO_OLD_AMTOOL.exec(r.output)![1]} (the deployed Alertmanager v0.29 does); checked ${f.compat} instead`);
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

const everyReceiver = (): Profile =>
  defaultProfile({
    alertmanager: {
      defaultReceiver: "mail",
      heartbeatReceiver: "deadman",
      receivers: [
        { name: "null", type: "null" },
        { name: "hook", type: "webhook", urlSecret: { name: "hook", key: "url" } },
        { name: "team-slack", type: "slack", apiUrlSecret: { name: "slack", key: "url" }, channel: "#alerts" },
        {
          name: "mail",
          type: "email",
          to: "ops@example.com",
          from: "alertmanager@example.com",
          smarthost: "smtp.example.com:587",
          authUsername: "alertmanager",
          authPasswordSecret: { name: "smtp", key: "password" },
        },
        { name: "tg", type: "telegram", botTokenSecret: { name: "telegram", key: "token" }, chatId: -1001234567890 },
        { name: "push", type: "ntfy", urlSecret: { name: "ntfy", key: "url" } },
        { name: "chat", type: "discord", webhookUrlSecret: { name: "discord", key: "url" } },
        { name: "deadman", type: "webhook", urlSecret: { name: "deadman", key: "url" }, sendResolved: false },
      ],
      routes: [
        { receiver: "tg", matchers: ['severity="critical"'], continue: true },
        { receiver: "chat", matchers: ['alertname=~"Flux.*"'] },
        { receiver: "push", matchers: ['alertname=~"Node.*"'] },
        { receiver: "team-slack", matchers: ['alertname=~"Loki.*"'] },
        { receiver: "hook", matchers: ['alertname="TargetDown"'] },
      ],
    },
  });

test("amtool check-config: webhook, Slack, email, Telegram, ntfy and Discord receivers, every secret read from a mounted file", (t) => {
  const amtool = requireTool(t, "amtool");
  if (!amtool) return;
  const p = everyReceiver();
  const config = alertmanagerConfig(p);
  const text = JSON.stringify(config);
  for (const kind of ["webhook_configs", "slack_configs", "email_configs", "telegram_configs", "discord_configs"]) assert.ok(text.includes(`"${kind}"`), kind);
  // no secret value, only files under the mounted Secrets
  for (const f of ["url_file", "api_url_file", "auth_password_file", "bot_token_file", "webhook_url_file"]) assert.match(text, new RegExp(`"${f}":"/etc/alertmanager/secrets/`), f);
  assert.doesNotMatch(text, /"(url|api_url|auth_password|bot_token|webhook_url)":/);
  const values = (mergedRelease(prometheusRelease(p), p.namespace).spec as { values: any }).values;
  assert.deepEqual(values.alertmanager.alertmanagerSpec.secrets, ["deadman", "discord", "hook", "ntfy", "slack", "smtp", "telegram"]);
  const file = checkConfig(t, amtool, writeConfig(tempDir("obstack-am-"), p, "every"));
  route(amtool, file, { alertname: "Watchdog", severity: "none" }, "deadman");
  route(amtool, file, { alertname: "InfoInhibitor", severity: "none", namespace: "apps" }, "null");
  route(amtool, file, { alertname: "KubePodCrashLooping", severity: "critical", namespace: "apps" }, "tg");
  route(amtool, file, { alertname: "NodeRAIDDegraded", severity: "critical" }, "tg,push"); // continue: true
  route(amtool, file, { alertname: "FluxResourceNotReady", severity: "warning" }, "chat");
  route(amtool, file, { alertname: "NodeClockNotSynchronising", severity: "warning" }, "push");
  route(amtool, file, { alertname: "LokiRequestErrors", severity: "warning" }, "team-slack");
  route(amtool, file, { alertname: "TargetDown", severity: "warning", job: "nas-exporters" }, "hook");
  route(amtool, file, { alertname: "KubeJobFailed", severity: "warning" }, "mail");
  // ntfy refuses a templated message over 4096 bytes and Alertmanager does not retry a 4xx: a notification
  // carries at most maxAlerts alerts (default 3; 0 = all), checked by amtool above.
  const push = (c: typeof config) => (c.receivers as { name: string; webhook_configs?: Record<string, unknown>[] }[]).find((r) => r.name === "push")!.webhook_configs![0]!;
  assert.equal(push(config).max_alerts, 3);
  const all = everyReceiver();
  const ntfy = all.alertmanager.receivers.find((r) => r.name === "push");
  if (ntfy?.type !== "ntfy") throw new Error("no ntfy receiver");
  ntfy.maxAlerts = 0;
  assert.equal("max_alerts" in push(alertmanagerConfig(all)), false);
});

test("the ntfy receiver's help (obstack schema) names ntfy's built-in template and the release that has it", () => {
  // ntfy reads ?template=<name> as a template name only since v2.14.0 (server/types.go templateMode, embedded
  // server/templates/alertmanager.yml); before, template= was a yes/no flag (v2.13.0 server/util.go toBool).
  const found: { properties?: Record<string, { description?: string }> }[] = [];
  const walk = (o: unknown): void => {
    if (!o || typeof o !== "object") return;
    const props = (o as { properties?: Record<string, { const?: unknown }> }).properties;
    if (props?.type?.const === "ntfy") found.push(o as (typeof found)[number]);
    for (const v of Object.values(o)) walk(v);
  };
  walk(profileJsonSchema());
  assert.ok(found.length > 0, "no ntfy receiver in the profile schema");
  for (const r of found) {
    const d = r.properties?.urlSecret?.description ?? "";
    assert.match(d, /\?template=alertmanager/);
    assert.match(d, /v2\.14\.0/);
  }
});

test("both profiles: Watchdog goes to the heartbeat receiver when the profile names one, else to null; InfoInhibitor to null", (t) => {
  const amtool = requireTool(t, "amtool");
  if (!amtool) return;
  for (const { name, profile } of bothProfiles()) {
    const file = checkConfig(t, amtool, writeConfig(tempDir("obstack-am-"), profile, "p"));
    route(amtool, file, { alertname: "Watchdog", severity: "none" }, profile.alertmanager.heartbeatReceiver ?? "null");
    route(amtool, file, { alertname: "InfoInhibitor", severity: "none", namespace: "x" }, "null");
    route(amtool, file, { alertname: "TargetDown", severity: "warning", namespace: profile.namespace }, profile.alertmanager.defaultReceiver);
  }
  assert.equal(secondProfile().alertmanager.heartbeatReceiver, "heartbeat");
  const hb = alertmanagerConfig(secondProfile()).route.routes![0]!;
  assert.equal(hb.receiver, "heartbeat");
  assert.equal(hb.repeat_interval, "1m");
});

test("a heartbeat receiver must be a defined receiver other than null", () => {
  const input = { ...defaultInput, alertmanager: { heartbeatReceiver: "null" } };
  assert.throws(() => validateProfile(input, "p.ts"), /alertmanager\.heartbeatReceiver/);
  assert.throws(() => validateProfile({ ...defaultInput, alertmanager: { heartbeatReceiver: "nowhere" } }, "p.ts"), /alertmanager\.heartbeatReceiver/);
});

test("obstack render warns on stderr, exit 0, when alerts reach nobody; not when a real receiver is the default", async () => {
  const out = tempDir("obstack-am-render-");
  const r = await runCli(["render", "--out", out]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /warning: profiles\/kimawesome\.ts: alerts reach nobody/);
  assert.ok(existsSync(join(out, "overlays")), "the tree is written");
  const second = await runCli(["render", "--profile", join(ROOT, "profiles", "three-node-s3.ts"), "--out", tempDir("obstack-am-render-")]);
  assert.equal(second.code, 0, second.stderr);
  assert.doesNotMatch(second.stderr, /reach nobody/);
  assert.deepEqual(alertingWarnings(secondProfile()), []);
  assert.equal(alertingWarnings(defaultProfile()).length, 1);
});
