import { PIPELINE_LABEL } from "../delivery/rules";
import { RoutingSettings } from "../settings/types";
import { CREDENTIAL_FILES, CredentialFile, credentialPath } from "./credentials";
import {
  FIRST_ALERT_DESCRIPTION,
  FIRST_ALERT_RUNBOOK,
  FIRST_ALERT_SUMMARY,
  SLACK_TEXT,
  SLACK_TITLE,
} from "./receivers";

/** The receiver of the alerts on the alerting path: reachable when the paging key is not. */
export const PIPELINE_RECEIVER = "alerting-pipeline";

export interface PipelineDestinations {
  slack: boolean;
  /**
   * The separate "alerting pipeline" PagerDuty service's key in managed
   * mode; in external-key mode the main key, which may be the one failing,
   * so Slack carries the news then.
   */
  keyFile: CredentialFile;
}

/**
 * Delivery-failure alerts go to a receiver that does not depend on the key
 * that may be failing alone: Slack, and PagerDuty through the pipeline key.
 */
export function pipelineRoute(routing: RoutingSettings): Record<string, unknown> {
  return {
    receiver: PIPELINE_RECEIVER,
    matchers: [`${PIPELINE_LABEL.name}="${PIPELINE_LABEL.value}"`, `stack="${routing.stack}"`],
  };
}

export function pipelineReceiver(
  routing: RoutingSettings,
  to: PipelineDestinations,
): { name: string } & Record<string, unknown> {
  return {
    name: PIPELINE_RECEIVER,
    ...(!to.slack
      ? {}
      : {
          slack_configs: [
            {
              api_url_file: credentialPath(CREDENTIAL_FILES.slackWebhookUrl),
              ...(routing.slack?.channel === undefined ? {} : { channel: routing.slack.channel }),
              send_resolved: true,
              color: '{{ if eq .Status "firing" }}danger{{ else }}good{{ end }}',
              title: SLACK_TITLE,
              title_link: FIRST_ALERT_RUNBOOK,
              text: SLACK_TEXT,
            },
          ],
        }),
    pagerduty_configs: [
      {
        routing_key_file: credentialPath(to.keyFile),
        url: routing.pagerduty.eventsUrl,
        send_resolved: true,
        description: FIRST_ALERT_SUMMARY,
        client: `Alertmanager (slo-alerting ${routing.stack}, alerting pipeline)`,
        client_url: "{{ .ExternalURL }}",
        severity: "critical",
        details: { description: FIRST_ALERT_DESCRIPTION, runbook_url: FIRST_ALERT_RUNBOOK },
      },
    ],
  };
}
