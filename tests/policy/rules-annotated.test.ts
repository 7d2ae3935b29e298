import { strict as assert } from "assert";
import { rulesAnnotated } from "../../policy/rules-annotated";
import { ANNOTATIONS, prometheusRule, rule, ruleConfigMap } from "./fixtures";
import { checkResource, Resource } from "./harness";

describe("policy alert-rules-annotated", () => {
  it("accepts rules with summary, description and an https runbook, in ConfigMaps and PrometheusRules", async () => {
    const rules = [rule("APISLOErrorRateBreach", "critical"), rule("APILatencyP95High", "warning")];
    for (const resource of [ruleConfigMap(rules), prometheusRule(rules)]) {
      assert.deepEqual((await checkResource(rulesAnnotated, resource)).violations, [], resource.type);
    }
  });

  it("ignores recording rules, which page nobody", async () => {
    const recording = { alert: undefined, record: "job:errors:rate5m", expr: "vector(1)" };
    const outcome = await checkResource(rulesAnnotated, ruleConfigMap([recording as never]));
    assert.deepEqual(outcome.violations, []);
  });

  const broken: Array<[string, Record<string, string>, string]> = [
    ["no description", { summary: ANNOTATIONS.summary, runbook_url: ANNOTATIONS.runbook_url }, "has no description"],
    ["a blank summary", { ...ANNOTATIONS, summary: "  " }, "has no summary"],
    ["no annotations", {}, "has no summary, no description, no runbook_url"],
    [
      "a relative runbook",
      { ...ANNOTATIONS, runbook_url: "runbooks/x.md" },
      'has a runbook_url that is not an http(s) URL ("runbooks/x.md")',
    ],
  ];
  for (const [what, annotations, problem] of broken) {
    it(`refuses an alert with ${what}`, async () => {
      const rules = [rule("APISLOErrorRateBreach", "critical", annotations), rule("Fine", "warning")];
      const { violations } = await checkResource(rulesAnnotated, ruleConfigMap(rules));
      assert.deepEqual(violations, [
        `alert APISLOErrorRateBreach (ConfigMap slo-rules-api, slo-api.rules.yml) ${problem}.`,
      ]);
    });
  }

  it("refuses a PrometheusRule alert without a runbook", async () => {
    const noRunbook = { summary: ANNOTATIONS.summary, description: ANNOTATIONS.description };
    const { violations } = await checkResource(rulesAnnotated, prometheusRule([rule("Down", "critical", noRunbook)]));
    assert.deepEqual(violations, ["alert Down (PrometheusRule slo-rules-api-prometheusrule) has no runbook_url."]);
  });

  it("refuses a rule file Prometheus could not load", async () => {
    const unreadable: Resource = {
      type: "kubernetes:core/v1:ConfigMap",
      name: "slo-rules-api",
      props: { data: { "a.rules.yml": "groups: [", "b.rules.yml": "rules: []", "notes.txt": "not yaml: [" } },
    };
    const { violations } = await checkResource(rulesAnnotated, unreadable);
    assert.equal(violations.length, 2);
    assert.match(violations[0], /^ConfigMap slo-rules-api, a\.rules\.yml is not valid YAML/);
    assert.match(violations[1], /^ConfigMap slo-rules-api, b\.rules\.yml has no `groups:` list/);
  });
});
