import { formatNumber, percentToRatio } from "../alerts/format";
import { RuleGroup } from "../alerts/rules";
import { BAD_EVENTS_RECORD, BUDGET_REMAINING_RECORD, EVENTS_RECORD } from "./conventions";
import { SloDefinition } from "./slos";
import { windowMs } from "./windows";

/** Budget-left rules run every 5 minutes, apart from the alerts: the 30-day ranges are their whole cost. */
export const BUDGET_INTERVAL = "5m";

export interface BudgetContext {
  stack: string;
  /** The SLO period, e.g. 30d. */
  period: string;
  /** How far back Prometheus keeps samples (`prometheusRetention`). */
  retention: string;
}

/** The window the budget left really reads: the period, or less when Prometheus keeps less. */
export function coveredWindow(ctx: BudgetContext): string {
  return windowMs(ctx.retention) < windowMs(ctx.period) ? ctx.retention : ctx.period;
}

/** The error budget as a ratio: 99.9 gives 0.001, not 0.0009999999999999432. */
export function errorBudget(targetPercent: number): number {
  return percentToRatio(Number((100 - targetPercent).toPrecision(12)));
}

/**
 * The budget left as a ratio of sums: bad events over all events across the
 * covered window, from 5-minute rates recorded every 5 minutes, so a busy
 * hour weighs more than a quiet night, and a quiet spell adds 0 to both sums
 * instead of the NaN a 0/0 ratio would put into an average. No traffic over
 * the whole window gives no sample ("unknown"), not NaN.
 */
export function budgetGroup(slo: SloDefinition, ctx: BudgetContext): RuleGroup {
  const labels = () => ({ slo: slo.slo, service: slo.service, stack: ctx.stack });
  const selector = `{slo="${slo.slo}",stack="${ctx.stack}"}`;
  const window = coveredWindow(ctx);
  const sum = (record: string) => `sum_over_time(${record}${selector}[${window}])`;
  return {
    name: `slo-budget-${slo.slo}`,
    interval: BUDGET_INTERVAL,
    rules: [
      { record: BAD_EVENTS_RECORD, expr: slo.badRate("5m"), labels: labels() },
      { record: EVENTS_RECORD, expr: slo.eventRate("5m"), labels: labels() },
      {
        record: BUDGET_REMAINING_RECORD,
        expr:
          `1 - (${sum(BAD_EVENTS_RECORD)} / (${sum(EVENTS_RECORD)} > 0))` +
          ` / ${formatNumber(errorBudget(slo.objective.target))}`,
        // The window really read, for dashboards: less than the period when retention is shorter.
        labels: { ...labels(), window },
      },
    ],
  };
}

/** How the page text names the budget: honest about the window when retention is shorter than the period. */
export function budgetWindowText(ctx: BudgetContext): string {
  const window = coveredWindow(ctx);
  return window === ctx.period
    ? `of the ${ctx.period} budget left`
    : `of the budget left at the error ratio of the last ${window} (Prometheus keeps ${ctx.retention} of the ${ctx.period} period)`;
}
