import { strict as assert } from "assert";
import type { KillResult, RollingResult } from "./support/dns-ha";
import { runInNamespace } from "./support/in-namespace";

// Each scenario runs whole in a network namespace of its own (ip netns):
// its replicas, dnsmasq, Prometheus and the PagerDuty stand-in, resolving
// through the namespace's /etc/netns/<ns>/resolv.conf.
const SCENARIOS = "tests/e2e/support/dns-ha.ts";
const TIMEOUT_MS = 240_000;

describe("e2e: Prometheus 2.42 wired by the program's prometheusAlertingConfig, unchanged, finds 3 Alertmanager 0.25 replicas through DNS in a network namespace", function () {
  this.timeout(TIMEOUT_MS + 10_000);

  it("sends every alert to every replica; losing the replica that pages first mid-storm loses no page and opens no second incident", async () => {
    const r = await runInNamespace<KillResult>(SCENARIOS, "stormWithKillOnProd", TIMEOUT_MS);
    console.log(
      `      ${r.groups} groups, killed ${r.killed} mid-storm; ${r.incidents} incidents, ${r.retriggers} second triggers, ` +
        `${r.resolves} resolves; worst firing → page ${r.worstFirstPageMs / 1000} s`,
    );
    assert.equal(r.paged, r.groups, "every group paged");
    assert.ok(Number.isFinite(r.worstFirstPageMs), "a time for every group's first page");
    assert.equal(r.incidents, r.groups, "one incident per group");
    assert.equal(r.resolves, 0, "nothing resolved while it fires");
    // Second triggers carry the same dedup_key, so PagerDuty folds them into the open incident (checked above).
    // None in isolated runs and the benchmark; under CPU load (the full suite on 2 shared cores) a survivor
    // sometimes ends its peer wait before gossip told it of the page, as tests/e2e/pod-loss describes.
    for (const after of r.retriggerAfterMs) {
      assert.ok(after >= r.peerTimeoutMs - 1_000, `a second trigger ${after} ms after the first is not a late peer`);
    }
    assert.ok(r.retriggers < r.groups / 4, `${r.retriggers} second triggers for ${r.groups} groups`);
    // Evaluation, group_wait, and for the dead member's groups the next one's peer wait.
    assert.ok(r.worstFirstPageMs <= r.groupWaitMs + r.peerTimeoutMs + 5_000, `${r.worstFirstPageMs} ms`);
  });

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
