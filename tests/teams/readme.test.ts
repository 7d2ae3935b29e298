import { strict as assert } from "assert";
import { readFileSync } from "fs";
import { join } from "path";
import { committedTeamTable } from "../../scripts/team-table";

const README = readFileSync(join(__dirname, "..", "..", "README.md"), "utf8");

describe("README: the alert table per team", () => {
  it("is the one generated from the committed stacks", () => {
    const begin = README.indexOf("\n", README.indexOf("<!-- team-table:begin")) + 1;
    const end = README.indexOf("<!-- team-table:end -->");
    assert.ok(begin > 0 && end > begin, "the README has the team table markers");
    assert.equal(
      README.slice(begin, end).trim(),
      committedTeamTable(),
      "run `npx ts-node scripts/team-table.ts` and paste its output",
    );
  });
});
