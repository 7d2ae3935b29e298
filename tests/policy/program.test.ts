import { strict as assert } from "assert";
import { POLICIES } from "../../policy/policies";
import { productionEscalation } from "../../policy/production-escalation";
import { productionHa } from "../../policy/production-ha";
import { Overrides, runProgram } from "../helpers/program";
import { rulesOf } from "../../policy/lib/rules";
import { STACKS } from "../helpers/stack-config";
import { check, Resource, resourcesOf } from "./harness";

const SECRETS = {
  slackWebhookUrl: "https://hooks.slack.com/services/T0/B0/programSlackToken",
  heartbeatWebhookUrl: "https://hc-ping.example/program-heartbeat-token",
};

describe("the policy pack on the program's own stacks", () => {
  it("holds eight policies with distinct names", () => {
    const names = POLICIES.map((p) => p.name);
    assert.deepEqual(names, [
      "images-pinned",
      "production-alertmanager-ha",
      "configmaps-hold-no-secrets",
      "secrets-stay-secret",
      "alert-rules-annotated",
      "critical-alerts-page",
      "teams-page-their-own",
      "production-escalation-depth",
    ]);
  });

  const cases: Array<[string, Overrides]> = [
    ["with every secret set", { secret: SECRETS }],
    ["with PrometheusRule objects", { plain: { emitPrometheusRule: "true" }, secret: SECRETS }],
    ["in external-key mode", { secret: { ...SECRETS, pagerdutyIntegrationKey: "0123456789abcdefABCDEF0123456789" } }],
  ];
  for (const stack of STACKS) {
    for (const [what, overrides] of cases) {
      describe(`stack ${stack} ${what}`, () => {
        let resources: Resource[];
        before(async () => {
          resources = resourcesOf(await runProgram(stack, overrides));
        });

        for (const policy of POLICIES) {
          it(`passes ${policy.name}`, async () => {
            const outcome = await check(policy, resources, stack);
            assert.deepEqual(outcome.violations, []);
            assert.equal(outcome.cannotRunInPreview, undefined);
            if (policy === productionHa || policy === productionEscalation) {
              assert.equal(outcome.notApplicable !== undefined, stack !== "prod", "HA applies to prod only");
            }
          });
        }
      });
    }
  }

  it("reads the same alerts from the rule ConfigMaps and the PrometheusRule objects", async () => {
    const resources = resourcesOf(await runProgram("prod", { plain: { emitPrometheusRule: "true" } }));
    const alertsIn = (type: string) =>
      resources
        .filter((r) => r.type === type)
        .flatMap((r) => rulesOf({ ...r, urn: "" }).rules.map((rule) => rule.alert))
        .sort();
    const inConfigMaps = alertsIn("kubernetes:core/v1:ConfigMap");
    assert.ok(inConfigMaps.length >= 10, `found ${inConfigMaps.length} alerts`);
    assert.deepEqual(alertsIn("kubernetes:monitoring.coreos.com/v1:PrometheusRule"), inConfigMaps);
  });

  it("would stop dev's single Alertmanager if dev were held to production's rule", async () => {
    const dev = resourcesOf(await runProgram("dev"));
    const outcome = await check(productionHa, dev, "dev", { productionStacks: ["dev"] });
    assert.equal(outcome.violations.length, 2);
    assert.match(outcome.violations[0], /runs 1 replica\(s\) in production stack "dev"/);
    assert.match(outcome.violations[1], /has no PodDisruptionBudget/);
  });
});
