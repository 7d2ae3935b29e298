import { TopLevelSpec } from "vega-lite";
import { CHART_FONT, README_WIDTH } from "./svg";

/** One scenario of the detection benchmark, as the chart draws it. */
export interface DetectionChartInput {
  title: string;
  /** One lane each, in this order, drawn even when a family stayed silent. */
  families: string[];
  /** Minutes since the incident started, and the share of requests that failed in that minute. */
  errorRatio: Array<{ minute: number; ratio: number }>;
  /** Minute the incident ended, drawn as a rule. */
  recoveryMinute: number;
  /** Spans during which a family had alerts firing, Prometheus side. */
  firing: Array<{ family: string; severity: "critical" | "warning"; from: number; to: number }>;
  /** What PagerDuty received: an incident opened or resolved. */
  events: Array<{ family: string; minute: number; kind: "page" | "resolve" }>;
}

const SEVERITY_COLOURS = { domain: ["critical", "warning"], range: ["#d62728", "#ff9f1c"] };
const EVENT_SHAPES = { domain: ["page", "resolve"], range: ["triangle-up", "circle"] };

/** Whole hours, at most a dozen of them, in minutes: Vega's own ticks would fall on 100-minute steps. */
function hourTicks(from: number, to: number): number[] {
  const step = [1, 2, 3, 6, 12, 24].find((h) => (to - from) / (h * 60) <= 12) ?? 48;
  const ticks: number[] = [];
  for (let m = Math.ceil(from / (step * 60)) * step * 60; m <= to; m += step * 60) {
    ticks.push(m);
  }
  return ticks;
}

/**
 * Error ratio on top, and below it one lane per alert family: when its pages
 * (critical) and tickets (warning) fired, and where PagerDuty got a trigger or
 * a resolve. Both share the x axis so a page can be read against the traffic.
 */
export function detectionChart(input: DetectionChartInput): TopLevelSpec {
  const minutes = input.errorRatio.map((p) => p.minute);
  const from = Math.min(...minutes);
  const to = Math.max(...minutes);
  // Scenarios of two days read in hours; a 30-minute outage in minutes.
  const hours = to - from > 12 * 60;
  const x = {
    field: "minute",
    type: "quantitative" as const,
    title: hours ? "hours since the incident started" : "minutes since the incident started",
    scale: { domain: [from, to], nice: false },
    axis: hours ? { values: hourTicks(from, to), labelExpr: "format(datum.value / 60, 'd')" } : {},
  };
  const families = input.families;
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v5.json",
    title: { text: input.title, anchor: "start", fontSize: 15 },
    config: { font: CHART_FONT, axis: { labelFontSize: 12, titleFontSize: 12 }, legend: { labelFontSize: 12 } },
    vconcat: [
      {
        width: README_WIDTH,
        height: 140,
        layer: [
          {
            data: { values: input.errorRatio },
            mark: { type: "line", interpolate: "step-after", color: "#1f77b4" },
            encoding: {
              x,
              y: { field: "ratio", type: "quantitative", title: "failed requests (%)", axis: { format: "%" } },
            },
          },
          {
            data: { values: [{ minute: input.recoveryMinute }] },
            mark: { type: "rule", strokeDash: [4, 4], color: "#555" },
            encoding: { x: { field: "minute", type: "quantitative" } },
          },
        ],
      },
      {
        width: README_WIDTH,
        height: Math.max(1, families.length) * 36,
        layer: [
          {
            data: { values: input.firing },
            mark: { type: "bar", height: 14, opacity: 0.8 },
            encoding: {
              x: { ...x, field: "from" },
              x2: { field: "to" },
              y: { field: "family", type: "nominal", title: "alert family", scale: { domain: families } },
              color: {
                field: "severity",
                type: "nominal",
                title: "firing (Prometheus)",
                scale: SEVERITY_COLOURS,
              },
            },
          },
          {
            data: { values: input.events },
            mark: { type: "point", filled: true, size: 90, color: "#000", yOffset: -12 },
            encoding: {
              x,
              y: { field: "family", type: "nominal", scale: { domain: families } },
              shape: { field: "kind", type: "nominal", title: "PagerDuty", scale: EVENT_SHAPES },
            },
          },
        ],
        resolve: { scale: { color: "independent", shape: "independent" } },
      },
    ],
  };
}
