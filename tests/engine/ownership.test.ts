import * as k8s from "@pulumi/kubernetes";
import { strict as assert } from "assert";
import { readFileSync } from "fs";
import { join } from "path";
import { parse } from "yaml";
import { ofType, onlyOfType, ProgramRun, runProgram } from "../helpers/program";
import { unwrapSecrets } from "../helpers/secrets";
import { ROOT, STACKS } from "../helpers/stack-config";

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const PROVIDER = "pulumi:providers:kubernetes";

function inputsOf(run: ProgramRun, type: string): Json {
  return unwrapSecrets(onlyOfType(run, type).inputs) as Json;
}

function optionsOf(run: ProgramRun, type: string, name: string) {
  return run.options.get(`${type}::${name}`);
}

// Mocks have no default provider, no replace semantics and no deletes: these
// tests assert the structure that decides what `pulumi up` does to the cluster.
describe("what the engine would do to the cluster", () => {
  const runs: Record<string, ProgramRun> = {};
  before(async () => {
    for (const stack of STACKS) {
      runs[stack] = await runProgram(stack, { plain: { emitPrometheusRule: "true" } });
    }
  });

  for (const stack of STACKS) {
    describe(`stack ${stack}`, () => {
      it("disables the default kubernetes provider in the stack file", () => {
        // With it disabled, a Kubernetes resource without an explicit provider
        // fails instead of deploying to the current kube context (pulumi/pulumi#8829).
        const file = parse(readFileSync(join(ROOT, `Pulumi.${stack}.yaml`), "utf8")) as { config: Json };
        assert.deepEqual(file.config["pulumi:disable-default-providers"], ["kubernetes"]);
      });

      it("creates one Kubernetes provider from the stack's settings", () => {
        const provider = inputsOf(runs[stack], PROVIDER);
        assert.equal(provider.context, `slo-alerting-${stack}`);
        // pulumi-kubernetes replaces a ConfigMap whose data changes unless
        // enableConfigMapMutable is on, delete-first for a fixed name: the rule
        // ConfigMaps would vanish from Prometheus in between.
        assert.equal(JSON.parse(String(provider.enableConfigMapMutable)), true);
      });

      it("puts every Kubernetes resource on that provider, explicitly", () => {
        const kubernetes = runs[stack].resources.filter((r) => r.type.startsWith("kubernetes:"));
        assert.ok(kubernetes.length >= 6);
        const without = kubernetes
          .filter((r) => !k8s.Provider.isInstance(optionsOf(runs[stack], r.type, r.name)?.provider))
          .map((r) => `${r.type}::${r.name}`);
        assert.deepEqual(without, []);
      });

      it("keeps the namespace it creates when the stack is destroyed or stops creating it", () => {
        const ns = onlyOfType(runs[stack], "kubernetes:core/v1:Namespace");
        assert.equal((unwrapSecrets(ns.inputs) as Json).metadata.name, `slo-alerting-${stack}`);
        const opts = optionsOf(runs[stack], ns.type, ns.name);
        // retainOnDelete: the engine drops it from the state without deleting
        // it, so a namespace delete never cascades to what else runs there.
        assert.equal(opts?.retainOnDelete, true);
        // protect: the engine refuses to remove it at all in prod.
        assert.equal(opts?.protect, stack === "prod");
      });

      it("keeps the rule ConfigMaps' names stable, so a rule change is an in-place update", () => {
        const names = ofType(runs[stack], "kubernetes:core/v1:ConfigMap").map(
          (cm) => (unwrapSecrets(cm.inputs) as Json).metadata.name,
        );
        assert.deepEqual(names.filter((n) => n.startsWith("slo-rules-")).sort(), [
          "slo-rules-api",
          "slo-rules-dispatch",
          "slo-rules-global",
        ]);
        // The dashboards' ConfigMaps too: Grafana's sidecar reloads an edited one in place.
        for (const cm of ofType(runs[stack], "kubernetes:core/v1:ConfigMap")) {
          assert.notEqual((unwrapSecrets(cm.inputs) as Json).immutable, true);
        }
      });

      it("freezes the Deployment's selector, which Kubernetes cannot change in place", () => {
        // A new selector forces pulumi-kubernetes to replace the Deployment, and
        // with its fixed name delete-first: no Alertmanager for the duration.
        const deployment = inputsOf(runs[stack], "kubernetes:apps/v1:Deployment");
        assert.deepEqual(deployment.spec.selector, {
          matchLabels: { "app.kubernetes.io/name": "alertmanager", "app.kubernetes.io/instance": "alertmanager" },
        });
      });
    });
  }

  it("uses an existing namespace without owning it when createNamespace is false", async () => {
    const run = await runProgram("prod", { plain: { createNamespace: "false", namespace: "observability" } });
    assert.equal(ofType(run, "kubernetes:core/v1:Namespace").length, 0);
    assert.equal(inputsOf(run, "kubernetes:apps/v1:Deployment").metadata.namespace, "observability");
  });

  it("lets two stacks share a cluster: no Kubernetes object of dev has the namespace and name of one of prod", () => {
    const keys = (run: ProgramRun) =>
      run.resources
        // Objects the stack creates; a read (the PrometheusRule CRD) is shared by design.
        .filter((r) => r.type.startsWith("kubernetes:") && !r.read)
        .map((r) => {
          const meta = (unwrapSecrets(r.inputs) as Json).metadata;
          return `${r.type} ${meta.namespace ?? ""}/${meta.name ?? "(generated)"}`;
        })
        .filter((k) => !k.endsWith("(generated)"));
    const prod = new Set(keys(runs.prod));
    assert.deepEqual(
      keys(runs.dev).filter((k) => prod.has(k)),
      [],
    );
  });
});

describe("PrometheusRule objects and their CRD", () => {
  let run: ProgramRun;
  before(async () => {
    run = await runProgram("prod", {
      plain: { emitPrometheusRule: "true", prometheusRuleLabels: '{"release":"kube-prometheus-stack"}' },
    });
  });

  it("carry the labels the Prometheus's ruleSelector matches", () => {
    const rules = ofType(run, "kubernetes:monitoring.coreos.com/v1:PrometheusRule");
    assert.equal(rules.length, 3);
    for (const rule of rules) {
      assert.equal((unwrapSecrets(rule.inputs) as Json).metadata.labels.release, "kube-prometheus-stack");
    }
  });

  it("wait for a read of the CRD, so a cluster without prometheus-operator fails the preview", () => {
    // CustomResourceDefinition.get reads the live object during preview; a
    // missing one is an error there, naming it, instead of a create failing at up.
    const crd = onlyOfType(run, "kubernetes:apiextensions.k8s.io/v1:CustomResourceDefinition");
    const opts = optionsOf(run, crd.type, crd.name);
    assert.equal(opts?.id, "prometheusrules.monitoring.coreos.com");
    assert.ok(k8s.Provider.isInstance(opts?.provider));
    for (const rule of ofType(run, "kubernetes:monitoring.coreos.com/v1:PrometheusRule")) {
      const dependsOn = [optionsOf(run, rule.type, rule.name)?.dependsOn ?? []].flat();
      assert.ok(
        dependsOn.some((d) => k8s.apiextensions.v1.CustomResourceDefinition.isInstance(d)),
        rule.name,
      );
    }
  });

  it("reads no CRD when emitPrometheusRule is off", async () => {
    const off = await runProgram("prod");
    assert.equal(ofType(off, "kubernetes:apiextensions.k8s.io/v1:CustomResourceDefinition").length, 0);
  });
});
