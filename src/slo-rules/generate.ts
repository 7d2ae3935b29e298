import { formatNumber } from "../alerts/format";
import { PrometheusRule } from "../alerts/rules";
import { formatSeconds } from "../settings/duration";
import { BurnTier, SloModel } from "../specs/model";
import { atWindow, hasWindow } from "../specs/promql";
import { windowMs } from "../specs/tiers";
import { ownerTeam } from "../teams/owner";
import * as names from "./conventions";

export interface SpecRuleContext {
  stack: string;
  runbookBaseUrl: string;
  /** Owner of the SLOs without a team label (see ownerTeam). */
  defaultTeam: string;
  /** Long windows add up rates over it (see DEFAULT_BASE_WINDOW). */
  baseWindow?: string;
  /** Interval of the budget group (see DEFAULT_BUDGET_INTERVAL). */
  budgetInterval?: string;
  /** How far back Prometheus keeps samples (`prometheusRetention`): the budget left reads no more of the period. */
  retention?: string;
  /**
   * Low-traffic guard (`burnRateMinRequestsPerMinute`): a page of an SLO
   * counting events with counters needs at least this many events a minute
   * over its long window; an SLO's own `minEventsPerMinute` wins. 0 or absent: none.
   */
  minEventsPerMinute?: number;
}

/** A Prometheus rule group; `interval` only where it differs from the global one. */
export interface SpecRuleGroup {
  name: string;
  interval?: string;
  rules: PrometheusRule[];
}

/** 99.9% gives 0.001, not 0.0009999999999999432. */
export function errorBudget(slo: SloModel): number {
  return Number((1 - slo.objective).toPrecision(12));
}

function recordLabels(slo: SloModel, ctx: SpecRuleContext): Record<string, string> {
  return {
    ...slo.labels,
    team: ownerTeam(slo, ctx.defaultTeam),
    slo: slo.name,
    service: slo.service,
    stack: ctx.stack,
    sloth_id: slo.name,
    sloth_service: slo.service,
    sloth_slo: slo.name,
  };
}

function selector(slo: SloModel, stack: string): string {
  return `{slo=${JSON.stringify(slo.name)},stack=${JSON.stringify(stack)}}`;
}

/** Every window a tier reads plus the 5m one the dashboards read, shortest first. */
export function alertWindows(slo: SloModel): string[] {
  const all = new Set([names.SHORT_WINDOW, ...slo.alerting.tiers.flatMap((t) => [t.longWindow, t.shortWindow])]);
  return [...all].sort((a, b) => windowMs(a) - windowMs(b));
}

type Record_ = (record: string, expr: string) => PrometheusRule;

/**
 * The SLI's recordings. Counters: bad and total rates over the short window
 * and the base window read the raw series once; every longer window is a sum
 * of the recorded base rates over the window less the base, so its rates
 * cover exactly the window and it reads one series per side, not every raw
 * series. Gauges: read once, summed over each window. Raw ratios: Sloth's
 * way, the query at each window (or averaged over it when it has none).
 */
function sliRules(slo: SloModel, ctx: SpecRuleContext, record: Record_): PrometheusRule[] {
  const sel = selector(slo, ctx.stack);
  const windows = alertWindows(slo);
  const ind = slo.indicator;
  if (ind.type === "ratio") {
    if (hasWindow(ind.errorRatio)) {
      return windows.map((w) => record(names.errorRatioRecord(w), atWindow(ind.errorRatio, w)));
    }
    const gauge = "slo:sli_error:ratio_gauge";
    return [
      record(gauge, ind.errorRatio),
      ...windows.map((w) => record(names.errorRatioRecord(w), `avg_over_time((${gauge}${sel} >= 0)[${w}:])`)),
    ];
  }
  if (!ind.counter) {
    const [bad, total] = [names.eventGaugeRecord("bad"), names.eventGaugeRecord("total")];
    return [
      record(bad, ind.errors),
      record(total, ind.total),
      ...windows.map((w) =>
        record(names.errorRatioRecord(w), `sum_over_time(${bad}${sel}[${w}]) / sum_over_time(${total}${sel}[${w}])`),
      ),
    ];
  }
  const base = ctx.baseWindow ?? names.DEFAULT_BASE_WINDOW;
  const raw = [...new Set([base, ...windows.filter((w) => windowMs(w) <= windowMs(names.SHORT_WINDOW))])];
  const rates = raw.flatMap((w) => [
    record(names.eventRateRecord("bad", w), atWindow(ind.errors, w)),
    record(names.eventRateRecord("total", w), atWindow(ind.total, w)),
  ]);
  const ratios = windows.map((w) => {
    if (raw.includes(w)) {
      return record(
        names.errorRatioRecord(w),
        `${names.eventRateRecord("bad", w)}${sel} / ${names.eventRateRecord("total", w)}${sel}`,
      );
    }
    const range = formatSeconds((windowMs(w) - windowMs(base)) / 1000);
    return record(
      names.errorRatioRecord(w),
      `sum_over_time(${names.eventRateRecord("bad", base)}${sel}[${range}])` +
        ` / sum_over_time(${names.eventRateRecord("total", base)}${sel}[${range}])`,
    );
  });
  return [...rates, ...ratios];
}

