import {
  BarGaugeDisplayMode,
  BarGaugeNamePlacement,
  BarGaugeSizing,
  BarGaugeValueMode,
  BigValueColorMode,
  BigValueGraphMode,
  BigValueJustifyMode,
  BigValueTextMode,
  GraphThresholdsStyleMode,
  LegendDisplayMode,
  PercentChangeColorMode,
  SortOrder,
  ThresholdsMode,
  TooltipDisplayMode,
  VizOrientation,
} from "@grafana/schema";
import type { DataSourceRef, FieldConfigSource, GridPos, Panel, RowPanel, Threshold } from "@grafana/schema";
import type { Options as BarGaugeOptions } from "@grafana/schema/dist/types/raw/composable/bargauge/panelcfg/x/types.gen";
import type { Options as StatOptions } from "@grafana/schema/dist/types/raw/composable/stat/panelcfg/x/types.gen";
import type { Options as TableOptions } from "@grafana/schema/dist/types/raw/composable/table/panelcfg/x/types.gen";
import type { Options as TextOptions } from "@grafana/schema/dist/types/raw/composable/text/panelcfg/x/types.gen";
import type {
  FieldConfig as TimeSeriesFieldConfig,
  Options as TimeSeriesOptions,
} from "@grafana/schema/dist/types/raw/composable/timeseries/panelcfg/x/types.gen";

// Panels as @grafana/schema types them: the dashboard kind for the panel
// frame, each panel plugin's own generated Options for `options`, so tsc
// checks every field the renderer sets against Grafana's published schema.

/** The Prometheus the dashboard reads, chosen by the `datasource` variable. */
export const DATASOURCE: DataSourceRef = { type: "prometheus", uid: "${datasource}" };

export interface Query {
  expr: string;
  legend?: string;
  /** Instant (one value, table or stat) rather than a range. */
  instant?: boolean;
}

type Target = Record<string, unknown>;

// Only what differs from Grafana's defaults: the panel's datasource applies to
// every target, and a range time series is what a target is unless told.
function targets(queries: Query[], format: "time_series" | "table" = "time_series"): Target[] {
  return queries.map((q, i) => ({
    refId: String.fromCharCode(65 + i),
    expr: q.expr,
    ...(q.legend === undefined ? {} : { legendFormat: q.legend }),
    ...(q.instant ? { instant: true, range: false } : {}),
    ...(format === "table" ? { format } : {}),
  }));
}

function thresholds(steps: Threshold[]): FieldConfigSource["defaults"]["thresholds"] {
  return { mode: ThresholdsMode.Absolute, steps };
}

/** Budget left: red when spent, orange under a quarter. */
export const BUDGET_STEPS: Threshold[] = [
  { color: "red", value: null },
  { color: "orange", value: 0 },
  { color: "green", value: 0.25 },
];

interface Frame {
  title: string;
  description?: string;
  gridPos: GridPos;
}

interface Unit {
  unit: string;
  decimals?: number;
  min?: number;
  max?: number;
  steps?: Threshold[];
  /** Per query (refId) or per column (display name) units, e.g. days beside a ratio. */
  overrides?: FieldOverride[];
}

export interface FieldOverride {
  match: "refId" | "name";
  key: string;
  unit: string;
  decimals?: number;
  steps?: Threshold[];
}

function fieldConfig(u: Unit, custom?: Record<string, unknown>): FieldConfigSource {
  return {
    defaults: {
      unit: u.unit,
      ...(u.decimals === undefined ? {} : { decimals: u.decimals }),
      ...(u.min === undefined ? {} : { min: u.min }),
      ...(u.max === undefined ? {} : { max: u.max }),
      ...(u.steps === undefined ? {} : { thresholds: thresholds(u.steps) }),
      ...(custom === undefined ? {} : { custom }),
    },
    overrides: (u.overrides ?? []).map((o) => ({
      matcher: { id: o.match === "refId" ? "byFrameRefID" : "byName", options: o.key },
      properties: [
        { id: "unit", value: o.unit },
        ...(o.decimals === undefined ? [] : [{ id: "decimals", value: o.decimals }]),
        ...(o.steps === undefined ? [] : [{ id: "thresholds", value: thresholds(o.steps) }]),
      ],
    })),
  };
}

