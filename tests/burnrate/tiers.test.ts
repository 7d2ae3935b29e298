import { formatNumber } from "../../src/alerts/format";
import { durationMs } from "../../src/settings/duration";
import { burnRateAlertName } from "../../src/slo/burn-rate";
import { SLOS } from "../../src/slo/slos";
import { BurnRateTier, WORKBOOK_30D } from "../../src/slo/windows";
import { areaFile, firing, renderedFiles } from "./fixtures";
import { AlertCheck, counter, ExpectedAlert, InputSeries, promtoolTest } from "./promtool";

// API availability at the default 99.9%: of 10000 requests a minute, a burn
// rate of b fails 10 × b. The windows and factors come from the table, so a
// changed factor moves the tests with it.
const REQUESTS_PER_MINUTE = 10_000;
const FAILED_PER_MINUTE_AT_1X = 10;
const AVAILABILITY = SLOS.find((s) => s.slo === "api-availability")!;
const OK = 'http_requests_total{job="api",path="/api/orders",status="200"}';
const FAILED = 'http_requests_total{job="api",path="/api/orders",status="500"}';
// The ratios keep Sloth's labels (tests/golden/seed-slos.test.ts).
const SLO_SERIES =
  '{service="api",slo="api-availability",sloth_id="api-availability",sloth_service="api",sloth_slo="api-availability",stack="dev",team="sre"}';

const minutes = (window: string): number => (durationMs(window) ?? 0) / 60_000;

describe("burn-rate tiers of API availability (99.9%), under promtool", () => {
  const files = areaFile(renderedFiles(), "api");

  for (const tier of WORKBOOK_30D.tiers) {
    const name = burnRateAlertName(AVAILABILITY, tier);
    const sameSeverity = WORKBOOK_30D.tiers.filter((t) => t.severity === tier.severity);
    // Pages are evaluated every minute; tickets, whose windows run to days, every 5 minutes. The series
    // are scraped every minute either way: longer windows add up 1-minute rates (docs/slo-specs.md).
    const step = tier.severity === "critical" ? 1 : 5;
    const long = minutes(tier.longWindow) / step;
    const short = minutes(tier.shortWindow) / step;
    // Healthy traffic first, so the longest window of the severity reads a full history.
    const leadIn = Math.max(...sameSeverity.map((t) => minutes(t.longWindow))) / step - long;
    const at = `${(leadIn + long) * step}m`;
    const above = tier.factor + 0.1;
    const below = tier.factor - 0.1;

    const failed = (burn: number): number => Math.round(burn * FAILED_PER_MINUTE_AT_1X);
    /** After the lead-in, stretches of steps at a burn rate, one sample a minute. */
    const traffic = (...stretches: Array<[steps: number, burn: number]>): InputSeries[] => {
      const all: Array<[number, number]> = [[leadIn, 0], ...stretches].map(([n, b]) => [n * step, b]);
      return [
        {
          series: OK,
          values: counter(...all.map(([n, b]): [number, number] => [n, REQUESTS_PER_MINUTE - failed(b)])),
        },
        { series: FAILED, values: counter(...all.map(([n, b]): [number, number] => [n, failed(b)])) },
      ];
    };
    const alert = (t: BurnRateTier, burn: string): ExpectedAlert =>
      // A burn above 1x over all the data seen leaves no budget: "none".
      firing(
        files,
        name,
        { severity: t.severity, slo: "api-availability", service: "api", stack: "dev", tier: t.tier },
        burn,
        "none",
      );
    const check = (exp: ExpectedAlert[]): AlertCheck[] => [{ eval_time: at, alertname: name, exp_alerts: exp }];
    const windowAbove = (window: string, value: number) => ({
      expr: `slo:sli_error:ratio_rate${window}{slo="api-availability"} / 0.001 >= bool ${formatNumber(tier.factor)}`,
      eval_time: at,
      exp_samples: [{ labels: SLO_SERIES, value }],
    });
    // The Workbook's ticket tiers overlap by design: 3x over 1d is 1x over 3d,
    // so whatever fires the fast ticket after healthy days fires the slow one too.
    const slowTicketToo = tier.severity === "warning" && tier.tier === "fast";
    const slow = sameSeverity.find((t) => t.tier === "slow")!;

    describe(`${name}{tier="${tier.tier}"}: burn rate ≥ ${formatNumber(tier.factor)} over ${tier.longWindow} and ${tier.shortWindow}`, () => {
      it(`fires at ${formatNumber(above)}x over both windows, and stays quiet at ${formatNumber(below)}x`, async () => {
        await promtoolTest(files, `${step}m`, [
          {
            name: `${formatNumber(above)}x for ${tier.longWindow}`,
            interval: "1m",
            input_series: traffic([long, above]),
            alert_rule_test: check([alert(tier, above.toFixed(1)), ...(slowTicketToo ? [alert(slow, "1.0")] : [])]),
          },
          {
            name: `${formatNumber(below)}x for ${tier.longWindow}`,
            interval: "1m",
            input_series: traffic([long, below]),
            alert_rule_test: check([]),
          },
        ]);
      });

      it(`stays quiet when only the ${tier.longWindow} window burns: the burn stopped ${tier.shortWindow} ago`, async () => {
        // 1.2 × the factor for 11/12 of the long window is 1.1 × the factor over it.
        await promtoolTest(files, `${step}m`, [
          {
            name: "long window only",
            interval: "1m",
            input_series: traffic([long - short, 1.2 * tier.factor], [short, 0]),
            // The slow ticket's 6h window still holds 4 hours of that burn.
            alert_rule_test: check(slowTicketToo ? [alert(slow, "1.1")] : []),
            promql_expr_test: [windowAbove(tier.longWindow, 1), windowAbove(tier.shortWindow, 0)],
          },
        ]);
      });

      it(`stays quiet when only the ${tier.shortWindow} window burns: a spike too short for ${tier.longWindow}`, async () => {
        // 3 × the factor for 1/12 of the long window is a quarter of the factor over it.
        await promtoolTest(files, `${step}m`, [
          {
            name: "short window only",
            interval: "1m",
            input_series: traffic([long - short, 0], [short, 3 * tier.factor]),
            alert_rule_test: check([]),
            promql_expr_test: [windowAbove(tier.longWindow, 0), windowAbove(tier.shortWindow, 1)],
          },
        ]);
      });
    });
  }
});