/**
 * The period's ratio weighted by traffic: a ratio of sums, not a mean of
 * ratios, so a quiet hour (0/0) neither reads NaN nor counts like a busy
 * one. Subquery steps of the budget interval tile the period with the 5m
 * rates; a period without any traffic gives no sample instead of NaN.
 */
function periodRatio(slo: SloModel, ctx: SpecRuleContext): string {
  const sel = selector(slo, ctx.stack);
  const step = ctx.budgetInterval ?? names.DEFAULT_BUDGET_INTERVAL;
  const range = `[${budgetWindow(slo, ctx)}:${step}]`;
  const ind = slo.indicator;
  if (ind.type === "ratio") {
    const source = hasWindow(ind.errorRatio) ? names.errorRatioRecord(names.SHORT_WINDOW) : "slo:sli_error:ratio_gauge";
    return `avg_over_time((${source}${sel} >= 0)${range})`;
  }
  const [bad, total] = ind.counter
    ? [names.eventRateRecord("bad", names.SHORT_WINDOW), names.eventRateRecord("total", names.SHORT_WINDOW)]
    : [names.eventGaugeRecord("bad"), names.eventGaugeRecord("total")];
  return `sum_over_time(${bad}${sel}${range}) / (sum_over_time(${total}${sel}${range}) > 0)`;
}

/** The window the budget left really reads: the period, or less when Prometheus keeps less. */
export function budgetWindow(slo: SloModel, ctx: SpecRuleContext): string {
  return ctx.retention !== undefined && windowMs(ctx.retention) < windowMs(slo.period) ? ctx.retention : slo.period;
}

function budgetRules(slo: SloModel, ctx: SpecRuleContext, record: Record_): PrometheusRule[] {
  const sel = selector(slo, ctx.stack);
  const budget = formatNumber(errorBudget(slo));
  // The window really read, for dashboards: less than the period when retention is shorter.
  const windowed: Record_ = (name, expr) => {
    const rule = record(name, expr);
    return { ...rule, labels: { ...rule.labels, window: budgetWindow(slo, ctx) } };
  };
  return [
    record(names.OBJECTIVE_RECORD, `vector(${formatNumber(slo.objective)})`),
    record(names.ERROR_BUDGET_RECORD, `vector(${budget})`),
    record(names.PERIOD_DAYS_RECORD, `vector(${formatNumber(windowMs(slo.period) / 86400e3)})`),
    windowed(names.errorRatioRecord(slo.period), periodRatio(slo, ctx)),
    windowed(names.PERIOD_BURN_RECORD, `${names.errorRatioRecord(slo.period)}${sel} / ${budget}`),
    windowed(names.BUDGET_REMAINING_RECORD, `1 - ${names.PERIOD_BURN_RECORD}${sel}`),
    record(names.INFO_RECORD, "vector(1)"),
  ];
}

/** How the page text names the budget: honest about the window when retention is shorter than the period. */
function budgetWindowText(slo: SloModel, ctx: SpecRuleContext): string {
  const window = budgetWindow(slo, ctx);
  return window === slo.period
    ? `of the ${slo.period} budget left`
    : `of the budget left at the error ratio of the last ${window} (Prometheus keeps ${ctx.retention} of the ${slo.period} period)`;
}

function budgetLeft(slo: SloModel, ctx: SpecRuleContext): string {
  return (
    `{{ with query \`${names.BUDGET_REMAINING_RECORD}${selector(slo, ctx.stack)}\` }}{{ $left := . | first | value }}` +
    `{{ if le $left 0.0 }}none{{ else }}{{ humanizePercentage $left }}{{ end }}{{ else }}unknown{{ end }}`
  );
}

/** A runbook_url without a scheme (`api-slo-latency.md`) is a file under the stack's runbookBaseUrl. */
function runbook(slo: SloModel, ctx: SpecRuleContext): string {
  const base = ctx.runbookBaseUrl.endsWith("/") ? ctx.runbookBaseUrl : `${ctx.runbookBaseUrl}/`;
  const url = slo.alerting.runbookUrl ?? names.DEFAULT_RUNBOOK;
  return /^[a-z][a-z0-9+.-]*:/i.test(url) ? url : `${base}${url.replace(/^\.?\//, "")}`;
}

/** The guard's events a minute, or 0: only counter SLIs count events (gauges and raw ratios have no rate). */
export function minEventsPerMinute(slo: SloModel, ctx: SpecRuleContext): number {
  const counts = slo.indicator.type === "events" && slo.indicator.counter;
  return counts ? (slo.alerting.minEventsPerMinute ?? ctx.minEventsPerMinute ?? 0) : 0;
}

/**
 * Events a second over `window` from the recorded total rates, as the ratio
 * reads them: the short windows' own rate, a longer one the mean of the base
 * rates over the window less the base (the ratio's denominator over its
 * sample count).
 */
