import { strict as assert } from "assert";
import { readFileSync } from "fs";
import { join } from "path";
import { parse } from "yaml";
import { Overrides, runProgram } from "../helpers/program";
import { alertmanagerYaml } from "../helpers/rendered";
import { STACKS } from "../helpers/stack-config";
import { amtoolRoutes, mustRunTool, runTool, writeTempFiles } from "../helpers/tools";

const SECRETS = { slackWebhookUrl: "http://127.0.0.1:9/slack", heartbeatWebhookUrl: "http://127.0.0.1:9/heartbeat" };

async function configFile(stack: string, overrides: Overrides): Promise<string> {
  const run = await runProgram(stack, overrides);
  return join(writeTempFiles({ "alertmanager.yml": alertmanagerYaml(run).text }), "alertmanager.yml");
}

const critical = {
  alertname: "APISLOErrorRateBreach",
  severity: "critical",
  slo: "api-availability",
  service: "api",
  stack: "prod",
};
const warning = {
  alertname: "APILatencyP95High",
  severity: "warning",
  slo: "api-latency",
  service: "api",
  stack: "prod",
};
const watchdog = { alertname: "Watchdog", severity: "none", slo: "watchdog", service: "global", stack: "prod" };

describe("alertmanager.yml checked by amtool", () => {
  for (const stack of STACKS) {
    describe(`stack ${stack} with Slack and a heartbeat`, () => {
      let file: string;
      before(async () => {
        file = await configFile(stack, { secret: SECRETS });
      });

      it("passes amtool check-config", async () => {
        const out = await mustRunTool("amtool", ["check-config", file]);
        assert.match(out, /SUCCESS/);
        assert.match(out, /1 inhibit rules/);
      });

      it("routes critical alerts to PagerDuty only", async () => {
        assert.deepEqual(await amtoolRoutes(file, critical), ["pagerduty"]);
      });

      it("routes warnings to Slack only", async () => {
        assert.deepEqual(await amtoolRoutes(file, warning), ["slack"]);
      });

      it("routes the Watchdog to the heartbeat receiver, not to on-call", async () => {
        assert.deepEqual(await amtoolRoutes(file, { ...watchdog, stack }), ["heartbeat"]);
      });

      it("routes delivery-failure alerts to the alerting-pipeline receiver, never to the on-call key alone", async () => {
        const failing = {
          alertname: "AlertmanagerPagerDutyNotificationsFailing",
          severity: "critical",
          pipeline: "delivery",
          service: "alertmanager",
          stack,
        };
        assert.deepEqual(await amtoolRoutes(file, failing), ["alerting-pipeline"]);
      });

      it("keeps another Prometheus' Watchdog (another stack, or kube-prometheus-stack's) off the heartbeat and off Slack", async () => {
        const other = stack === "prod" ? "dev" : "prod";
        assert.deepEqual(await amtoolRoutes(file, { ...watchdog, stack: other }), ["null"]);
        assert.deepEqual(await amtoolRoutes(file, { alertname: "Watchdog", severity: "none" }), ["null"]);
      });

      it("sends an alert without a known severity where warnings go rather than dropping it", async () => {
        assert.deepEqual(await amtoolRoutes(file, { alertname: "SomethingElse", severity: "info" }), ["slack"]);
      });

      it("fails the route test when the expected receiver is not the one matched", async () => {
        const result = await runTool("amtool", [
          "config",
          "routes",
          "test",
          `--config.file=${file}`,
          "--verify.receivers=slack",
          "severity=critical",
        ]);
        assert.notEqual(result.code, 0);
      });
    });
  }

  it("routes warnings to the null receiver when no Slack webhook is set", async () => {
    const file = await configFile("dev", {});
    assert.deepEqual(await amtoolRoutes(file, warning), ["null"]);
    assert.deepEqual(await amtoolRoutes(file, watchdog), ["null"]);
    assert.deepEqual(await amtoolRoutes(file, critical), ["pagerduty"]);
  });

  it("pages through Events API v1 with service_key_file when asked, and amtool accepts it (never started: v1 calls PagerDuty's real host)", async () => {
    const file = await configFile("prod", { plain: { pagerdutyEventsApi: "v1" } });
    await mustRunTool("amtool", ["check-config", file]);
    const text = readFileSync(file, "utf8");
    const receiver = (
      parse(text) as { receivers: Array<{ name: string; pagerduty_configs?: Array<Record<string, unknown>> }> }
    ).receivers.find((r) => r.name === "pagerduty");
    const pd = receiver?.pagerduty_configs?.[0] ?? {};
    assert.equal(pd.service_key_file, "/etc/alertmanager/credentials/pagerduty-integration-key");
    assert.equal(pd.service_key, undefined);
    assert.equal(pd.routing_key, undefined);
    assert.equal(pd.url, undefined);
    assert.deepEqual(await amtoolRoutes(file, critical), ["pagerduty"]);
  });

  it("sends v2 events to the EU endpoint when pagerdutyEventsUrl says so", async () => {
    const file = await configFile("prod", {
      plain: { pagerdutyEventsUrl: "https://events.eu.pagerduty.com/v2/enqueue" },
    });
    await mustRunTool("amtool", ["check-config", file]);
    const text = readFileSync(file, "utf8");
    assert.match(text, /url: https:\/\/events\.eu\.pagerduty\.com\/v2\/enqueue/);
  });
});
