// Alertmanager's routing configuration, from the profile's receivers and routes.
// Secrets (webhook URLs, Slack API URLs) are read from files: the Secrets the profile names are
// mounted by the operator under /etc/alertmanager/secrets/<name>/<key>.
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

const SECRETS_DIR = "/etc/alertmanager/secrets";

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
            ...(r.urlSecret !== undefined ? { url_file: `${SECRETS_DIR}/${r.urlSecret.name}/${r.urlSecret.key}` } : {}),
          },
        ],
      };
    case "slack":
      return {
        name: r.name,
        slack_configs: [
          {
            send_resolved: r.sendResolved,
            api_url_file: `${SECRETS_DIR}/${r.apiUrlSecret.name}/${r.apiUrlSecret.key}`,
            channel: r.channel,
          },
        ],
      };
  }
}

/** Names of the Secrets the operator must mount into Alertmanager. */
export function alertmanagerSecrets(p: Profile): string[] {
  const names = p.alertmanager.receivers.flatMap((r) =>
    r.type === "slack" ? [r.apiUrlSecret.name] : r.type === "webhook" && r.urlSecret ? [r.urlSecret.name] : [],
  );
  return [...new Set(names)].sort();
}

export function alertmanagerConfig(p: Profile): AlertmanagerConfig {
  return {
    global: { resolve_timeout: "5m" },
    route: {
      receiver: p.alertmanager.defaultReceiver,
      group_by: ["namespace", "alertname"],
      group_wait: "30s",
      group_interval: "5m",
      repeat_interval: "12h",
      routes: [
        // Watchdog fires all the time to prove the pipeline works; it must never page anyone.
        { receiver: "null", matchers: ['alertname="Watchdog"'] },
        ...p.alertmanager.routes.map((r) => ({ receiver: r.receiver, matchers: r.matchers, continue: r.continue })),
      ],
    },
    receivers: p.alertmanager.receivers.map(receiverConfig),
    inhibit_rules: [
      { source_matchers: ['severity="critical"'], target_matchers: ['severity=~"warning|info"'], equal: ["namespace", "alertname"] },
      { source_matchers: ['severity="warning"'], target_matchers: ['severity="info"'], equal: ["namespace", "alertname"] },
    ],
    templates: ["/etc/alertmanager/config/*.tmpl"],
  };
}
