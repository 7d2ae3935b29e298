import { stringify } from "yaml";
import { RoutingSettings, Team } from "../settings/types";
import { CREDENTIAL_FILES } from "./credentials";
import { INCIDENT_GROUP_BY, WARNING_UNDER_CRITICAL_INHIBIT_RULE } from "./incident";
import { pipelineReceiver, pipelineRoute } from "./delivery";
import { heartbeatRoutes } from "./heartbeat";
import { teamRouting } from "./teams";
import { pagerdutyReceiver, Receiver, RECEIVERS, slackReceiver } from "./receivers";

/**
 * What the receivers need: the PagerDuty key and the Slack URL are read from
 * files (credentials.ts), so only whether Slack is set; the heartbeat URL is
 * inline (no webhook `url_file` in Alertmanager 0.25), and with it the caller
 * keeps the result a Pulumi secret.
 */
export interface AlertmanagerSecrets {
  slack: boolean;
  heartbeatWebhookUrl?: string;
  /** Whether the credentials hold the alerting-pipeline service's own key (managed mode). */
  pipelineKey: boolean;
}

/**
 * alertmanager.yml as an object: critical → PagerDuty, warning → Slack,
 * Watchdog → heartbeat; each team of `teams` by its `team` label to its own
 * receivers, the default team's catching the rest.
 */
export function buildAlertmanagerConfig(
  routing: RoutingSettings,
  secrets: AlertmanagerSecrets,
  teams: readonly Team[] = [],
): Record<string, unknown> {
  const slack = routing.slack !== undefined && secrets.slack;
  const heartbeat =
    routing.heartbeat && secrets.heartbeatWebhookUrl !== undefined ? secrets.heartbeatWebhookUrl : undefined;
  const warnings = slack ? RECEIVERS.slack : RECEIVERS.none;
  const receivers: Receiver[] = [
    pagerdutyReceiver(routing, { name: RECEIVERS.pagerduty, file: CREDENTIAL_FILES.pagerdutyKey }),
  ];
  if (slack) {
    receivers.push(
      slackReceiver({ name: RECEIVERS.slack, file: CREDENTIAL_FILES.slackWebhookUrl, channel: routing.slack?.channel }),
    );
  }
  const perTeam = teams.map((team) => teamRouting(routing, team, { slack, warnings }));
  if (heartbeat !== undefined) {
    receivers.push({
      name: RECEIVERS.heartbeat,
      webhook_configs: [{ url: heartbeat, send_resolved: false, max_alerts: 1 }],
    });
  }
  receivers.push(
    pipelineReceiver(routing, {
      slack,
      keyFile: secrets.pipelineKey ? CREDENTIAL_FILES.pipelineKey : CREDENTIAL_FILES.pagerdutyKey,
    }),
  );
  receivers.push(...perTeam.flatMap((t) => t.receivers), { name: RECEIVERS.none });
  return {
    global: { resolve_timeout: "5m" },
    route: {
      // Unmatched alerts (no or unknown severity) are not dropped silently: they go where warnings go.
      receiver: warnings,
      group_by: routing.groupBy,
      group_wait: routing.groupWait,
      group_interval: routing.groupInterval,
      repeat_interval: routing.repeatInterval,
      routes: [
        ...heartbeatRoutes(routing, heartbeat === undefined ? RECEIVERS.none : RECEIVERS.heartbeat),
        pipelineRoute(routing),
        ...perTeam.map((t) => t.route),
        // The default team's, and so every alert whose team is missing or unknown: never nowhere.
        { receiver: RECEIVERS.pagerduty, matchers: ['severity="critical"'], group_by: [...INCIDENT_GROUP_BY] },
        { receiver: warnings, matchers: ['severity="warning"'] },
      ],
    },
    inhibit_rules: [WARNING_UNDER_CRITICAL_INHIBIT_RULE],
    receivers,
  };
}

export function renderAlertmanagerConfig(
  routing: RoutingSettings,
  secrets: AlertmanagerSecrets,
  teams: readonly Team[] = [],
): string {
  return stringify(buildAlertmanagerConfig(routing, secrets, teams), { lineWidth: 0 });
}
