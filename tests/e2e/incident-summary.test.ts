import { strict as assert } from "assert";
import { PagerDutyEvent } from "../helpers/fake-receivers";
import { Alertmanager, sleep } from "../helpers/processes";
import { firingNow, postAlerts, resolvedCopy } from "./support/alerts";
import { Harness } from "./support/harness";
import { ruleAlert } from "./support/incidents";

const TIMINGS = { groupWait: "1s", groupInterval: "2s", repeatInterval: "1h" };
const ARRIVAL_MS = 15_000;

/**
 * What the incident says while several pages of one SLO share it (the
 * incident model groups by stack and slo), with the real Alertmanager 0.25
 * running the program's prod alertmanager.yml and the PagerDuty stand-in
 * (Events API v2). Before, the summary was the group's first alert's, which
 * Alertmanager sorts by labels, so a resolved page could still speak for the
 * incident, and `class` was empty as soon as two names shared it.
 */
describe("e2e: the PagerDuty incident says what fires now", function () {
  this.timeout(90_000);
  let h: Harness;
  let am: Alertmanager;

  beforeEach(async () => {
    h = await Harness.start({ stack: "prod", timings: TIMINGS });
    am = await h.alertmanager();
  });
  afterEach(async () => {
    await h?.stop();
  });

  /** The next trigger after the `seen` first ones. */
  const nextTrigger = (seen: number, what: string): Promise<PagerDutyEvent> =>
    h.pagerDuty.waitFor(what, () => h.pagerDuty.triggers[seen], ARRIVAL_MS);

  it("names every firing page and the SLO while two share the incident, and drops a page once it resolved", async () => {
    // The stranded-resolve order of the issue: the seed pages, the burn-rate page joins, the seed clears first.
    // Alertmanager sorts a group's alerts by label count first: the seed's page (no tier label) leads the group.
    const seed = firingNow(ruleAlert(h.stack.ruleFiles, "APISLOAvailabilityBreach"));
    const burn = ruleAlert(h.stack.ruleFiles, "APIAvailabilityBudgetBurnPage", { tier: "fast" });
    await postAlerts([am.url], [seed]);
    const alone = await nextTrigger(0, "the seed's page");
    assert.equal(alone.payload.summary, seed.annotations.summary);
    assert.equal(alone.payload.class, "APISLOAvailabilityBreach");

    await postAlerts([am.url], [firingNow(burn)]);
    const both = await nextTrigger(1, "the update with both pages");
    assert.equal(both.dedup_key, alone.dedup_key, "one incident");
    assert.equal(
      both.payload.summary,
      "api-availability SLO on prod: 2 alerts firing (APISLOAvailabilityBreach, APIAvailabilityBudgetBurnPage (fast)). " +
        `APISLOAvailabilityBreach: ${seed.annotations.summary}`,
    );
    assert.equal(both.payload.class, "APISLOAvailabilityBreach, APIAvailabilityBudgetBurnPage");
    assert.equal(both.payload.custom_details?.alertname, "APISLOAvailabilityBreach, APIAvailabilityBudgetBurnPage");

    // Before: still the seed's summary (its alert leads the group, resolved), and an empty class.
    await postAlerts([am.url], [resolvedCopy(seed)]);
    const after = await nextTrigger(2, "the update once the seed's page resolved");
    assert.equal(after.dedup_key, alone.dedup_key);
    assert.equal(after.payload.summary, burn.annotations.summary, "the summary of the page still firing");
    assert.equal(after.payload.class, "APIAvailabilityBudgetBurnPage");
    assert.equal(after.payload.custom_details?.description, burn.annotations.description);
    assert.equal(after.payload.custom_details?.runbook_url, burn.annotations.runbook_url);
    assert.deepEqual(after.links, [
      { href: burn.annotations.runbook_url, text: "Runbook: APIAvailabilityBudgetBurnPage" },
    ]);

    await postAlerts([am.url], [resolvedCopy(burn)]);
    const resolve = await h.pagerDuty.waitFor(
      "the resolve",
      () => h.pagerDuty.events.find((e) => e.event_action === "resolve"),
      ARRIVAL_MS,
    );
    assert.equal(resolve.dedup_key, alone.dedup_key);
    await sleep(3_000);
    assert.deepEqual(h.pagerDuty.refused(400), [], "PagerDuty refused no event (the resolve templates render)");
  });
});
