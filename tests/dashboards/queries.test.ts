import { strict as assert } from "assert";
import { counter, InputSeries, promtoolTest, renderedRules } from "../burnrate/promtool";
import { concreteQueries, metricNames, PanelQuery } from "./support";
import { deployed, seriesText, TRAFFIC, valueAt } from "./traffic";

// The dashboards' PromQL against the program's own rule files, both taken
// from the ConfigMaps the program creates for the examples, evaluated by
// promtool, which runs Prometheus' rule manager and query engine over
// synthetic series.

const STEPS = 240; // 4 hours at 1m
const EVAL_AT = "3h";

/** The traffic in promtool's notation, one sample a minute. */
const INPUT: InputSeries[] = TRAFFIC.map((s) => ({
  series: seriesText(s),
  values: s.counter ? counter([STEPS, valueAt(s, 60)]) : `${s.rate}x${STEPS}`,
}));

/** One promtool check per query: it must return at least one sample at EVAL_AT. */
async function assertReturnData(rules: Record<string, string>, queries: PanelQuery[]): Promise<void> {
  await promtoolTest(rules, "1m", [
    {
      name: "every dashboard query returns data",
      interval: "1m",
      input_series: INPUT,
      promql_expr_test: queries.map((q) => ({
        expr: `count(${q.expr}) > bool 0`,
        eval_time: EVAL_AT,
        exp_samples: [{ labels: "{}", value: 1 }],
      })),
    },
  ]);
}

describe("dashboard queries against the program's rules", function () {
  this.timeout(180_000);
  let rules: Record<string, string>;
  let queries: PanelQuery[];
  before(async () => {
    const d = await deployed();
    rules = d.rules;
    queries = concreteQueries(d.dashboards, "dev");
  });

  it("covers every dashboard, with the overview's queries for every team", () => {
    assert.deepEqual([...new Set(queries.map((q) => q.dashboard))].sort(), [
      "SLOs (dev): overview",
      "SLOs (dev): payments",
      "SLOs (dev): sre",
    ]);
    assert.ok(queries.length > 40, `only ${queries.length} queries`);
    assert.ok(
      queries.every((q) => !q.expr.includes("$")),
      "a variable was left in a query",
    );
  });

  it("names only series the rules record, or ALERTS", () => {
    const recorded = new Set(renderedRules(rules).flatMap((r) => (r.record ? [r.record] : [])));
    const unknown = (qs: PanelQuery[]) =>
      qs.flatMap((q) => metricNames(q.expr).filter((m) => m !== "ALERTS" && !recorded.has(m)));
    assert.deepEqual(unknown(queries), []);
    // The check can fail: a panel reading a series no rule records is named.
    assert.deepEqual(unknown([{ dashboard: "d", panel: "p", expr: 'slo:sli_error:ratio_rate7m{slo="x"} / 0.001' }]), [
      "slo:sli_error:ratio_rate7m",
    ]);
  });

  it("returns data for every panel from Prometheus evaluating the rules over synthetic traffic", async () => {
    await assertReturnData(rules, queries);
  });

  it("fails, naming the query, when a panel reads a series nothing produces", async () => {
    const bogus = { dashboard: "d", panel: "p", expr: 'slo:sli_error:ratio_rate7m{slo="checkout-availability"}' };
    await assert.rejects(assertReturnData(rules, [...queries.slice(0, 3), bogus]), (e: Error) => {
      assert.match(e.message, /slo:sli_error:ratio_rate7m/);
      assert.match(e.message, /FAILED/);
      return true;
    });
  });
});
