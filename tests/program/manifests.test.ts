import { strict as assert } from "assert";
import { PodMonitor } from "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PodMonitor";
import { PrometheusRule } from "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PrometheusRule";
import { Deployment } from "kubernetes-models/apps/v1/Deployment";
import { ConfigMap } from "kubernetes-models/v1/ConfigMap";
import { Namespace } from "kubernetes-models/v1/Namespace";
import { Secret } from "kubernetes-models/v1/Secret";
import { Service } from "kubernetes-models/v1/Service";
import { PodDisruptionBudget } from "kubernetes-models/policy/v1/PodDisruptionBudget";
import { ProgramRun, runProgram } from "../helpers/program";
import { unwrapSecrets } from "../helpers/secrets";
import { STACKS } from "../helpers/stack-config";

// The Pulumi type tokens the program uses, and the schema each object must satisfy.
const MODELS: Record<string, (data: Record<string, unknown>) => { validate(): void }> = {
  "kubernetes:core/v1:Namespace": (d) => new Namespace(d),
  "kubernetes:core/v1:Secret": (d) => new Secret(d),
  "kubernetes:core/v1:Service": (d) => new Service(d),
  "kubernetes:core/v1:ConfigMap": (d) => new ConfigMap(d),
  "kubernetes:apps/v1:Deployment": (d) => new Deployment(d),
  "kubernetes:policy/v1:PodDisruptionBudget": (d) => new PodDisruptionBudget(d),
  "kubernetes:monitoring.coreos.com/v1:PrometheusRule": (d) =>
    new PrometheusRule(d as unknown as ConstructorParameters<typeof PrometheusRule>[0]),
  "kubernetes:monitoring.coreos.com/v1:PodMonitor": (d) =>
    new PodMonitor(d as unknown as ConstructorParameters<typeof PodMonitor>[0]),
};

function kubernetesObjects(run: ProgramRun) {
  // Objects the program creates; a read (the PrometheusRule CRD) has no manifest.
  return run.resources.filter((r) => r.type.startsWith("kubernetes:") && !r.read);
}

function validateAll(run: ProgramRun): number {
  const objects = kubernetesObjects(run);
  for (const object of objects) {
    const model = MODELS[object.type];
    assert.ok(model, `no schema known for ${object.type}`);
    const data = unwrapSecrets(object.inputs) as Record<string, unknown>;
    // Pulumi fills apiVersion/kind from the type token; the schema wants them.
    delete data.apiVersion;
    delete data.kind;
    model(data).validate();
  }
  return objects.length;
}

describe("Kubernetes objects validated offline against the Kubernetes schemas", () => {
  for (const stack of STACKS) {
    it(`accepts every object of stack ${stack}`, async () => {
      const run = await runProgram(stack, { secret: { slackWebhookUrl: "http://127.0.0.1:9/slack" } });
      assert.equal(validateAll(run), stack === "prod" ? 13 : 11);
    });
  }

  it("accepts the PrometheusRule objects emitted for clusters running prometheus-operator", async () => {
    const run = await runProgram("prod", { plain: { emitPrometheusRule: "true" } });
    const rules = run.resources.filter((r) => r.type === "kubernetes:monitoring.coreos.com/v1:PrometheusRule");
    assert.equal(rules.length, 3);
    validateAll(run);
  });

  it("accepts the PodMonitor emitted for prometheus-operator, which scrapes the pods under the job the delivery rules select", async () => {
    const run = await runProgram("prod", { plain: { emitPodMonitor: "true" } });
    const monitors = run.resources.filter((r) => r.type === "kubernetes:monitoring.coreos.com/v1:PodMonitor");
    assert.equal(monitors.length, 1);
    const spec = (unwrapSecrets(monitors[0].inputs) as { spec: Record<string, any> }).spec; // eslint-disable-line @typescript-eslint/no-explicit-any
    assert.deepEqual(spec.podMetricsEndpoints[0].relabelings, [
      { action: "replace", targetLabel: "job", replacement: "slo-alerting-alertmanager-prod" },
    ]);
    assert.deepEqual(spec.namespaceSelector, { matchNames: ["slo-alerting-prod"] });
    validateAll(run);
  });

  it("rejects an object that breaks the schema, so the check above can fail", () => {
    const broken = new Deployment({
      metadata: { name: "x" },
      spec: {
        selector: {},
        template: {
          spec: { containers: [{ name: "c", image: "i", ports: [{ containerPort: "web" as unknown as number }] }] },
        },
      },
    });
    assert.throws(() => broken.validate(), /containerPort must be integer/);
  });
});
