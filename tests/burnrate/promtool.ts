import { strict as assert } from "assert";
import { rmSync, writeFileSync } from "fs";
import { cpus } from "os";
import { join } from "path";
import { parse, stringify } from "yaml";
import { PrometheusRule } from "../../src/alerts/rules";
import { runTool, writeTempFiles } from "../helpers/tools";

// The shape of a promtool unit test file, kept to the fields used here.
export interface InputSeries {
  series: string;
  values: string;
}

export interface ExpectedAlert {
  exp_labels: Record<string, string>;
  exp_annotations: Record<string, string>;
}

export interface AlertCheck {
  eval_time: string;
  alertname: string;
  /** Empty: not firing. */
  exp_alerts: ExpectedAlert[];
}

export interface ExprCheck {
  expr: string;
  eval_time: string;
  exp_samples: Array<{ labels: string; value: number }>;
}

export interface TestGroup {
  name: string;
  interval: string;
  input_series: InputSeries[];
  alert_rule_test?: AlertCheck[];
  promql_expr_test?: ExprCheck[];
}

/**
 * A counter at 0 that grows `perStep` in each step of each stretch, in
 * promtool's notation: counter([60, 0], [60, 15]) is flat for an hour, then
 * grows 15 a step for an hour. Starting at 0 keeps rate() from extrapolating.
 */
export function counter(...stretches: Array<[steps: number, perStep: number]>): string {
  let value = 0;
  const parts = ["0"];
  for (const [steps, perStep] of stretches.filter(([steps]) => steps > 0)) {
    const first = value + perStep;
    value += steps * perStep;
    parts.push(steps === 1 ? `${first}` : `${first}+${perStep}x${steps - 1}`);
  }
  return parts.join(" ");
}

// promtool runs a file's test groups one after another on one core, and a
// group of a long window takes a minute of CPU: one promtool per group, as
// many at once as there are cores (at least 2), finishes a file's groups
// side by side instead of in line.
const SLOTS = Math.max(2, cpus().length);
let busy = 0;
const queue: Array<() => void> = [];

async function inSlot<T>(run: () => Promise<T>): Promise<T> {
  if (busy >= SLOTS) {
    await new Promise<void>((resolve) => queue.push(resolve));
  } else {
    busy++;
  }
  try {
    return await run();
  } finally {
    const next = queue.shift();
    if (next) {
      next();
    } else {
      busy--;
    }
  }
}

/** Runs `promtool test rules` on each group against the rule files, and fails with promtool's words for every failing group. */
export async function promtoolTest(
  files: Record<string, string>,
  evaluationInterval: string,
  tests: TestGroup[],
): Promise<void> {
  const dir = writeTempFiles(files);
  const ruleFileNames = Object.keys(files).sort();
  // promtool evaluates the groups of a step in an order of its own, not the same from one run to the next:
  // in file order, as written, a test that reads one group's output from another gets one answer.
  const groupOrder = ruleFileNames.flatMap((f) =>
    (parse(files[f]) as { groups: Array<{ name: string }> }).groups.map((g) => g.name),
  );
  try {
    const results = await Promise.all(
      tests.map((test, i) => {
        const suiteFile = join(dir, `group-${i}.test.yml`);
        const suite = {
          rule_files: ruleFileNames,
          evaluation_interval: evaluationInterval,
          group_eval_order: groupOrder,
          tests: [test],
        };
        writeFileSync(suiteFile, stringify(suite, { lineWidth: 0 }));
        return inSlot(() => runTool("promtool", ["test", "rules", suiteFile], { timeoutMs: 120_000 }));
      }),
    );
    const failed = results.filter((r) => r.code !== 0);
    assert.equal(failed.length, 0, failed.map((r) => `${r.stdout}\n${r.stderr}`).join("\n"));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Every rule of the rendered files, in order. */
export function renderedRules(files: Record<string, string>): PrometheusRule[] {
  return Object.values(files).flatMap((text) =>
    (parse(text) as { groups: Array<{ rules: PrometheusRule[] }> }).groups.flatMap((g) => g.rules),
  );
}
