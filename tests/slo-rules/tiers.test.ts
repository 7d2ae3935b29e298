import { formatNumber } from "../../src/alerts/format";
import { alertName, errorBudget } from "../../src/slo-rules/generate";
import { windowMs } from "../../src/specs/tiers";
import { promtoolTest } from "../burnrate/promtool";
import { ownerTeam } from "../../src/teams/owner";
import { CTX, EXAMPLE_TRAFFIC, exampleSlos, ruleFiles } from "./support";

// Both sides of every tier of the shipped example SLOs, under promtool, on
// the rule files the program renders. Input every 30 s (the base rates are
// 1m rates), rules every minute. Traffic of 100,000 events a minute, so a
// burn b fails b × budget × 100,000 of them.
const STEP_SECONDS = 30;
const EVENTS_PER_STEP = 50_000;

describe("burn-rate tiers of the example SLOs, both sides of each, under promtool", () => {
  const slos = exampleSlos().filter((s) => EXAMPLE_TRAFFIC[s.name] !== undefined);
  const files = ruleFiles(slos);

  for (const slo of slos) {
    const traffic = EXAMPLE_TRAFFIC[slo.name];
    const bad = (burn: number): number => Math.round(burn * errorBudget(slo) * EVENTS_PER_STEP);
    for (const tier of slo.alerting.tiers) {
      const sameSeverity = slo.alerting.tiers.filter((t) => t.severity === tier.severity);
      const steps = (w: string): number => windowMs(w) / 1000 / STEP_SECONDS;
      const long = steps(tier.longWindow);
      const leadIn = Math.max(...sameSeverity.map((t) => steps(t.longWindow))) - long;
      const at = `${((leadIn + long) * STEP_SECONDS) / 60}m`;
      const name = alertName(slo, tier);
      const firing = (burn: number) => {
        // What else fires: a tier of the same severity whose windows the burn also covers.
        const all = sameSeverity.filter((t) => {
          const covered = Math.min(long, steps(t.longWindow)) / steps(t.longWindow);
          return t === tier || (t.longWindow !== tier.longWindow && burn * covered >= t.factor * 1.02);
        });
        return all.map((t) => ({
          labels:
            `ALERTS{alertname="${name}",alertstate="firing",service="${slo.service}",severity="${t.severity}",` +
            `slo="${slo.name}",sloth_id="${slo.name}",sloth_service="${slo.service}",sloth_slo="${slo.name}",` +
            `stack="dev",tier="${t.tier}"${Object.entries({
              ...slo.labels,
              ...slo.alerting.labels,
              ...(t.severity === "critical" ? slo.alerting.pageLabels : slo.alerting.ticketLabels),
              team: ownerTeam(slo, CTX.defaultTeam),
            })
              .map(([k, v]) => `,${k}="${v}"`)
              .join("")}}`,
          value: 1,
        }));
      };
      /** `firing`: exactly the tiers the burn reaches fire; `quiet`: this tier does not fire. */
      const run = (title: string, burn: number, stretches: Array<[number, number]>, expect: "firing" | "quiet") => ({
        name: `${name}{tier="${tier.tier}"}: ${title}`,
        interval: `${STEP_SECONDS}s`,
        input_series: traffic([
          [leadIn, 0, EVENTS_PER_STEP],
          ...stretches.map(([n, b]): [number, number, number] => [n, bad(b), EVENTS_PER_STEP]),
        ]),
        promql_expr_test: [
          {
            expr:
              expect === "firing"
                ? `ALERTS{alertname="${name}",alertstate="firing"}`
                : `ALERTS{alertname="${name}",alertstate="firing",tier="${tier.tier}"}`,
            eval_time: at,
            exp_samples: expect === "firing" ? firing(burn) : [],
          },
        ],
      });
      const above = tier.factor * 1.1;
      const below = tier.factor * 0.9;
      const short = steps(tier.shortWindow);
      it(`${name}{tier="${tier.tier}"} (${slo.name}): fires at ${formatNumber(above)}x over ${tier.longWindow}, quiet at ${formatNumber(below)}x and when only one window burns`, async function () {
        this.timeout(300_000);
        // Tickets, whose windows run to days, are evaluated every 5 minutes.
        await promtoolTest(files, tier.severity === "critical" ? "1m" : "5m", [
          run("above", above, [[long, above]], "firing"),
          run("below", below, [[long, below]], "quiet"),
          // The burn stopped a short window ago: the long window alone is not enough.
          run(
            "long window only",
            0,
            [
              [long - short, tier.factor * 1.2],
              [short, 0],
            ],
            "quiet",
          ),
          // A spike of a short window: the long window stays under the factor.
          run(
            "short window only",
            0,
            [
              [long - short, 0],
              [short, tier.factor * 3],
            ],
            "quiet",
          ),
        ]);
      });
    }
  }
});
