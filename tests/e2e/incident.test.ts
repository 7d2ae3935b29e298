import { strict as assert } from "assert";
import { PagerDutyEvent } from "../helpers/fake-receivers";
import { Alertmanager, sleep } from "../helpers/processes";
import { firingNow, postAlerts, resolvedCopy } from "./support/alerts";
import { Harness } from "./support/harness";
import { incidents, openIncidents, ruleAlert, silence } from "./support/incidents";

const TIMINGS = { groupWait: "1s", groupInterval: "2s", repeatInterval: "1h" };
const ARRIVAL_MS = 15_000;
// Two group_interval flushes: anything more would have come by then.
const QUIET_MS = 5_000;

/**
 * The incident model (docs/incident-model.md) against the real Alertmanager
 * 0.25 running the program's prod alertmanager.yml, the alerts built from the
 * program's own rule files. Each case failed on the config before the model:
 * inhibition between pages stranded a resolve and let a silence mute the
 * outage page, and the error-rate page had an SLO of its own.
 */
describe("e2e: one PagerDuty incident per SLO and stack, resolved when the outage ends", function () {
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

  const post = (...alerts: Parameters<typeof firingNow>[0][]) => postAlerts([am.url], alerts);
  /** The next trigger after the `seen` first ones. */
  const nextTrigger = (seen: number, what: string): Promise<PagerDutyEvent> =>
    h.pagerDuty.waitFor(what, () => h.pagerDuty.triggers[seen], ARRIVAL_MS);

  it("resolves every incident it opened when a seed page clears under a burn-rate page (the stranded-resolve sequence)", async () => {
    const seed = firingNow(ruleAlert(h.stack.ruleFiles, "APISLOAvailabilityBreach"));
    const burn = ruleAlert(h.stack.ruleFiles, "APIAvailabilityBudgetBurnPage", { tier: "fast" });
    // The benchmark's order at 10% errors, scaled down: seed pages, burn-rate joins, seed clears, burn-rate clears.
    await post(seed);
    await h.pagerDuty.waitFor("the seed's trigger", () => h.pagerDuty.triggers.length > 0, ARRIVAL_MS);
    await post(firingNow(burn));
    await sleep(3_000);
    await post(resolvedCopy(seed));
    await sleep(3_000);
    await post(resolvedCopy(burn));
    await h.pagerDuty
      .waitFor("every incident resolved", () => openIncidents(h.pagerDuty.events).length === 0, ARRIVAL_MS)
      .catch(() => undefined);
    await sleep(QUIET_MS);

    const byKey = incidents(h.pagerDuty.events);
    assert.deepEqual(openIncidents(h.pagerDuty.events), [], `incidents left open: ${JSON.stringify([...byKey])}`);
    assert.equal(byKey.size, 1, `one incident for the outage, got ${JSON.stringify([...byKey])}`);
    assert.equal([...byKey.values()][0].filter((a) => a === "resolve").length, 1, "resolved once, at the end");
  });

  it("delivers the absence page while a silence mutes the SLO's burn-rate page", async () => {
    await silence(am.url, { alertname: "APIAvailabilityBudgetBurnPage", stack: "prod" });
    await post(
      firingNow(ruleAlert(h.stack.ruleFiles, "APIAvailabilityBudgetBurnPage", { tier: "slow" })),
      firingNow(ruleAlert(h.stack.ruleFiles, "APIRequestsMetricAbsent")),
    );
    const trigger = await h.pagerDuty
      .waitFor("the absence page", () => h.pagerDuty.triggers[0], ARRIVAL_MS)
      .catch(() => undefined);
    assert.ok(trigger, "PagerDuty received nothing: the silenced burn-rate page muted the outage page");
    assert.equal(trigger.payload.custom_details?.alertname, "APIRequestsMetricAbsent");
    assert.equal(trigger.payload.custom_details?.num_firing, "1", "the silenced page is not in the notification");
  });

  it("opens exactly one incident per SLO for a 5xx outage, and closes each", async () => {
    const outage = [
      ruleAlert(h.stack.ruleFiles, "APISLOErrorRateBreach"),
      ruleAlert(h.stack.ruleFiles, "APISLOAvailabilityBreach"),
      ruleAlert(h.stack.ruleFiles, "APIAvailabilityBudgetBurnPage", { tier: "fast" }),
      ruleAlert(h.stack.ruleFiles, "APIAvailabilityBudgetBurnPage", { tier: "slow" }),
      // The 5xx also make the latency page of the API fire: its own SLO, its own incident.
      ruleAlert(h.stack.ruleFiles, "APISLOLatencyBreachCritical"),
    ].map(firingNow);
    await post(...outage);
    await h.pagerDuty
      .waitFor("the triggers", () => h.pagerDuty.triggers.length >= 2, ARRIVAL_MS)
      .catch(() => undefined);
    await sleep(QUIET_MS);
    const slos = h.pagerDuty.triggers.map((t) => `${t.payload.custom_details?.slo} ${t.dedup_key}`);
    assert.deepEqual(
      [...new Set(slos)].sort().map((s) => s.split(" ")[0]),
      ["api-availability", "api-latency"],
      `one dedup_key per SLO, got ${JSON.stringify(slos)}`,
    );

    await post(...outage.map(resolvedCopy));
    await h.pagerDuty.waitFor("the resolves", () => openIncidents(h.pagerDuty.events).length === 0, ARRIVAL_MS);
    assert.equal(incidents(h.pagerDuty.events).size, 2);
  });

  it("names every firing page and the SLO while two share the incident, and drops a page once it resolved", async () => {
    // The stranded-resolve order of the issue: the seed pages, the burn-rate page joins, the seed clears first.
    // Alertmanager sorts a group's alerts by label count first: the seed's page (no tier label) leads the group.
    const seed = firingNow(ruleAlert(h.stack.ruleFiles, "APISLOAvailabilityBreach"));
    const burn = ruleAlert(h.stack.ruleFiles, "APIAvailabilityBudgetBurnPage", { tier: "fast" });
    await post(seed);
    const alone = await nextTrigger(0, "the seed's page");
    assert.equal(alone.payload.summary, seed.annotations.summary);
    assert.equal(alone.payload.class, "APISLOAvailabilityBreach");

    await post(firingNow(burn));
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
    await post(resolvedCopy(seed));
    const after = await nextTrigger(2, "the update once the seed's page resolved");
    assert.equal(after.dedup_key, alone.dedup_key);
    assert.equal(after.payload.summary, burn.annotations.summary, "the summary of the page still firing");
    assert.equal(after.payload.class, "APIAvailabilityBudgetBurnPage");
    assert.equal(after.payload.custom_details?.description, burn.annotations.description);
    assert.equal(after.payload.custom_details?.runbook_url, burn.annotations.runbook_url);
    assert.deepEqual(after.links, [
      { href: burn.annotations.runbook_url, text: "Runbook: APIAvailabilityBudgetBurnPage" },
    ]);

    await post(resolvedCopy(burn));
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
