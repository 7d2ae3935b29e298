import { stringify } from "yaml";
import { RoutingSettings } from "../settings/types";
import { CREDENTIAL_FILES, credentialPath } from "./credentials";
import { INCIDENT_GROUP_BY, WARNING_UNDER_CRITICAL_INHIBIT_RULE } from "./incident";
import { pipelineReceiver, pipelineRoute } from "./delivery";
import { heartbeatRoutes } from "./heartbeat";
import {
  INCIDENT_CLASS,
  INCIDENT_DESCRIPTION,
  INCIDENT_RUNBOOK,
  INCIDENT_RUNBOOK_TEXT,
  INCIDENT_SUMMARY,
} from "./incident-text";
import { FIRST_ALERT_RUNBOOK, RECEIVERS, SLACK_TEXT, SLACK_TITLE } from "./receivers";

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

type Receiver = { name: string } & Record<string, unknown>;

function pagerdutyReceiver(routing: RoutingSettings): Receiver {
  const keyFile = credentialPath(CREDENTIAL_FILES.pagerdutyKey);
  const common = {
    send_resolved: true,
    description: INCIDENT_SUMMARY,
    client: `Alertmanager (slo-alerting ${routing.stack})`,
    client_url: "{{ .ExternalURL }}",
    details: {
      description: INCIDENT_DESCRIPTION,
      runbook_url: INCIDENT_RUNBOOK,
      stack: "{{ .CommonLabels.stack }}",
      slo: "{{ .CommonLabels.slo }}",
      service: "{{ .CommonLabels.service }}",
      alertname: INCIDENT_CLASS,
    },
  };
  const config =
    routing.pagerduty.eventsApi === "v2"
      ? {
          routing_key_file: keyFile,
          url: routing.pagerduty.eventsUrl,
          ...common,
          severity: "{{ .CommonLabels.severity }}",
          class: INCIDENT_CLASS,
          component: "{{ .CommonLabels.service }}",
          group: "{{ .CommonLabels.slo }}",
          links: [{ href: INCIDENT_RUNBOOK, text: INCIDENT_RUNBOOK_TEXT }],
        }
      : // Events API v1 has no severity, links or URL: what it can carry goes in details.
        { service_key_file: keyFile, ...common };
  return { name: RECEIVERS.pagerduty, pagerduty_configs: [config] };
}

function slackReceiver(routing: RoutingSettings): Receiver {
  return {
    name: RECEIVERS.slack,
    slack_configs: [
      {
        api_url_file: credentialPath(CREDENTIAL_FILES.slackWebhookUrl),
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
  const slack = routing.slack !== undefined && secrets.slack;
  const heartbeat =
    routing.heartbeat && secrets.heartbeatWebhookUrl !== undefined ? secrets.heartbeatWebhookUrl : undefined;
  const warnings = slack ? RECEIVERS.slack : RECEIVERS.none;
  const receivers: Receiver[] = [pagerdutyReceiver(routing)];
  if (slack) {
    receivers.push(slackReceiver(routing));
  }
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
        { receiver: RECEIVERS.pagerduty, matchers: ['severity="critical"'], group_by: [...INCIDENT_GROUP_BY] },
        { receiver: warnings, matchers: ['severity="warning"'] },
      ],
    },
    inhibit_rules: [WARNING_UNDER_CRITICAL_INHIBIT_RULE],
    receivers,
  };
}

export function renderAlertmanagerConfig(routing: RoutingSettings, secrets: AlertmanagerSecrets): string {
  return stringify(buildAlertmanagerConfig(routing, secrets), { lineWidth: 0 });
}
