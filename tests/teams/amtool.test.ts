import { strict as assert } from "assert";
import { join } from "path";
import { runProgram } from "../helpers/program";
import { alertmanagerYaml } from "../helpers/rendered";
import { mustRunTool, writeTempFiles } from "../helpers/tools";

const SECRETS = { slackWebhookUrl: "http://127.0.0.1:9/slack", heartbeatWebhookUrl: "http://127.0.0.1:9/heartbeat" };

/** The receivers amtool routes an alert with these labels to, in the program's own alertmanager.yml. */
async function routes(file: string, labels: Record<string, string>): Promise<string[]> {
  const pairs = Object.entries(labels).map(([k, v]) => `${k}=${v}`);
  const out = await mustRunTool("amtool", ["config", "routes", "test", `--config.file=${file}`, ...pairs]);
  return out
    .trim()
    .split(",")
    .map((r) => r.trim());
}

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
    assert.deepEqual(await routes(file, { ...page, team: "payments" }), ["pagerduty-payments"]);
    assert.deepEqual(await routes(file, { ...ticket, team: "payments" }), ["slack-payments"]);
  });

  it("pages the default team's criticals on its own receiver, never on payments'", async () => {
    assert.deepEqual(await routes(file, { ...page, team: "sre" }), ["pagerduty"]);
    assert.deepEqual(await routes(file, { ...ticket, team: "sre" }), ["slack"]);
  });

  it("sends an unknown, misspelt or missing team to the default team, never nowhere", async () => {
    for (const team of ["billing", "Payments", ""]) {
      const labels = team === "" ? page : { ...page, team };
      assert.deepEqual(await routes(file, labels), ["pagerduty"], `team "${team}"`);
    }
    assert.deepEqual(await routes(file, { ...ticket, team: "billing" }), ["slack"]);
  });

  it("keeps delivery failures and the Watchdog global, whatever team label they carry", async () => {
    const failing = {
      alertname: "AlertmanagerPagerDutyNotificationsFailing",
      severity: "critical",
      pipeline: "delivery",
      service: "alertmanager",
      stack: "dev",
    };
    assert.deepEqual(await routes(file, { ...failing, team: "payments" }), ["alerting-pipeline"]);
    const watchdog = { alertname: "Watchdog", severity: "none", slo: "watchdog", service: "global", stack: "dev" };
    assert.deepEqual(await routes(file, { ...watchdog, team: "payments" }), ["heartbeat"]);
  });
});
