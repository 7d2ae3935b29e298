import { strict as assert } from "assert";
import { NotificationConfig, notifications } from "../../bench/detection/alertmanager";
import { alertTimeline, Labels, Timeline } from "../../bench/detection/timeline";
import { counterValues } from "../../bench/detection/traffic";
import { buildAlertmanagerConfig } from "../../src/alertmanager/config";
import { parseSettings } from "../../src/settings/parse";
import { sourceOf, VALID } from "../unit/settings-source";

// The pieces of `npm run bench:detection` that could misread a result: the
// series it writes, the timeline it reads back, and its model of Alertmanager.

const SLACK = "https://hooks.slack.com/services/T0/B0/x";
const routing = parseSettings(sourceOf({ ...VALID, slackWebhookUrl: SLACK }, ["slackWebhookUrl"])).routing;
const config = buildAlertmanagerConfig(routing, { slack: true, pipelineKey: true }) as unknown as NotificationConfig;

const alert = (alertname: string, severity: string, tier: string, slo = "api-availability"): Labels => ({
  alertname,
  severity,
  slo,
  service: "api",
  stack: "dev",
  tier,
});
const PAGE_FAST = alert("APIAvailabilityBudgetBurnPage", "critical", "fast");
const PAGE_SLOW = alert("APIAvailabilityBudgetBurnPage", "critical", "slow");
const TICKET_FAST = alert("APIAvailabilityBudgetBurnTicket", "warning", "fast");

/** Each alert firing over [from, to] minutes. */
function timeline(...spans: Array<[Labels, number, number]>): Timeline {
  const t: Timeline = new Map();
  for (const [labels, from, to] of spans) {
    for (let m = from; m <= to; m++) {
      t.set(m, [...(t.get(m) ?? []), labels]);
    }
  }
  return t;
}

describe("detection benchmark: the series it writes and the timeline it reads", () => {
  it("folds runs of equal increments into promtool's a+bxn", () => {
    assert.equal(counterValues([0, 0, 5, 5, 5, 1]), "0 0+0x1 5+5x2 16");
  });

  it("reads back from promtool the minutes an alert fired", async () => {
    const rules =
      "groups:\n  - name: g\n    rules:\n      - alert: Up\n        expr: x > 0\n        labels: {severity: critical}\n";
    const t = await alertTimeline({
      ruleFiles: { "t.rules.yml": rules },
      series: [{ series: "x", values: "0 0 1 1 0 0" }],
      alertNames: ["Up"],
      from: 0,
      to: 5,
    });
    assert.deepEqual(
      [...t.entries()],
      [
        [2, [{ alertname: "Up", severity: "critical" }]],
        [3, [{ alertname: "Up", severity: "critical" }]],
      ],
    );
  });
});

describe("detection benchmark: its model of Alertmanager, with the stack's alertmanager.yml", () => {
  it("closes the incident when the last page of the SLO ends, seed and burn-rate pages alike (the stranded-resolve order)", () => {
    const seed = alert("APISLOAvailabilityBreach", "critical", "");
    const sent = notifications(timeline([seed, 6, 30], [PAGE_FAST, 9, 60]), 0, 120, config);
    const paged = sent.filter((n) => n.receiver === "pagerduty");
    assert.equal(new Set(paged.map((n) => n.group)).size, 1, "one dedup_key");
    assert.equal(paged.at(-1)?.resolved, true, "the incident gets its resolve");
    assert.equal(paged.filter((n) => n.resolved).length, 1, "resolved once, at the end");
  });

  it("pages once after group_wait, and keeps one incident when the slow tier outlasts the fast one", () => {
    const sent = notifications(timeline([PAGE_FAST, 1, 10], [PAGE_SLOW, 2, 40]), 0, 60, config);
    assert.deepEqual(
      sent.map((n) => [n.at, n.receiver, n.opensIncident]),
      [
        [90, "pagerduty", true],
        // Both tiers share the SLO's group: the slow tier joining and the fast one resolving update the open incident.
        [390, "pagerduty", false],
        [690, "pagerduty", false],
        // The slow tier ends at minute 40: the group's resolve, at its next flush.
        [2490, "pagerduty", false],
      ],
    );
    assert.deepEqual(
      sent.map((n) => n.resolved),
      [false, false, false, true],
    );
    assert.equal(new Set(sent.map((n) => n.group)).size, 1, "one dedup_key");
  });

  it("holds a ticket while a page of the same SLO fires, and posts it at the next flush after", () => {
    const sent = notifications(timeline([PAGE_FAST, 1, 30], [TICKET_FAST, 1, 100]), 0, 120, config);
    assert.deepEqual(
      sent.filter((n) => n.receiver === "slack" && !n.resolved).map((n) => n.at),
      [31 * 60 + 30],
    );
  });

  it("does not hold a ticket of another SLO", () => {
    const other = alert("APILatencyBudgetBurnTicket", "warning", "fast", "api-latency");
    const sent = notifications(timeline([PAGE_FAST, 1, 30], [other, 1, 100]), 0, 120, config);
    assert.deepEqual(
      sent.filter((n) => n.receiver === "slack" && !n.resolved).map((n) => n.at),
      [90],
    );
  });

  it("repeats a ticket every repeat_interval (4h) while it fires", () => {
    const sent = notifications(timeline([TICKET_FAST, 1, 600]), 0, 620, config);
    assert.deepEqual(
      sent.filter((n) => !n.resolved).map((n) => n.at / 60),
      [1.5, 241.5, 481.5],
    );
  });
});
