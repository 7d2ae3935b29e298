// A root hook plugin for the suite run (scripts/test-suite.ts): in parallel
// mode Mocha runs root hooks once per test file, so these time each file,
// hooks and all, and the next run starts the slowest files first. ESM, as
// Mocha loads a --require'd file by import().
import { appendFileSync, mkdirSync } from "fs";
import { dirname, join, relative } from "path";
import { fileURLToPath } from "url";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const LOG = process.env.SLO_ALERTING_TEST_DURATIONS;

let startedAt = 0;

function fileOf(context) {
  const root = context.test?.parent;
  const file = root?.file ?? root?.suites.find((s) => s.file !== undefined)?.file;
  return file === undefined ? undefined : relative(ROOT, file);
}

export const mochaHooks = {
  beforeAll() {
    startedAt = Date.now();
  },
  afterAll() {
    const file = fileOf(this);
    if (LOG && file !== undefined) {
      mkdirSync(dirname(LOG), { recursive: true });
      appendFileSync(LOG, `${JSON.stringify({ file, ms: Date.now() - startedAt })}\n`);
    }
  },
};
