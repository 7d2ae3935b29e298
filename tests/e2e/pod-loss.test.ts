import { strict as assert } from "assert";
import { Harness } from "./support/harness";
import { POD_LOSS_SCENARIO, runPodLoss } from "./support/pod-loss";

const TIMINGS = { groupWait: "1s", groupInterval: "2s", repeatInterval: "1h" };

describe("e2e: losing an Alertmanager pod mid-storm in a cluster of three (real 0.25, loopback gossip, the Deployment's gossip flags)", function () {
  this.timeout(150_000);
  let h: Harness;

  before(async () => {
    h = await Harness.start({ stack: "prod", timings: TIMINGS });
  });

  after(async () => {
    await h?.stop();
  });

  // Why a page can be repeated: every page a member sends is gossiped as a
  // notification-log update, and a storm sends a burst of them. Memberlist
  // retransmits each update only a few times, to random peers (the dead one
  // included for 30 s), and leaves the rest to push-pull, a full state sync
  // every minute by default. A peer that has not heard of a page when its
  // peer-timeout wait ends sends it again. Seen with and without the kill.
  // PagerDuty folds the repeat into the open incident: same dedup_key.
  it("pages every group as one incident; the next survivor takes over within a peer timeout; repeats come only a peer timeout late, and none when push-pull is faster than the peer timeout", async () => {
    const result = await runPodLoss(h, POD_LOSS_SCENARIO);
    console.log(
      `      ${result.groups} groups, killed ${result.killed} (first in line); all paged ${result.killToAllPagedMs / 1000} s after the kill; ` +
        `${result.incidents} incidents; duplicates ${result.duplicates.length}` +
        ` (${result.duplicates.filter((d) => d.pagedBeforeKill).length} of pages made before the kill)` +
        `${result.duplicates.length ? ` (${Math.min(...result.duplicates.map((d) => d.afterMs)) / 1000} s or more after the first page)` : ""}; ` +
        `pages by member ${JSON.stringify(result.sentBy)}`,
    );
    assert.equal(result.paged, result.groups, "every group paged");
    assert.equal(result.incidents, result.groups, "one PagerDuty incident per group");
    assert.ok(result.sentBy[result.killed] > 0, "the killed member had paged the first waves");
    assert.ok(
      result.killToAllPagedMs <= result.peerTimeoutMs + 5_000,
      `the survivors took ${result.killToAllPagedMs} ms`,
    );
    for (const repeat of result.duplicates) {
      assert.ok(
        repeat.afterMs >= result.peerTimeoutMs - 1_000,
        `a repeat ${repeat.afterMs} ms after the first page is not a late peer: ${JSON.stringify(repeat)}`,
      );
    }
    // Gossip dedups most pages; a cluster that does not dedup repeats every one.
    assert.ok(
      result.duplicates.length < result.groups / 2,
      `${result.duplicates.length} repeats for ${result.groups} groups`,
    );
    if (result.pushPullMs < result.peerTimeoutMs) {
      assert.deepEqual(result.duplicates, []);
    }
  });
});
