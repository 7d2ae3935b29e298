import { strict as assert } from "assert";
import { renderedRules } from "../burnrate/promtool";
import { counter, ExprCheck, promtoolTest } from "../burnrate/promtool";
import { SpecRuleContext } from "../../src/slo-rules/generate";
import { SloModel } from "../../src/specs";
import { CTX, exampleSlos, ruleFiles } from "./support";

// The low-traffic guard of spec SLOs' pages (docs/slo-specs.md, "Low-traffic
// guard"), on the example checkout-availability (OpenSLO counter ratio,
// 99.9%): one failure among 9 requests a minute is a 111x burn, yet noise.

const GUARDED: SpecRuleContext = { ...CTX, minEventsPerMinute: 10 };
const PAGE = "CheckoutAvailabilityBudgetBurnPage";
const TICKET = "CheckoutAvailabilityBudgetBurnTicket";

function checkout(own?: number): SloModel {
  const slo = exampleSlos().find((s) => s.name === "checkout-availability");
  assert.ok(slo);
  return own === undefined ? slo : { ...slo, alerting: { ...slo.alerting, minEventsPerMinute: own } };
}

/** `perMinute` requests a minute for 2 hours, one of them failing, scraped every 30 s. */
function traffic(perMinute: number) {
  return [
    { series: 'http_requests_total{job="checkout",code="200"}', values: counter([240, (perMinute - 1) / 2]) },
    { series: 'http_requests_total{job="checkout",code="500"}', values: counter([240, 0.5]) },
  ];
}

function firing(alert: string, tiers: string[]): ExprCheck {
  return {
    expr: `count by (tier) (ALERTS{alertname="${alert}",alertstate="firing"})`,
    eval_time: "2h",
    exp_samples: tiers.map((tier) => ({ labels: `{tier="${tier}"}`, value: 1 })),
  };
}

describe("low-traffic guard of spec SLOs' pages", () => {
  it("writes the guard from the recorded total rates on pages only, and none for gauges or raw ratios", () => {
    const rules = renderedRules(ruleFiles(exampleSlos(), GUARDED)).filter((r) => r.alert !== undefined);
    const guarded = rules.filter((r) => r.expr.includes(" and on() ")).map((r) => `${r.alert} ${r.labels?.tier}`);
    assert.deepEqual(guarded.sort(), [
      "CheckoutAvailabilityBudgetBurnPage fast",
      "CheckoutAvailabilityBudgetBurnPage slow",
      "CheckoutLatencyBudgetBurnPage fast",
      "CheckoutLatencyBudgetBurnPage slow",
      "PaymentsHighErrorRatePage fast",
      "PaymentsHighErrorRatePage slow",
    ]);
    const fast = rules.find((r) => r.alert === PAGE && r.labels?.tier === "fast");
    assert.match(
      fast?.expr ?? "",
      / and on\(\) avg_over_time\(slo:sli_total_events:rate1m\{slo="checkout-availability",stack="dev"\}\[59m\]\) \* 60 >= 10$/,
    );
    assert.match(fast?.annotations?.description ?? "", /with at least 10 events a minute over the 1h/);
    assert.equal(renderedRules(ruleFiles(exampleSlos(), CTX)).filter((r) => r.expr.includes(" and on() ")).length, 0);
  });

  it("pages from 11 events a minute with one failing, not from 9, and still tickets those 9 (promtool)", async () => {
    await promtoolTest(ruleFiles([checkout()], GUARDED), "1m", [
      {
        name: "9 a minute: under the guard",
        interval: "30s",
        input_series: traffic(9),
        promql_expr_test: [firing(PAGE, []), firing(TICKET, ["fast", "slow"])],
      },
      {
        name: "11 a minute: over the guard",
        interval: "30s",
        input_series: traffic(11),
        promql_expr_test: [firing(PAGE, ["fast", "slow"])],
      },
    ]);
  });

  it("takes an SLO's own minEventsPerMinute (sloOverrides) over the stack's: 0 pages at 9, 20 not at 11", async () => {
    await promtoolTest(ruleFiles([checkout(0)], GUARDED), "1m", [
      {
        name: "own guard off",
        interval: "30s",
        input_series: traffic(9),
        promql_expr_test: [firing(PAGE, ["fast", "slow"])],
      },
    ]);
    await promtoolTest(ruleFiles([checkout(20)], GUARDED), "1m", [
      { name: "own guard 20", interval: "30s", input_series: traffic(11), promql_expr_test: [firing(PAGE, [])] },
    ]);
  });
});
