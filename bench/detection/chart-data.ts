import { DetectionChartInput } from "../charts/detection";
import { Notification } from "./alertmanager";
import { Family } from "./report";
import { Scenario } from "./scenarios";
import { Timeline } from "./timeline";
import { requestsPerMinute, Timing } from "./traffic";

type Span = DetectionChartInput["firing"][number];

/** Minutes in which any alert of the severity fired, collapsed into spans, relative to the incident's start. */
function spans(family: Family, severity: Span["severity"], timeline: Timeline, start: number): Span[] {
  const minutes = [...timeline]
    .filter(([, alerts]) => alerts.some((a) => a.severity === severity))
    .map(([m]) => m)
    .sort((a, b) => a - b);
  const out: Span[] = [];
  for (const m of minutes) {
    const last = out[out.length - 1];
    if (last !== undefined && last.to === m - start) {
      last.to += 1;
    } else {
      out.push({ family, severity, from: m - start, to: m - start + 1 });
    }
  }
  return out;
}

/** What one scenario's chart shows: the traffic the rules saw, and per family what fired and what PagerDuty got. */
export function detectionChartInput(
  scenario: Scenario,
  timing: Timing,
  failed: number[],
  families: Array<{ family: Family; timeline: Timeline; sent: Notification[]; pager: string }>,
  firstMinute: number,
): DetectionChartInput {
  const requests = requestsPerMinute(scenario);
  const errorRatio = failed
    .map((f, m) => ({ minute: m - timing.start, ratio: requests[m] > 0 ? f / requests[m] : 0 }))
    .filter((p) => p.minute >= firstMinute - timing.start);
  return {
    title: scenario.name,
    families: families.map((f) => f.family),
    errorRatio,
    recoveryMinute: timing.recovery - timing.start,
    firing: families.flatMap(({ family, timeline }) => [
      ...spans(family, "critical", timeline, timing.start),
      ...spans(family, "warning", timeline, timing.start),
    ]),
    events: families.flatMap(({ family, sent, pager }) =>
      sent
        .filter((n) => n.receiver === pager && (n.opensIncident || n.resolved))
        .map((n) => ({
          family,
          minute: n.at / 60 - timing.start,
          kind: n.resolved ? ("resolve" as const) : ("page" as const),
        })),
    ),
  };
}
