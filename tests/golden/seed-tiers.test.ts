import { formatNumber } from "../../src/alerts/format";
import { renderRuleFile } from "../../src/alerts/rules";
import { stackSlos } from "../../src/slo-rules/stack";
import { windowMs } from "../../src/specs/tiers";
import { areaRuleFiles, settingsWith } from "../burnrate/fixtures";
import { counter, InputSeries, promtoolTest } from "../burnrate/promtool";
import { ROOT } from "../slo-rules/support";

// Both sides of every tier of the shipped api-latency and dispatch SLOs,
// under promtool, on the rule files the program renders from slos/ (the
// availability SLO's tiers: tests/burnrate/tiers.test.ts). Input every 30 s,
// pages evaluated every minute, tickets every 5. Healthy history first, so the
// longest window of the severity reads a full one.
const STEP_SECONDS = 30;

interface Shipped {
  slo: string;
  /** Input series for stretches of steps at a burn rate (bad share = burn × error budget). */
  traffic: (stretches: Array<[steps: number, burn: number]>) => InputSeries[];
}

const REQUESTS_PER_STEP = 500;
const SHIPPED: Shipped[] = [
  {
    // 99% within 0.5 s: a burn b makes b × 1% of requests slower.
    slo: "api-latency",
    traffic: (stretches) => [
      {
        series: 'api_slo_request_duration_seconds_bucket{le="0.5"}',
        values: counter(...stretches.map(([n, b]): [number, number] => [n, REQUESTS_PER_STEP * (1 - b * 0.01)])),
      },
      {
        series: 'api_slo_request_duration_seconds_bucket{le="+Inf"}',
        values: counter(...stretches.map(([n]): [number, number] => [n, REQUESTS_PER_STEP])),
      },
    ],
  },
  {
    // 99% of minutes without a breach: a burn b is b × 1% of minutes breached, b × 0.005 breaches a step.
    slo: "dispatch",
    traffic: (stretches) => [
      {
        series: "dispatch_slo_breaches_total",
        values: counter(...stretches.map(([n, b]): [number, number] => [n, b * 0.01 * (STEP_SECONDS / 60)])),
      },
    ],
  },
];

describe("burn-rate tiers of the shipped latency and dispatch SLOs, both sides of each, under promtool", () => {
  const settings = settingsWith();
  const slos = stackSlos(ROOT, settings.specs, settings.rules);
  for (const shipped of SHIPPED) {
    const slo = slos.find((s) => s.name === shipped.slo);
    if (slo === undefined) {
      throw new Error(`slos/ has no SLO ${shipped.slo}`);
    }
    // Only this SLO's groups: promtool evaluates fewer rules at every step.
    const files = Object.fromEntries(
      areaRuleFiles(settings).map((f) => [
        f.fileName,
        renderRuleFile({
          ...f,
          groups: f.groups.filter((g) => /^slo-(sli|budget)-/.test(g.name) && g.name.endsWith(`-${slo.name}`)),
        }),
      ]),
    );
    for (const tier of slo.alerting.tiers) {
      const steps = (w: string): number => windowMs(w) / 1000 / STEP_SECONDS;
      const sameSeverity = slo.alerting.tiers.filter((t) => t.severity === tier.severity);
      const long = steps(tier.longWindow);
      const leadIn = Math.max(...sameSeverity.map((t) => steps(t.longWindow))) - long;
      const at = `${((leadIn + long) * STEP_SECONDS) / 60}m`;
      const name = `${slo.alerting.name}${tier.severity === "critical" ? "Page" : "Ticket"}`;
      const run = (burn: number, fires: boolean) => ({
        name: `${formatNumber(burn)}x for ${tier.longWindow}`,
        interval: `${STEP_SECONDS}s`,
        input_series: shipped.traffic([
          [leadIn, 0],
          [long, burn],
        ]),
        promql_expr_test: [
          {
            expr: `count(ALERTS{alertname="${name}",tier="${tier.tier}",alertstate="firing"})`,
            eval_time: at,
            exp_samples: fires ? [{ labels: "{}", value: 1 }] : [],
          },
        ],
      });
      it(`${name}{tier="${tier.tier}"}: fires at ${formatNumber(tier.factor * 1.1)}x over ${tier.longWindow} and ${tier.shortWindow}, quiet at ${formatNumber(tier.factor * 0.9)}x`, async function () {
        this.timeout(300_000);
        await promtoolTest(files, tier.severity === "critical" ? "1m" : "5m", [
          run(tier.factor * 1.1, true),
          run(tier.factor * 0.9, false),
        ]);
      });
    }
  }
});
