import { parseEscalationValue } from "./escalation";
import { SettingReader } from "./reader";
import { checkTeamSecrets, TeamSecretsShape } from "./team-secrets";
import { ManagedPagerDuty, Team, TeamsSettings, Urgency } from "./types";

export const TEAM_DEFAULTS = {
  // The seed procedure is the SRE team's: its SLOs and pages stay theirs.
  defaultTeam: "sre",
} as const;

/**
 * A team name is a label value, part of Pulumi resource names and of
 * credential file names: letters, digits, `-` and `_`, starting with a
 * letter or digit.
 */
export const TEAM_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,62}$/;

const TEAM_FIELDS = ["escalationPolicy", "incidentUrgency", "slackChannel", "integrationKeyVersion"] as const;
const URGENCIES: readonly Urgency[] = ["high", "low", "severityBased"];
export const SLACK_CHANNEL = /^[#@]?[\w.-]+$/;

/** What every team's managed service shares with the default team's (top-level settings). */
export interface SharedPagerDuty {
  serviceDescription: string;
  acknowledgementTimeoutSeconds: number;
  autoResolveTimeoutSeconds: number;
}

function parseDefaultTeam(r: SettingReader): string {
  const name = r.string("defaultTeam", TEAM_DEFAULTS.defaultTeam);
  if (!TEAM_NAME.test(name)) {
    r.fail(
      "defaultTeam",
      `"${name}" is not a team name (letters, digits, - and _, at most 63, starting with a letter or digit)`,
      r.fixWith("defaultTeam", TEAM_DEFAULTS.defaultTeam),
    );
  }
  return name;
}

function parseTeam(
  r: SettingReader,
  name: string,
  raw: unknown,
  shared: SharedPagerDuty,
  secrets: TeamSecretsShape,
): Team {
  const at = `teams.${name}`;
  const stack = r.source.stack;
  const team: Team = { name };
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    r.fail(
      at,
      `must be an object with ${TEAM_FIELDS.join(", ")}`,
      `run \`pulumi config set --path '${at}.escalationPolicy.levels[0].schedules[0]' '<schedule>' --stack ${stack}\``,
    );
    return team;
  }
  const t = raw as Record<string, unknown>;
  for (const field of Object.keys(t).filter((f) => !(TEAM_FIELDS as readonly string[]).includes(f))) {
    r.fail(
      `${at}.${field}`,
      `is not a team setting (${TEAM_FIELDS.join(", ")})`,
      `remove it from Pulumi.${stack}.yaml`,
    );
  }
  const secret = secrets[name] ?? {};
  const external = secret.pagerdutyIntegrationKey === true;
  const managedFields = ["escalationPolicy", "incidentUrgency", "integrationKeyVersion"].filter((f) => f in t);
  if (external && managedFields.length > 0) {
    r.fail(
      at,
      `has teamSecrets.${name}.pagerdutyIntegrationKey (its PagerDuty service is managed elsewhere) and also ${managedFields.join(", ")}, which only a service this program creates uses`,
      `keep one: remove ${managedFields.map((f) => `${at}.${f}`).join(", ")} from Pulumi.${stack}.yaml, or remove the team's key from teamSecrets`,
    );
  }
  if (!external) {
    const urgency = t.incidentUrgency ?? "high";
    if (!URGENCIES.includes(urgency as Urgency)) {
      r.fail(
        `${at}.incidentUrgency`,
        `${JSON.stringify(urgency)} is not one of ${URGENCIES.join(", ")}`,
        `run \`pulumi config set --path '${at}.incidentUrgency' high --stack ${stack}\``,
      );
    }
    const version = t.integrationKeyVersion ?? 1;
    if (!Number.isSafeInteger(version) || (version as number) < 1) {
      r.fail(
        `${at}.integrationKeyVersion`,
        `${JSON.stringify(version)} is not a whole number >= 1`,
        `run \`pulumi config set --path '${at}.integrationKeyVersion' 2 --stack ${stack}\``,
      );
    }
    const pagerduty: ManagedPagerDuty = {
      ...shared,
      serviceName: `SLO alerts (${stack}, ${name})`,
      escalation: parseEscalationValue(
        r,
        `${at}.escalationPolicy`,
        t.escalationPolicy,
        `teamSecrets.${name}.pagerdutyIntegrationKey`,
      ),
      urgency: urgency as Urgency,
      integrationKeyVersion: Number(version),
      // Delivery failures are global: the default team's pipeline service carries them.
      pipelineService: false,
    };
    team.pagerduty = pagerduty;
  }
  const channel = t.slackChannel;
  if (channel !== undefined && (typeof channel !== "string" || !SLACK_CHANNEL.test(channel))) {
    r.fail(
      `${at}.slackChannel`,
      `${JSON.stringify(channel)} is not a Slack channel name`,
      `run \`pulumi config set --path '${at}.slackChannel' '#${name}-alerts' --stack ${stack}\``,
    );
  }
  const ownWebhook = secret.slackWebhookUrl === true;
  // Without any webhook the team's warnings go where the default team's do
  // (the null receiver, which the preview notes for slackWebhookUrl).
  if (ownWebhook || r.raw("slackWebhookUrl") !== undefined) {
    team.slack = { ownWebhook, ...(typeof channel === "string" ? { channel } : {}) };
  }
  return team;
}

