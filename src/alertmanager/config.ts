import { stringify } from "yaml";
import { RoutingSettings } from "../settings/types";
import { pipelineReceiver, pipelineRoute } from "./delivery";
import { heartbeatRoutes } from "./heartbeat";
import { BURN_RATE_OVER_SEED_INHIBIT_RULE, TIER_INHIBIT_RULE } from "../slo/inhibit";
import {
  FIRST_ALERT_DESCRIPTION,
  FIRST_ALERT_RUNBOOK,
  FIRST_ALERT_SUMMARY,
  RECEIVERS,
  SLACK_TEXT,
  SLACK_TITLE,
} from "./receivers";

/** Secret values, plain here only inside the render; the caller keeps the result a Pulumi secret. */
export interface AlertmanagerSecrets {
  integrationKey: string;
  slackWebhookUrl?: string;
  heartbeatWebhookUrl?: string;
  /** The alerting-pipeline PagerDuty service's key (managed mode). */
  pipelineIntegrationKey?: string;
}

type Receiver = { name: string } & Record<string, unknown>;

function pagerdutyReceiver(routing: RoutingSettings, integrationKey: string): Receiver {
  const common = {
    send_resolved: true,
    description: FIRST_ALERT_SUMMARY,
    client: `Alertmanager (slo-alerting ${routing.stack})`,
    client_url: "{{ .ExternalURL }}",
    details: {
      description: FIRST_ALERT_DESCRIPTION,
      runbook_url: FIRST_ALERT_RUNBOOK,
      stack: "{{ .CommonLabels.stack }}",
      slo: "{{ .CommonLabels.slo }}",
      service: "{{ .CommonLabels.service }}",
      alertname: "{{ .CommonLabels.alertname }}",
    },
  };
  const config =
    routing.pagerduty.eventsApi === "v2"
      ? {
          routing_key: integrationKey,
          url: routing.pagerduty.eventsUrl,
          ...common,
          severity: "{{ .CommonLabels.severity }}",
          class: "{{ .CommonLabels.alertname }}",
          component: "{{ .CommonLabels.service }}",
          group: "{{ .CommonLabels.slo }}",
          links: [{ href: FIRST_ALERT_RUNBOOK, text: "Runbook: {{ .CommonLabels.alertname }}" }],
        }
      : // Events API v1 has no severity, links or URL: what it can carry goes in details.
        { service_key: integrationKey, ...common };
  return { name: RECEIVERS.pagerduty, pagerduty_configs: [config] };
}

function slackReceiver(routing: RoutingSettings, webhookUrl: string): Receiver {
  return {
    name: RECEIVERS.slack,
    slack_configs: [
      {
        api_url: webhookUrl,
        ...(routing.slack?.channel === undefined ? {} : { channel: routing.slack.channel }),
        send_resolved: true,
        color: '{{ if eq .Status "firing" }}warning{{ else }}good{{ end }}',
        title: SLACK_TITLE,
        title_link: FIRST_ALERT_RUNBOOK,
        text: SLACK_TEXT,
        actions: [{ type: "button", text: "Runbook", url: FIRST_ALERT_RUNBOOK }],
      },
    ],
  };
}

/** alertmanager.yml as an object: critical → PagerDuty, warning → Slack, Watchdog → heartbeat. */
export function buildAlertmanagerConfig(
  routing: RoutingSettings,
  secrets: AlertmanagerSecrets,
): Record<string, unknown> {
  const slack = routing.slack && secrets.slackWebhookUrl !== undefined ? secrets.slackWebhookUrl : undefined;
  const heartbeat =
    routing.heartbeat && secrets.heartbeatWebhookUrl !== undefined ? secrets.heartbeatWebhookUrl : undefined;
  const warnings = slack === undefined ? RECEIVERS.none : RECEIVERS.slack;
  const receivers: Receiver[] = [pagerdutyReceiver(routing, secrets.integrationKey)];
  if (slack !== undefined) {
    receivers.push(slackReceiver(routing, slack));
  }
  if (heartbeat !== undefined) {
    receivers.push({
      name: RECEIVERS.heartbeat,
      webhook_configs: [{ url: heartbeat, send_resolved: false, max_alerts: 1 }],
    });
  }
  receivers.push(
    pipelineReceiver(routing, {
      slackWebhookUrl: slack,
      routingKey: secrets.pipelineIntegrationKey ?? secrets.integrationKey,
    }),
  );
  receivers.push({ name: RECEIVERS.none });
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
        { receiver: RECEIVERS.pagerduty, matchers: ['severity="critical"'] },
        { receiver: warnings, matchers: ['severity="warning"'] },
      ],
    },
    inhibit_rules: [
      {
        // Requiring a non-empty slo on the source: Alertmanager treats a label
        // missing on both sides as equal, so an SLO-less critical from some
        // other rule file would otherwise mute every SLO-less warning.
        source_matchers: ['severity="critical"', 'slo=~".+"'],
        target_matchers: ['severity="warning"'],
        equal: ["stack", "slo"],
      },
      TIER_INHIBIT_RULE,
      BURN_RATE_OVER_SEED_INHIBIT_RULE,
    ],
    receivers,
  };
}

export function renderAlertmanagerConfig(routing: RoutingSettings, secrets: AlertmanagerSecrets): string {
  return stringify(buildAlertmanagerConfig(routing, secrets), { lineWidth: 0 });
}
