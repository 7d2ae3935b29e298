import { strict as assert } from "assert";
import {
  DNS_REFRESH_SECONDS,
  prometheusAlertingBlock,
  replicasDnsName,
  singleTargetProblem,
} from "../../src/kubernetes/discovery";
import { alertmanagerNames, MIN_READY_SECONDS } from "../../src/kubernetes/manifests";
import { SettingsError } from "../../src/settings/errors";
import { parseSettings } from "../../src/settings/parse";
import { sourceOf, VALID } from "./settings-source";

const NAMES = alertmanagerNames("alertmanager", "monitoring");

describe("Prometheus' discovery of the Alertmanager replicas", () => {
  it("names the headless Service fully qualified, so no search domain or ndots is tried first", () => {
    assert.equal(replicasDnsName(NAMES, "cluster.local"), "alertmanager-replicas.monitoring.svc.cluster.local.");
    assert.equal(replicasDnsName(NAMES, "k8s.example"), "alertmanager-replicas.monitoring.svc.k8s.example.");
  });

  it("re-resolves the replicas before a rolling update may remove the next pod", () => {
    assert.ok(DNS_REFRESH_SECONDS < MIN_READY_SECONDS);
  });

  it("accepts the program's own block for any number of replicas", () => {
    const block = prometheusAlertingBlock(replicasDnsName(NAMES, "cluster.local"));
    for (const replicas of [1, 3, 9]) {
      assert.equal(singleTargetProblem(block, replicas, NAMES), undefined);
    }
  });

  it("refuses, above one replica, a single static target or the load-balanced Service", () => {
    const single = {
      alerting: { alertmanagers: [{ static_configs: [{ targets: ["alertmanager.monitoring.svc:9093"] }] }] },
    };
    assert.equal(singleTargetProblem(single, 1, NAMES), undefined, "one replica: one target is every replica");
    assert.match(singleTargetProblem(single, 3, NAMES) ?? "", /3 Alertmanager replicas but .* 1 static target/);
    const balanced = prometheusAlertingBlock("alertmanager.monitoring.svc.cluster.local.");
    assert.match(singleTargetProblem(balanced, 3, NAMES) ?? "", /the load-balanced ClusterIP Service/);
  });

  it("reads clusterDomain, and refuses one that is not a DNS domain with the fix", () => {
    assert.equal(parseSettings(sourceOf(VALID)).alertmanager.clusterDomain, "cluster.local");
    assert.equal(
      parseSettings(sourceOf({ ...VALID, clusterDomain: "k8s.example" })).alertmanager.clusterDomain,
      "k8s.example",
    );
    assert.throws(
      () => parseSettings(sourceOf({ ...VALID, clusterDomain: "cluster.local." })),
      (e: unknown) =>
        e instanceof SettingsError &&
        /clusterDomain: "cluster\.local\." is not a DNS domain/.test(e.message) &&
        /pulumi config set clusterDomain cluster\.local --stack dev/.test(e.message),
    );
  });
});
