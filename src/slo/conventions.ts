// Recording rule and label names of the burn-rate family, after slok/sloth's
// `slo:` level so dashboards written for Sloth-generated SLOs read them too.

/** Share of bad events over `window`, per SLO (labels slo, service, stack). */
export function errorRatioRecord(window: string): string {
  return `slo:sli_error:ratio_rate${window}`;
}

/** 1 minus the share of the period's error budget spent so far; below 0 once it is overspent. */
export const BUDGET_REMAINING_RECORD = "slo:period_error_budget_remaining:ratio";

/** Label telling a tier's fast window pair from its slow one. */
export const TIER_LABEL = "tier";
