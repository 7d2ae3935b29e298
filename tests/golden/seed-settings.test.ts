import { strict as assert } from "assert";
import { renderRuleFile } from "../../src/alerts/rules";
import { stackAreaRuleFiles, stackSlos } from "../../src/slo-rules/stack";
import { SloModel } from "../../src/specs";
import { renderedRules } from "../burnrate/promtool";
import { settingsWith } from "../burnrate/fixtures";
import { ROOT } from "../slo-rules/support";

// How the shipped slos/ files and the settings that shape the seed's SLIs
// combine (docs/slo-specs.md, "The seed's SLOs"): settings apply to shipped
// queries; an edited query with such a setting set is refused; objective
// settings override the files' targets when set.

function slos(values: Record<string, string> = {}): SloModel[] {
  const settings = settingsWith(values);
  return stackSlos(ROOT, settings.specs, settings.rules);
}

function problem(values: Record<string, string>): string {
  try {
    slos(values);
  } catch (e) {
    return String(e);
  }
  assert.fail("the specs were accepted");
}

function byName(list: SloModel[], name: string): SloModel {
  const slo = list.find((s) => s.name === name);
  assert.ok(slo, name);
  return slo;
}

describe("the seed's SLOs in slos/ and the settings that shape them", () => {
  it("reads the three seed SLOs from slos/ with the seed's alert names and runbooks", () => {
    const seed = slos();
    assert.deepEqual(
      seed.map((s) => [s.name, s.service, s.alerting.name, s.alerting.runbookUrl, s.objective, s.period]),
      [
        ["api-availability", "api", "APIAvailabilityBudgetBurn", "api-slo-availability.md", 0.999, "30d"],
        ["api-latency", "api", "APILatencyBudgetBurn", "api-slo-latency.md", 0.99, "30d"],
        ["dispatch", "dispatch", "DispatchBudgetBurn", "dispatch-slo-breach.md", 0.99, "30d"],
      ],
    );
  });

  it("applies apiJob, the status and path labels, healthCheckPathRegex and environmentSelector to the shipped queries", () => {
    const indicator = byName(
      slos({
        apiJob: "web",
        httpStatusLabel: "code",
        httpPathLabel: "route",
        healthCheckPathRegex: "/(healthz|ready)",
        environmentSelector: 'namespace="prod"',
      }),
      "api-availability",
    ).indicator;
    assert.deepEqual(indicator, {
      type: "events",
      counter: true,
      errors:
        'sum(rate(http_requests_total{job="web",route!~"/(healthz|ready)",code=~"5..",namespace="prod"}[{{.window}}])) or on() vector(0)',
      total: 'sum(rate(http_requests_total{job="web",route!~"/(healthz|ready)",namespace="prod"}[{{.window}}]))',
    });
  });

  it("reads the latency threshold from apiLatencyObjective.thresholdSeconds", () => {
    const slo = byName(
      slos({ apiLatencyObjective: JSON.stringify({ target: 99.5, thresholdSeconds: 1 }) }),
      "api-latency",
    );
    assert.equal(slo.objective, 0.995);
    assert.match(slo.indicator.type === "events" ? slo.indicator.errors : "", /le=~"1\|1\\\\\.0"/);
  });

  it("keeps the files' targets when the objective settings are unset, and overrides them when set", () => {
    assert.equal(byName(slos(), "api-availability").objective, 0.999);
    assert.equal(byName(slos({ apiAvailabilityObjective: '{"target": 99}' }), "api-availability").objective, 0.99);
    assert.equal(byName(slos({ dispatchObjective: '{"target": 98}' }), "dispatch").objective, 0.98);
  });

  it("keeps an edited query, and refuses a stack whose seed settings it would silently ignore", () => {
    const edited = { sloSpecs: JSON.stringify(["tests/golden/fixtures/edited", "slos/dispatch.yaml"]) };
    const slo = byName(slos(edited), "api-availability");
    assert.match(slo.indicator.type === "events" ? slo.indicator.total : "", /path!~"\/health\.\*\|\/ready"/);
    assert.match(
      problem({ ...edited, healthCheckPathRegex: "/healthz", environmentSelector: 'namespace="prod"' }),
      /tests\/golden\/fixtures\/edited\/api\.yaml: SLO "api-availability": its query is not the shipped one, and this stack sets healthCheckPathRegex, environmentSelector, which the program applies only to the shipped queries/,
    );
    // The latency SLO of that file is as shipped: environmentSelector reaches it, so only availability is named.
    assert.doesNotMatch(problem({ ...edited, environmentSelector: 'namespace="prod"' }), /api-latency/);
  });

  it("refuses an objective setting whose SLO is not in sloSpecs, and one set twice", () => {
    assert.match(
      problem({ sloSpecs: "examples/slos", apiAvailabilityObjective: '{"target": 99}' }),
      /apiAvailabilityObjective: sets the objective of the seed's SLO "api-availability", which is not in sloSpecs \(examples\/slos\)/,
    );
    assert.match(
      problem({
        apiAvailabilityObjective: '{"target": 99}',
        sloOverrides: JSON.stringify({ "api-availability": { target: 99.5 } }),
      }),
      /sloOverrides\.api-availability\.target and apiAvailabilityObjective both set the objective of "api-availability"; keep one/,
    );
  });

  it("refuses a seed SLO name on another service: the seed's alerts of that SLO are bound to it", () => {
    assert.match(
      problem({ sloSpecs: "tests/golden/fixtures/wrong-service.yaml" }),
      /SLO "dispatch": service "checkout" is not the seed's "dispatch"/,
    );
  });

  it("deploys no seed burn-rate rule when sloSpecs leaves the seed's SLOs out; the seed's thresholds stay", () => {
    const settings = settingsWith({ sloSpecs: "examples/slos" });
    const rules = renderedRules(
      Object.fromEntries(
        stackAreaRuleFiles(ROOT, settings.specs, settings.rules).map((f) => [f.fileName, renderRuleFile(f)]),
      ),
    );
    assert.equal(rules.filter((r) => /BudgetBurn/.test(r.alert ?? "")).length, 0);
    assert.ok(rules.some((r) => r.alert === "APISLOErrorRateBreach"));
  });
});
