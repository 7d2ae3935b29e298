import { strict as assert } from "assert";
import { parseSettings } from "../../src/settings/parse";
import { settingsProblems, sourceOf, VALID } from "../unit/settings-source";

const POLICY = { levels: [{ delayMinutes: 10, schedules: ["Payments Primary"] }] };
const KEY = "b".repeat(32);

function teams(values: Record<string, unknown>): string {
  return JSON.stringify(values);
}

function parsed(values: Record<string, string>, secret: string[] = []) {
  return parseSettings(sourceOf({ ...VALID, ...values }, secret));
}

describe("settings: defaultTeam, teams and teamSecrets", () => {
  it("keeps a single-team stack as it was: the top-level settings are the default team sre's", () => {
    const s = parsed({});
    assert.deepEqual(s.teams, { defaultTeam: "sre", teams: [] });
    assert.equal(s.pagerduty?.escalation.levels[0].userEmails[0], "oncall@example.org");
  });

  it("reads a team's escalation policy, urgency, channel and key version, and names its service after it", () => {
    const s = parsed(
      {
        defaultTeam: "platform",
        slackWebhookUrl: "https://hooks.slack.com/services/T/B/X",
        teams: teams({
          search: { escalationPolicy: POLICY },
          payments: {
            escalationPolicy: POLICY,
            incidentUrgency: "low",
            slackChannel: "#pay",
            integrationKeyVersion: 3,
          },
        }),
      },
      ["slackWebhookUrl"],
    );
    assert.equal(s.teams.defaultTeam, "platform");
    assert.deepEqual(
      s.teams.teams.map((t) => t.name),
      ["payments", "search"],
    );
    const payments = s.teams.teams[0];
    assert.equal(payments.pagerduty?.serviceName, "SLO alerts (dev, payments)");
    assert.equal(payments.pagerduty?.urgency, "low");
    assert.equal(payments.pagerduty?.integrationKeyVersion, 3);
    assert.equal(payments.pagerduty?.pipelineService, false);
    assert.deepEqual(payments.slack, { ownWebhook: false, channel: "#pay" });
    assert.deepEqual(s.teams.teams[1].slack, { ownWebhook: false });
    assert.equal(s.teams.teams[1].pagerduty?.integrationKeyVersion, 1);
  });

  it("gives a team no Slack when no webhook exists: its warnings go where the default team's do", () => {
    const s = parsed({ teams: teams({ payments: { escalationPolicy: POLICY, slackChannel: "#pay" } }) });
    assert.equal(s.teams.teams[0].slack, undefined);
  });

  it("takes a team's own webhook and external key from the secret teamSecrets, keeping only that they are set", () => {
    const s = parsed(
      {
        teams: teams({ payments: { slackChannel: "#pay" } }),
        teamSecrets: JSON.stringify({
          payments: { slackWebhookUrl: "https://hooks.slack.com/services/T/B/PAY", pagerdutyIntegrationKey: KEY },
        }),
      },
      ["teamSecrets"],
    );
    const team = s.teams.teams[0];
    assert.equal(team.pagerduty, undefined);
    assert.deepEqual(team.slack, { ownWebhook: true, channel: "#pay" });
    assert.ok(!JSON.stringify(s).includes(KEY), "the settings must not hold the key");
    assert.ok(!JSON.stringify(s).includes("PAY"), "the settings must not hold the webhook");
  });

  describe("refuses, before any resource, naming the setting and the fix", () => {
    it("a team named by teams with no escalation target", () => {
      const m = settingsProblems({ teams: teams({ payments: { slackChannel: "#pay" } }) });
      assert.match(m, /teams\.payments\.escalationPolicy: is required: PagerDuty needs to know whom to page/);
      assert.match(m, /or set teamSecrets\.payments\.pagerdutyIntegrationKey to bring your own service/);
      const empty = settingsProblems({
        teams: teams({ payments: { escalationPolicy: { levels: [{ delayMinutes: 5 }] } } }),
      });
      assert.match(empty, /teams\.payments\.escalationPolicy\.levels\[0\]: has no target: nobody would be paged/);
    });

    it("an external key for a team that also has managed settings", () => {
      const m = settingsProblems(
        {
          teams: teams({ payments: { escalationPolicy: POLICY, integrationKeyVersion: 2 } }),
          teamSecrets: JSON.stringify({ payments: { pagerdutyIntegrationKey: KEY } }),
        },
        ["teamSecrets"],
      );
      assert.match(
        m,
        /teams\.payments: has teamSecrets\.payments\.pagerdutyIntegrationKey .* and also escalationPolicy, integrationKeyVersion/,
      );
      assert.match(m, /fix: keep one/);
    });

    it("two team names that differ only in case, a team named like the default team, and the default team in teams", () => {
      const m = settingsProblems({
        teams: teams({
          payments: { escalationPolicy: POLICY },
          Payments: { escalationPolicy: POLICY },
          SRE: {},
          sre: {},
        }),
      });
      assert.match(m, /teams\.Payments: differs from the team "payments" only in case/);
      assert.match(m, /teams\.SRE: differs from the team "sre" only in case/);
      assert.match(m, /teams\.sre: is the default team \(defaultTeam\), whose on-call settings are the top-level ones/);
    });

    it("a bad team name, an unknown field, a bad urgency, version or channel", () => {
      const m = settingsProblems({
        teams: teams({
          "pay ments": { escalationPolicy: POLICY },
          search: {
            escalationPolicy: POLICY,
            incidentUrgency: "urgent",
            integrationKeyVersion: 0,
            slackChannel: "no spaces",
            pager: 1,
          },
        }),
        defaultTeam: "SRE team",
      });
      assert.match(m, /teams\.pay ments: "pay ments" is not a team name/);
      assert.match(m, /teams\.search\.pager: is not a team setting/);
      assert.match(m, /teams\.search\.incidentUrgency: "urgent" is not one of high, low, severityBased/);
      assert.match(m, /teams\.search\.integrationKeyVersion: 0 is not a whole number >= 1/);
      assert.match(m, /teams\.search\.slackChannel: "no spaces" is not a Slack channel name/);
      assert.match(m, /defaultTeam: "SRE team" is not a team name/);
    });

    it("teamSecrets in plain text, for an unknown team or the default team, or with bad values, never echoing them", () => {
      const secret = "https://hooks.slack.com/services/T/B/SECRETVALUE";
      const m = settingsProblems({
        teams: teams({ payments: { escalationPolicy: POLICY } }),
        teamSecrets: JSON.stringify({
          payments: {
            slackWebhookUrl: secret.replace("https", "ftp"),
            pagerdutyIntegrationKey: "SECRETVALUE",
            token: "x",
          },
          search: { slackWebhookUrl: secret },
          sre: { slackWebhookUrl: secret },
        }),
      });
      assert.match(m, /teamSecrets: is stored in plain text but holds secrets/);
      assert.match(m, /teamSecrets\.payments\.slackWebhookUrl: the value is not an https URL/);
      assert.match(m, /teamSecrets\.payments\.pagerdutyIntegrationKey: is not a PagerDuty integration key/);
      assert.match(m, /teamSecrets\.payments\.token: is not a team secret/);
      assert.match(m, /teamSecrets\.search: names a team that teams does not define/);
      assert.match(m, /teamSecrets\.sre: is the default team, whose secrets are the top-level slackWebhookUrl/);
      assert.ok(!m.includes("SECRETVALUE"), m);
    });
  });
});
