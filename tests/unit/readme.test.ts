import { strict as assert } from "assert";
import { readFileSync } from "fs";
import { join } from "path";
import { committedAlertTable } from "../../scripts/alert-table";
import { parseSettings } from "../../src/settings/parse";
import { VALID } from "./settings-source";

const README = readFileSync(join(__dirname, "..", "..", "README.md"), "utf8");

describe("README", () => {
  it("lists every alert with its severity, receiver, threshold per stack and runbook, as generated", () => {
    const begin = README.indexOf("\n", README.indexOf("<!-- alert-table:begin")) + 1;
    const end = README.indexOf("<!-- alert-table:end -->");
    assert.equal(
      README.slice(begin, end).trim(),
      committedAlertTable(),
      "run `npx ts-node scripts/alert-table.ts` and paste its output",
    );
  });

  it("documents every setting the program reads", () => {
    const read = new Set<string>();
    parseSettings({
      stack: "dev",
      get: (key) => {
        read.add(key);
        return VALID[key];
      },
      isSecret: () => true,
    });
    parseSettings({
      stack: "dev",
      get: (key) => (
        read.add(key),
        key === "pagerdutyIntegrationKey" ? "a".repeat(32) : key === "kubeconfig" ? "apiVersion: v1" : VALID[key]
      ),
      isSecret: () => true,
    });
    assert.deepEqual(
      [...read].filter((key) => !README.includes(`\`${key}\``)),
      [],
    );
  });

  it("starts with the command that runs the dev stack and the one that runs the tests", () => {
    const firstBlock = README.slice(README.indexOf("```bash"), README.indexOf("```", README.indexOf("```bash") + 7));
    assert.match(firstBlock, /npm run up -- dev/);
    assert.match(firstBlock, /bash \.ci\/run/);
    assert.match(readFileSync(join(__dirname, "..", "..", ".ci", "run"), "utf8"), /\nnpm test\n/);
  });
});
