// Series and label names of the spec SLOs' rules. The ratio, metadata and
// budget names are slok/sloth's (`slo:` level, sloth_id/sloth_service/
// sloth_slo labels), so Sloth's Grafana dashboards read them unchanged.

/** Share of bad events over `window`; Sloth's name. */
export function errorRatioRecord(window: string): string {
  return `slo:sli_error:ratio_rate${window}`;
}

/** Bad and total events a second over `window` (counter SLIs): recorded once, summed for longer windows. */
export function eventRateRecord(which: "bad" | "total", window: string): string {
  return `slo:sli_${which}_events:rate${window}`;
}

/** Bad and total events as a gauge reads them at each evaluation (counter: false SLIs). */
export function eventGaugeRecord(which: "bad" | "total"): string {
  return `slo:sli_${which}_events:gauge`;
}

export const OBJECTIVE_RECORD = "slo:objective:ratio";
export const ERROR_BUDGET_RECORD = "slo:error_budget:ratio";
export const PERIOD_DAYS_RECORD = "slo:time_period:days";
export const CURRENT_BURN_RECORD = "slo:current_burn_rate:ratio";
export const PERIOD_BURN_RECORD = "slo:period_burn_rate:ratio";
/** 1 minus the share of the period's budget spent; below 0 once overspent. */
export const BUDGET_REMAINING_RECORD = "slo:period_error_budget_remaining:ratio";
export const INFO_RECORD = "sloth_slo_info";

/** The shortest window, recorded straight from the raw series as Sloth does. */
export const SHORT_WINDOW = "5m";
/**
 * Long windows add up rates over this window. A long window built from
 * b-wide rates weighs its last b less, so it trails Sloth's rate() over the
 * whole window by b/2: 30 s with 1m, 2.5 min with 5m. 1m needs a scrape
 * interval of at most 30 s (two samples per rate).
 */
export const DEFAULT_BASE_WINDOW = "1m";
/** The period's budget moves slowly: its own group, read every 5 minutes, steps of 5 minutes. */
export const DEFAULT_BUDGET_INTERVAL = "5m";
export const DEFAULT_RUNBOOK = "slo-budget-burn.md";
