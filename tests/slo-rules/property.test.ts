import { strict as assert } from "assert";
import * as fc from "fast-check";
import { join } from "path";
import { stringify } from "yaml";
import { formatNumber } from "../../src/alerts/format";
import { alertName, errorBudget } from "../../src/slo-rules/generate";
import { SloModel } from "../../src/specs";
import { windowMs } from "../../src/specs/tiers";
import { counter, InputSeries, promtoolTest, TestGroup } from "../burnrate/promtool";
import { runTool, writeTempFiles } from "../helpers/tools";
import { read } from "../specs/support";
import { ruleFiles } from "./support";

// Any valid spec, OpenSLO or Sloth, gives rule files promtool accepts and a
// fast page tier that fires at 1.1x its factor and stays quiet at 0.9x.
// One promtool run checks every generated spec, so the runs stay few.

interface Generated {
  format: "openslo" | "sloth";
  service: string;
  slo: string;
  objective: number;
  periodDays: number;
  metric: string;
  good: boolean;
  labels: Record<string, string>;
}

const name = fc.stringMatching(/^[a-z][a-z0-9]{1,8}$/);
const generated: fc.Arbitrary<Generated> = fc.record({
  format: fc.constantFrom("openslo" as const, "sloth" as const),
  service: name,
  slo: name,
  // Up to 5% budget, so 1.1 × 14.4 × the budget stays a reachable ratio.
  objective: fc.integer({ min: 9500, max: 9999 }).map((n) => n / 10000),
  periodDays: fc.integer({ min: 7, max: 35 }),
  metric: fc.stringMatching(/^[a-z][a-z_]{2,12}_total$/),
  good: fc.boolean(),
  labels: fc.dictionary(
    fc.constantFrom("team", "tier_name", "owner", "area"),
    fc.stringMatching(/^[a-z0-9 -]{1,10}$/),
    {
      maxKeys: 2,
    },
  ),
});

function spec(g: Generated): unknown[] {
  const bad = `${g.metric}{job="${g.service}",code=~"5.."}`;
  const good = `${g.metric}{job="${g.service}",code!~"5.."}`;
  const total = `${g.metric}{job="${g.service}"}`;
  if (g.format === "sloth") {
    return [
      {
        version: "prometheus/v1",
        service: g.service,
        labels: g.labels,
        slos: [
          {
            name: g.slo,
            objective: Number((g.objective * 100).toPrecision(12)),
            sli: {
              events: {
                error_query: `sum(rate(${bad}[{{.window}}]))`,
                total_query: `sum(rate(${total}[{{.window}}]))`,
              },
            },
          },
        ],
      },
    ];
  }
  const source = (query: string) => ({ metricSource: { type: "Prometheus", spec: { query } } });
  return [
    { apiVersion: "openslo/v1", kind: "Service", metadata: { name: g.service }, spec: {} },
    {
      apiVersion: "openslo/v1",
      kind: "SLO",
      metadata: { name: `${g.service}-${g.slo}`, labels: g.labels },
      spec: {
        service: g.service,
        indicator: {
          metadata: { name: `${g.service}-${g.slo}` },
          spec: {
            ratioMetric: {
              counter: true,
              ...(g.good ? { good: source(good) } : { bad: source(bad) }),
              total: source(total),
            },
          },
        },
        timeWindow: [{ duration: `${g.periodDays}d`, isRolling: true }],
        objectives: [{ target: g.objective }],
      },
    },
  ];
}

const STEP_SECONDS = 30;
const EVENTS_PER_STEP = 50_000;

/** Healthy for the slow page tier's window less one hour, then an hour at `burn` times the fast tier's factor. */
function burnTest(slo: SloModel, g: Generated, burn: number): TestGroup {
  const fast = slo.alerting.tiers.find((t) => t.severity === "critical" && t.tier === "fast")!;
  const slowLong = Math.max(
    ...slo.alerting.tiers.filter((t) => t.severity === "critical").map((t) => windowMs(t.longWindow)),
  );
  const steps = (ms: number): number => ms / 1000 / STEP_SECONDS;
  const long = steps(windowMs(fast.longWindow));
  const leadIn = steps(slowLong) - long;
  const bad = Math.round(burn * fast.factor * errorBudget(slo) * EVENTS_PER_STEP);
  const series = (code: string, perStep: [number, number]): InputSeries => ({
    series: `${g.metric}{job="${g.service}",code="${code}"}`,
    values: counter([leadIn, perStep[0]], [long, perStep[1]]),
  });
  const alert = `ALERTS{alertname="${alertName(slo, fast)}",alertstate="firing",severity="critical",tier="fast",slo="${slo.name}",stack="dev"}`;
  return {
    name: `${slo.name} (${g.format}, ${formatNumber(slo.objective)} over ${slo.period}) at ${burn}x the fast page factor`,
    interval: `${STEP_SECONDS}s`,
    input_series: [series("200", [EVENTS_PER_STEP, EVENTS_PER_STEP - bad]), series("500", [0, bad])],
    promql_expr_test: [
      {
        expr: `count(${alert})`,
        eval_time: `${((leadIn + long) * STEP_SECONDS) / 60}m`,
        exp_samples: burn > 1 ? [{ labels: "{}", value: 1 }] : [],
      },
    ],
  };
}

describe("property: any valid generated spec gives rules promtool accepts and pages at the expected burn", () => {
  it("promtool check rules accepts them; the fast page fires at 1.1x its factor and not at 0.9x", async function () {
    this.timeout(600_000);
    const samples = fc.sample(generated, { numRuns: 12, seed: 20261201 });
    const cases = samples.map((g, i) => {
      const [slo] = read({ [`slos/gen-${i}.yaml`]: spec(g) });
      return { g, slo, files: ruleFiles([slo]) };
    });
    const dir = writeTempFiles(
      Object.fromEntries(cases.flatMap((c, i) => Object.entries(c.files).map(([f, text]) => [`${i}-${f}`, text]))),
    );
    const names = cases.flatMap((c, i) => Object.keys(c.files).map((f) => join(dir, `${i}-${f}`)));
    const check = await runTool("promtool", ["check", "rules", ...names], { timeoutMs: 120_000 });
    assert.equal(
      check.code,
      0,
      `${check.stdout}\n${check.stderr}\n${cases.map((c) => stringify(spec(c.g))).join("---\n")}`,
    );
    for (const c of cases) {
      await promtoolTest(c.files, "1m", [burnTest(c.slo, c.g, 1.1), burnTest(c.slo, c.g, 0.9)]);
    }
  });
});
