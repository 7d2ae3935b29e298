import { strict as assert } from "assert";
import { parse } from "yaml";
import { PrometheusRule, RuleGroup } from "../../src/alerts/rules";
import { PagerDutyEvent } from "../helpers/fake-receivers";
import { Alertmanager } from "../helpers/processes";
import { catalogueAlert, PostableAlert, postAlerts, resolvedCopy } from "./support/alerts";
import { Harness } from "./support/harness";

const TIMINGS = { groupWait: "1s", groupInterval: "2s", repeatInterval: "1h" };
const ARRIVAL_MS = 15_000;
const QUIET_MS = 5_000;

/**
 * A spec SLO's page as Prometheus would send it: the labels of the program's
 * own rule (team included); the annotations are plain text, since routing
 * reads labels only and spec annotations query Prometheus.
 */
function specAlert(files: Record<string, string>, name: string, labels: Record<string, string> = {}): PostableAlert {
  const rule = Object.values(files)
    .flatMap((text) => (parse(text) as { groups: RuleGroup[] }).groups.flatMap((g) => g.rules))
    .find((r: PrometheusRule) => r.alert === name);
  if (rule === undefined) {
    throw new Error(`no rule file holds an alert named ${name}`);
  }
  const now = Date.now();
  return {
    labels: { alertname: name, ...rule.labels, ...labels },
    annotations: { summary: `${name} fires`, description: name, runbook_url: rule.annotations?.runbook_url ?? "" },
    startsAt: new Date(now).toISOString(),
    endsAt: new Date(now + 4 * 60_000).toISOString(),
    generatorURL: "http://127.0.0.1:9090/graph",
  };
}

describe("e2e: two teams paged by the real Alertmanager 0.25 with the program's alertmanager.yml", function () {
  this.timeout(120_000);
  let h: Harness;
  let am: Alertmanager;
  before(async () => {
    // The committed dev stack (teams sre and payments) with the examples, whose checkout SLOs payments owns.
    h = await Harness.start({
      stack: "dev",
      timings: TIMINGS,
      settings: { sloSpecs: JSON.stringify(["slos", "examples/slos"]) },
    });
    am = await h.alertmanager();
  });
  after(async () => {
    await h?.stop();
  });

  const bySlo = (slo: string): PagerDutyEvent[] => h.pagerDuty.events.filter((e) => e.payload.group === slo);

  it("pages each team's stand-in integration with its own key, and nothing crosses", async () => {
    const paymentsKey = h.stack.teamIntegrationKeys.payments;
    assert.ok(paymentsKey !== undefined && paymentsKey !== h.stack.integrationKey, "two distinct keys");
    const payments = specAlert(h.stack.ruleFiles, "CheckoutAvailabilityBudgetBurnPage", { tier: "fast" });
    assert.equal(payments.labels.team, "payments", "the program's rule carries the owner");
    const sre = catalogueAlert(h.stack.ruleFiles, "APISLOErrorRateBreach", 0.125);
    assert.equal(sre.labels.team, "sre");
    // A page of a team the stack does not know still reaches someone: the default team.
    const stray = { ...sre, labels: { ...sre.labels, alertname: "StrayPage", slo: "stray", team: "billing" } };
    await postAlerts([am.url], [payments, sre, stray]);
    await h.pagerDuty.waitFor(
      "three triggers",
      () => ["checkout-availability", "api-availability", "stray"].every((slo) => bySlo(slo).length > 0),
      ARRIVAL_MS,
    );
    await postAlerts([am.url], [resolvedCopy(payments), resolvedCopy(sre), resolvedCopy(stray)]);
    await h.pagerDuty.waitFor(
      "three resolves",
      () => h.pagerDuty.events.filter((e) => e.event_action === "resolve").length >= 3,
      ARRIVAL_MS,
    );
    await new Promise((resolve) => setTimeout(resolve, QUIET_MS));

    const keys = (slo: string) => [...new Set(bySlo(slo).map((e) => e.routing_key))];
    assert.deepEqual(keys("checkout-availability"), [paymentsKey]);
    assert.deepEqual(keys("api-availability"), [h.stack.integrationKey]);
    assert.deepEqual(keys("stray"), [h.stack.integrationKey]);
    // One incident per SLO, triggered then resolved, on its owner's service only.
    for (const slo of ["checkout-availability", "api-availability", "stray"]) {
      const events = bySlo(slo);
      assert.deepEqual(
        events.map((e) => e.event_action),
        ["trigger", "resolve"],
        slo,
      );
      assert.equal(new Set(events.map((e) => e.dedup_key)).size, 1, slo);
    }
    assert.equal(bySlo("checkout-availability")[0].payload.custom_details?.team, "payments");
    const paymentsEvents = h.pagerDuty.events.filter((e) => e.routing_key === paymentsKey);
    assert.deepEqual([...new Set(paymentsEvents.map((e) => e.payload.group))], ["checkout-availability"]);
  });

  it("posts each team's warnings to its own channel", async () => {
    const paymentsTicket = specAlert(h.stack.ruleFiles, "CheckoutAvailabilityBudgetBurnTicket", { tier: "slow" });
    const sreTicket = catalogueAlert(h.stack.ruleFiles, "APILatencyP95High", 3.5);
    await postAlerts([am.url], [paymentsTicket, sreTicket]);
    const message = (name: string) => h.webhooks.slack.find((m) => m.attachments[0]?.title.includes(name));
    await h.webhooks.waitFor(
      "both Slack messages",
      () => message(paymentsTicket.labels.alertname) && message(sreTicket.labels.alertname),
      ARRIVAL_MS,
    );
    // dev: payments' slackChannel on the shared webhook; the default team has no channel override.
    assert.equal(message(paymentsTicket.labels.alertname)?.channel, "#payments-alerts");
    assert.equal(message(sreTicket.labels.alertname)?.channel, undefined);
    const pages = h.pagerDuty.events.filter((e) => /Ticket$|P95High$/.test(String(e.payload.class)));
    assert.deepEqual(pages, [], "warnings page nobody");
  });
});

