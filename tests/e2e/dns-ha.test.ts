import { strict as assert } from "assert";
import { Harness } from "./support/harness";
import { rollingRestart, stormWithKill } from "./support/dns-ha";

const TIMINGS = { groupWait: "1s", groupInterval: "2s", repeatInterval: "1h" };

describe("e2e: Prometheus 2.42 wired by the program's prometheusAlertingConfig, unchanged, finds 3 Alertmanager 0.25 replicas through DNS", function () {
  this.timeout(240_000);
  let h: Harness | undefined;

  afterEach(async () => {
    await h?.stop();
    h = undefined;
  });

  it("sends every alert to every replica; losing the replica that pages first mid-storm loses no page and opens no second incident", async () => {
    h = await Harness.start({ stack: "prod", timings: TIMINGS });
    const r = await stormWithKill(h);
    console.log(
      `      ${r.groups} groups, killed ${r.killed} mid-storm; ${r.incidents} incidents, ${r.retriggers} second triggers, ` +
        `${r.resolves} resolves; worst firing → page ${r.worstFirstPageMs / 1000} s`,
    );
    assert.equal(r.paged, r.groups, "every group paged");
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
    h = await Harness.start({ stack: "prod", timings: TIMINGS });
    const r = await rollingRestart(h);
    console.log(
      `      ${r.groups} groups (4 before, 4 mid-rollout); ${r.incidents} incidents, ${r.retriggers} second triggers, ` +
        `${r.resolves} resolves; mid-rollout firing → page ${r.midRolloutPageMs / 1000} s`,
    );
    assert.equal(r.paged, r.groups);
    assert.equal(r.incidents, r.groups);
    assert.equal(r.retriggers, 0, "no second trigger");
    assert.equal(r.resolves, 0, "no false resolve");
    assert.ok(r.midRolloutPageMs <= r.groupWaitMs + r.peerTimeoutMs + 5_000, `${r.midRolloutPageMs} ms`);
  });
});
