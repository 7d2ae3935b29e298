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

export function credentialPath(file: CredentialFile): string {
  return `${CREDENTIALS_DIR}/${file}`;
}

/** The credential values by file name, as the credentials Secret holds them. */
export function credentialFiles(values: {
  integrationKey: string;
  pipelineIntegrationKey?: string;
  slackWebhookUrl?: string;
}): Record<string, string> {
  return {
    [CREDENTIAL_FILES.pagerdutyKey]: values.integrationKey,
    ...(values.pipelineIntegrationKey === undefined
      ? {}
      : { [CREDENTIAL_FILES.pipelineKey]: values.pipelineIntegrationKey }),
    ...(values.slackWebhookUrl === undefined ? {} : { [CREDENTIAL_FILES.slackWebhookUrl]: values.slackWebhookUrl }),
  };
}