function eventRate(slo: SloModel, ctx: SpecRuleContext, window: string): string {
  const sel = selector(slo, ctx.stack);
  const base = ctx.baseWindow ?? names.DEFAULT_BASE_WINDOW;
  if (window === base || windowMs(window) <= windowMs(names.SHORT_WINDOW)) {
    return `${names.eventRateRecord("total", window)}${sel}`;
  }
  const range = formatSeconds((windowMs(window) - windowMs(base)) / 1000);
  return `avg_over_time(${names.eventRateRecord("total", base)}${sel}[${range}])`;
}

export function alertName(slo: SloModel, tier: Pick<BurnTier, "severity">): string {
  return `${slo.alerting.name}${tier.severity === "critical" ? "Page" : "Ticket"}`;
}

function alertRule(slo: SloModel, tier: BurnTier, ctx: SpecRuleContext): PrometheusRule {
  const sel = selector(slo, ctx.stack);
  const budget = formatNumber(errorBudget(slo));
  const factor = formatNumber(tier.factor);
  const burn = (w: string): string => `${names.errorRatioRecord(w)}${sel} / ${budget} >= ${factor}`;
  const page = tier.severity === "critical";
  const a = slo.alerting;
  const specAnnotations = { ...a.annotations, ...(page ? a.pageAnnotations : a.ticketAnnotations) };
  const { summary: specSummary, description: specDescription, ...otherAnnotations } = specAnnotations;
  const spent = formatNumber(((tier.factor * windowMs(tier.longWindow)) / windowMs(slo.period)) * 100);
  const targets = a.notificationTargets.length ? ` Notification targets: ${a.notificationTargets.join(", ")}.` : "";
  // A handful of events makes a noisy ratio: one failure in twenty is a 50x
  // burn at 99.9%. Tickets are not held back, so a low-traffic SLO is still seen.
  const min = page ? minEventsPerMinute(slo, ctx) : 0;
  const guard = min > 0 ? ` and on() ${eventRate(slo, ctx, tier.longWindow)} * 60 >= ${formatNumber(min)}` : "";
  const guardText = min > 0 ? `, with at least ${formatNumber(min)} events a minute over the ${tier.longWindow}` : "";
  return {
    alert: alertName(slo, tier),
    expr: `${burn(tier.longWindow)} and ${burn(tier.shortWindow)}${guard}`,
    ...(tier.for === undefined ? {} : { for: tier.for }),
    // The program's labels last: routing reads severity and team, inhibition reads slo and tier.
    labels: {
      ...slo.labels,
      ...a.labels,
      ...(page ? a.pageLabels : a.ticketLabels),
      // A notification target of the SLO may send its pages or tickets to another team than its owner.
      team: (page ? a.pageTeam : a.ticketTeam) ?? ownerTeam(slo, ctx.defaultTeam),
      severity: tier.severity,
      slo: slo.name,
      service: slo.service,
      stack: ctx.stack,
      tier: tier.tier,
    },
    annotations: {
      ...otherAnnotations,
      ...(specSummary === undefined ? {} : { spec_summary: specSummary }),
      summary:
        `${slo.displayName} is burning its error budget at {{ printf "%.1f" $value }}x over ${tier.longWindow} ` +
        `on ${ctx.stack}; ${budgetLeft(slo, ctx)} ${budgetWindowText(slo, ctx)}`,
      description:
        specDescription ??
        `${slo.description === "" ? slo.displayName : slo.description}: the objective is ` +
          `${formatNumber(slo.objective * 100)}% over ${slo.period}. Over both the last ${tier.longWindow} and ` +
          `${tier.shortWindow} the error ratio burned the budget at ${factor}x or more, ${spent}% of it every ` +
          `${tier.longWindow}${guardText}, on stack ${ctx.stack}.${targets}`,
      runbook_url: runbook(slo, ctx),
    },
  };
}

/**
 * One SLO's rules in two groups: its SLI recordings then its alerts (one
 * group, evaluated in order, so alerts read this round's ratios), and its
 * metadata and budget at the budget interval.
 */
export function sloRuleGroups(slo: SloModel, ctx: SpecRuleContext): SpecRuleGroup[] {
  const labels = recordLabels(slo, ctx);
  // Each rule its own labels object: a shared one would render as YAML anchors.
  const record: Record_ = (name, expr) => ({ record: name, expr, labels: { ...labels } });
  const sel = selector(slo, ctx.stack);
  const current = record(
    names.CURRENT_BURN_RECORD,
    `${names.errorRatioRecord(names.SHORT_WINDOW)}${sel} / ${formatNumber(errorBudget(slo))}`,
  );
  return [
    {
      name: `slo-sli-${slo.name}`,
      rules: [...sliRules(slo, ctx, record), current, ...slo.alerting.tiers.map((t) => alertRule(slo, t, ctx))],
    },
    {
      name: `slo-budget-${slo.name}`,
      interval: ctx.budgetInterval ?? names.DEFAULT_BUDGET_INTERVAL,
      rules: budgetRules(slo, ctx, record),
    },
  ];
}
