import { strict as assert } from "assert";
import { productionEscalation } from "../../policy/production-escalation";
import { teamsPageTheirOwn } from "../../policy/teams-page-their-own";
import { runProgram } from "../helpers/program";
import { check, checkStack, Resource, resourcesOf } from "./harness";
import { alertmanagerConfig, configSecret, KEY, Route, ruleConfigMap } from "./fixtures";

const CREDENTIALS = "/etc/alertmanager/credentials/";

function pd(name: string, file: string): Record<string, unknown> {
  return { name, pagerduty_configs: [{ routing_key_file: `${CREDENTIALS}${file}` }] };
}

function teamRule(alert: string, team: string, severity = "critical") {
  return { alert, expr: "vector(1)", labels: { severity, team, slo: alert.toLowerCase() }, annotations: {} };
}

const RULES = ruleConfigMap([
  { ...teamRule("Watchdog", "sre", "none") },
  teamRule("SrePage", "sre"),
  teamRule("PaymentsPage", "payments"),
]);

function teamRoute(team: string, receiver: string): Route {
  return { matchers: [`team="${team}"`], receiver: "null", routes: [{ receiver, matchers: ['severity="critical"'] }] };
}

function stack(
  routes: Route[],
  receivers: Array<Record<string, unknown>>,
  keys: Record<string, string> = {},
): Resource[] {
  const config = alertmanagerConfig({
    routes: [...routes, { receiver: "pagerduty", matchers: ['severity="critical"'] }],
  });
  config.receivers = [...(config.receivers as Array<Record<string, unknown>>), ...receivers];
  const credentials: Resource = {
    type: "kubernetes:core/v1:Secret",
    name: "alertmanager-credentials",
    props: { stringData: { "pagerduty-integration-key": "k".repeat(32), ...keys } },
  };
  return [RULES, configSecret(config), credentials];
}

describe("policy teams-page-their-own", () => {
  it("accepts each team's pages routed to its own receiver and key", async () => {
    const resources = stack(
      [teamRoute("payments", "pagerduty-payments")],
      [pd("pagerduty-payments", "pagerduty-integration-key.team-payments")],
      { "pagerduty-integration-key.team-payments": "p".repeat(32) },
    );
    assert.deepEqual((await checkStack(teamsPageTheirOwn, resources)).violations, []);
  });

  it("refuses a team that owns a page but has no route: it would wake the default team", async () => {
    const { violations } = await checkStack(teamsPageTheirOwn, stack([], []));
    assert.equal(violations.length, 1);
    assert.match(
      violations[0],
      /^PaymentsPage \(.*\) belongs to team "payments", which has no route in Secret alertmanager-config/,
    );
  });

  it("refuses a team route whose pages land on a receiver outside it", async () => {
    const route = {
      matchers: ['team="payments"'],
      routes: [{ receiver: "pagerduty", matchers: ['severity="critical"'] }],
    };
    const { violations } = await checkStack(teamsPageTheirOwn, stack([route], []));
    assert.ok(
      violations.some((v) =>
        /PaymentsPage .* routed by Secret alertmanager-config to receiver "pagerduty", which is not under team "payments"'s route/.test(
          v,
        ),
      ),
      violations.join("\n"),
    );
    assert.ok(
      violations.some((v) => /one PagerDuty key pages for team "payments" and the default team/.test(v)),
      violations.join("\n"),
    );
  });

  it("refuses one key in two teams' receivers, by file or by value", async () => {
    const shared = stack(
      [teamRoute("payments", "pagerduty-payments")],
      [pd("pagerduty-payments", "pagerduty-integration-key.team-payments")],
      // Another file, the default team's key (inline in its receiver) in it.
      { "pagerduty-integration-key.team-payments": KEY },
    );
    const { violations } = await checkStack(teamsPageTheirOwn, shared);
    assert.deepEqual(violations, [
      "Secret alertmanager-config: one PagerDuty key pages for team \"payments\" and the default team: one team's key must never sit in another team's receiver.",
    ]);
  });

  it("passes on the committed dev stack, whose team payments has its own service and key", async () => {
    const resources = resourcesOf(
      await runProgram("dev", { secret: { slackWebhookUrl: "https://hooks.slack.com/x/y/z" } }),
    );
    assert.deepEqual((await check(teamsPageTheirOwn, resources, "dev")).violations, []);
  });
});

describe("policy production-escalation-depth", () => {
  const escalation = (name: string, levels: number): Resource => ({
    type: "pagerduty:index/escalationPolicy:EscalationPolicy",
    name,
    props: { name, rules: Array.from({ length: levels }, () => ({ escalationDelayInMinutes: 10, targets: [] })) },
  });

  it("refuses a production team's policy with one level, names it, and leaves other stacks alone", async () => {
    const resources = [
      escalation("SLO alerts (prod) escalation", 2),
      escalation("SLO alerts (prod, payments) escalation", 1),
    ];
    const { violations } = await checkStack(productionEscalation, resources, "prod");
    assert.deepEqual(violations, [
      'escalation policy "SLO alerts (prod, payments) escalation" has 1 level(s) in production stack "prod"; at least 2 are needed so an unacknowledged page reaches someone else.',
    ]);
    assert.ok((await checkStack(productionEscalation, resources, "dev")).notApplicable);
  });

  it("catches a prod team configured with one level in the program's own output", async () => {
    const teams = {
      payments: { escalationPolicy: { levels: [{ delayMinutes: 5, schedules: ["Payments Primary"] }] } },
    };
    const resources = resourcesOf(await runProgram("prod", { plain: { teams: JSON.stringify(teams) } }));
    const { violations } = await check(productionEscalation, resources, "prod");
    assert.equal(violations.length, 1);
    assert.match(violations[0], /"SLO alerts \(prod, payments\) escalation" has 1 level/);
  });
});
