import { RoutingSettings } from "../settings/types";
import { credentialPath } from "./credentials";
import {
  INCIDENT_CLASS,
  INCIDENT_DESCRIPTION,
  INCIDENT_RUNBOOK,
  INCIDENT_RUNBOOK_TEXT,
  INCIDENT_SUMMARY,
} from "./incident-text";

/** Receiver names; routing tests and the smoke command look them up by these. */
export const RECEIVERS = {
  pagerduty: "pagerduty",
  slack: "slack",
  heartbeat: "heartbeat",
  none: "null",
} as const;

// Go templates evaluated by Alertmanager per notification group. The first
// alert's annotations stand for the group: rules aggregate to one series per
// SLO, so a group holds one alert unless the same rule fires for several series.
export const FIRST_ALERT_SUMMARY =
  "{{ (index .Alerts 0).Annotations.summary }}{{ if gt (len .Alerts) 1 }} ({{ len .Alerts }} alerts){{ end }}";
export const FIRST_ALERT_DESCRIPTION = "{{ (index .Alerts 0).Annotations.description }}";
export const FIRST_ALERT_RUNBOOK = "{{ (index .Alerts 0).Annotations.runbook_url }}";

export const SLACK_TITLE = "[{{ .Status | toUpper }}] {{ .CommonLabels.alertname }} ({{ .CommonLabels.stack }})";
export const SLACK_TEXT = [
  "{{ range .Alerts }}*{{ .Annotations.summary }}*",
  "{{ .Annotations.description }}",
  "Runbook: {{ .Annotations.runbook_url }}",
  "{{ end }}",
].join("\n");

export type Receiver = { name: string } & Record<string, unknown>;

/** Where a receiver reads its credential and, for a team, whose it is. */
export interface ReceiverTarget {
  name: string;
  /** File name in the credentials Secret. */
  file: string;
  channel?: string;
}

export function pagerdutyReceiver(routing: RoutingSettings, to: ReceiverTarget): Receiver {
  const keyFile = credentialPath(to.file);
  const common = {
    send_resolved: true,
    description: INCIDENT_SUMMARY,
    client: `Alertmanager (slo-alerting ${routing.stack})`,
    client_url: "{{ .ExternalURL }}",
    details: {
      description: INCIDENT_DESCRIPTION,
      runbook_url: INCIDENT_RUNBOOK,
      stack: "{{ .CommonLabels.stack }}",
      team: "{{ .CommonLabels.team }}",
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
  return { name: to.name, pagerduty_configs: [config] };
}

export function slackReceiver(to: ReceiverTarget): Receiver {
  return {
    name: to.name,
    slack_configs: [
      {
        api_url_file: credentialPath(to.file),
        ...(to.channel === undefined ? {} : { channel: to.channel }),
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
