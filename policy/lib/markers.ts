/**
 * Text that only appears where an Alertmanager receiver carries a credential:
 * the PagerDuty keys, Slack's webhook (field and host) and generic webhooks,
 * whose URL is the credential.
 */
export const SECRET_MARKERS: readonly string[] = [
  "routing_key",
  "service_key",
  "api_url",
  "hooks.slack.com",
  "webhook_configs",
];

export function markersIn(text: string): string[] {
  return SECRET_MARKERS.filter((m) => text.includes(m));
}
