import { strict as assert } from "assert";
import { secretsStaySecret } from "../../policy/secrets-stay-secret";
import {
  alertmanagerConfig,
  configSecret,
  deployment,
  healthyStack,
  integration,
  KEY,
  SLACK,
  stackOutputs,
} from "./fixtures";
import { checkStack, Outcome, Resource, UNKNOWN_STRING } from "./harness";

function withDeploymentEnv(value: string): Resource {
  const d = deployment();
  const spec = (d.props.spec as { template: { spec: { containers: Array<Record<string, unknown>> } } }).template.spec;
  spec.containers[0].env = [{ name: "PD_KEY", value }];
  return d;
}

function assertNoSecretIn(outcome: Outcome): void {
  for (const v of outcome.violations) {
    assert.ok(!v.includes(KEY) && !v.includes(SLACK), `a violation message must not print the secret: ${v}`);
  }
}

describe("policy secrets-stay-secret", () => {
  it("accepts credentials in the Secret, the integration and the declared secret output", async () => {
    assert.deepEqual(await checkStack(secretsStaySecret, healthyStack()), { violations: [] });
  });

  it("refuses the integration key in another resource's inputs, saying where without printing it", async () => {
    const outcome = await checkStack(secretsStaySecret, [...healthyStack(), withDeploymentEnv(KEY)]);
    assert.deepEqual(outcome.violations, [
      "kubernetes:apps/v1:Deployment alertmanager-deployment, property spec holds the key of PagerDuty integration pagerduty-prometheus at $.template.spec.containers[0].env[0].value.",
    ]);
    assertNoSecretIn(outcome);
  });

  it("finds the key through the Alertmanager config alone, as in external-key mode (no integration)", async () => {
    const stack = healthyStack().filter((r) => r.type !== integration().type);
    const outcome = await checkStack(secretsStaySecret, [...stack, withDeploymentEnv(`key=${KEY}`)]);
    assert.match(outcome.violations[0], /holds the PagerDuty key of receiver "pagerduty" at \$\.template/);
  });

  it("refuses a credential in a plain stack output", async () => {
    const outcome = await checkStack(secretsStaySecret, [...healthyStack(), stackOutputs({ slack: `see ${SLACK}` })]);
    assert.deepEqual(outcome.violations, [
      'stack output slack holds the Slack webhook URL of receiver "slack" at $.',
      'stack output slack contains "hooks.slack.com": receiver credentials must not be plain stack outputs.',
    ]);
    assertNoSecretIn(outcome);
  });

  it("refuses the key in an output the pack's config does not declare secret", async () => {
    const outcome = await checkStack(secretsStaySecret, healthyStack(), "prod", { secretOutputs: [] });
    assert.deepEqual(outcome.violations, [
      "stack output pagerdutyIntegrationKey holds the key of PagerDuty integration pagerduty-prometheus at $.",
    ]);
  });

  it("refuses the key in a ConfigMap even without a telltale field name", async () => {
    const leaky: Resource = { type: "kubernetes:core/v1:ConfigMap", name: "env", props: { data: { KEY } } };
    const outcome = await checkStack(secretsStaySecret, [...healthyStack(), leaky]);
    assert.match(outcome.violations[0], /kubernetes:core\/v1:ConfigMap env, property data holds the key/);
  });

  it("runs during a preview that creates the key: what is not known yet cannot have leaked", async () => {
    const preview = [
      integration(UNKNOWN_STRING),
      configSecret(UNKNOWN_STRING),
      withDeploymentEnv(UNKNOWN_STRING),
      stackOutputs({ pagerdutyIntegrationKey: UNKNOWN_STRING, alertmanagerUrl: "http://alertmanager:9093" }),
    ];
    assert.deepEqual(await checkStack(secretsStaySecret, preview), { violations: [] });
  });

  it("still finds a known credential next to unknown values", async () => {
    const stack = [configSecret(alertmanagerConfig()), stackOutputs({ later: UNKNOWN_STRING, now: KEY })];
    const outcome = await checkStack(secretsStaySecret, stack);
    assert.deepEqual(outcome.violations, ['stack output now holds the PagerDuty key of receiver "pagerduty" at $.']);
  });
});
