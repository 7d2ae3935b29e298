import { join } from "path";
import { teamTable } from "../src/docs/team-table";
import { parseSettings } from "../src/settings/parse";
import { stackSettings } from "../src/settings/stack-file";

const ROOT = join(__dirname, "..");

/** The per-team table for the committed stacks, as the README shows it (secrets as if set). */
export function committedTeamTable(): string {
  const settings = ["dev", "prod"].map((stack) => {
    const values: Record<string, string> = {
      ...stackSettings(ROOT, stack),
      slackWebhookUrl: "https://hooks.slack.com/services/T/B/X",
    };
    return parseSettings({ stack, get: (key) => values[key], isSecret: () => true });
  });
  return teamTable(settings);
}

if (require.main === module) {
  process.stdout.write(`${committedTeamTable()}\n`);
}