describe("e2e: a team with its own Slack webhook and a PagerDuty key managed elsewhere (teamSecrets)", function () {
  this.timeout(120_000);
  const EXTERNAL_KEY = "5EARCH0000externalKEY00000000000";
  let h: Harness;
  let am: Alertmanager;
  before(async () => {
    const teams = {
      payments: { escalationPolicy: { levels: [{ delayMinutes: 30, schedules: ["Payments Primary"] }] } },
      search: { slackChannel: "#search" },
    };
    h = await Harness.start({
      stack: "dev",
      timings: TIMINGS,
      settings: { teams: JSON.stringify(teams) },
      secrets: (webhooks) => ({
        teamSecrets: JSON.stringify({
          search: { slackWebhookUrl: `${webhooks.baseUrl}/slack-search`, pagerdutyIntegrationKey: EXTERNAL_KEY },
        }),
      }),
    });
    am = await h.alertmanager();
  });
  after(async () => {
    await h?.stop();
  });

  it("pages search with its external key and posts its warnings to its own webhook only", async () => {
    const base = catalogueAlert(h.stack.ruleFiles, "APISLOErrorRateBreach", 0.2);
    const labels = {
      alertname: "SearchLatencyBudgetBurnPage",
      slo: "search-latency",
      service: "search",
      team: "search",
    };
    const page = { ...base, labels: { ...base.labels, ...labels } };
    const ticket = {
      ...base,
      // Another SLO: a ticket of the paged SLO would be muted by the page (the inhibit rule).
      labels: {
        ...base.labels,
        ...labels,
        alertname: "SearchFreshnessBudgetBurnTicket",
        slo: "search-freshness",
        severity: "warning",
      },
    };
    await postAlerts([am.url], [page, ticket]);
    const ownHook = () => h.webhooks.received.filter((r) => r.path === "/slack-search");
    await h.pagerDuty.waitFor("the search page", () => bySlo("search-latency").length > 0, ARRIVAL_MS);
    await h.webhooks.waitFor("the search warning", () => ownHook().length > 0, ARRIVAL_MS);
    await new Promise((resolve) => setTimeout(resolve, QUIET_MS));

    assert.deepEqual(
      bySlo("search-latency").map((e) => [e.event_action, e.routing_key]),
      [["trigger", EXTERNAL_KEY]],
    );
    assert.equal(h.pagerDuty.events.filter((e) => e.routing_key === EXTERNAL_KEY).length, 1, "only search's page");
    const [message, ...more] = ownHook().map(
      (r) => r.body as { channel?: string; attachments: Array<{ title: string }> },
    );
    assert.equal(more.length, 0);
    assert.equal(message.channel, "#search");
    assert.match(message.attachments[0].title, /SearchFreshnessBudgetBurnTicket/);
    assert.equal(
      h.webhooks.slack.filter((m) => m.attachments[0]?.title.includes("Search")).length,
      0,
      "nothing of search's on the shared webhook",
    );
  });

  function bySlo(slo: string): PagerDutyEvent[] {
    return h.pagerDuty.events.filter((e) => e.payload.group === slo);
  }
});
