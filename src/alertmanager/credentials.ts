/**
 * Where Alertmanager reads its credentials: files of their own Secret, named
 * in alertmanager.yml through the `*_file` options, so that alertmanager.yml
 * holds none of them. Checked against Alertmanager 0.25 (the tests' binary):
 * PagerDuty `routing_key_file` and `service_key_file`, Slack `api_url_file`.
 * 0.25 has no webhook `url_file`, so the heartbeat URL stays in the config.
 */
export const CREDENTIALS_DIR = "/etc/alertmanager/credentials";

/** File names in the credentials Secret. */
export const CREDENTIAL_FILES = {
  pagerdutyKey: "pagerduty-integration-key",
  /** The alerting-pipeline service's key, apart from the on-call key it reports on. */
  pipelineKey: "pagerduty-pipeline-integration-key",
  slackWebhookUrl: "slack-webhook-url",
} as const;

export type CredentialFile = (typeof CREDENTIAL_FILES)[keyof typeof CREDENTIAL_FILES];

/**
 * A team's own files beside the default team's: one key (and webhook) per
 * team, so no receiver can read another team's key by a shared file name.
 * Team names are Secret-key-safe (letters, digits, - and _).
 */
export function teamCredentialFile(kind: "pagerdutyKey" | "slackWebhookUrl", team: string): string {
  return `${CREDENTIAL_FILES[kind]}.team-${team}`;
}

export function credentialPath(file: string): string {
  return `${CREDENTIALS_DIR}/${file}`;
}

/** A team's credential values; the webhook only when the team has its own. */
export interface TeamCredentials {
  integrationKey: string;
  slackWebhookUrl?: string;
}

/** The credential values by file name, as the credentials Secret holds them. */
export function credentialFiles(values: {
  integrationKey: string;
  pipelineIntegrationKey?: string;
  slackWebhookUrl?: string;
  /** The teams besides the default one, by name. */
  teams?: Record<string, TeamCredentials>;
}): Record<string, string> {
  return {
    ...Object.fromEntries(
      Object.entries(values.teams ?? {}).flatMap(([team, c]) => [
        [teamCredentialFile("pagerdutyKey", team), c.integrationKey],
        ...(c.slackWebhookUrl === undefined ? [] : [[teamCredentialFile("slackWebhookUrl", team), c.slackWebhookUrl]]),
      ]),
    ),
    [CREDENTIAL_FILES.pagerdutyKey]: values.integrationKey,
    ...(values.pipelineIntegrationKey === undefined
      ? {}
      : { [CREDENTIAL_FILES.pipelineKey]: values.pipelineIntegrationKey }),
    ...(values.slackWebhookUrl === undefined ? {} : { [CREDENTIAL_FILES.slackWebhookUrl]: values.slackWebhookUrl }),
  };
}
