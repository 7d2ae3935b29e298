import * as pulumi from "@pulumi/pulumi";
import { TeamCredentials } from "../alertmanager/credentials";
import { OnCall } from "../pagerduty/oncall";
import { TeamSecretValues } from "../settings/team-secrets";
import { Team } from "../settings/types";

export interface TeamPaging {
  name: string;
  /** Absent when the team's PagerDuty service is managed elsewhere (its key in teamSecrets). */
  onCall?: OnCall;
  /** The team's key and own webhook, always a secret. */
  credentials: pulumi.Output<TeamCredentials>;
}

/** Where the external ones point their readers, as `pagerdutyServiceUrl` does for the default team. */
export const TEAM_EXTERNAL_SERVICE = "managed outside this stack (teamSecrets.<team>.pagerdutyIntegrationKey is set)";

/**
 * The PagerDuty side of every team besides the default one: an OnCall per
 * managed team, named after the team alone (`pagerduty-team-<team>`), so
 * adding or removing another team leaves its resources as they are; and
 * its credentials, read from `teamSecrets` only as a Pulumi secret.
 */
export function teamPaging(teams: readonly Team[]): TeamPaging[] {
  const needsSecrets = teams.some((t) => t.pagerduty === undefined || t.slack?.ownWebhook === true);
  const secrets = needsSecrets ? new pulumi.Config().requireSecretObject<TeamSecretValues>("teamSecrets") : undefined;
  const secret = (team: string, field: "pagerdutyIntegrationKey" | "slackWebhookUrl"): pulumi.Output<string> => {
    if (secrets === undefined) {
      throw new Error(`teamSecrets.${team}.${field} was checked as set but teamSecrets is not read`);
    }
    return pulumi.secret(secrets.apply((s) => String(s[team]?.[field] ?? "").trim()));
  };
  return teams.map((team) => {
    const onCall = team.pagerduty ? new OnCall(`pagerduty-team-${team.name}`, { settings: team.pagerduty }) : undefined;
    const integrationKey = onCall ? onCall.integrationKey : secret(team.name, "pagerdutyIntegrationKey");
    const slackWebhookUrl = team.slack?.ownWebhook ? secret(team.name, "slackWebhookUrl") : undefined;
    return {
      name: team.name,
      ...(onCall === undefined ? {} : { onCall }),
      credentials: pulumi.secret(
        pulumi.all([integrationKey, slackWebhookUrl]).apply(([key, url]): TeamCredentials => ({
          integrationKey: key,
          ...(url === undefined ? {} : { slackWebhookUrl: url }),
        })),
      ),
    };
  });
}
