import { strict as assert } from "assert";
import { buildAlertmanagerConfig } from "../../src/alertmanager/config";
import { Team } from "../../src/settings/types";
import { ROUTING, SECRETS } from "../helpers/routing";

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const TEAMS: Team[] = [
  { name: "payments", slack: { ownWebhook: false, channel: "#payments" } },
  { name: "search", slack: { ownWebhook: true } },
  { name: "storage", slack: { ownWebhook: false } },
];
const DIR = "/etc/alertmanager/credentials/";

function files(receiver: Json): string[] {
  return [
    ...(receiver.pagerduty_configs ?? []).map((c: Json) => c.routing_key_file),
    ...(receiver.slack_configs ?? []).map((c: Json) => c.api_url_file),
  ];
}

describe("alertmanager.yml: routes per team", () => {
  const config = buildAlertmanagerConfig(ROUTING, SECRETS, TEAMS) as Json;
  const receiver = (name: string): Json => config.receivers.find((r: Json) => r.name === name);

  it("routes each team by its team label, after the global Watchdog and delivery routes, before the default team's", () => {
    const routes = config.route.routes as Json[];
    assert.deepEqual(
      routes.map((r) => r.receiver),
      [
        "heartbeat",
        "null",
        "alerting-pipeline",
        "slack-payments",
        "slack-search",
        "slack-storage",
        "pagerduty",
        "slack",
      ],
    );
    assert.deepEqual(routes[3], {
      receiver: "slack-payments",
      matchers: ['team="payments"'],
      routes: [
        {
          receiver: "pagerduty-payments",
          matchers: ['severity="critical"'],
          group_by: ["stack", "team", "service", "slo"],
        },
        { receiver: "slack-payments", matchers: ['severity="warning"'] },
      ],
    });
  });

  it("pages each team with its own key file, read by no other receiver", () => {
    const keyFiles = ["pagerduty", "pagerduty-payments", "pagerduty-search", "pagerduty-storage"].map(
      (name) => receiver(name).pagerduty_configs[0].routing_key_file,
    );
    assert.deepEqual(keyFiles, [
      `${DIR}pagerduty-integration-key`,
      `${DIR}pagerduty-integration-key.team-payments`,
      `${DIR}pagerduty-integration-key.team-search`,
      `${DIR}pagerduty-integration-key.team-storage`,
    ]);
    for (const file of keyFiles.slice(1)) {
      const readers = (config.receivers as Json[]).filter((r) => files(r).includes(file)).map((r) => r.name);
      assert.equal(readers.length, 1, `${file} read by ${readers.join(", ")}`);
    }
  });

  it("posts warnings with the team's own webhook, or the shared one to its channel, or the shared one's channel", () => {
    const slack = (name: string) => receiver(name).slack_configs[0];
    assert.deepEqual(
      [slack("slack-payments").api_url_file, slack("slack-payments").channel],
      [`${DIR}slack-webhook-url`, "#payments"],
    );
    assert.deepEqual(
      [slack("slack-search").api_url_file, slack("slack-search").channel],
      [`${DIR}slack-webhook-url.team-search`, undefined],
    );
    assert.deepEqual(
      [slack("slack-storage").api_url_file, slack("slack-storage").channel],
      [`${DIR}slack-webhook-url`, "#sre"],
    );
  });

  it("sends a team's warnings to the default team's place when no Slack webhook exists at all", () => {
    const quiet = buildAlertmanagerConfig({ ...ROUTING, slack: undefined }, { ...SECRETS, slack: false }, [
      { name: "payments" },
    ]) as Json;
    const route = (quiet.route.routes as Json[]).find((r) => r.matchers?.[0] === 'team="payments"');
    assert.deepEqual([route?.receiver, route?.routes[1].receiver], ["null", "null"]);
    assert.equal(
      (quiet.receivers as Json[]).some((r) => r.name === "slack-payments"),
      false,
    );
  });

  it("keeps a single-team config as it was: no team route, no team receiver", () => {
    const single = buildAlertmanagerConfig(ROUTING, SECRETS) as Json;
    assert.deepEqual(
      (single.route.routes as Json[]).map((r) => r.receiver),
      ["heartbeat", "null", "alerting-pipeline", "pagerduty", "slack"],
    );
  });
});
