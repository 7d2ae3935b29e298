import { strict as assert } from "assert";
import { sleep } from "../helpers/processes";
import { mustRunTool } from "../helpers/tools";
import { catalogueAlert, postAlerts, resolvedCopy } from "./support/alerts";
import { useAlertmanager } from "./support/suite";

const TIMINGS = { groupWait: "1s", groupInterval: "2s", repeatInterval: "1h" };
const ARRIVAL_MS = 15_000;
// Long enough for two more group_interval flushes: anything extra would have come by then.
const QUIET_MS = 5_000;

describe("e2e: what on-call receives from the real Alertmanager 0.25 running the program's alertmanager.yml", function () {
  this.timeout(90_000);
  const suite = useAlertmanager(TIMINGS);

  it("pages a critical once, with the integration key, its severity, summary, description and runbook, and resolves the same incident", async () => {
    const alert = catalogueAlert(suite.h.stack.ruleFiles, "APISLOErrorRateBreach", 0.125);
    const posted = Date.now();
    await postAlerts([suite.am.url], [alert]);
    const ours = () => suite.h.pagerDuty.events.filter((e) => e.payload.class === "APISLOErrorRateBreach");
    const first = await suite.h.pagerDuty.waitFor(
      "the trigger",
      () => suite.h.pagerDuty.accepted.find((r) => r.body.payload.class === "APISLOErrorRateBreach"),
      ARRIVAL_MS,
    );
    console.log(`      alert → PagerDuty trigger in ${(first.at - posted) / 1000} s (group_wait ${TIMINGS.groupWait})`);
    await sleep(QUIET_MS);

    const [trigger, ...more] = ours();
    assert.equal(more.length, 0, "exactly one event while the alert fires");
    assert.equal(trigger.event_action, "trigger");
    assert.equal(trigger.routing_key, suite.h.stack.integrationKey);
    assert.equal(trigger.payload.severity, "critical");
    assert.equal(trigger.payload.summary, alert.annotations.summary);
    assert.match(trigger.payload.summary, /^API error rate 12\.5% on prod/);
    assert.equal(trigger.payload.custom_details?.description, alert.annotations.description);
    assert.equal(trigger.payload.custom_details?.runbook_url, alert.annotations.runbook_url);
    assert.match(alert.annotations.runbook_url, /\/runbooks\/api-slo-error-rate\.md$/);
    assert.deepEqual(trigger.links, [{ href: alert.annotations.runbook_url, text: "Runbook: APISLOErrorRateBreach" }]);
    assert.equal(trigger.client_url, suite.am.url, "the incident links back to this Alertmanager");

    await postAlerts([suite.am.url], [resolvedCopy(alert)]);
    await suite.h.pagerDuty.waitFor("the resolve", () => ours().some((e) => e.event_action === "resolve"), ARRIVAL_MS);
    const actions = ours().map((e) => `${e.event_action} ${e.dedup_key}`);
    assert.deepEqual(actions, [`trigger ${trigger.dedup_key}`, `resolve ${trigger.dedup_key}`]);
  });

  it("posts a warning to Slack with its runbook link, and never pages PagerDuty for it", async () => {
    const alert = catalogueAlert(suite.h.stack.ruleFiles, "APILatencyP95High", 0.2);
    await postAlerts([suite.am.url], [alert]);
    const ours = () => suite.h.webhooks.slack.filter((m) => m.attachments[0]?.title.includes("APILatencyP95High"));
    await suite.h.webhooks.waitFor("the Slack message", () => ours().length > 0, ARRIVAL_MS);
    await sleep(QUIET_MS);

    const [message, ...more] = ours();
    assert.equal(more.length, 0);
    const attachment = message.attachments[0];
    assert.equal(attachment.title, "[FIRING] APILatencyP95High (prod)");
    assert.equal(attachment.title_link, alert.annotations.runbook_url);
    assert.ok(attachment.text.includes(`Runbook: ${alert.annotations.runbook_url}`), attachment.text);
    assert.ok(attachment.text.includes(alert.annotations.summary), attachment.text);
    assert.deepEqual(attachment.actions, [{ type: "button", text: "Runbook", url: alert.annotations.runbook_url }]);
    assert.equal(suite.h.pagerDuty.events.filter((e) => e.payload.class === "APILatencyP95High").length, 0);
  });

  it("mutes a warning while a critical of the same SLO and stack fires, shows it inhibited in amtool, and lets it through once the critical resolves", async () => {
    const critical = catalogueAlert(suite.h.stack.ruleFiles, "DispatchSLOSeverityCritical", 3);
    const muted = catalogueAlert(suite.h.stack.ruleFiles, "DispatchSLOBreachCountHigh", 12);
    // Another SLO: the inhibition must not reach it.
    const control = catalogueAlert(suite.h.stack.ruleFiles, "APISLOLatencyBreachRepeated", 12);
    const slackFor = (name: string) => suite.h.webhooks.slack.filter((m) => m.attachments[0]?.title.includes(name));

    await postAlerts([suite.am.url], [critical]);
    await suite.h.pagerDuty.waitFor(
      "the critical's trigger",
      () => suite.h.pagerDuty.triggers.some((e) => e.payload.class === critical.labels.alertname),
      ARRIVAL_MS,
    );
    await postAlerts([suite.am.url], [muted, control]);
    await suite.h.webhooks.waitFor(
      "the control warning on Slack",
      () => slackFor(control.labels.alertname).length > 0,
      ARRIVAL_MS,
    );
    await sleep(QUIET_MS);
    assert.equal(slackFor(muted.labels.alertname).length, 0, "the warning of the paged SLO reached Slack");

    const query = await mustRunTool("amtool", [
      `--alertmanager.url=${suite.am.url}`,
      "alert",
      "query",
      "--inhibited",
      "-o",
      "json",
    ]);
    const inhibited = JSON.parse(query) as Array<{
      labels: Record<string, string>;
      status: { state: string; inhibitedBy: string[] };
    }>;
    assert.deepEqual(
      inhibited.map((a) => a.labels.alertname),
      [muted.labels.alertname],
    );
    assert.equal(inhibited[0].status.state, "suppressed");
    const active = JSON.parse(
      await mustRunTool("amtool", [
        `--alertmanager.url=${suite.am.url}`,
        "alert",
        "query",
        "-o",
        "json",
        `alertname=${critical.labels.alertname}`,
      ]),
    ) as Array<{ fingerprint: string }>;
    assert.deepEqual(inhibited[0].status.inhibitedBy, [active[0].fingerprint]);

    await postAlerts([suite.am.url], [resolvedCopy(critical)]);
    await suite.h.webhooks.waitFor(
      "the warning once the critical resolved",
      () => slackFor(muted.labels.alertname).length > 0,
      ARRIVAL_MS,
    );
  });
});
