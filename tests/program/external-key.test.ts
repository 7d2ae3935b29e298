import { strict as assert } from "assert";
import { basename } from "path";
import { parse } from "yaml";
import { graphDiff } from "../helpers/graph";
import { ProgramRun, runProgram } from "../helpers/program";
import { alertmanagerYaml, credentialFiles } from "../helpers/rendered";
import { plaintextPaths } from "../helpers/secrets";
import { STACKS } from "../helpers/stack-config";
import { EXTERNAL_SERVICE, NO_PIPELINE_SERVICE } from "../../src/program";

// 32 letters and digits, as PagerDuty issues them.
const EXTERNAL_KEY = "0123456789abcdefABCDEF0123456789";

describe("external-key mode (pagerdutyIntegrationKey set as a secret)", () => {
  for (const stack of STACKS) {
    describe(`stack ${stack}`, () => {
      let run: ProgramRun;
      before(async () => {
        // Without dev's second team, whose PagerDuty stays managed (tests/teams/program.test.ts covers teams).
        run = await runProgram(stack, {
          plain: { teams: undefined },
          secret: { pagerdutyIntegrationKey: EXTERNAL_KEY },
        });
      });

      it("registers no PagerDuty resource and calls no PagerDuty data source", () => {
        const pagerduty = run.resources.filter(
          (r) => r.type.startsWith("pagerduty:") || r.type.includes(":pagerduty:"),
        );
        assert.deepEqual(
          pagerduty.map((r) => `${r.type}::${r.name}`),
          [],
        );
        assert.deepEqual(run.invokes, []);
      });

      it("pages with the given key, through the credentials Secret, as a secret", () => {
        const { files, wasSecret } = credentialFiles(run);
        assert.ok(wasSecret);
        assert.equal(files["pagerduty-integration-key"], EXTERNAL_KEY);
        const config = parse(alertmanagerYaml(run).text) as {
          receivers: Array<{ name: string; pagerduty_configs?: unknown[] }>;
        };
        const pagerduty = config.receivers.find((r) => r.name === "pagerduty");
        assert.equal(
          (pagerduty?.pagerduty_configs?.[0] as { routing_key_file: string }).routing_key_file,
          "/etc/alertmanager/credentials/pagerduty-integration-key",
        );
      });

      it("sends delivery-failure alerts through the given key too (no second service to create), with Slack as the path that survives a bad key", () => {
        const config = parse(alertmanagerYaml(run).text) as {
          receivers: Array<{ name: string; pagerduty_configs?: Array<{ routing_key_file: string }> }>;
        };
        const pipeline = config.receivers.find((r) => r.name === "alerting-pipeline");
        const keyFile = basename(String(pipeline?.pagerduty_configs?.[0].routing_key_file));
        assert.equal(credentialFiles(run).files[keyFile], EXTERNAL_KEY);
        assert.equal(run.outputs.pagerdutyPipelineServiceUrl.value, NO_PIPELINE_SERVICE);
      });

      it("holds the key in no resource input in plain text", () => {
        for (const resource of run.resources) {
          assert.deepEqual(plaintextPaths(resource.inputs, EXTERNAL_KEY), [], `${resource.type} ${resource.name}`);
        }
      });

      it("exports the key as a secret and no PagerDuty service URL", () => {
        assert.deepEqual(run.outputs.pagerdutyIntegrationKey, { value: EXTERNAL_KEY, secret: true });
        for (const [name, output] of Object.entries(run.outputs)) {
          if (name !== "pagerdutyIntegrationKey") {
            assert.ok(!JSON.stringify(output.value ?? null).includes(EXTERNAL_KEY), `output ${name} holds the key`);
          }
        }
        assert.equal(run.outputs.pagerdutyServiceUrl.value, EXTERNAL_SERVICE);
      });

      it("ignores integrationKeyVersion: there is no integration of ours to rotate", async () => {
        const bumped = await runProgram(stack, {
          plain: { integrationKeyVersion: "7", teams: undefined },
          secret: { pagerdutyIntegrationKey: EXTERNAL_KEY },
        });
        assert.deepEqual(graphDiff(run, bumped), []);
      });
    });
  }

  it("refuses a key stored in plain text and says how to store it as a secret", async () => {
    await assert.rejects(runProgram("prod", { plain: { pagerdutyIntegrationKey: EXTERNAL_KEY } }), (e: Error) => {
      assert.match(e.message, /pagerdutyIntegrationKey: is stored in plain text but holds a secret/);
      assert.match(e.message, /pulumi config set --secret pagerdutyIntegrationKey/);
      return true;
    });
  });

  it("refuses a key that is not 32 letters and digits without echoing it", async () => {
    const wrong = "not-a-key-but-a-secret-all-the-same";
    await assert.rejects(runProgram("prod", { secret: { pagerdutyIntegrationKey: wrong } }), (e: Error) => {
      assert.match(e.message, /pagerdutyIntegrationKey: is not a PagerDuty integration key \(32 letters and digits\)/);
      assert.ok(!e.message.includes(wrong), "the error message must not print the secret");
      return true;
    });
  });
});
