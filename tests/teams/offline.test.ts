import { strict as assert } from "assert";
import { writeFileSync } from "fs";
import { join } from "path";
import { PLACEHOLDERS, redact, redactionsOf } from "../../src/offline/redaction";
import { offlineConfig } from "../../src/offline/stack-config";
import { writeTempFiles } from "../helpers/tools";

describe("offline check: teamSecrets, a secret object encrypted leaf by leaf", () => {
  it("reads a stack file's encrypted leaves as placeholders of their field, and the object as a secret", () => {
    const dir = writeTempFiles({ "x.txt": "" });
    const file = join(dir, "Pulumi.teams.yaml");
    writeFileSync(
      file,
      [
        "config:",
        "  slo-alerting:teamSecrets:",
        "    payments:",
        "      slackWebhookUrl:",
        "        secure: v1:AAAA",
        "      pagerdutyIntegrationKey:",
        "        secure: v1:BBBB",
        "",
      ].join("\n"),
    );
    const config = offlineConfig(file);
    assert.deepEqual(JSON.parse(config.config["slo-alerting:teamSecrets"]), {
      payments: {
        slackWebhookUrl: PLACEHOLDERS.slackWebhookUrl,
        pagerdutyIntegrationKey: PLACEHOLDERS.pagerdutyIntegrationKey,
      },
    });
    assert.deepEqual(config.secretKeys, ["slo-alerting:teamSecrets"]);
    assert.deepEqual(config.encrypted, ["teamSecrets"]);
  });

  it("redacts each value of a secret object given in clear, not only the object's text", () => {
    const secrets = {
      teamSecrets: JSON.stringify({ search: { slackWebhookUrl: "https://hooks.slack.com/services/S/E/CRET" } }),
    };
    const files = redact(
      { "credentials.yaml": "slack: https://hooks.slack.com/services/S/E/CRET" },
      redactionsOf(secrets),
    );
    assert.equal(files["credentials.yaml"], `slack: ${PLACEHOLDERS.slackWebhookUrl}`);
  });
});
