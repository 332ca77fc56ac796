// Alertmanager's routing configuration, from the profile's receivers and routes.
// Secrets (webhook URLs, Slack API URLs, bot tokens, SMTP passwords) are read from files: the Secrets the
// profile names are listed in the Alertmanager CR's `secrets` (src/prometheus: alertmanagerSpec.secrets),
// which prometheus-operator mounts under /etc/alertmanager/secrets/<name>/<key>.
//
// Fields, as Alertmanager v0.29.0 (kube-prometheus-stack 79.12.0) reads them (config/notifiers.go @ v0.29.0):
//   webhook_configs  url_file            WebhookConfig.URLFile, line 592
//   slack_configs    api_url_file        SlackConfig.APIURLFile, line 492; channel line 495
//   email_configs    to/from/smarthost/auth_username/auth_password_file/require_tls  EmailConfig, lines 293-305
//   telegram_configs bot_token_file, chat_id   TelegramConfig.BotTokenFile/ChatID, lines 869-870
//   discord_configs  webhook_url_file    DiscordConfig.WebhookURLFile, line 260
// Debian 12's amtool (0.25) predates url_file, bot_token_file and webhook_url_file: test/alerts/alertmanager.test.ts
// checks a copy with literal values in their place when that amtool rejects them.
import type { Profile, Receiver } from "../profile/schema.ts";

export interface AlertmanagerConfig {
  global: { resolve_timeout: string };
  route: Route;
  receivers: Record<string, unknown>[];
  inhibit_rules: Record<string, unknown>[];
  templates: string[];
}

interface Route {
  receiver: string;
  group_by?: string[];
  group_wait?: string;
  group_interval?: string;
  repeat_interval?: string;
  matchers?: string[];
  continue?: boolean;
  routes?: Route[];
}

export const SECRETS_DIR = "/etc/alertmanager/secrets";

const secretFile = (ref: { name: string; key: string }) => `${SECRETS_DIR}/${ref.name}/${ref.key}`;

function receiverConfig(r: Receiver): Record<string, unknown> {
  switch (r.type) {
    case "null":
      return { name: r.name };
    case "webhook":
      return {
        name: r.name,
        webhook_configs: [
          {
            send_resolved: r.sendResolved,
            ...(r.url !== undefined ? { url: r.url } : {}),
            ...(r.urlSecret !== undefined ? { url_file: secretFile(r.urlSecret) } : {}),
          },
        ],
      };
    case "ntfy":
      // Alertmanager has no ntfy integration in v0.29: ntfy (and services like it) accept the webhook JSON.
      // max_alerts: the first N alerts of the group (Alertmanager notify/webhook/webhook.go truncateAlerts), so a
      // templated notification stays under ntfy's message-size-limit (profile schema, ntfy maxAlerts).
      return {
        name: r.name,
        webhook_configs: [{ send_resolved: r.sendResolved, url_file: secretFile(r.urlSecret), ...(r.maxAlerts > 0 ? { max_alerts: r.maxAlerts } : {}) }],
      };
    case "slack":
      return {
        name: r.name,
        slack_configs: [{ send_resolved: r.sendResolved, api_url_file: secretFile(r.apiUrlSecret), channel: r.channel }],
      };
    case "email":
      return {
        name: r.name,
        email_configs: [
          {
            send_resolved: r.sendResolved,
            to: r.to,
            from: r.from,
            smarthost: r.smarthost,
            ...(r.authUsername !== undefined ? { auth_username: r.authUsername } : {}),
            ...(r.authPasswordSecret !== undefined ? { auth_password_file: secretFile(r.authPasswordSecret) } : {}),
            require_tls: r.requireTls,
          },
        ],
      };
    case "telegram":
      return {
        name: r.name,
        telegram_configs: [{ send_resolved: r.sendResolved, bot_token_file: secretFile(r.botTokenSecret), chat_id: r.chatId }],
      };
    case "discord":
      return { name: r.name, discord_configs: [{ send_resolved: r.sendResolved, webhook_url_file: secretFile(r.webhookUrlSecret) }] };
  }
}

