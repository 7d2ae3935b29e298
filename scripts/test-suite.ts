// npm test's mocha step: every tests/**/*.test.ts in parallel worker
// processes, one per core (at least 2: much of the suite waits on real
// daemons' timers, not on the CPU), the files that took longest last time
// first, so the run does not end on one slow file alone.
//   npm run test:mocha [-- --jobs N]
// Each file runs alone in its worker, as `npx mocha <file>` runs it; files
// share nothing but the machine: free loopback ports, temp dirs, and for
// the HA proofs a network namespace each.
import { spawnSync } from "child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "fs";
import { cpus } from "os";
import { dirname, join, relative } from "path";

const ROOT = join(__dirname, "..");
/** Written by every run (tests/suite/file-durations.mjs); out/ is not committed. */
const LAST_RUN = join(ROOT, "out", "test-durations.jsonl");
/** The committed order for a clean clone: `npm run test:mocha -- --save-durations` refreshes it. */
const COMMITTED = join(ROOT, "tests", "suite", "durations.json");

function testFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      return entry.name === "node_modules" ? [] : testFiles(path);
    }
    return entry.name.endsWith(".test.ts") ? [relative(ROOT, path)] : [];
  });
}

function lastDurations(): Record<string, number> {
  const committed = existsSync(COMMITTED)
    ? (JSON.parse(readFileSync(COMMITTED, "utf8")) as Record<string, number>)
    : {};
  const measured: Record<string, number> = {};
  if (existsSync(LAST_RUN)) {
    for (const line of readFileSync(LAST_RUN, "utf8").split("\n").filter(Boolean)) {
      const { file, ms } = JSON.parse(line) as { file: string; ms: number };
      measured[file] = ms;
    }
  }
  return { ...committed, ...measured };
}

/** Slowest first; a file never timed (a new test) before all others, as it may well be slow. */
export function scheduleOrder(files: string[], durations: Record<string, number>): string[] {
  const weight = (f: string) => durations[f] ?? Infinity;
  return [...files].sort((a, b) => weight(b) - weight(a) || a.localeCompare(b));
}

function main(argv: string[]): number {
  const jobsAt = argv.indexOf("--jobs");
  const jobs = jobsAt >= 0 ? Number(argv[jobsAt + 1]) : Math.max(2, cpus().length);
  if (!Number.isInteger(jobs) || jobs < 1) {
    console.error("usage: npm run test:mocha [-- --jobs N] [--save-durations]");
    return 2;
  }
  const files = scheduleOrder(testFiles(join(ROOT, "tests")), lastDurations());
  mkdirSync(dirname(LAST_RUN), { recursive: true });
  writeFileSync(LAST_RUN, "");
  const run = spawnSync(
    process.execPath,
    [
      require.resolve("mocha/bin/mocha.js"),
      "--parallel",
      "--jobs",
      String(jobs),
      "--require",
      "tests/suite/file-durations.mjs",
      ...files,
    ],
    {
      cwd: ROOT,
      stdio: "inherit",
      // `npm test` has type-checked every file with tsc already: the workers only transpile.
      env: { ...process.env, TS_NODE_TRANSPILE_ONLY: "true", SLO_ALERTING_TEST_DURATIONS: LAST_RUN },
    },
  );
  if (argv.includes("--save-durations")) {
    const measured = lastDurations();
    const rounded = Object.fromEntries(
      scheduleOrder(files, measured).map((f) => [f, Math.round((measured[f] ?? 0) / 100) * 100]),
    );
    writeFileSync(COMMITTED, `${JSON.stringify(rounded, null, 2)}\n`);
  }
  return run.status ?? 1;
}

if (require.main === module) {
  process.exit(main(process.argv.slice(2)));
}
