import { strict as assert } from "assert";
import { existsSync } from "fs";
import { join } from "path";
import { RUNBOOK_DIR, RUNBOOKS } from "../../src/alerts/runbooks";
import { runProgram } from "../helpers/program";
import { ruleFiles } from "../helpers/rendered";
import { loadStackConfig, PROJECT, ROOT, STACKS } from "../helpers/stack-config";
import { alertingRules } from "./rendered-rules";

describe("runbook links of the deployed rules", () => {
  for (const stack of STACKS) {
    it(`point every alert of stack ${stack} into its runbookBaseUrl, at a runbook that exists under ${RUNBOOK_DIR}/`, async () => {
      const base = loadStackConfig(stack)[`${PROJECT}:runbookBaseUrl`];
      const rules = alertingRules(ruleFiles(await runProgram(stack)));
      assert.ok(rules.length > 0);
      for (const rule of rules) {
        const url = rule.annotations.runbook_url;
        assert.ok(url.startsWith(base), `${rule.alert}: runbook_url ${url} is not under ${base}`);
        const file = url.slice(url.lastIndexOf("/") + 1);
        assert.ok((RUNBOOKS as readonly string[]).includes(file), `${rule.alert}: ${file} is not one of RUNBOOKS`);
        assert.ok(existsSync(join(ROOT, RUNBOOK_DIR, file)), `${rule.alert}: ${RUNBOOK_DIR}/${file} does not exist`);
      }
    });
  }
});
