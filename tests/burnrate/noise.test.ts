import { parseSettings } from "../../src/settings/parse";
import { PROJECT } from "../../src/settings/stack-file";
import { loadStackConfig } from "../helpers/stack-config";
import { sourceOf } from "../unit/settings-source";
import { areaFile, renderedFiles, settingsWith } from "./fixtures";
import { counter, ExprCheck, promtoolTest } from "./promtool";

// No page on noise: a single 5xx is not an outage, whatever the traffic.
const USERS_OK = 'http_requests_total{job="api",path="/api/orders",status="200"}';
const USERS_FAILED = 'http_requests_total{job="api",path="/api/orders",status="500"}';

/** The prod stack's settings as committed in Pulumi.prod.yaml. */
function prodSettings() {
  const config = loadStackConfig("prod");
  const values = Object.fromEntries(Object.entries(config).map(([k, v]) => [k.replace(`${PROJECT}:`, ""), v]));
  return parseSettings(sourceOf(values, [], "prod"));
}

/**
 * No critical alert firing at any minute from `from` to `to`, but the
 * absence pages of the latency histogram and the breach counters: these
 * series hold requests only.
 */
function noPage(from: number, to: number): ExprCheck[] {
  return Array.from({ length: to - from + 1 }, (_, i) => ({
    expr: 'count(ALERTS{severity="critical",alertstate="firing",alertname!~".+Absent"})',
    eval_time: `${from + i}m`,
    exp_samples: [],
  }));
}

/** `perMinute` user requests a minute for `minutes`, one of them a 5xx at minute `at`. */
function singleError(perMinute: number, minutes: number, at: number) {
  return [
    { series: USERS_OK, values: counter([at, perMinute], [1, perMinute - 1], [minutes - at - 1, perMinute]) },
    { series: USERS_FAILED, values: counter([at, 0], [1, 1], [minutes - at - 1, 0]) },
  ];
}

describe("no page on noise, under promtool", () => {
  it("pages nobody in prod, as committed, for a single 5xx at 60 requests a minute", async () => {
    const files = areaFile(renderedFiles(prodSettings()), "api");
    await promtoolTest(files, "1m", [
      {
        name: "one 5xx at minute 10 among 60 requests a minute",
        interval: "1m",
        input_series: singleError(60, 70, 10),
        promql_expr_test: noPage(1, 60),
      },
    ]);
  });

  it("holds the seed's ratio pages below seedMinRequestsPerMinute: one 5xx at 10 a minute pages only without the guard", async () => {
    const quiet = areaFile(renderedFiles(settingsWith({ ruleFamilies: "seed" })), "api");
    const unguarded = areaFile(
      renderedFiles(settingsWith({ ruleFamilies: "seed", seedMinRequestsPerMinute: "0" })),
      "api",
    );
    const group = (checks: ExprCheck[]) => ({
      name: "one 5xx at minute 10 among 10 requests a minute",
      interval: "1m",
      input_series: singleError(10, 40, 10),
      promql_expr_test: checks,
    });
    await promtoolTest(quiet, "1m", [group(noPage(1, 40))]);
    // 1 in 150 over 15 minutes is 0.67%, over the seed's 0.5%: it pages once for: 5m has passed.
    await promtoolTest(unguarded, "1m", [
      group([
        {
          expr: 'count(ALERTS{alertname="APISLOAvailabilityBreach",alertstate="firing"})',
          eval_time: "17m",
          exp_samples: [{ labels: "{}", value: 1 }],
        },
      ]),
    ]);
  });
});
