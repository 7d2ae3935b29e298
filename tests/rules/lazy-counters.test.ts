import { counter, promtoolTest } from "../burnrate/promtool";
import { areaFile, renderedFiles } from "../burnrate/fixtures";

// A counter the service creates at its first breach (against the
// instrumentation contract) still counts that breach.
const firing = (alertname: string, at: string, fires: boolean) => ({
  expr: `count(ALERTS{alertname="${alertname}",alertstate="firing"})`,
  eval_time: at,
  exp_samples: fires ? [{ labels: "{}", value: 1 }] : [],
});

describe("breach counters created lazily, under promtool", () => {
  it("page DispatchSLOBreachRepeatedPagerDuty on 3 breaches in 30 minutes, the first one creating the counter", async () => {
    const files = areaFile(renderedFiles(), "dispatch");
    await promtoolTest(files, "1m", [
      {
        name: "counter born at 1 at minute 10, then 2 at 15 and 3 at 20",
        interval: "1m",
        input_series: [
          { series: "dispatch_slo_breaches_total", values: "_x10 1x4 2x4 3x30" },
          { series: "dispatch_slo_should_alert", values: "1x60" },
          { series: "dispatch_slo_breach_severity", values: "1x60" },
        ],
        // Three breaches from minute 20, for: 5m: firing at 25, still at 35; the 30m window ends them after minute 40.
        promql_expr_test: [
          firing("DispatchSLOBreachRepeatedPagerDuty", "24m", false),
          firing("DispatchSLOBreachRepeatedPagerDuty", "25m", true),
          firing("DispatchSLOBreachRepeatedPagerDuty", "35m", true),
          firing("DispatchSLOBreachRepeatedPagerDuty", "50m", false),
        ],
      },
    ]);
    await promtoolTest(files, "1m", [
      {
        name: "a counter exported at 0 from start-up: the same count",
        interval: "1m",
        input_series: [
          {
            series: "dispatch_slo_breaches_total",
            values: counter([9, 0], [1, 1], [4, 0], [1, 1], [4, 0], [1, 1], [30, 0]),
          },
          { series: "dispatch_slo_should_alert", values: "1x60" },
          { series: "dispatch_slo_breach_severity", values: "1x60" },
        ],
        promql_expr_test: [
          firing("DispatchSLOBreachRepeatedPagerDuty", "24m", false),
          firing("DispatchSLOBreachRepeatedPagerDuty", "25m", true),
        ],
      },
    ]);
  });
});
