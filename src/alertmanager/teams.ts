import { RoutingSettings, Team } from "../settings/types";
import { pagerdutyReceiver, Receiver, slackReceiver } from "./receivers";
import { CREDENTIAL_FILES, teamCredentialFile } from "./credentials";
import { INCIDENT_GROUP_BY } from "./incident";

/** Receiver names of a team besides the default one. */
export function teamReceivers(team: string): { pagerduty: string; slack: string } {
  return { pagerduty: `pagerduty-${team}`, slack: `slack-${team}` };
}

/**
 * One route per team, matched on its `team` label: criticals to the team's
 * PagerDuty receiver (its own key file), warnings to its Slack (its own
 * webhook, or the shared one with its channel); a team without Slack sends
 * warnings where the default team's go.
 */
export function teamRouting(
  routing: RoutingSettings,
  team: Team,
  shared: { slack: boolean; warnings: string },
): { route: Record<string, unknown>; receivers: Receiver[] } {
  const names = teamReceivers(team.name);
  const receivers: Receiver[] = [
    pagerdutyReceiver(routing, { name: names.pagerduty, file: teamCredentialFile("pagerdutyKey", team.name) }),
  ];
  let warnings = shared.warnings;
  if (team.slack !== undefined && (team.slack.ownWebhook || shared.slack)) {
    const file = team.slack.ownWebhook
      ? teamCredentialFile("slackWebhookUrl", team.name)
      : CREDENTIAL_FILES.slackWebhookUrl;
    // The shared webhook without a channel of the team's posts to the default team's channel.
    const channel = team.slack.channel ?? (team.slack.ownWebhook ? undefined : routing.slack?.channel);
    receivers.push(slackReceiver({ name: names.slack, file, channel }));
    warnings = names.slack;
  }
  return {
    route: {
      receiver: warnings,
      matchers: [`team="${team.name}"`],
      routes: [
        { receiver: names.pagerduty, matchers: ['severity="critical"'], group_by: [...INCIDENT_GROUP_BY] },
        { receiver: warnings, matchers: ['severity="warning"'] },
      ],
    },
    receivers,
  };
}
