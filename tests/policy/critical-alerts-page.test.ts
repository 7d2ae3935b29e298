import { strict as assert } from "assert";
import { criticalAlertsPage } from "../../policy/critical-alerts-page";
import { alertmanagerConfig, configSecret, healthyStack, prometheusRule, rule, ruleConfigMap, Route } from "./fixtures";
import { checkStack, Resource, UNKNOWN_STRING } from "./harness";

const RULES = ruleConfigMap([
  rule("APISLOErrorRateBreach", "critical"),
  rule("DispatchSLOSeverityCritical", "critical"),
  rule("APILatencyP95High", "warning"),
]);

function stackWith(routes: Route[], extra: Resource[] = []): Resource[] {
  return [RULES, configSecret(alertmanagerConfig({ routes })), ...extra];
}

describe("policy critical-alerts-page", () => {
  it("accepts critical rules routed to the pagerduty receiver", async () => {
    assert.deepEqual(await checkStack(criticalAlertsPage, healthyStack()), { violations: [] });
  });

  it("reads the config from the Secret's base64 data as well, as the live object holds it", async () => {
    const outcome = await checkStack(criticalAlertsPage, [RULES, configSecret(alertmanagerConfig(), true)]);
    assert.deepEqual(outcome.violations, []);
  });

  it("refuses a critical route that goes to Slack", async () => {
    const { violations } = await checkStack(
      criticalAlertsPage,
      stackWith([{ receiver: "slack", matchers: ['severity="critical"'] }]),
    );
    assert.deepEqual(violations, [
      'APISLOErrorRateBreach (severity critical, ConfigMap slo-rules-api, slo-api.rules.yml) is routed by Secret alertmanager-config to receiver "slack", which does not page through PagerDuty with a key.',
      'DispatchSLOSeverityCritical (severity critical, ConfigMap slo-rules-api, slo-api.rules.yml) is routed by Secret alertmanager-config to receiver "slack", which does not page through PagerDuty with a key.',
    ]);
  });

  it("follows Alertmanager's first-match order: an earlier route can swallow one critical alert", async () => {
    const routes = [
      { receiver: "null", matchers: ['alertname=~"Dispatch.*"'] },
      { receiver: "pagerduty", matchers: ['severity="critical"'] },
    ];
    const { violations } = await checkStack(criticalAlertsPage, stackWith(routes));
    assert.equal(violations.length, 1);
    assert.match(violations[0], /^DispatchSLOSeverityCritical .* to receiver "null"/);
  });

  it("follows `continue`: a critical alert also sent on to a receiver that does not page is flagged", async () => {
    const routes = [
      { receiver: "pagerduty", matchers: ['severity="critical"'], continue: true },
      { receiver: "null", matchers: ['alertname=~"Dispatch.*"'] },
    ];
    const { violations } = await checkStack(criticalAlertsPage, stackWith(routes));
    assert.equal(violations.length, 1);
    assert.match(violations[0], /^DispatchSLOSeverityCritical .* to receiver "null"/);
  });

  it("reads nested routes, inherited receivers and the older match and match_re forms", async () => {
    const routes = [
      { receiver: "slack", match: { severity: "warning" } },
      { receiver: "null", match_re: { alertname: "Dispatch.*" } },
      { receiver: "pagerduty", routes: [{ match: { slo: "api" } }] },
    ];
    const { violations } = await checkStack(criticalAlertsPage, stackWith(routes));
    assert.equal(violations.length, 1, violations.join("\n"));
    assert.match(violations[0], /^DispatchSLOSeverityCritical .* to receiver "null"/);
  });

  it("refuses a PagerDuty receiver without a key", async () => {
    const noKey = [RULES, configSecret(alertmanagerConfig({ routingKey: "" }))];
    const { violations } = await checkStack(criticalAlertsPage, noKey);
    assert.equal(violations.length, 2);
    assert.match(violations[0], /to receiver "pagerduty", which does not page through PagerDuty with a key/);
  });

  it("checks critical rules shipped as PrometheusRule objects", async () => {
    const stack = [
      prometheusRule([rule("OperatorCritical", "critical")]),
      configSecret(alertmanagerConfig({ routes: [] })),
    ];
    const { violations } = await checkStack(criticalAlertsPage, stack);
    assert.match(
      violations[0],
      /^OperatorCritical \(severity critical, PrometheusRule .*\) is routed .* to receiver "slack"/,
    );
  });

  it("refuses a stack with no critical rule: nothing would ever page", async () => {
    const stack = [ruleConfigMap([rule("OnlyAWarning", "warning")]), configSecret(alertmanagerConfig())];
    const { violations } = await checkStack(criticalAlertsPage, stack);
    assert.deepEqual(violations, ['no alert rule has severity "critical" (1 rules found): nothing would ever page.']);
  });

  it("refuses a stack whose Alertmanager config is in no Secret", async () => {
    const { violations } = await checkStack(criticalAlertsPage, [RULES]);
    assert.deepEqual(violations, [
      "no Kubernetes Secret holds an alertmanager.yml: critical alerts have nowhere to go.",
    ]);
  });

  it("says it cannot tell rather than guess when a matcher is unreadable", async () => {
    const { violations } = await checkStack(
      criticalAlertsPage,
      stackWith([{ receiver: "pagerduty", matchers: ["{severity=critical}"] }]),
    );
    assert.match(
      violations[0],
      /cannot read the route matcher "\{severity=critical\}"; cannot tell where APISLOErrorRateBreach goes/,
    );
  });

  it("refuses an alertmanager.yml that is not YAML", async () => {
    const { violations } = await checkStack(criticalAlertsPage, [RULES, configSecret("route: [")]);
    assert.match(violations[0], /^Secret alertmanager-config: alertmanager.yml is not valid YAML/);
  });

  it("cannot run in a preview where the config waits for a key not yet created, and says so", async () => {
    const outcome = await checkStack(criticalAlertsPage, [RULES, configSecret(UNKNOWN_STRING)]);
    assert.deepEqual(outcome.violations, []);
    assert.match(outcome.cannotRunInPreview ?? "", /can't be known during preview/);
  });
});