/** The Secret keys a receiver reads (mounted by the operator, read as files). */
export function receiverSecretRefs(r: Receiver): { name: string; key: string }[] {
  switch (r.type) {
    case "null":
      return [];
    case "webhook":
      return r.urlSecret ? [r.urlSecret] : [];
    case "ntfy":
      return [r.urlSecret];
    case "slack":
      return [r.apiUrlSecret];
    case "email":
      return r.authPasswordSecret ? [r.authPasswordSecret] : [];
    case "telegram":
      return [r.botTokenSecret];
    case "discord":
      return [r.webhookUrlSecret];
  }
}

function receiverSecrets(r: Receiver): string[] {
  return receiverSecretRefs(r).map((ref) => ref.name);
}

/** Names of the Secrets the operator must mount into Alertmanager. */
export function alertmanagerSecrets(p: Profile): string[] {
  return [...new Set(p.alertmanager.receivers.flatMap(receiverSecrets))].sort();
}

/** Receivers that actually notify someone (every type but null). */
function realReceivers(p: Profile): Set<string> {
  return new Set(p.alertmanager.receivers.filter((r) => r.type !== "null").map((r) => r.name));
}

/**
 * Warnings about a profile that renders but whose alerts reach nobody: no alert (other than Watchdog)
 * can reach a receiver that notifies. Printed by `obstack render` on stderr; the render still succeeds.
 */
export function alertingWarnings(p: Profile): string[] {
  const real = realReceivers(p);
  const reachable = [p.alertmanager.defaultReceiver, ...p.alertmanager.routes.map((r) => r.receiver)].filter((n) => real.has(n));
  const out: string[] = [];
  if (reachable.length === 0) {
    out.push(
      "alerts reach nobody: alertmanager.defaultReceiver and every route go to a null receiver; add a webhook, slack, email, telegram, discord or ntfy receiver (alertmanager.receivers) and make it the defaultReceiver",
    );
  }
  return out;
}

export function alertmanagerConfig(p: Profile): AlertmanagerConfig {
  const heartbeat = p.alertmanager.heartbeatReceiver;
  return {
    global: { resolve_timeout: "5m" },
    route: {
      receiver: p.alertmanager.defaultReceiver,
      group_by: ["namespace", "alertname"],
      group_wait: "30s",
      group_interval: "5m",
      repeat_interval: "12h",
      routes: [
        // Watchdog fires all the time to prove the pipeline works. It never pages anyone: it goes to null, or to
        // the heartbeat receiver (a dead man's switch), re-sent every minute so the switch notices within minutes
        // when the pings stop (Alertmanager re-sends a firing group once repeat_interval has passed, checked at
        // every group_interval).
        heartbeat === undefined
          ? { receiver: "null", matchers: ['alertname="Watchdog"'] }
          : { receiver: heartbeat, matchers: ['alertname="Watchdog"'], group_wait: "0s", group_interval: "1m", repeat_interval: "1m" },
        // kube-prometheus-stack's InfoInhibitor only exists to mute info alerts (inhibit rule below); it notifies nobody.
        { receiver: "null", matchers: ['alertname="InfoInhibitor"'] },
        ...p.alertmanager.routes.map((r) => ({ receiver: r.receiver, matchers: r.matchers, continue: r.continue })),
      ],
    },
    receivers: p.alertmanager.receivers.map(receiverConfig),
    inhibit_rules: [
      { source_matchers: ['severity="critical"'], target_matchers: ['severity=~"warning|info"'], equal: ["namespace", "alertname"] },
      { source_matchers: ['severity="warning"'], target_matchers: ['severity="info"'], equal: ["namespace", "alertname"] },
      // As kube-prometheus-stack's default configuration: an info alert is muted unless a warning or critical
      // alert fires in the same namespace (InfoInhibitor fires exactly then, general.rules).
      { source_matchers: ['alertname="InfoInhibitor"'], target_matchers: ['severity="info"'], equal: ["namespace"] },
    ],
    templates: ["/etc/alertmanager/config/*.tmpl"],
  };
}
