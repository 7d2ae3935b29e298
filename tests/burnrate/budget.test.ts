import { strict as assert } from "assert";
import { areaFile, firing, renderedFiles, settingsWith } from "./fixtures";
import { counter, promtoolTest, renderedRules } from "./promtool";

// The budget left in the page text: a ratio of sums, so quiet spells add
// nothing rather than NaN, on its own 5-minute group, and honest about the
// window Prometheus really keeps.
const OK = 'http_requests_total{job="api",path="/api/orders",status="200"}';
const FAILED = 'http_requests_total{job="api",path="/api/orders",status="500"}';
const PAGE = "APIAvailabilityBudgetBurnPage";
const LABELS = { severity: "critical", slo: "api-availability", service: "api", stack: "dev", tier: "fast" };

describe("budget left, under promtool", () => {
  it("gives a number, not NaN, in the page that follows a quiet spell: 10 minutes without a request, then a burn", async () => {
    const files = areaFile(renderedFiles(), "api");
    // An hour at 100 a minute with one 5xx, 10 minutes of nothing (every 5-minute ratio 0/0), then half failing.
    await promtoolTest(files, "1m", [
      {
        name: "quiet night, then a burn",
        interval: "1m",
        input_series: [
          { series: OK, values: counter([5, 100], [1, 99], [54, 100], [10, 0], [30, 50]) },
          { series: FAILED, values: counter([5, 0], [1, 1], [54, 0], [10, 0], [30, 50]) },
        ],
        alert_rule_test: [
          {
            eval_time: "100m",
            alertname: PAGE,
            // Far more spent than the budget: "none", where the mean of 5-minute ratios read "NaN%".
            exp_alerts: [
              firing(files, PAGE, LABELS, "300.0", "none"),
              firing(files, PAGE, { ...LABELS, tier: "slow" }, "166.8", "none"),
            ],
          },
        ],
        promql_expr_test: [
          {
            // 16.68% of user requests failed (1501 of 9000): 166.8 budgets spent, 1 - 166.8 left. The 5m rates
            // now come from the SLI group every minute, read at 5-minute steps that tile the window, which hits
            // the exact share; the old budget group's own 5m rates read -158.2 (159 budgets).
            expr: "round(slo:period_error_budget_remaining:ratio, 0.1)",
            eval_time: "100m",
            exp_samples: [
              {
                labels:
                  '{service="api",slo="api-availability",sloth_id="api-availability",sloth_service="api",sloth_slo="api-availability",stack="dev",team="sre",window="15d"}',
                value: -165.8,
              },
            ],
          },
        ],
      },
    ]);
  });

  it("says which window it reads: the period when retention keeps it all, else the retention", () => {
    const summary = (retention?: string) =>
      renderedRules(renderedFiles(settingsWith(retention ? { prometheusRetention: retention } : {}))).find(
        (r) => r.alert === PAGE,
      )?.annotations?.summary;
    assert.match(summary("45d") ?? "", / of the 30d budget left$/);
    assert.match(
      summary() ?? "",
      / of the budget left at the error ratio of the last 15d \(Prometheus keeps 15d of the 30d period\)$/,
    );
    const rules = renderedRules(renderedFiles());
    const budget = rules.find((r) => r.record === "slo:period_error_budget_remaining:ratio");
    assert.equal(budget?.labels?.window, "15d");
    // The spec generator's shape: the period's ratio (Sloth's name) as a ratio of sums of the 5m rates, then the budget.
    const ratio = rules.find((r) => r.record === "slo:sli_error:ratio_rate30d" && r.labels?.slo === "api-availability");
    assert.equal(ratio?.labels?.window, "15d");
    assert.match(
      ratio?.expr ?? "",
      /^sum_over_time\(slo:sli_bad_events:rate5m\{[^}]+\}\[15d:5m\]\) \/ \(sum_over_time\(slo:sli_total_events:rate5m\{[^}]+\}\[15d:5m\]\) > 0\)$/,
    );
  });

  it("runs in a group of its own every 5 minutes, apart from the alerts", () => {
    const groups = Object.values(renderedFiles()).join("\n");
    assert.match(groups, /name: slo-budget-api-availability\n\s+interval: 5m\n/);
    assert.ok(!/name: slo-sli-[a-z-]+\n\s+interval:/.test(groups), "the alerts keep Prometheus' interval");
  });
});
