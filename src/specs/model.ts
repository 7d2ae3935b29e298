// The one SLO model every spec reader produces and the rule generator reads.
// It holds data only (no Pulumi, no functions), so readers and renderers are
// tested apart and a spec read twice gives an equal model.

/** Where a spec value came from, for every error that names it. */
export interface SpecOrigin {
  file: string;
  /** `SLO`, `SLI`, ... for OpenSLO; `prometheus/v1` for Sloth. */
  kind: string;
  name: string;
}

/**
 * PromQL with `{{.window}}` where a range goes (Sloth's notation). Readers turn
 * OpenSLO counter selectors into `sum(rate(<selector>[{{.window}}]))`.
 */
export type WindowQuery = string;

/** Bad and total events; the error ratio is their quotient over a window. */
export interface EventsIndicator {
  type: "events";
  /**
   * true: both queries are per-second rates over `{{.window}}` (counters).
   * false: both are gauges, read once per evaluation and summed over windows.
   */
  counter: boolean;
  errors: WindowQuery;
  total: WindowQuery;
}

/** A precomputed error ratio (Sloth `raw`, OpenSLO `ratioMetric.raw`). */
export interface RatioIndicator {
  type: "ratio";
  errorRatio: WindowQuery;
}

export type Indicator = EventsIndicator | RatioIndicator;

export type Severity = "critical" | "warning";

/** One multiwindow burn-rate condition: fire when both windows burn at least `factor` times too fast. */
export interface BurnTier {
  severity: Severity;
  /** `fast` mutes `slow` within one severity (the program's tier inhibit rule). */
  tier: "fast" | "slow";
  longWindow: string;
  shortWindow: string;
  factor: number;
  /** Only from an OpenSLO AlertCondition's `alertAfter`. */
  for?: string;
}

export interface SloAlerting {
  /** Alert names are `<name>Page` and `<name>Ticket`. */
  name: string;
  /** Added to every alert of the SLO; never a contract label (severity, slo, service, stack, tier). */
  labels: Record<string, string>;
  annotations: Record<string, string>;
  pageLabels: Record<string, string>;
  pageAnnotations: Record<string, string>;
  ticketLabels: Record<string, string>;
  ticketAnnotations: Record<string, string>;
  runbookUrl?: string;
  /** Empty when every tier is disabled (Sloth `disable: true` on both). */
  tiers: BurnTier[];
  /** Names of the OpenSLO AlertNotificationTargets, for the reader of the alert. */
  notificationTargets: string[];
  /** The team a `pagerduty` AlertNotificationTarget sends the pages to (its `team` label); else the owner. */
  pageTeam?: string;
  /** The team a `slack` AlertNotificationTarget sends the tickets to (its `team` label); else the owner. */
  ticketTeam?: string;
  /** The SLO's own low-traffic guard of its pages (`sloOverrides`); undefined: the stack's. */
  minEventsPerMinute?: number;
}

export interface SloModel {
  /** The `slo` label; unique across every spec file the stack reads. */
  name: string;
  service: string;
  displayName: string;
  description: string;
  /** Share of good events, strictly between 0 and 1. */
  objective: number;
  /** Rolling period as a Prometheus duration, e.g. `30d`. */
  period: string;
  indicator: Indicator;
  /** Added to every rule of the SLO (spec and Sloth service labels). */
  labels: Record<string, string>;
  alerting: SloAlerting;
  origin: SpecOrigin;
}
