import { formatNumber, percentToRatio } from "../alerts/format";
import { PrometheusRule, RuleGroup } from "../alerts/rules";
import { runbookUrl } from "../alerts/runbooks";
import { BUDGET_REMAINING_RECORD, errorRatioRecord, TIER_LABEL } from "./conventions";
import { SloDefinition, SloIdentity } from "./slos";
import { budgetSpent, BurnRateTier, BurnRateWindows, ratioWindows } from "./windows";

export interface BurnRateContext {
  stack: string;
  runbookBaseUrl: string;
  windows: BurnRateWindows;
  minRequestsPerMinute: number;
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

/** The error budget as a ratio: 99.9 gives 0.001, not 0.0009999999999999432. */
export function errorBudget(targetPercent: number): number {
  return percentToRatio(Number((100 - targetPercent).toPrecision(12)));
}

function selector(slo: SloDefinition, ctx: BurnRateContext): string {
  return `{slo="${slo.slo}",stack="${ctx.stack}"}`;
}

function recordingRules(slo: SloDefinition, ctx: BurnRateContext): PrometheusRule[] {
  const labels = { slo: slo.slo, service: slo.service, stack: ctx.stack };
  const windows = ratioWindows(ctx.windows);
  // Each rule its own labels object: a shared one would render as YAML anchors.
  const ratios = windows.map((w) => ({ record: errorRatioRecord(w), expr: slo.errorRatio(w), labels: { ...labels } }));
  // As Sloth does: the mean of the shortest window's ratios over the period.
  // Cheap and unweighted by traffic; it covers no more than Prometheus retains.
  const spent = `avg_over_time(${errorRatioRecord(windows[0])}${selector(slo, ctx)}[${ctx.windows.period}])`;
  const remaining = {
    record: BUDGET_REMAINING_RECORD,
    expr: `1 - ${spent} / ${formatNumber(errorBudget(slo.objective.target))}`,
    labels,
  };
  return [...ratios, remaining];
}

function budgetLeft(slo: SloDefinition, ctx: BurnRateContext): string {
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
        `on ${ctx.stack}; ${budgetLeft(slo, ctx)} of the ${period} budget left`,
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

/** One group per SLO, recordings first: Prometheus evaluates a group in order, so alerts read this round's ratios. */
export function burnRateGroup(slo: SloDefinition, ctx: BurnRateContext): RuleGroup {
  return {
    name: `slo-burn-rate-${slo.slo}`,
    rules: [...recordingRules(slo, ctx), ...ctx.windows.tiers.map((tier) => alertRule(slo, tier, ctx))],
  };
}
