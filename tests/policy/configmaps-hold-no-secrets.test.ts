import { strict as assert } from "assert";
import { stringify } from "yaml";
import { configMapsHoldNoSecrets } from "../../policy/configmaps-hold-no-secrets";
import { alertmanagerConfig, configSecret, rule, ruleConfigMap, SLACK } from "./fixtures";
import { checkResource, Resource } from "./harness";

function configMap(data: Record<string, string>, binaryData: Record<string, string> = {}): Resource {
  return {
    type: "kubernetes:core/v1:ConfigMap",
    name: "leaky",
    props: { metadata: { name: "leaky" }, data, binaryData },
  };
}

describe("policy configmaps-hold-no-secrets", () => {
  it("accepts a rule-file ConfigMap", async () => {
    const outcome = await checkResource(
      configMapsHoldNoSecrets,
      ruleConfigMap([rule("APISLOErrorRateBreach", "critical")]),
    );
    assert.deepEqual(outcome.violations, []);
  });

  it("refuses alertmanager.yml in a ConfigMap, naming the file and what it found", async () => {
    const { violations } = await checkResource(
      configMapsHoldNoSecrets,
      configMap({ "alertmanager.yml": stringify(alertmanagerConfig()) }),
    );
    assert.deepEqual(violations, [
      'ConfigMap leaky, file alertmanager.yml, contains "routing_key", "api_url", "hooks.slack.com", "webhook_configs": that is where a PagerDuty key or webhook URL goes, and it belongs in a Secret.',
    ]);
  });

  it("refuses a Slack webhook hidden in binaryData", async () => {
    const { violations } = await checkResource(
      configMapsHoldNoSecrets,
      configMap({}, { "notify.txt": Buffer.from(SLACK).toString("base64") }),
    );
    assert.equal(violations.length, 1);
    assert.match(violations[0], /file notify.txt, contains "hooks.slack.com"/);
  });

  it("refuses the v1 Events API's service_key too", async () => {
    const { violations } = await checkResource(configMapsHoldNoSecrets, configMap({ "am.yml": "service_key: x" }));
    assert.match(violations[0], /contains "service_key"/);
  });

  it("leaves Secrets alone: that is where alertmanager.yml belongs", async () => {
    assert.deepEqual((await checkResource(configMapsHoldNoSecrets, configSecret(alertmanagerConfig()))).violations, []);
  });
});
