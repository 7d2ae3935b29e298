import { strict as assert } from "assert";
import { parseSettings } from "../../src/settings/parse";
import { settingsProblems as problems, sourceOf, VALID } from "./settings-source";

describe("cluster settings", () => {
  it("refuses a stack that names no cluster, which would follow the current kube context", () => {
    const message = problems({ kubeContext: undefined });
    assert.match(message, /kubeContext: is required \(or kubeconfig\)/);
    assert.match(message, /pulumi config set kubeContext '<context of the dev cluster>' --stack dev/);
  });

  it("takes a secret kubeconfig instead, and refuses one in plain text", () => {
    assert.equal(problems({ kubeContext: undefined, kubeconfig: "apiVersion: v1" }, ["kubeconfig"]), "");
    const message = problems({ kubeContext: undefined, kubeconfig: "apiVersion: v1" });
    assert.match(message, /kubeconfig: is stored in plain text/);
    assert.doesNotMatch(message, /apiVersion: v1/);
  });

  it("defaults to a namespace of the stack's own, protected in prod only", () => {
    const dev = parseSettings(sourceOf(VALID, [], "dev"));
    const prod = parseSettings(sourceOf(VALID, [], "prod"));
    assert.equal(dev.alertmanager.namespace, "slo-alerting-dev");
    assert.equal(prod.alertmanager.namespace, "slo-alerting-prod");
    assert.equal(dev.cluster.protectNamespace, false);
    assert.equal(prod.cluster.protectNamespace, true);
    assert.equal(
      parseSettings(sourceOf({ ...VALID, protectNamespace: "false" }, [], "prod")).cluster.protectNamespace,
      false,
    );
  });
});
