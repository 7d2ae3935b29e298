import { formatNumber } from "../alerts/format";
import { errorBudget } from "../slo-rules/generate";
import * as names from "../slo-rules/conventions";
import { BurnTier, SloModel } from "../specs/model";

// The PromQL of the panels. Every series named here is one the spec SLOs'
// rules record (src/slo-rules/conventions.ts) or Prometheus' own ALERTS, and
// only with the labels those rules put on it; the dashboards' tests run each
// query against a Prometheus that evaluates the program's own rule files.

/** Grafana variables the queries use: the stack, and the team's SLOs as a regex (see teamVariable). */
export const STACK_VARIABLE = "stack";
export const TEAM_VARIABLE = "team";

const STACK = `stack="$${STACK_VARIABLE}"`;
const TEAM_SLOS = `slo=~"$${TEAM_VARIABLE}"`;

function of(slo: SloModel): string {
  return `{slo=${JSON.stringify(slo.name)},${STACK}}`;
}

export function objectiveQuery(slo: SloModel): string {
  return `${names.OBJECTIVE_RECORD}${of(slo)}`;
}

export function periodDaysQuery(slo: SloModel): string {
  return `${names.PERIOD_DAYS_RECORD}${of(slo)}`;
}

/** Share of good events over the last 5 minutes. */
export function sliNowQuery(slo: SloModel): string {
  return `1 - ${names.errorRatioRecord(names.SHORT_WINDOW)}${of(slo)}`;
}

export function budgetLeftQuery(slo: SloModel): string {
  return `${names.BUDGET_REMAINING_RECORD}${of(slo)}`;
}

/**
 * The burn rate over one window as the alert computes it: the window's
 * error ratio over the budget as a number (a raw-ratio SLI keeps its own
 * labels, which a division by another series would not match).
 */
export function burnRateQuery(slo: SloModel, window: string): string {
  return `${names.errorRatioRecord(window)}${of(slo)} / ${formatNumber(errorBudget(slo))}`;
}

export function tierQueries(slo: SloModel, tier: BurnTier): { window: string; expr: string }[] {
  return [tier.longWindow, tier.shortWindow].map((window) => ({ window, expr: burnRateQuery(slo, window) }));
}

/** Pending and firing alerts of the SLO, one row each. */
export function alertsQuery(slo: SloModel): string {
  return `ALERTS${of(slo)}`;
}

/** The overview's columns, one value per SLO of the selected team. */
export function teamBudgetLeftQuery(): string {
  // min: a raw-ratio SLI may record one series per instance; the worst one counts.
  return `min by (slo) (${names.BUDGET_REMAINING_RECORD}{${STACK},${TEAM_SLOS}})`;
}

export function teamFiringQuery(severity: "critical" | "warning"): string {
  return `count by (slo) (ALERTS{${STACK},${TEAM_SLOS},severity="${severity}",alertstate="firing"})`;
}

/** The stack variable's values: every stack that records an SLO objective. */
export function stackValuesQuery(): string {
  return `label_values(${names.OBJECTIVE_RECORD}, stack)`;
}
