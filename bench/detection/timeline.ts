import { execFile } from "child_process";
import { mkdtempSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { stringify } from "yaml";
import { durationMs } from "../../src/settings/duration";

export type Labels = Record<string, string>;

/** The alerts firing at each minute, as Prometheus' ALERTS series holds them. */
export type Timeline = Map<number, Labels[]>;

export interface TimelineRun {
  /** Rule files by name, as the program deploys them. */
  ruleFiles: Record<string, string>;
  /** Input series in promtool's notation, one sample a minute. */
  series: Array<{ series: string; values: string }>;
  /** Alerts to follow. */
  alertNames: string[];
  from: number;
  to: number;
}

function run(binary: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(binary, args, { maxBuffer: 256 << 20 }, (error, stdout, stderr) => {
      if (error && typeof error.code !== "number") {
        reject(new Error(`${binary} could not run: ${error.message}\n${stderr}`));
        return;
      }
      resolve({ code: error ? Number(error.code) : 0, stdout, stderr });
    });
  });
}

/** "promtool 2.42.0", from the binary the benchmark ran. */
export async function promtoolVersion(): Promise<string> {
  const { stdout } = await run("promtool", ["--version"]);
  return `promtool ${/version (\S+)/.exec(stdout)?.[1] ?? "(unknown version)"}`;
}

const FAILURE = /expr: ".*", time: (\S+),\n\s+exp: .*\n\s+got: (.*)\n/g;
const SAMPLE = /\{([^}]*)\} \S+/g;
const LABEL = /(\w+)="((?:[^"\\]|\\.)*)"/g;

/**
 * Evaluates the rules over the series with promtool, Prometheus' own rule
 * engine, one evaluation a minute. promtool prints no timeline, so each
 * minute gets a PromQL test expecting no firing alert: the minutes that fail
 * print the alerts that fired, which is the timeline.
 */
export async function alertTimeline(input: TimelineRun): Promise<Timeline> {
  const expr = `ALERTS{alertstate="firing",alertname=~"${input.alertNames.join("|")}"}`;
  const minutes = Array.from({ length: input.to - input.from + 1 }, (_, i) => input.from + i);
  const suite = {
    rule_files: Object.keys(input.ruleFiles),
    evaluation_interval: "1m",
    tests: [
      {
        interval: "1m",
        input_series: input.series,
        // promtool evaluates rules up to the last alert test, so one marks the end.
        alert_rule_test: [{ eval_time: `${input.to}m`, alertname: "BenchmarkEnd", exp_alerts: [] }],
        promql_expr_test: minutes.map((m) => ({ expr, eval_time: `${m}m`, exp_samples: [] })),
      },
    ],
  };
  const dir = mkdtempSync(join(tmpdir(), "detection-bench-"));
  try {
    for (const [name, text] of Object.entries(input.ruleFiles)) {
      writeFileSync(join(dir, name), text);
    }
    writeFileSync(join(dir, "bench.test.yml"), stringify(suite, { lineWidth: 0 }));
    const { code, stderr } = await run("promtool", ["test", "rules", join(dir, "bench.test.yml")]);
    const timeline: Timeline = new Map();
    for (const [, time, got] of stderr.matchAll(FAILURE)) {
      const minute = (durationMs(time) ?? Number.NaN) / 60_000;
      const alerts = [...got.matchAll(SAMPLE)].map(([, labels]) =>
        Object.fromEntries(
          [...labels.matchAll(LABEL)].map(([, k, v]) => [k, v]).filter(([k]) => k !== "__name__" && k !== "alertstate"),
        ),
      );
      timeline.set(minute, alerts);
    }
    if (code !== 0 && timeline.size === 0) {
      throw new Error(`promtool failed without a timeline:\n${stderr.slice(0, 2000)}`);
    }
    return timeline;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
