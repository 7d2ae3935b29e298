import { strict as assert } from "assert";
import { Notification } from "../../bench/detection/alertmanager";
import { detectionChartInput } from "../../bench/detection/chart-data";
import { Scenario } from "../../bench/detection/scenarios";
import { Timeline } from "../../bench/detection/timeline";

const SCENARIO: Scenario = {
  name: "Blip",
  requestsPerMinute: 100,
  incidentMinutes: 3,
  errorRatio: 0.5,
  pageWithin: null,
  expectation: "",
};
const TIMING = { quietFrom: 10, start: 10, recovery: 13, end: 20 };
const page = (alertname: string): Record<string, string> => ({ alertname, severity: "critical" });
const ticket = (alertname: string): Record<string, string> => ({ alertname, severity: "warning" });

describe("detection chart data", () => {
  const timeline: Timeline = new Map([
    [11, [page("P")]],
    [12, [page("P"), ticket("T")]],
    [13, [ticket("T")]],
    [15, [page("P")]],
  ]);
  const sent: Notification[] = [
    { at: 11.5 * 60, receiver: "pagerduty", alertnames: ["P"], opensIncident: true, group: "g", resolved: false },
    { at: 12 * 60, receiver: "slack", alertnames: ["T"], opensIncident: true, group: "s", resolved: false },
    { at: 12.5 * 60, receiver: "pagerduty", alertnames: ["P"], opensIncident: false, group: "g", resolved: false },
    { at: 14 * 60, receiver: "pagerduty", alertnames: [], opensIncident: false, group: "g", resolved: true },
  ];
  const failed = Array.from({ length: 21 }, (_, m) => (m >= 10 && m < 13 ? 50 : 0));
  const input = detectionChartInput(
    SCENARIO,
    TIMING,
    failed,
    [{ family: "seed", timeline, sent, pager: "pagerduty" }],
    5,
  );

  it("collapses consecutive firing minutes into spans per severity, relative to the incident's start", () => {
    assert.deepEqual(input.firing, [
      { family: "seed", severity: "critical", from: 1, to: 3 },
      { family: "seed", severity: "critical", from: 5, to: 6 },
      { family: "seed", severity: "warning", from: 2, to: 4 },
    ]);
  });

  it("marks only what opened or resolved a PagerDuty incident, not Slack or repeats", () => {
    assert.deepEqual(input.events, [
      { family: "seed", minute: 1.5, kind: "page" },
      { family: "seed", minute: 4, kind: "resolve" },
    ]);
  });

  it("names every family, so a silent one keeps its lane", () => {
    assert.deepEqual(input.families, ["seed"]);
  });

  it("gives the error ratio from the first charted minute, and the recovery", () => {
    assert.equal(input.errorRatio[0].minute, -5);
    assert.equal(input.errorRatio.find((p) => p.minute === 0)?.ratio, 0.5);
    assert.equal(input.errorRatio.find((p) => p.minute === 3)?.ratio, 0);
    assert.equal(input.recoveryMinute, 3);
  });
});
