import { strict as assert } from "assert";
import { join } from "path";
import { parse } from "yaml";
import { TUNABLE_ALERTS } from "../../src/alerts/catalogue";
import { runProgram } from "../helpers/program";
import { alertmanagerYaml, ruleFiles } from "../helpers/rendered";
import { STACKS } from "../helpers/stack-config";
import { mustRunTool, writeTempFiles } from "../helpers/tools";
import { renderedRules } from "./promtool";

const SECRETS = { slackWebhookUrl: "http://127.0.0.1:9/slack", heartbeatWebhookUrl: "http://127.0.0.1:9/heartbeat" };
const BURN_RATE = /BudgetBurn(Page|Ticket)$/;

function alertNames(files: Record<string, string>): string[] {
  return renderedRules(files).flatMap((r) => (r.alert === undefined ? [] : [r.alert]));
}

/** promtool check rules on the files; a lint finding such as a duplicate rule fails too. */
async function checkRules(files: Record<string, string>): Promise<void> {
  const dir = writeTempFiles(files);
  await mustRunTool("promtool", [
    "check",
    "rules",
    "--lint=all",
    "--lint-fatal",
    ...Object.keys(files).map((f) => join(dir, f)),
  ]);
}

describe("alert families deployed by the program, per ruleFamilies", () => {
  for (const stack of STACKS) {
    describe(`stack ${stack}`, () => {
      it("deploys both families by default: the seed's thresholds and the burn-rate alerts, checked by promtool", async () => {
        const files = ruleFiles(await runProgram(stack));
        const names = alertNames(files);
        assert.deepEqual(
          TUNABLE_ALERTS.filter((n) => !names.includes(n)),
          [],
        );
        assert.equal(names.filter((n) => BURN_RATE.test(n)).length, 12);
        await checkRules(files);
      });

      it("deploys only the seed's rules with ruleFamilies=seed, and no slo: recording rule", async () => {
        const files = ruleFiles(await runProgram(stack, { plain: { ruleFamilies: "seed" } }));
        assert.deepEqual(
          alertNames(files).filter((n) => BURN_RATE.test(n)),
          [],
        );
        assert.deepEqual(
          renderedRules(files).filter((r) => r.record !== undefined),
          [],
        );
        await checkRules(files);
      });

      it("drops the seed's thresholds with ruleFamilies=burn-rate, keeping the absence alerts and the Watchdog", async () => {
        const files = ruleFiles(await runProgram(stack, { plain: { ruleFamilies: "burn-rate" } }));
        const names = alertNames(files);
        assert.deepEqual(
          names.filter((n) => TUNABLE_ALERTS.includes(n)),
          [],
        );
        assert.ok(names.includes("Watchdog") && names.includes("APIRequestsMetricAbsent"), names.join(", "));
        assert.equal(names.filter((n) => BURN_RATE.test(n)).length, 12);
        await checkRules(files);
      });
    });
  }

  it("objectives set in the stack file reach the rules: prod pages at 99.9%, dev at 99%", async () => {
    for (const [stack, budget] of [
      ["prod", "0.001"],
      ["dev", "0.01"],
    ]) {
      const rule = renderedRules(ruleFiles(await runProgram(stack))).find(
        (r) => r.alert === "APIAvailabilityBudgetBurnPage" && r.labels?.tier === "fast",
      );
      assert.match(
        rule?.expr ?? "",
        new RegExp(`^slo:sli_error:ratio_rate1h\\{[^}]+\\} / ${budget.replace(".", "\\.")} >= 14\\.4 `),
        stack,
      );
    }
  });
});

describe("alertmanager.yml for the burn-rate alerts", () => {
  let file: string;
  let config: { inhibit_rules: unknown[] };
  before(async () => {
    const text = alertmanagerYaml(await runProgram("prod", { secret: SECRETS })).text;
    config = parse(text) as { inhibit_rules: unknown[] };
    file = join(writeTempFiles({ "alertmanager.yml": text }), "alertmanager.yml");
  });

  it("mutes no page: the only inhibit rule targets warnings, so no resolve of a page is dropped", () => {
    assert.deepEqual(config.inhibit_rules, [
      {
        source_matchers: ['severity="critical"', 'slo=~".+"'],
        target_matchers: ['severity="warning"'],
        equal: ["stack", "slo"],
      },
    ]);
  });

  for (const [severity, receiver] of [
    ["critical", "pagerduty"],
    ["warning", "slack"],
  ]) {
    for (const tier of ["fast", "slow"]) {
      it(`routes a ${tier} ${severity} burn-rate alert to ${receiver} only, per amtool`, async () => {
        const labels = {
          alertname: "APIAvailabilityBudgetBurnPage",
          severity,
          slo: "api-availability",
          service: "api",
          stack: "prod",
          tier,
        };
        const out = await mustRunTool("amtool", [
          "config",
          "routes",
          "test",
          `--config.file=${file}`,
          ...Object.entries(labels).map(([k, v]) => `${k}=${v}`),
        ]);
        assert.equal(out.trim(), receiver);
      });
    }
  }
});
