import { join } from "path";
import { alertTable } from "../src/docs/alert-table";
import { parseSettings } from "../src/settings/parse";
import { stackSettings } from "../src/settings/stack-file";

const ROOT = join(__dirname, "..");

/** The alert table for the committed stacks, as the README shows it. */
export function committedAlertTable(): string {
  const settings = ["dev", "prod"].map((stack) => {
    const values = stackSettings(ROOT, stack);
    return parseSettings({ stack, get: (key) => values[key], isSecret: () => true });
  });
  return alertTable(settings);
}

if (require.main === module) {
  process.stdout.write(`${committedAlertTable()}\n`);
}