/**
 * `defaultTeam`, `teams` and `teamSecrets`. The top-level on-call settings
 * (escalationPolicy, incidentUrgency, slackChannel, integrationKeyVersion,
 * pagerdutyIntegrationKey, slackWebhookUrl) stay the default team's, so a
 * single-team stack keeps working unchanged; `teams` adds the others.
 */
export function parseTeams(r: SettingReader, shared: SharedPagerDuty): TeamsSettings {
  const defaultTeam = parseDefaultTeam(r);
  const stack = r.source.stack;
  const value = r.object("teams");
  const secrets = checkTeamSecrets(r, defaultTeam);
  if (value === undefined) {
    for (const name of Object.keys(secrets)) {
      r.fail(
        `teamSecrets.${name}`,
        `names a team that teams does not define`,
        `add it: \`pulumi config set --path 'teams.${name}.slackChannel' '#${name}-alerts' --stack ${stack}\`, or remove it from teamSecrets`,
      );
    }
    return { defaultTeam, teams: [] };
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    r.fail(
      "teams",
      "must map team names to { escalationPolicy, incidentUrgency, slackChannel, integrationKeyVersion }",
      `run \`pulumi config set --path 'teams.payments.escalationPolicy.levels[0].schedules[0]' 'Payments Primary' --stack ${stack}\``,
    );
    return { defaultTeam, teams: [] };
  }
  const byLowerCase = new Map<string, string>([[defaultTeam.toLowerCase(), defaultTeam]]);
  const teams: Team[] = [];
  for (const [name, raw] of Object.entries(value as Record<string, unknown>)) {
    if (name === defaultTeam) {
      r.fail(
        `teams.${name}`,
        `is the default team (defaultTeam), whose on-call settings are the top-level ones: escalationPolicy, incidentUrgency, slackChannel, integrationKeyVersion, pagerdutyIntegrationKey, slackWebhookUrl`,
        `move its fields to those settings and remove teams.${name}, or set defaultTeam to another team`,
      );
      continue;
    }
    if (!TEAM_NAME.test(name)) {
      r.fail(
        `teams.${name}`,
        `"${name}" is not a team name (letters, digits, - and _, at most 63, starting with a letter or digit)`,
        `rename it in Pulumi.${stack}.yaml, and the team label of its SLOs with it`,
      );
      continue;
    }
    const clash = byLowerCase.get(name.toLowerCase());
    if (clash !== undefined) {
      r.fail(
        `teams.${name}`,
        `differs from the team "${clash}" only in case: the team label would route them apart by accident`,
        `use one spelling for both, in Pulumi.${stack}.yaml and in the team labels of the SLO specs`,
      );
      continue;
    }
    byLowerCase.set(name.toLowerCase(), name);
    teams.push(parseTeam(r, name, raw, shared, secrets));
  }
  for (const name of Object.keys(secrets).filter((n) => !teams.some((t) => t.name === n))) {
    r.fail(
      `teamSecrets.${name}`,
      `names a team that teams does not define`,
      `add teams.${name} to Pulumi.${stack}.yaml, or remove it from teamSecrets`,
    );
  }
  return { defaultTeam, teams: teams.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)) };
}
