import { strict as assert } from "assert";
import type { KillResult } from "./support/dns-ha";
import { runInNamespace } from "./support/in-namespace";

// Each scenario runs whole in a network namespace of its own (ip netns):
// its replicas, dnsmasq, Prometheus and the PagerDuty stand-in, resolving
// through the namespace's /etc/netns/<ns>/resolv.conf. The rolling restart is in dns-ha-rolling.test.ts.
const SCENARIOS = "tests/e2e/support/dns-ha.ts";
const TIMEOUT_MS = 240_000;
// Ten of Alertmanager's 200 ms gossip ticks: how late a CPU-starved replica may still be in sending "page sent".
const GOSSIP_WINDOW_MS = 2_000;

describe("e2e: Prometheus 2.42 wired by the program's prometheusAlertingConfig, unchanged, finds 3 Alertmanager 0.25 replicas through DNS in a network namespace", function () {
  this.timeout(TIMEOUT_MS + 10_000);

  it("sends every alert to every replica; losing the replica that pages first mid-storm loses no page and opens no second incident", async () => {
    const r = await runInNamespace<KillResult>(SCENARIOS, "stormWithKillOnProd", TIMEOUT_MS);
    console.log(
      `      ${r.groups} groups, killed ${r.killed} mid-storm; ${r.incidents} incidents, ${r.retriggers} second triggers` +
        `${r.secondTriggers.map((t) => ` (first sent ${t.firstBeforeKillMs} ms before the kill)`).join("")}, ` +
        `${r.resolves} resolves; worst firing → page ${r.worstFirstPageMs / 1000} s`,
    );
    assert.equal(r.paged, r.groups, "every group paged");
    assert.ok(Number.isFinite(r.worstFirstPageMs), "a time for every group's first page");
    assert.equal(r.incidents, r.groups, "one incident per group");
    assert.equal(r.resolves, 0, "nothing resolved while it fires");
    // Second triggers carry the same dedup_key, so PagerDuty folds them into the open incident (checked above).
    // Alertmanager logs a page as sent only once PagerDuty accepted it and gossips that entry afterwards, at its
    // next gossip tick (200 ms): a replica SIGKILLed in between takes the only record of the page with it, and the
    // next in line pages again after its peer timeout (docs/delivery-benchmark.md, "Replica kill duplicates"). No
    // setting closes that window, so a second trigger is allowed only there: a page the killed replica sent just
    // before it died, repeated by a survivor one peer timeout or more later. Any other is a defect.
    for (const t of r.secondTriggers) {
      const what = `second trigger of ${t.dedupKey} by ${t.by}, ${t.afterMs} ms after the first (by ${t.firstBy}, ${t.firstBeforeKillMs} ms before the kill)`;
      assert.equal(t.firstBy, r.killed, `${what}: the first page came from a replica that lived on`);
      assert.ok(
        t.firstBeforeKillMs >= 0 && t.firstBeforeKillMs <= GOSSIP_WINDOW_MS,
        `${what}: not in the gossip window`,
      );
      assert.ok(t.afterMs >= r.peerTimeoutMs - 1_000, `${what}: not a survivor's late peer wait`);
    }
    assert.ok(r.retriggers < r.groups / 4, `${r.retriggers} second triggers for ${r.groups} groups`);
    // Evaluation, group_wait, and for the dead member's groups the next one's peer wait.
    assert.ok(r.worstFirstPageMs <= r.groupWaitMs + r.peerTimeoutMs + 5_000, `${r.worstFirstPageMs} ms`);
  });
});
