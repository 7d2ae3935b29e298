import { strict as assert } from "assert";
import { join } from "path";
import { CATALOGUE, findAlert } from "../../src/alerts/catalogue";
import { runProgram } from "../helpers/program";
import { ruleFiles } from "../helpers/rendered";
import { STACKS } from "../helpers/stack-config";
import { mustRunTool, writeTempFiles } from "../helpers/tools";
import { alertingRules, ruleCount } from "./rendered-rules";

describe("rule files checked by promtool check rules", () => {
  for (const stack of STACKS) {
    it(`accepts every rule file of stack ${stack}, and they hold each catalogue alert once`, async () => {
      const files = ruleFiles(await runProgram(stack));
      const dir = writeTempFiles(files);
      const out = await mustRunTool("promtool", ["check", "rules", ...Object.keys(files).map((f) => join(dir, f))]);

      const found = [...out.matchAll(/SUCCESS: (\d+) rules found/g)].map((m) => Number(m[1]));
      assert.equal(found.length, Object.keys(files).length, out);
      assert.equal(
        found.reduce((a, b) => a + b, 0),
        ruleCount(files),
        "promtool found a different number of rules than the files hold",
      );
      // Other rule families (burn-rate groups and their recordings) may share the files; the catalogue's alerts must all be there.
      const catalogueAlerts = alertingRules(files)
        .map((r) => r.alert)
        .filter((name) => findAlert(name) !== undefined);
      assert.deepEqual(catalogueAlerts.sort(), CATALOGUE.map((a) => a.name).sort());
    });
  }
});
