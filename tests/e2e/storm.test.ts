import { strict as assert } from "assert";
import { useAlertmanager } from "./support/suite";
import { runStorm } from "./support/storm";

// group_wait longer than the storm, as in production (30s against a storm of
// a few seconds), so each group's first page already holds all its alerts.
const TIMINGS = { groupWait: "5s", groupInterval: "5s", repeatInterval: "1h" };
const SERVICES = ["api", "dispatch", "checkout", "search", "billing", "auth", "catalog", "shipping"];

describe("e2e: an alert storm through the real Alertmanager 0.25", function () {
  this.timeout(90_000);
  const suite = useAlertmanager(TIMINGS);

  it("pages each group once with all its alerts counted, however many alerts the storm holds", async () => {
    const storm = await runStorm(suite.h, suite.am, {
      services: SERVICES,
      instances: 8,
      batches: 8,
      spreadMs: 3_000,
      timeoutMs: 30_000,
    });
    console.log(
      `      ${storm.alerts} alerts in ${storm.postedInMs / 1000} s → ${storm.triggers} PagerDuty triggers for ${storm.groups} groups ` +
        `(${storm.perGroup.min}-${storm.perGroup.max} per group, bound ${storm.bound}); all paged ${storm.lastGroupCompleteMs / 1000} s after the first alert`,
    );
    assert.ok(storm.alerts >= 300, `a storm of hundreds, got ${storm.alerts}`);
    assert.deepEqual(storm.incomplete, [], "groups whose page does not count every alert");
    assert.ok(
      storm.perGroup.max <= storm.bound,
      `at most ${storm.bound} triggers per group, got ${storm.perGroup.max}`,
    );
    assert.equal(storm.triggers, storm.groups, "one trigger per group when the storm is shorter than group_wait");
    assert.equal(suite.h.pagerDuty.triggersPerDedupKey().size, storm.groups, "one incident per group");
  });
});
