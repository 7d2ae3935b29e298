import { strict as assert } from "assert";
import { settingsProblems as problemsOf } from "../unit/settings-source";
import { areaFile, renderedFiles, settingsWith } from "./fixtures";
import { counter, promtoolTest, renderedRules } from "./promtool";

// SLIs that measure users: health checks out of every availability,
// error-rate and traffic-guard expression, and one environment's series only.
const USERS_OK = 'http_requests_total{job="api",path="/api/orders",status="200"}';
const USERS_FAILED = 'http_requests_total{job="api",path="/api/orders",status="500"}';
const PROBES = 'http_requests_total{job="api",path="/healthz",status="200"}';

describe("SLIs that measure users", () => {
  it("leave the health-check paths out of every expression over http_requests_total but the health check's own", () => {
    for (const rule of renderedRules(renderedFiles())) {
      const selectors = rule.expr.match(/http_requests_total\{[^}]*\}/g) ?? [];
      for (const selector of selectors) {
        const health = rule.alert === "CriticalHealthCheckFailing" || rule.alert === "APIRequestsMetricAbsent";
        assert.ok(
          health || selector.includes('path!~"/health.*"'),
          `${rule.alert ?? rule.record} reads health checks: ${selector}`,
        );
      }
    }
  });

  it("add the environment selector to every series every rule reads", () => {
    const files = renderedFiles(settingsWith({ environmentSelector: 'namespace="prod"' }));
    // vector(...): the spec generator's metadata series (objective, budget, period) and dispatch's minutes read no series.
    for (const rule of renderedRules(files).filter((r) => !/^(sum\()?vector\([0-9.]+\)\)?$/.test(r.expr))) {
      // Metric names of the seed (and recording rules' slo: names) followed by their selector, if any.
      const series = rule.expr.match(/\b(?:http|api_slo|dispatch_slo)_[a-z_]+(?:\{[^}]*\})?/g) ?? [];
      // Rules over recording rules read them by their own slo and stack labels.
      assert.ok(series.length > 0 || rule.expr.includes("slo:"), `${rule.alert ?? rule.record}: ${rule.expr}`);
      for (const s of series) {
        assert.match(s, /[{,]namespace="prod"[,}]/, `${rule.alert ?? rule.record} reads ${s} from every environment`);
      }
    }
  });

  it("refuse an environment selector that is set but empty, or not label matchers, naming the setting and the fix", () => {
    for (const value of ["  ", "{}"]) {
      const message = problemsOf({ environmentSelector: value });
      assert.match(message, /environmentSelector.*is set but empty/);
      assert.match(
        message,
        /pulumi config set environmentSelector 'namespace="prod"'|pulumi config rm environmentSelector/,
      );
    }
    assert.match(
      problemsOf({ environmentSelector: "namespace=prod" }),
      /environmentSelector.*not a list of PromQL label matchers/,
    );
    assert.equal(
      settingsWith({ environmentSelector: '{cluster="eu-1", namespace=~"prod|canary"}' }).rules.selectors.environment,
      'cluster="eu-1", namespace=~"prod|canary"',
    );
  });

  it("page within about 30 minutes on 20 users a minute at 3% 5xx (a 30x burn), probes at 36 a minute notwithstanding", async () => {
    const files = areaFile(renderedFiles(), "api");
    // An hour of healthy users first, then 3% of them failing; probes all along.
    // With the probes counted, the 1h ratio tops out at 3% × 20/56 = 1.07%, under the fast page's 1.44%.
    const outage = 40;
    const page = (at: number, firing: boolean) => ({
      expr: 'count(ALERTS{alertname="APIAvailabilityBudgetBurnPage",tier="fast",alertstate="firing"})',
      eval_time: `${60 + at}m`,
      exp_samples: firing ? [{ labels: "{}", value: 1 }] : [],
    });
    await promtoolTest(files, "1m", [
      {
        name: "probes plus 20 users a minute, 3% of them failing",
        interval: "1m",
        input_series: [
          { series: PROBES, values: counter([60 + outage, 36]) },
          // 3 failures in 100 requests: 5 minutes of 20 requests.
          { series: USERS_OK, values: counter([60, 20], [outage, 19.4]) },
          { series: USERS_FAILED, values: counter([60, 0], [outage, 0.6]) },
        ],
        promql_expr_test: [page(25, false), page(35, true)],
      },
    ]);
  });
});
