import { CREDENTIAL_FILES, teamCredentialFile } from "../alertmanager/credentials";
import { RECEIVERS } from "../alertmanager/receivers";
import { teamReceivers } from "../alertmanager/teams";
import { Settings } from "../settings/types";

/**
 * The README's alert table per team: for each committed stack and team, where
 * its criticals and warnings go, which key file pages, and how it rotates.
 * Built from the same settings and names as alertmanager.yml.
 */
export function teamTable(stacks: Settings[]): string {
  const header = [
    "| Stack | Team | Owns | Criticals page | Warnings go to | Key (credentials Secret file) | Rotate with |",
    "|---|---|---|---|---|---|---|",
  ];
  const rows = stacks.flatMap((s) => {
    const slack = s.routing.slack;
    const defaultRow =
      `| ${s.stack} | \`${s.teams.defaultTeam}\` (default) | the built-in SLOs, spec SLOs without a team, alerts of unknown teams | ` +
      `\`${RECEIVERS.pagerduty}\`${s.pagerduty ? ` (${s.pagerduty.serviceName})` : " (external key)"} | ` +
      `${slack ? `\`${RECEIVERS.slack}\`${slack.channel ? ` ${slack.channel}` : ""}` : `\`${RECEIVERS.none}\` until slackWebhookUrl is set`} | ` +
      `\`${CREDENTIAL_FILES.pagerdutyKey}\` | ${s.pagerduty ? "`integrationKeyVersion`" : "`pagerdutyIntegrationKey`"} |`;
    const teamRows = s.teams.teams.map((t) => {
      const names = teamReceivers(t.name);
      const warnings = t.slack
        ? `\`${names.slack}\`${t.slack.channel ? ` ${t.slack.channel}` : ""}${t.slack.ownWebhook ? " (own webhook)" : ""}`
        : `\`${RECEIVERS.none}\` until a Slack webhook is set`;
      return (
        `| ${s.stack} | \`${t.name}\` | SLOs labelled \`team: ${t.name}\` | ` +
        `\`${names.pagerduty}\`${t.pagerduty ? ` (${t.pagerduty.serviceName})` : " (external key)"} | ${warnings} | ` +
        `\`${teamCredentialFile("pagerdutyKey", t.name)}\` | ` +
        `${t.pagerduty ? `\`teams.${t.name}.integrationKeyVersion\`` : `\`teamSecrets.${t.name}.pagerdutyIntegrationKey\``} |`
      );
    });
    return [defaultRow, ...teamRows];
  });
  return [...header, ...rows].join("\n");
}
