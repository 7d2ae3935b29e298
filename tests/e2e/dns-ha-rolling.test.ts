import { strict as assert } from "assert";
import type { RollingResult } from "./support/dns-ha";
import { runInNamespace } from "./support/in-namespace";

// Each scenario runs whole in a network namespace of its own (ip netns):
// its replicas, dnsmasq, Prometheus and the PagerDuty stand-in, resolving
// through the namespace's /etc/netns/<ns>/resolv.conf. The replica kill is in dns-ha-kill.test.ts.
const SCENARIOS = "tests/e2e/support/dns-ha.ts";
const TIMEOUT_MS = 240_000;

describe("e2e: Prometheus 2.42 wired by the program's prometheusAlertingConfig, unchanged, finds 3 Alertmanager 0.25 replicas through DNS in a network namespace", function () {
  this.timeout(TIMEOUT_MS + 10_000);

  it("rolls all 3 replicas one by one as the Deployment does with no false resolve, no second trigger and no page later than one peer timeout", async () => {
    const r = await runInNamespace<RollingResult>(SCENARIOS, "rollingRestartOnProd", TIMEOUT_MS);
    console.log(
      `      ${r.groups} groups (4 before, 4 mid-rollout); ${r.incidents} incidents, ${r.retriggers} second triggers, ` +
        `${r.resolves} resolves; mid-rollout firing → page ${r.midRolloutPageMs / 1000} s`,
    );
    assert.equal(r.paged, r.groups);
    assert.ok(Number.isFinite(r.midRolloutPageMs), "a time for the mid-rollout page");
    assert.equal(r.incidents, r.groups);
    assert.equal(r.retriggers, 0, "no second trigger");
    assert.equal(r.resolves, 0, "no false resolve");
    assert.ok(r.midRolloutPageMs <= r.groupWaitMs + r.peerTimeoutMs + 5_000, `${r.midRolloutPageMs} ms`);
  });
});
