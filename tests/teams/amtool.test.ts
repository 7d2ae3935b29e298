import { strict as assert } from "assert";
import { join } from "path";
import { runProgram } from "../helpers/program";
import { alertmanagerYaml } from "../helpers/rendered";
import { amtoolRoutes, mustRunTool, writeTempFiles } from "../helpers/tools";

const SECRETS = { slackWebhookUrl: "http://127.0.0.1:9/slack", heartbeatWebhookUrl: "http://127.0.0.1:9/heartbeat" };

// The committed dev stack: the default team sre and the team payments (Pulumi.dev.yaml).
const page = {
  alertname: "CheckoutAvailabilityBudgetBurnPage",
  severity: "critical",
  slo: "checkout-availability",
  service: "checkout",
  stack: "dev",
};
const ticket = { ...page, alertname: "CheckoutAvailabilityBudgetBurnTicket", severity: "warning" };

describe("amtool: each team's routes in the dev stack's alertmanager.yml", () => {
  let file: string;
  before(async () => {
    const run = await runProgram("dev", { secret: SECRETS });
    file = join(writeTempFiles({ "alertmanager.yml": alertmanagerYaml(run).text }), "alertmanager.yml");
  });

  it("passes amtool check-config", async () => {
    assert.match(await mustRunTool("amtool", ["check-config", file]), /SUCCESS/);
  });

  it("pages payments' criticals on payments' PagerDuty receiver only, and its warnings on its Slack", async () => {
    assert.deepEqual(await amtoolRoutes(file, { ...page, team: "payments" }), ["pagerduty-payments"]);
    assert.deepEqual(await amtoolRoutes(file, { ...ticket, team: "payments" }), ["slack-payments"]);
  });

  it("pages the default team's criticals on its own receiver, never on payments'", async () => {
    assert.deepEqual(await amtoolRoutes(file, { ...page, team: "sre" }), ["pagerduty"]);
    assert.deepEqual(await amtoolRoutes(file, { ...ticket, team: "sre" }), ["slack"]);
  });

  it("sends an unknown, misspelt or missing team to the default team, never nowhere", async () => {
    for (const team of ["billing", "Payments", ""]) {
      const labels = team === "" ? page : { ...page, team };
      assert.deepEqual(await amtoolRoutes(file, labels), ["pagerduty"], `team "${team}"`);
    }
    assert.deepEqual(await amtoolRoutes(file, { ...ticket, team: "billing" }), ["slack"]);
  });

  it("keeps delivery failures and the Watchdog global, whatever team label they carry", async () => {
    const failing = {
      alertname: "AlertmanagerPagerDutyNotificationsFailing",
      severity: "critical",
      pipeline: "delivery",
      service: "alertmanager",
      stack: "dev",
    };
    assert.deepEqual(await amtoolRoutes(file, { ...failing, team: "payments" }), ["alerting-pipeline"]);
    const watchdog = { alertname: "Watchdog", severity: "none", slo: "watchdog", service: "global", stack: "dev" };
    assert.deepEqual(await amtoolRoutes(file, { ...watchdog, team: "payments" }), ["heartbeat"]);
  });
});
