import { strict as assert } from "assert";
import { METRICS } from "../../src/alerts/conventions";
import { Harness } from "./support/harness";
import { breachAndRecover, Pipeline, ruleHealth, startPipeline } from "./support/pipeline";

const ALERT = "DispatchSLOSeverityCritical";

describe("e2e: a metric breach pages on-call through real Prometheus 2.42 and Alertmanager 0.25", function () {
  this.timeout(120_000);
  let h: Harness;
  let pipeline: Pipeline;

  before(async () => {
    h = await Harness.start({
      stack: "prod",
      timings: { groupWait: "1s", groupInterval: "2s", repeatInterval: "1h" },
      forOverrides: { [ALERT]: "2s" },
    });
    pipeline = await startPipeline(h);
  });

  after(async () => {
    await h?.stop();
  });

  it("turns dispatch_slo_breach_severity 3 into one PagerDuty trigger with the rule's expanded summary, and its return to 0 into the resolve", async () => {
    const result = await breachAndRecover(h, pipeline, {
      alertName: ALERT,
      metric: METRICS.dispatchSeverity,
      breach: 3,
      healthy: 0,
      timeoutMs: 45_000,
    });
    console.log(
      `      breach → trigger ${result.breachToTriggerMs / 1000} s, recovery → resolve ${result.recoveryToResolveMs / 1000} s (scrape/eval 1s, for 2s, group_wait 1s, group_interval 2s)`,
    );

    assert.equal(result.trigger.routing_key, h.stack.integrationKey);
    assert.equal(result.trigger.payload.severity, "critical");
    assert.equal(result.trigger.payload.summary, "Dispatch SLO breach severity is 3 on prod (critical from 3)");
    assert.match(result.trigger.payload.custom_details?.runbook_url ?? "", /\/runbooks\/dispatch-slo-critical\.md$/);
    assert.equal(result.resolve.dedup_key, result.trigger.dedup_key);
    // A healthy service pages for nothing else: every other rule stayed quiet.
    assert.deepEqual(
      h.pagerDuty.events.map((e) => `${e.event_action} ${e.payload.class}`),
      [`trigger ${ALERT}`, `resolve ${ALERT}`],
    );
  });

  it("evaluates every rule of the program without error on the seed's metrics", async () => {
    // The budget-left groups run every 5 minutes, later than this test: promtool evaluates them (tests/burnrate/budget.test.ts).
    const rules = await ruleHealth(pipeline.prometheus);
    assert.ok(rules.length > 0);
    assert.deepEqual(
      rules.filter((r) => r.health !== "ok"),
      [],
    );
  });

  it("sends the always-firing Watchdog to the heartbeat receiver, not to on-call", () => {
    const watchdogs = h.webhooks.heartbeats.flatMap((b) =>
      b.alerts.map((a) => `${a.labels.alertname} ${a.labels.stack}`),
    );
    assert.ok(watchdogs.includes("Watchdog prod"), `heartbeat received ${JSON.stringify(watchdogs)}`);
    assert.equal(h.pagerDuty.events.filter((e) => e.payload.class === "Watchdog").length, 0);
  });
});
