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
