import * as k8s from "@pulumi/kubernetes";
import { strict as assert } from "assert";
import { parse } from "yaml";
import { graphDiff } from "../helpers/graph";
import { mockIntegrationKey, onCallOfType, ProgramRun, runProgram } from "../helpers/program";
import { alertmanagerYaml } from "../helpers/rendered";
import { unwrapSecrets } from "../helpers/secrets";

const INTEGRATION = "pagerduty:index/serviceIntegration:ServiceIntegration";
const SECRET = "kubernetes:core/v1:Secret";
const DEPLOYMENT = "kubernetes:apps/v1:Deployment";

function routingKey(run: ProgramRun): string {
  const config = parse(alertmanagerYaml(run).text) as {
    receivers: Array<{ name: string; pagerduty_configs?: Array<{ routing_key: string }> }>;
  };
  const pagerduty = config.receivers.find((r) => r.name === "pagerduty");
  return String(pagerduty?.pagerduty_configs?.[0].routing_key);
}

function integrationName(run: ProgramRun): string {
  return String(unwrapSecrets(onCallOfType(run, INTEGRATION).inputs.name));
}

function optionsOf(run: ProgramRun, type: string) {
  return run.options.get(`${type}::${onCallOfType(run, type).name}`);
}

describe("rotating the PagerDuty integration key with integrationKeyVersion", () => {
  // prod: three clustered pods, the case where a gap in paging would hurt most.
  let byDefault: ProgramRun;
  let v1: ProgramRun;
  let v2: ProgramRun;
  let v2Again: ProgramRun;
  before(async () => {
    byDefault = await runProgram("prod");
    v1 = await runProgram("prod", { plain: { integrationKeyVersion: "1" } });
    v2 = await runProgram("prod", { plain: { integrationKeyVersion: "2" } });
    v2Again = await runProgram("prod", { plain: { integrationKeyVersion: "2" } });
  });

  it("starts at version 1: setting 1 explicitly gives the same graph as leaving it unset", () => {
    assert.deepEqual(graphDiff(byDefault, v1), []);
  });

  it("gives the same graph for the same version twice, so re-running pulumi up changes nothing", () => {
    assert.deepEqual(graphDiff(v2, v2Again), []);
    assert.equal(routingKey(v2), routingKey(v2Again));
  });

  it("changes the integrations' names (on-call and alerting pipeline), the Alertmanager config and the pod template's checksum, and nothing else", () => {
    assert.deepEqual(graphDiff(v1, v2), [
      `${DEPLOYMENT}::alertmanager-deployment $.spec.template.metadata.annotations["slo-alerting/config-checksum"]`,
      `${SECRET}::alertmanager-config $.stringData["alertmanager.yml"]`,
      `${INTEGRATION}::pagerduty-pipeline-prometheus $.name`,
      `${INTEGRATION}::pagerduty-prometheus $.name`,
    ]);
  });

  it("names the integration after its version, so PagerDuty shows which key is live", () => {
    assert.equal(integrationName(v1), "Prometheus Alertmanager (key v1)");
    assert.equal(integrationName(v2), "Prometheus Alertmanager (key v2)");
  });

  it("replaces the integration when its name changes, creating the new one before deleting the old", () => {
    const opts = optionsOf(v2, INTEGRATION);
    assert.deepEqual(opts?.replaceOnChanges, ["name"]);
    // Pulumi's default order; true would delete the live key before its successor exists.
    assert.equal(opts?.deleteBeforeReplace, false);
  });

  it("puts the new integration's key, and only it, into the Alertmanager Secret", () => {
    const newKey = mockIntegrationKey(integrationName(v2));
    const oldKey = mockIntegrationKey(integrationName(v1));
    assert.notEqual(newKey, oldKey);
    assert.equal(routingKey(v2), newKey);
    assert.ok(!alertmanagerYaml(v2).text.includes(oldKey), "the old key must not linger in the config");
    assert.ok(alertmanagerYaml(v2).wasSecret, "the rotated config is still a secret");
  });

  it("rolls the pods only after the Secret holds the new key", () => {
    const dependsOn = [optionsOf(v2, DEPLOYMENT)?.dependsOn ?? []].flat();
    assert.ok(
      dependsOn.some((d) => k8s.core.v1.Secret.isInstance(d)),
      "the Deployment must wait for the config Secret",
    );
  });

  it("exports the new key, still as a secret", () => {
    assert.deepEqual(v2.outputs.pagerdutyIntegrationKey, { value: routingKey(v2), secret: true });
  });

  it("refuses a version that is not a whole number from 1, before anything is created", async () => {
    for (const version of ["0", "1.5", "two"]) {
      await assert.rejects(runProgram("prod", { plain: { integrationKeyVersion: version } }), (e: Error) => {
        assert.match(e.message, /integrationKeyVersion: "[^"]+" is not a whole number >= 1/);
        assert.match(e.message, /pulumi config set integrationKeyVersion 1 --stack prod/);
        return true;
      });
    }
  });
});
