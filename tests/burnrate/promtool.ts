import { strict as assert } from "assert";
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

/** Runs `promtool test rules` on the groups against the rule files, and fails with promtool's words. */
export async function promtoolTest(
  files: Record<string, string>,
  evaluationInterval: string,
  tests: TestGroup[],
): Promise<void> {
  const suiteFile = "burn-rate.test.yml";
  const suite = { rule_files: Object.keys(files).sort(), evaluation_interval: evaluationInterval, tests };
  const dir = writeTempFiles({ ...files, [suiteFile]: stringify(suite, { lineWidth: 0 }) });
  const result = await runTool("promtool", ["test", "rules", join(dir, suiteFile)], { timeoutMs: 120_000 });
  assert.equal(result.code, 0, `${result.stdout}\n${result.stderr}`);
}

/** Every rule of the rendered files, in order. */
export function renderedRules(files: Record<string, string>): PrometheusRule[] {
  return Object.values(files).flatMap((text) =>
    (parse(text) as { groups: Array<{ rules: PrometheusRule[] }> }).groups.flatMap((g) => g.rules),
  );
}
