// Recording rule and label names of the burn-rate family, after slok/sloth's
// `slo:` level so dashboards written for Sloth-generated SLOs read them too.

/** Share of bad events over `window`, per SLO (labels slo, service, stack). */
export function errorRatioRecord(window: string): string {
  return `slo:sli_error:ratio_rate${window}`;
}

/** Bad events a second over 5 minutes, per SLO: the budget left sums it over the period. */
export const BAD_EVENTS_RECORD = "slo:sli_bad_events:rate5m";

/** All events a second over 5 minutes, per SLO (for a time-based SLI, 1: each second counts). */
export const EVENTS_RECORD = "slo:sli_events:rate5m";

/** 1 minus the share of the error budget spent, traffic-weighted, over the period or what retention holds of it; below 0 once overspent. */
export const BUDGET_REMAINING_RECORD = "slo:period_error_budget_remaining:ratio";

/** Label telling a tier's fast window pair from its slow one. */
export const TIER_LABEL = "tier";
