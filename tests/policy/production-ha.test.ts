import { strict as assert } from "assert";
import { productionHa } from "../../policy/production-ha";
import { deployment, disruptionBudget, healthyStack } from "./fixtures";
import { checkStack } from "./harness";

describe("policy production-alertmanager-ha", () => {
  it("accepts prod with 3 replicas and a budget selecting their pods", async () => {
    assert.deepEqual(await checkStack(productionHa, healthyStack(), "prod"), { violations: [] });
  });

  it("accepts exactly the minimum of 2 replicas", async () => {
    const outcome = await checkStack(productionHa, [deployment({ replicas: 2 }), disruptionBudget()], "prod");
    assert.deepEqual(outcome.violations, []);
  });

  it("refuses a single replica in prod", async () => {
    const { violations } = await checkStack(productionHa, [deployment({ replicas: 1 }), disruptionBudget()], "prod");
    assert.deepEqual(violations, [
      'Alertmanager alertmanager-deployment runs 1 replica(s) in production stack "prod"; at least 2 are needed so that one pod restarting does not stop paging.',
    ]);
  });

  it("refuses prod without a PodDisruptionBudget", async () => {
    const { violations } = await checkStack(productionHa, [deployment()], "prod");
    assert.equal(violations.length, 1);
    assert.match(violations[0], /has no PodDisruptionBudget selecting its pods in namespace monitoring/);
  });

  it("refuses a budget in another namespace or selecting other pods", async () => {
    for (const budget of [
      disruptionBudget({ namespace: "default" }),
      disruptionBudget({ matchLabels: { "app.kubernetes.io/name": "prometheus" } }),
      disruptionBudget({ matchLabels: {} }),
    ]) {
      const { violations } = await checkStack(productionHa, [deployment(), budget], "prod");
      assert.equal(violations.length, 1, JSON.stringify(budget.props));
      assert.match(violations[0], /has no PodDisruptionBudget/);
    }
  });

  it("refuses a production stack that runs no Alertmanager at all", async () => {
    const { violations } = await checkStack(productionHa, [disruptionBudget()], "prod");
    assert.match(violations[0], /production stack "prod" runs no Alertmanager/);
  });

  it("does not apply to dev, which runs one replica on purpose", async () => {
    const outcome = await checkStack(productionHa, [deployment({ replicas: 1 })], "dev");
    assert.deepEqual(outcome.violations, []);
    assert.match(outcome.notApplicable ?? "", /stack "dev" is not one of the production stacks \(prod\)/);
  });

  it("applies to whichever stacks the pack's config names as production", async () => {
    const config = { productionStacks: ["live"], minReplicas: 3 };
    const { violations } = await checkStack(
      productionHa,
      [deployment({ replicas: 2 }), disruptionBudget()],
      "live",
      config,
    );
    assert.match(violations[0], /runs 2 replica\(s\) in production stack "live"; at least 3 are needed/);
  });
});
