import { strict as assert } from "assert";
import { join } from "path";
import { stringify } from "yaml";
import { CATALOGUE } from "../../src/alerts/catalogue";
import { WATCHDOG_ALERT } from "../../src/alerts/conventions";
import { runProgram } from "../helpers/program";
import { ruleFiles } from "../helpers/rendered";
import { STACKS } from "../helpers/stack-config";
import { runTool, ToolResult, writeTempFiles } from "../helpers/tools";
import { PromtoolSuite, promtoolSuite } from "./promtool-suite";
import { catalogueGroupsOnly } from "./rendered-rules";

const SUITE_FILE = "slo-alerts.test.yml";

/** Runs promtool test rules on the suite next to the program's own rule files. */
function promtoolTest(files: Record<string, string>, suite: PromtoolSuite): Promise<ToolResult> {
  const dir = writeTempFiles({ ...files, [SUITE_FILE]: stringify(suite, { lineWidth: 0 }) });
  return runTool("promtool", ["test", "rules", join(dir, SUITE_FILE)]);
}

describe("alert rules proven by promtool test rules", () => {
  const files: Record<string, Record<string, string>> = {};
  const suites: Record<string, PromtoolSuite> = {};
  const results: Record<string, Promise<ToolResult>> = {};
  before(async () => {
    // The program runs one stack at a time (its mocks are global); promtool,
    // the slow part, then runs for both stacks at once.
    for (const stack of STACKS) {
      files[stack] = catalogueGroupsOnly(ruleFiles(await runProgram(stack)));
      suites[stack] = promtoolSuite(stack, files[stack]);
    }
    for (const stack of STACKS) {
      results[stack] = promtoolTest(files[stack], suites[stack]);
    }
  });

  for (const stack of STACKS) {
    describe(`stack ${stack}`, () => {
      it("fires each alert exactly at its for: with exact labels and annotations, resolves it on recovery, and keeps it silent on healthy or missing traffic", async () => {
        const result = await results[stack];
        assert.equal(result.code, 0, `${result.stdout}\n${result.stderr}`);
        assert.match(result.stdout, /SUCCESS/);
      });

      it("expects every alert of the catalogue to fire, and every one but the Watchdog to be silent before its for: and after recovery", () => {
        for (const def of CATALOGUE) {
          const checks = suites[stack].tests.flatMap((g) => g.alert_rule_test).filter((c) => c.alertname === def.name);
          assert.ok(
            checks.some((c) => c.exp_alerts.length === 1),
            `${def.name} is never expected to fire`,
          );
          if (def.name !== WATCHDOG_ALERT) {
            assert.ok(
              checks.filter((c) => c.exp_alerts.length === 0).length >= 2,
              `${def.name} is never expected to be silent`,
            );
          }
        }
      });

      it("fails when one expected label is wrong, so a pass means labels were compared", async () => {
        const group = structuredClone(
          suites[stack].tests.find((g) => g.alert_rule_test.some((c) => c.exp_alerts.length > 0)),
        );
        const firing = group?.alert_rule_test.find((c) => c.exp_alerts.length > 0)?.exp_alerts[0];
        assert.ok(group && firing, "the suite expects no alert to fire");
        firing.exp_labels.severity = "info";
        const result = await promtoolTest(files[stack], { ...suites[stack], tests: [group] });
        assert.notEqual(result.code, 0);
        assert.ok(result.stderr.includes(`name: ${group.name},`), result.stderr);
      });
    });
  }
});
