import { SettingReader } from "./reader";

/** The secret values a team may have, by field of `teamSecrets.<team>`. */
export const TEAM_SECRET_FIELDS = ["slackWebhookUrl", "pagerdutyIntegrationKey"] as const;
export type TeamSecretField = (typeof TEAM_SECRET_FIELDS)[number];

/** Which secrets each team has; the values stay out of the settings (the program reads them as Pulumi secrets). */
export type TeamSecretsShape = Record<string, Partial<Record<TeamSecretField, true>>>;

/** The values as the program reads them with requireSecretObject. */
export type TeamSecretValues = Record<string, Partial<Record<TeamSecretField, string>>>;

const LOOPBACK_HOSTS = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/;

function isWebhookUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === "https:" || (url.protocol === "http:" && LOOPBACK_HOSTS.test(url.hostname));
  } catch {
    return false;
  }
}

/**
 * `teamSecrets`: `{ <team>: { slackWebhookUrl?, pagerdutyIntegrationKey? } }`,
 * a secret object. Checked here without ever echoing a value; the default
 * team's secrets are the top-level slackWebhookUrl and pagerdutyIntegrationKey.
 */
export function checkTeamSecrets(r: SettingReader, defaultTeam: string): TeamSecretsShape {
  const key = "teamSecrets";
  const stack = r.source.stack;
  const setCommand = (team: string, field: TeamSecretField, example: string): string =>
    `run \`pulumi config set --secret --path '${key}.${team}.${field}' ${example} --stack ${stack}\``;
  if (r.raw(key) === undefined) {
    return {};
  }
  if (!r.source.isSecret(key)) {
    r.fail(
      key,
      "is stored in plain text but holds secrets",
      `remove it and set each value with --secret, e.g. ${setCommand("<team>", "slackWebhookUrl", "<url>")}`,
    );
  }
  const value = r.object(key);
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    if (value !== undefined) {
      r.fail(
        key,
        "must map team names to { slackWebhookUrl, pagerdutyIntegrationKey }",
        setCommand("<team>", "slackWebhookUrl", "<url>"),
      );
    }
    return {};
  }
  const shape: TeamSecretsShape = {};
  for (const [team, raw] of Object.entries(value as Record<string, unknown>)) {
    const at = `${key}.${team}`;
    if (team === defaultTeam) {
      r.fail(
        at,
        "is the default team, whose secrets are the top-level slackWebhookUrl and pagerdutyIntegrationKey",
        `set those with --secret and remove ${at}`,
      );
      continue;
    }
    if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
      r.fail(
        at,
        `must be an object with ${TEAM_SECRET_FIELDS.join(" and/or ")}`,
        setCommand(team, "slackWebhookUrl", "<url>"),
      );
      continue;
    }
    const fields: Partial<Record<TeamSecretField, true>> = {};
    for (const [field, v] of Object.entries(raw as Record<string, unknown>)) {
      if (field === "slackWebhookUrl") {
        if (typeof v !== "string" || !isWebhookUrl(v.trim())) {
          r.fail(
            `${at}.${field}`,
            "the value is not an https URL (plain http is accepted only for loopback test receivers)",
            setCommand(team, field, "https://hooks.slack.com/services/T000/B000/XXXX"),
          );
        }
        fields.slackWebhookUrl = true;
      } else if (field === "pagerdutyIntegrationKey") {
        if (typeof v !== "string" || !/^[A-Za-z0-9]{32}$/.test(v.trim())) {
          r.fail(
            `${at}.${field}`,
            "is not a PagerDuty integration key (32 letters and digits)",
            `copy the Integration Key from the team's service in PagerDuty, then ${setCommand(team, field, "<integration key>")}`,
          );
        }
        fields.pagerdutyIntegrationKey = true;
      } else {
        r.fail(
          `${at}.${field}`,
          `is not a team secret (${TEAM_SECRET_FIELDS.join(", ")})`,
          `remove it: \`pulumi config rm --path '${at}.${field}' --stack ${stack}\``,
        );
      }
    }
    shape[team] = fields;
  }
  return shape;
}
