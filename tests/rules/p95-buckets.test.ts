import { strict as assert } from "assert";
import { stringify } from "yaml";
import { parseSettings } from "../../src/settings/parse";
import { notices } from "../../src/settings/notices";
import { PROJECT } from "../../src/settings/stack-file";
import { areaFile, renderedFiles } from "../burnrate/fixtures";
import { counter, ExprCheck, InputSeries, promtoolTest } from "../burnrate/promtool";
import { loadStackConfig, StackName } from "../helpers/stack-config";
import { settingsProblems, sourceOf } from "../unit/settings-source";

// APILatencyP95High on both sides of each committed stack's threshold, with
// the default buckets (…, 1, 2.5, 5, 10): prod's 2s reads le="2.5", dev's 3s
// reads le="5". Written with the seed's metric names, the contract.

/** The committed stack's settings, plus `extra` raw config. */
function committed(stack: StackName, extra: Record<string, string> = {}) {
  const config = loadStackConfig(stack);
  const values = Object.fromEntries(Object.entries(config).map(([k, v]) => [k.replace(`${PROJECT}:`, ""), v]));
  return parseSettings(sourceOf({ ...values, ...extra }, [], stack));
}

/** 100 requests a minute for 20 minutes: how many finish at or under each bucket bound. */
function histogram(atOrUnder: Record<string, number>): InputSeries[] {
  const le = { ...atOrUnder, "+Inf": 100 };
  return [
    ...Object.entries(le).map(([bound, n]) => ({
      series: `api_slo_request_duration_seconds_bucket{le="${bound}"}`,
      values: counter([20, n]),
    })),
    { series: "api_slo_request_duration_seconds_count", values: counter([20, 100]) },
  ];
}

const TRUE_P95 = {
  // histogram_quantile() reads 2.125s: 1 + 1.5 × (95 − 80) / 20.
  "1.1s": histogram({ "0.5": 80, "1": 80, "2.5": 100, "5": 100, "10": 100 }),
  "2.4s": histogram({ "0.5": 90, "1": 90, "2.5": 100, "5": 100, "10": 100 }),
  "2.6s": histogram({ "0.5": 90, "1": 90, "2.5": 90, "5": 100, "10": 100 }),
  "6s": histogram({ "0.5": 90, "1": 90, "2.5": 90, "5": 90, "10": 100 }),
};

/** Whether APILatencyP95High fires at minutes 12 to 20 (for: 10m after the first rate at minute 1). */
function p95Firing(firing: boolean): ExprCheck[] {
  return Array.from({ length: 9 }, (_, i) => ({
    expr: 'count(ALERTS{alertname="APILatencyP95High",alertstate="firing"})',
    eval_time: `${12 + i}m`,
    exp_samples: firing ? [{ labels: "{}", value: 1 }] : [],
  }));
}

function group(p95: keyof typeof TRUE_P95, firing: boolean) {
  return {
    name: `a true p95 of ${p95}: ${firing ? "fires" : "quiet"}`,
    interval: "1m",
    input_series: TRUE_P95[p95],
    promql_expr_test: p95Firing(firing),
  };
}

describe("APILatencyP95High reads a bucket bound, not an interpolated quantile (promtool)", () => {
  it("prod (2s, reads le=2.5): quiet at a true p95 of 1.1s and 2.4s, fires at 2.6s and 6s", async () => {
    await promtoolTest(areaFile(renderedFiles(committed("prod")), "api"), "1m", [
      group("1.1s", false),
      group("2.4s", false),
      group("2.6s", true),
      group("6s", true),
    ]);
  });

  it("dev (3s, reads le=5): quiet at a true p95 of 1.1s and 2.6s, fires at 6s", async () => {
    await promtoolTest(areaFile(renderedFiles(committed("dev")), "api"), "1m", [
      group("1.1s", false),
      group("2.6s", false),
      group("6s", true),
    ]);
  });

  it("the quantile rule it replaces fired in prod at a true p95 of 1.1s, so the quiet case above can fail", async () => {
    const old = {
      groups: [
        {
          name: "old-p95",
          rules: [
            {
              alert: "APILatencyP95High",
              expr: "histogram_quantile(0.95, sum by (le) (rate(api_slo_request_duration_seconds_bucket[5m]))) > 2",
              for: "10m",
            },
          ],
        },
      ],
    };
    await promtoolTest({ "old-p95.rules.yml": stringify(old) }, "1m", [group("1.1s", true)]);
  });
});

describe("APILatencyP95High threshold against apiLatencyBuckets", () => {
  it("says at preview which bucket each committed stack reads, and what goes unseen", () => {
    const [prod] = notices(committed("prod")).filter((n) => n.startsWith("APILatencyP95High"));
    assert.match(prod, /threshold 2s is not a bucket bound of apiLatencyBuckets, so the alert reads le="2.5"/);
    assert.match(prod, /a p95 between 2s and 2.5s goes unseen/);
    assert.match(prod, /alertOverrides.APILatencyP95High.threshold' 2.5 --stack prod/);
    const [dev] = notices(committed("dev")).filter((n) => n.startsWith("APILatencyP95High"));
    assert.match(dev, /threshold 3s is not a bucket bound of apiLatencyBuckets, so the alert reads le="5"/);
  });

  it("says nothing when the threshold is a bucket bound", () => {
    const settings = committed("dev", { apiLatencyBuckets: "[0.5, 1, 3, 5]" });
    assert.deepEqual(
      notices(settings).filter((n) => n.includes("APILatencyP95High")),
      [],
    );
  });

  it("refuses a threshold above the largest finite bucket, naming the setting and the fix", () => {
    const seedThreshold = settingsProblems({ apiLatencyBuckets: "[0.1, 0.5, 1]" });
    assert.match(
      seedThreshold,
      /alertOverrides\.APILatencyP95High\.threshold: 2s is above the largest bucket of apiLatencyBuckets \(1s\)/,
    );
    assert.match(
      seedThreshold,
      /pulumi config set --path 'alertOverrides\.APILatencyP95High\.threshold' 1 --stack dev/,
    );
    const override = settingsProblems({ alertOverrides: JSON.stringify({ APILatencyP95High: { threshold: 12 } }) });
    assert.match(override, /12s is above the largest bucket of apiLatencyBuckets \(10s\)/);
    assert.equal(settingsProblems({ alertOverrides: JSON.stringify({ APILatencyP95High: { threshold: 10 } }) }), "");
  });
});
