import { strict as assert } from "assert";
import { parseSettings } from "../../src/settings/parse";
import { notices } from "../../src/settings/notices";
import { settingsProblems, sourceOf, VALID } from "./settings-source";

function problems(labels: unknown): string {
  return settingsProblems({ prometheusRuleLabels: JSON.stringify(labels) });
}

describe("prometheusRuleLabels", () => {
  it("reads the labels a ruleSelector needs, none by default", () => {
    assert.deepEqual(parseSettings(sourceOf(VALID)).rules.prometheusRuleLabels, {});
    const labels = { release: "kube-prometheus-stack", "example.org/team": "sre" };
    const s = parseSettings(sourceOf({ ...VALID, prometheusRuleLabels: JSON.stringify(labels) }));
    assert.deepEqual(s.rules.prometheusRuleLabels, labels);
  });

  it("refuses what Kubernetes would refuse, naming the label and the fix", () => {
    assert.match(
      problems({ "bad key!": "x" }),
      /prometheusRuleLabels\.bad key!: "bad key!" is not a Kubernetes label name/,
    );
    assert.match(
      problems({ release: "has space" }),
      /prometheusRuleLabels\.release: "has space" is not a Kubernetes label value/,
    );
    assert.match(problems({ release: 3 }), /pulumi config set --path 'prometheusRuleLabels.release'/);
    assert.match(problems(["release"]), /prometheusRuleLabels: must map label names to values/);
  });

  it("warns at preview when PrometheusRules are emitted with no label for the selector", () => {
    const bare = parseSettings(sourceOf({ ...VALID, emitPrometheusRule: "true" }));
    assert.ok(notices(bare).some((n) => /prometheusRuleLabels is empty.*release: <Helm release>/.test(n)));
    const labelled = parseSettings(
      sourceOf({ ...VALID, emitPrometheusRule: "true", prometheusRuleLabels: '{"release":"kps"}' }),
    );
    assert.ok(!notices(labelled).some((n) => /prometheusRuleLabels/.test(n)));
  });
});
