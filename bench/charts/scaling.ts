import { TopLevelSpec } from "vega-lite";
import { CHART_FONT, README_WIDTH } from "./svg";

/** One measured point of the rules benchmark. */
export interface ScalingRow {
  slos: number;
  /** Whose rule shape was evaluated, e.g. "slo-alerting" or "Sloth shape". */
  rules: string;
  samplesPerCycle: number;
  /** Rule-group evaluation time per cycle, all groups added up. */
  evaluationMs: number;
}

type Panel = Extract<TopLevelSpec, { hconcat: unknown }>["hconcat"][number];

function panel(rows: ScalingRow[], field: keyof ScalingRow, title: string): Panel {
  return {
    width: README_WIDTH / 2 - 60,
    height: 240,
    data: { values: rows },
    mark: { type: "line", point: { filled: true, size: 60 } },
    encoding: {
      x: { field: "slos", type: "quantitative", title: "SLOs", scale: { type: "log" }, axis: { format: "~s" } },
      y: { field, type: "quantitative", title, scale: { type: "log" }, axis: { format: "~s" } },
      color: { field: "rules", type: "nominal", title: "rules", legend: { orient: "bottom" } },
    },
  };
}

/** Cost against the number of SLOs, both axes logarithmic so 10 and 1,000 SLOs read on one chart. */
export function scalingChart(title: string, rows: ScalingRow[]): TopLevelSpec {
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v5.json",
    title: { text: title, anchor: "start", fontSize: 15 },
    config: { font: CHART_FONT, axis: { labelFontSize: 12, titleFontSize: 12 }, legend: { labelFontSize: 12 } },
    hconcat: [
      panel(rows, "samplesPerCycle", "samples read per evaluation cycle"),
      panel(rows, "evaluationMs", "rule evaluation time per cycle (ms)"),
    ],
  };
}
