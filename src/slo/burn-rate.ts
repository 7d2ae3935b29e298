import { formatNumber } from "../alerts/format";
import { PrometheusRule, RuleGroup } from "../alerts/rules";
import { runbookUrl } from "../alerts/runbooks";
import { budgetGroup, budgetWindowText, errorBudget } from "./budget";
import { BUDGET_REMAINING_RECORD, errorRatioRecord, TIER_LABEL } from "./conventions";
import { SloDefinition, SloIdentity } from "./slos";
import { budgetSpent, BurnRateTier, BurnRateWindows, ratioWindows } from "./windows";

export interface BurnRateContext {
  stack: string;
  runbookBaseUrl: string;
  windows: BurnRateWindows;
  minRequestsPerMinute: number;
  /** `prometheusRetention`: how much of the period the budget left can read. */
  retention: string;
}

/**
 * One name for the tiers of an SLO and severity, told apart by the tier
 * label: Alertmanager then groups them, so when the fast tier resolves and
 * the slow one carries on, PagerDuty updates the open incident instead of
 * opening a second one.
 */
export function burnRateAlertName(slo: SloIdentity, tier: BurnRateTier): string {
  return `${slo.alertPrefix}BudgetBurn${tier.severity === "critical" ? "Page" : "Ticket"}`;
}

export { errorBudget } from "./budget";

function selector(slo: SloDefinition, ctx: BurnRateContext): string {
  return `{slo="${slo.slo}",stack="${ctx.stack}"}`;
}

function recordingRules(slo: SloDefinition, ctx: BurnRateContext): PrometheusRule[] {
  const labels = { slo: slo.slo, service: slo.service, stack: ctx.stack };
  const windows = ratioWindows(ctx.windows);
  // Each rule its own labels object: a shared one would render as YAML anchors.
  return windows.map((w) => ({ record: errorRatioRecord(w), expr: slo.errorRatio(w), labels: { ...labels } }));
}

function budgetLeft(slo: SloDefinition, ctx: BurnRateContext): string {
  // The budget group runs every 5 minutes: before its first round the query is empty, "unknown".
  return (
    `{{ with query \`${BUDGET_REMAINING_RECORD}${selector(slo, ctx)}\` }}{{ $left := . | first | value }}` +
    `{{ if le $left 0.0 }}none{{ else }}{{ humanizePercentage $left }}{{ end }}{{ else }}unknown{{ end }}`
  );
}

function alertRule(slo: SloDefinition, tier: BurnRateTier, ctx: BurnRateContext): PrometheusRule {
  const budget = formatNumber(errorBudget(slo.objective.target));
  const factor = formatNumber(tier.factor);
  const burn = (w: string): string => `${errorRatioRecord(w)}${selector(slo, ctx)} / ${budget} >= ${factor}`;
  // A handful of requests makes a noisy ratio: one failure in twenty is a 50x
  // burn at 99.9%. Tickets are not held back, so a low-traffic SLO is still seen.
  const requestRate = tier.severity === "critical" && ctx.minRequestsPerMinute > 0 ? slo.requestRate : undefined;
  const guard =
    requestRate === undefined
      ? ""
      : ` and on() ${requestRate(tier.longWindow)} * 60 >= ${formatNumber(ctx.minRequestsPerMinute)}`;
  const period = ctx.windows.period;
  const spent = formatNumber(budgetSpent(tier, period) * 100);
  return {
    alert: burnRateAlertName(slo, tier),
    expr: `${burn(tier.longWindow)} and ${burn(tier.shortWindow)}${guard}`,
    labels: { severity: tier.severity, slo: slo.slo, service: slo.service, stack: ctx.stack, [TIER_LABEL]: tier.tier },
    annotations: {
      summary:
        `${slo.title} is burning its error budget at {{ printf "%.1f" $value }}x over ${tier.longWindow} ` +
        `on ${ctx.stack}; ${budgetLeft(slo, ctx)} ${budgetWindowText({ stack: ctx.stack, period, retention: ctx.retention })}`,
      description:
        `${slo.goodEvents}: the objective is ${formatNumber(slo.objective.target)}% over ${period}, ` +
        `an error budget of ${formatNumber(100 - slo.objective.target)}%. Over both the last ${tier.longWindow} ` +
        `and ${tier.shortWindow} it burned at ${factor}x or more the pace that spends it in exactly ${period}, ` +
        `${spent}% of it every ${tier.longWindow}` +
        (requestRate === undefined
          ? ""
          : `, with at least ${formatNumber(ctx.minRequestsPerMinute)} requests a minute over the ${tier.longWindow}`) +
        `, on stack ${ctx.stack}.`,
      runbook_url: runbookUrl(ctx.runbookBaseUrl, slo.runbook),
    },
  };
}

/**
 * Per SLO, the burn-rate group, recordings first (Prometheus evaluates a
 * group in order, so alerts read this round's ratios), and the budget-left
 * group on its own slower interval.
 */
export function burnRateGroups(slo: SloDefinition, ctx: BurnRateContext): RuleGroup[] {
  return [
    {
      name: `slo-burn-rate-${slo.slo}`,
      rules: [...recordingRules(slo, ctx), ...ctx.windows.tiers.map((tier) => alertRule(slo, tier, ctx))],
    },
    budgetGroup(slo, { stack: ctx.stack, period: ctx.windows.period, retention: ctx.retention }),
  ];
}
