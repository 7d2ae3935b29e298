import { AlertmanagerSecrets } from "../../src/alertmanager/config";
import { RoutingSettings } from "../../src/settings/types";

/** Routing settings of a prod stack with Slack and a heartbeat, for tests that render alertmanager.yml directly. */
export const ROUTING: RoutingSettings = {
  stack: "prod",
  groupBy: ["alertname", "stack", "service", "slo"],
  groupWait: "30s",
  groupInterval: "5m",
  repeatInterval: "4h",
  pagerduty: { eventsApi: "v2", eventsUrl: "https://events.pagerduty.com/v2/enqueue" },
  slack: { channel: "#sre" },
  heartbeat: { interval: "2m" },
  alertmanagerExternalUrl: "https://am.example.org",
};
export const SECRETS: AlertmanagerSecrets = {
  slack: true,
  heartbeatWebhookUrl: "https://hc-ping.com/y",
  pipelineKey: true,
};
