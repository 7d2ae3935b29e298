import * as k8s from "@pulumi/kubernetes";
import { strict as assert } from "assert";
import { parse } from "yaml";
import { graphDiff } from "../helpers/graph";
import { mockIntegrationKey, onCallOfType, onlyOfType, ProgramRun, runProgram } from "../helpers/program";
import { basename } from "path";
import { alertmanagerYaml, credentialFiles } from "../helpers/rendered";
import { unwrapSecrets } from "../helpers/secrets";

const INTEGRATION = "pagerduty:index/serviceIntegration:ServiceIntegration";
const SECRET = "kubernetes:core/v1:Secret";
const DEPLOYMENT = "kubernetes:apps/v1:Deployment";
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The key Alertmanager pages with: the file its config names, from the credentials Secret. */
function routingKey(run: ProgramRun): string {
  const config = parse(alertmanagerYaml(run).text) as {
    receivers: Array<{ name: string; pagerduty_configs?: Array<{ routing_key_file: string }> }>;
  };
  const file = String(config.receivers.find((r) => r.name === "pagerduty")?.pagerduty_configs?.[0].routing_key_file);
  return credentialFiles(run).files[basename(file)];
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

  it("changes the integrations' names (on-call and alerting pipeline), the credentials Secret and the Secret the pods mount, and nothing else", () => {
    // The credentials Secret is immutable and auto-named: pulumi-kubernetes
    // replaces it, creating the new one (under a new name) before deleting the
    // old, and the Deployment rolls to the new name. alertmanager.yml does not
    // change: it names the keys' files, not the keys.
    assert.deepEqual(graphDiff(v1, v2), [
      `${DEPLOYMENT}::alertmanager-deployment $.spec.template.spec.volumes["1"].secret.secretName`,
      `${SECRET}::alertmanager-credentials $.stringData["pagerduty-integration-key"]`,
      `${SECRET}::alertmanager-credentials $.stringData["pagerduty-pipeline-integration-key"]`,
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

  it("puts the new integration's key, and only it, into the credentials Secret", () => {
    const newKey = mockIntegrationKey(integrationName(v2));
    const oldKey = mockIntegrationKey(integrationName(v1));
    assert.notEqual(newKey, oldKey);
    assert.equal(routingKey(v2), newKey);
    assert.ok(!JSON.stringify(credentialFiles(v2).files).includes(oldKey), "the old key must not linger");
    assert.ok(credentialFiles(v2).wasSecret, "the rotated key is still a secret");
  });

  it("rolls the pods only after the new Secret exists, and keeps the old one until then", () => {
    const secretName = (run: ProgramRun) =>
      (unwrapSecrets(onlyOfType(run, DEPLOYMENT).inputs) as { spec: { template: { spec: { volumes: Json[] } } } }).spec
        .template.spec.volumes[1].secret.secretName;
    // The pod template takes the Secret's generated name, an output of the
    // Secret: the engine updates the Deployment only once the new Secret is created.
    assert.notEqual(secretName(v1), secretName(v2));
    assert.equal(secretName(v2), secretName(v2Again));
    const secret = v2.options.get(`${SECRET}::alertmanager-credentials`);
    // deleteBeforeReplace unset: the engine's default, create-before-delete, for an auto-named object.
    assert.equal(secret?.deleteBeforeReplace, undefined);
    assert.ok(k8s.Provider.isInstance(secret?.provider), "through the stack's explicit provider");
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
