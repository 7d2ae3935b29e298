import { areaFile, firing, renderedFiles, settingsWith } from "./fixtures";
import { counter, InputSeries, promtoolTest } from "./promtool";

// Each SLO's indicator wired to the seed's metrics, the low-traffic guard and
// the budget left, checked on the fast page where one hour of data suffices.
const OK = 'http_requests_total{job="api",path="/api/orders",status="200"}';
const FAILED = 'http_requests_total{job="api",path="/api/orders",status="500"}';
const AVAILABILITY = { slo: "api-availability", service: "api", stack: "dev" };
const PAGE_FAST = { severity: "critical", tier: "fast" };

// Five healthy hours first, so the slow page's 6h window reads a full history
// when the fast page is checked after one more hour.
const LEAD_IN = 300;

/** After the lead-in, an hour of `requests` a minute, `failed` of them answered 500. */
function requests(requests: number, failed: number): InputSeries[] {
  return [
    { series: OK, values: counter([LEAD_IN, requests], [60, requests - failed]) },
    { series: FAILED, values: counter([LEAD_IN, 0], [60, failed]) },
  ];
}

describe("burn-rate indicators, guard and annotations, under promtool", () => {
  describe("API availability", () => {
    const files = areaFile(renderedFiles(), "api");
    const name = "APIAvailabilityBudgetBurnPage";

    it("records the error ratio of every window, 5m to 3d, and the budget left over 30d", async () => {
      const windows = ["5m", "30m", "1h", "2h", "6h", "1d", "3d"];
      const labels =
        '{service="api",slo="api-availability",sloth_id="api-availability",sloth_service="api",sloth_slo="api-availability",stack="dev",team="sre"}';
      // Scraped every 30 s: the 1m rates longer windows are summed from need two samples (docs/slo-specs.md).
      await promtoolTest(files, "5m", [
        {
          name: "1% errors for 3 days: a 10x burn in every window",
          interval: "30s",
          input_series: [
            { series: OK, values: counter([8640, 495]) },
            { series: FAILED, values: counter([8640, 5]) },
          ],
          promql_expr_test: [
            ...windows.map((w) => ({
              expr: `round(slo:sli_error:ratio_rate${w}, 0.0001)`,
              eval_time: "3d",
              exp_samples: [{ labels, value: 0.01 }],
            })),
            {
              expr: "round(slo:period_error_budget_remaining:ratio, 0.0001)",
              eval_time: "3d",
              exp_samples: [{ labels: labels.replace("}", ',window="15d"}'), value: -9 }],
            },
          ],
        },
      ]);
    });

    it("shows in the summary the share of the budget left, traffic-weighted, from the data Prometheus holds", async () => {
      // 23h clean at 10 000 a minute, then 1h at 14.5x. Ratio of sums: the
      // recorded 5-minute rates hold (1+2+3+4)/5 + 55 = 57 minutes of 145
      // failures against 1439 minutes of 10 000 requests as the alert reads
      // them (the budget group, after the alerts' group, has not run this
      // round yet): about 8265 / 14 390 000, 57.5% of the 0.1% spent.
      await promtoolTest(files, "1m", [
        {
          name: "a fast burn after a clean day",
          interval: "1m",
          input_series: [
            { series: OK, values: counter([1380, 10_000], [60, 9855]) },
            { series: FAILED, values: counter([1380, 0], [60, 145]) },
          ],
          alert_rule_test: [
            {
              eval_time: "24h",
              alertname: name,
              // The budget group's last round (5 minutes ago) read 55 of those minutes: about 7975 / 14 350 000,
              // 55.6% spent. The old group, evaluated in the same round after the alerts, read 42.48%.
              exp_alerts: [firing(files, name, { ...PAGE_FAST, ...AVAILABILITY }, "14.5", "44.43%")],
            },
          ],
        },
      ]);
    });

    it("pages from 11 requests a minute with one failing, not from 9, but still tickets those 9", async () => {
      // A 90x burn for an hour is a 15x burn over 6 hours: the slow tier fires with the fast one.
      const page = (tier: string, burn: string) =>
        firing(files, name, { severity: "critical", ...AVAILABILITY, tier }, burn, "none");
      const ticket = (tier: string, burn: string) =>
        firing(files, "APIAvailabilityBudgetBurnTicket", { severity: "warning", ...AVAILABILITY, tier }, burn, "none");
      await promtoolTest(files, "1m", [
        {
          name: "11 requests a minute, above the guard of 10",
          interval: "1m",
          input_series: requests(11, 1),
          alert_rule_test: [
            { eval_time: "6h", alertname: name, exp_alerts: [page("fast", "90.9"), page("slow", "15.2")] },
          ],
        },
        {
          name: "9 requests a minute, below the guard of 10",
          interval: "1m",
          input_series: requests(9, 1),
          alert_rule_test: [
            { eval_time: "6h", alertname: name, exp_alerts: [] },
            {
              eval_time: "6h",
              alertname: "APIAvailabilityBudgetBurnTicket",
              // 60 failures in 6 hours of 9 requests a minute: 18.5x over 1d and 3d, as far as the data goes.
              exp_alerts: [ticket("fast", "18.5"), ticket("slow", "18.5")],
            },
          ],
        },
      ]);
    });

    it("pages from 9 requests a minute when burnRateMinRequestsPerMinute is 0", async () => {
      const unguarded = areaFile(renderedFiles(settingsWith({ burnRateMinRequestsPerMinute: "0" })), "api");
      const page = (tier: string, burn: string) =>
        firing(unguarded, name, { severity: "critical", ...AVAILABILITY, tier }, burn, "none");
      await promtoolTest(unguarded, "1m", [
        {
          name: "9 requests a minute, no guard",
          interval: "1m",
          input_series: requests(9, 1),
          alert_rule_test: [
            { eval_time: "6h", alertname: name, exp_alerts: [page("fast", "111.1"), page("slow", "18.5")] },
          ],
        },
      ]);
    });
  });

  describe("API latency (99% within 0.5s by default)", () => {
    const name = "APILatencyBudgetBurnPage";
    const labels = { ...PAGE_FAST, slo: "api-latency", service: "api", stack: "dev" };
    /** After the lead-in, an hour of 1000 requests a minute, `fast` of them within the bucket `le`. */
    const histogram = (le: string, fast: number): InputSeries[] => [
      { series: `api_slo_request_duration_seconds_bucket{le="${le}"}`, values: counter([LEAD_IN, 1000], [60, fast]) },
      { series: 'api_slo_request_duration_seconds_bucket{le="+Inf"}', values: counter([LEAD_IN + 60, 1000]) },
      { series: "api_slo_request_duration_seconds_count", values: counter([LEAD_IN + 60, 1000]) },
    ];

    it("pages when 14.5% of requests are slower than 0.5s, not 14.3%", async () => {
      const files = areaFile(renderedFiles(), "api");
      await promtoolTest(files, "1m", [
        {
          name: "855 of 1000 within 0.5s",
          interval: "1m",
          input_series: histogram("0.5", 855),
          alert_rule_test: [
            { eval_time: "6h", alertname: name, exp_alerts: [firing(files, name, labels, "14.5", "none")] },
          ],
        },
        {
          name: "857 of 1000 within 0.5s",
          interval: "1m",
          input_series: histogram("0.5", 857),
          alert_rule_test: [{ eval_time: "6h", alertname: name, exp_alerts: [] }],
        },
      ]);
    });

    it('reads a whole-second threshold from le="1" (Go clients) and le="1.0" (Python clients)', async () => {
      const files = areaFile(
        renderedFiles(settingsWith({ apiLatencyObjective: JSON.stringify({ target: 99, thresholdSeconds: 1 }) })),
        "api",
      );
      const expected = [firing(files, name, labels, "14.5", "none")];
      await promtoolTest(files, "1m", [
        {
          name: 'le="1"',
          interval: "1m",
          input_series: histogram("1", 855),
          alert_rule_test: [{ eval_time: "6h", alertname: name, exp_alerts: expected }],
        },
        {
          name: 'le="1.0"',
          interval: "1m",
          input_series: histogram("1.0", 855),
          alert_rule_test: [{ eval_time: "6h", alertname: name, exp_alerts: expected }],
        },
      ]);
    });
  });

  describe("dispatch (99% of minutes without a breach by default)", () => {
    const name = "DispatchBudgetBurnPage";
    const labels = { ...PAGE_FAST, slo: "dispatch", service: "dispatch", stack: "dev" };
    /**
     * Six quiet hours, then one breach at the end of every `every` minutes
     * for an hour. The quiet hours are the rules' own history: the time-based
     * SLI divides by the minutes its recordings cover, so right after a first
     * deploy the 6h window would read the one hour recorded (tests/golden).
     */
    const breaches = (every: number): InputSeries[] => [
      {
        series: "dispatch_slo_breaches_total",
        values: Array.from({ length: 421 }, (_, minute) => Math.floor(Math.max(0, minute - 360) / every)).join(" "),
      },
    ];

    it("pages on a breach every 6 minutes (16.7x), not every 7 (13.3x)", async () => {
      const files = areaFile(renderedFiles(), "dispatch");
      await promtoolTest(files, "1m", [
        {
          name: "a breach every 6 minutes",
          interval: "1m",
          input_series: breaches(6),
          alert_rule_test: [
            // 10 bad minutes, over the 61 evaluations Prometheus 2's closed range [6h, 7h] holds: 16.4x (was 16.7x).
            { eval_time: "7h", alertname: name, exp_alerts: [firing(files, name, labels, "16.4", "none")] },
          ],
        },
        {
          name: "a breach every 7 minutes",
          interval: "1m",
          input_series: breaches(7),
          alert_rule_test: [{ eval_time: "7h", alertname: name, exp_alerts: [] }],
        },
      ]);
    });
  });
});