export function statPanel(frame: Frame, queries: Query[], u: Unit): Panel {
  const options: StatOptions = {
    reduceOptions: { calcs: ["lastNotNull"], fields: "", values: false },
    orientation: VizOrientation.Auto,
    colorMode: u.steps === undefined ? BigValueColorMode.None : BigValueColorMode.Value,
    graphMode: BigValueGraphMode.None,
    justifyMode: BigValueJustifyMode.Auto,
    textMode: BigValueTextMode.Auto,
    wideLayout: true,
    showPercentChange: false,
    percentChangeColorMode: PercentChangeColorMode.Standard,
  };
  return {
    type: "stat",
    ...frame,
    datasource: DATASOURCE,
    targets: targets(queries.map((q) => ({ ...q, instant: true }))),
    fieldConfig: fieldConfig(u),
    options: { ...options },
  };
}

export function timeSeriesPanel(frame: Frame, queries: Query[], u: Unit & { thresholdLine?: boolean }): Panel {
  const custom: TimeSeriesFieldConfig = {
    lineWidth: 1,
    fillOpacity: 0,
    showPoints: "never" as TimeSeriesFieldConfig["showPoints"],
    spanNulls: false,
    thresholdsStyle: { mode: u.thresholdLine ? GraphThresholdsStyleMode.Dashed : GraphThresholdsStyleMode.Off },
  };
  const options: TimeSeriesOptions = {
    legend: {
      calcs: ["lastNotNull", "max"],
      displayMode: LegendDisplayMode.Table,
      placement: "bottom",
      showLegend: true,
    },
    tooltip: { mode: TooltipDisplayMode.Multi, sort: SortOrder.Descending },
  };
  return {
    type: "timeseries",
    ...frame,
    datasource: DATASOURCE,
    targets: targets(queries),
    fieldConfig: fieldConfig(u, { ...custom }),
    options: { ...options },
  };
}

/** One row per series, label columns first; `hide` drops columns such as Time. */
export function tablePanel(frame: Frame, queries: Query[], u: Unit, columns: Record<string, string>): Panel {
  const options: TableOptions = { frameIndex: 0, showHeader: true, cellHeight: "sm" as TableOptions["cellHeight"] };
  return {
    type: "table",
    ...frame,
    datasource: DATASOURCE,
    targets: targets(
      queries.map((q) => ({ ...q, instant: true })),
      "table",
    ),
    fieldConfig: fieldConfig(u),
    // Instant table queries come back one frame each: merged on their labels, then only the named columns, renamed.
    transformations: [
      { id: "merge", options: {} },
      {
        id: "organize",
        options: {
          excludeByName: {},
          includeByName: Object.fromEntries(Object.keys(columns).map((c) => [c, true])),
          indexByName: Object.fromEntries(Object.keys(columns).map((c, i) => [c, i])),
          renameByName: columns,
        },
      },
    ],
    options: { ...options },
  };
}

export function barGaugePanel(frame: Frame, queries: Query[], u: Unit): Panel {
  const options: BarGaugeOptions = {
    reduceOptions: { calcs: ["lastNotNull"], fields: "", values: false },
    orientation: VizOrientation.Horizontal,
    displayMode: BarGaugeDisplayMode.Basic,
    valueMode: BarGaugeValueMode.Color,
    namePlacement: BarGaugeNamePlacement.Auto,
    showUnfilled: true,
    sizing: BarGaugeSizing.Auto,
    minVizHeight: 16,
    minVizWidth: 8,
    maxVizHeight: 300,
    legend: { calcs: [], displayMode: LegendDisplayMode.List, placement: "bottom", showLegend: false },
  };
  return {
    type: "bargauge",
    ...frame,
    datasource: DATASOURCE,
    targets: targets(queries.map((q) => ({ ...q, instant: true }))),
    fieldConfig: fieldConfig(u),
    options: { ...options },
  };
}

export function markdownPanel(frame: Frame, content: string): Panel {
  const options: TextOptions = { mode: "markdown" as TextOptions["mode"], content };
  return { type: "text", ...frame, options: { ...options } };
}

export function rowPanel(title: string, y: number, id: number): RowPanel {
  return { type: "row", title, collapsed: false, id, panels: [], gridPos: { x: 0, y, w: 24, h: 1 } };
}
