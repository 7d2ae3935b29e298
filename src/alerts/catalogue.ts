import { Area, METRICS, Severity, WATCHDOG_ALERT, WATCHDOG_SLO } from "./conventions";
import { formatNumber, percentToRatio } from "./format";
import { p95Bound, p95BoundText, p95Expr } from "./latency-p95";
import { ABSENT_ALERTS, SEED_ONLY_GUARDS } from "./absence";
import { Runbook } from "./runbooks";
import { apiRequests, Selectors, serverErrors, series, userRequests } from "./selectors";

export type { Selectors } from "./selectors";

export type ThresholdUnit = "per-second" | "percent" | "seconds" | "count" | "level";

export interface AlertContext {
  threshold: number;
  /** The effective `for:`, so the text says what the stack really waits. */
  for: string;
  selectors: Selectors;
  stack: string;
  /** Low-traffic guard of the seed's request-ratio pages; 0 turns it off. */
  minRequestsPerMinute: number;
  /** The `le` bounds of the latency histogram (`apiLatencyBuckets`). */
  latencyBuckets: readonly number[];
}

export interface AlertDefinition {
  name: string;
  severity: Severity;
  area: Area;
  /** The SLO the alert guards; inhibition mutes warnings of the SLO while a critical of it fires. */
  slo: string;
  runbook: Runbook;
  /** Seed value; overridable per stack through `alertOverrides`. Absent where the alert has no threshold. */
  threshold?: { value: number; unit: ThresholdUnit; meaning: string };
  /** Seed value; overridable per stack through `alertOverrides`. */
  for: string;
  expr(ctx: AlertContext): string;
  summary(ctx: AlertContext): string;
  description(ctx: AlertContext): string;
  /** Where the seed is vague: the reading chosen, repeated in the runbook. */
  interpretation?: string;
}

function serverErrorRatio(s: Selectors, window: string): string {
  return `sum(rate(${serverErrors(s)}[${window}]))` + ` / sum(rate(${userRequests(s)}[${window}]))`;
}

/**
 * A ratio over a handful of requests is noise: at 10 requests a minute one
 * 5xx is 0.67% of 15 minutes. Like the burn-rate pages, the seed's ratio
 * pages wait for enough user traffic over their window.
 */
function trafficGuard(c: AlertContext, window: string): string {
  return c.minRequestsPerMinute > 0
    ? ` and on() sum(rate(${userRequests(c.selectors)}[${window}])) * 60 >= ${formatNumber(c.minRequestsPerMinute)}`
    : "";
}

function guardText(c: AlertContext): string {
  return c.minRequestsPerMinute > 0
    ? `, with at least ${formatNumber(c.minRequestsPerMinute)} user requests a minute`
    : "";
}

/**
 * Whole events counted in a window: increase() extrapolates to the window's
 * edges, so 2 breaches can read 2.1 and cross a "more than 2" threshold.
 * A series born inside the window (a counter created at its first event,
 * against the instrumentation contract) counts its whole value: increase()
 * would miss the first event, so 3 breaches would read 2.
 */
function countIn(counter: string, window: string): string {
  const existing = `sum(increase(${counter}[${window}]) and ${counter} offset ${window}) or vector(0)`;
  const born = `sum(${counter} unless ${counter} offset ${window}) or vector(0)`;
  return `round((${existing}) + (${born}))`;
}

function healthChecks(s: Selectors, ...matchers: string[]): string {
  return apiRequests(s, `${s.pathLabel}=~"${s.healthCheckPathRegex}"`, ...matchers);
}

const BREACH_COUNTERS = [
  METRICS.apiLatencyBreaches,
  METRICS.apiErrorBreaches,
  METRICS.apiAvailabilityBreaches,
  METRICS.dispatchBreaches,
];

/**
 * One rate per counter, summed: a single rate() over a name regex drops the
 * names and fails on colliding label sets; `or vector(0)` keeps one missing
 * counter from blanking the sum.
 */
function allBreachesRate(s: Selectors, window: string): string {
  return BREACH_COUNTERS.map((m) => `(sum(rate(${series(m, s)}[${window}])) or vector(0))`).join(" + ");
}

const SEED_ALERTS: AlertDefinition[] = [
  {
    name: "APISLOLatencyBreachCritical",
    severity: "critical",
    area: "api",
    slo: "api-latency",
    runbook: "api-slo-latency.md",
    threshold: { value: 1, unit: "per-second", meaning: "latency SLO breaches per second" },
    for: "5m",
    expr: (c) => `sum(rate(${series(METRICS.apiLatencyBreaches, c.selectors)}[5m])) > ${formatNumber(c.threshold)}`,
    summary: (c) =>
      `API latency SLO breached {{ $value | humanize }} times/s on ${c.stack} (threshold ${formatNumber(c.threshold)}/s)`,
    description: (c) =>
      `Requests are breaching the API latency SLO at {{ $value | humanize }}/s, above ${formatNumber(c.threshold)}/s, ` +
      `measured over 5 minutes on stack ${c.stack}. Users are waiting on slow responses right now.`,
  },
  {
    name: "APISLOErrorRateBreach",
    severity: "critical",
    area: "api",
    // The same SLI as availability (5xx share of requests): one outage, one SLO, one incident.
    slo: "api-availability",
    runbook: "api-slo-error-rate.md",
    threshold: { value: 5, unit: "percent", meaning: "share of API requests answered 5xx over 5 minutes" },
    for: "5m",
    expr: (c) =>
      `${serverErrorRatio(c.selectors, "5m")} > ${formatNumber(percentToRatio(c.threshold))}${trafficGuard(c, "5m")}`,
    summary: (c) =>
      `API error rate {{ $value | humanizePercentage }} on ${c.stack} (threshold ${formatNumber(c.threshold)}%)`,
    description: (c) =>
      `{{ $value | humanizePercentage }} of API requests (job ${c.selectors.apiJob}) were answered with a 5xx ` +
      `status over the last 5 minutes${guardText(c)}, above the ${formatNumber(c.threshold)}% error-rate SLO on stack ${c.stack}.`,
    interpretation:
      "Error rate is 5xx responses over all responses of http_requests_total for the API job; no traffic gives NaN, which never fires.",
  },
  {
    name: "APISLOAvailabilityBreach",
    severity: "critical",
    area: "api",
    slo: "api-availability",
    runbook: "api-slo-availability.md",
    threshold: {
      value: 99.5,
      unit: "percent",
      meaning: "availability target: non-5xx share of API requests over 15 minutes",
    },
    for: "5m",
    expr: (c) =>
      `1 - (${serverErrorRatio(c.selectors, "15m")}) < ${formatNumber(percentToRatio(c.threshold))}${trafficGuard(c, "15m")}`,
    summary: (c) =>
      `API availability {{ $value | humanizePercentage }} on ${c.stack}, below the ${formatNumber(c.threshold)}% target`,
    description: (c) =>
      `Over the last 15 minutes only {{ $value | humanizePercentage }} of API requests (job ${c.selectors.apiJob}) ` +
      `succeeded (non-5xx)${guardText(c)}, below the ${formatNumber(c.threshold)}% availability target of stack ${c.stack}.`,
    interpretation:
      "Availability is the non-5xx share of http_requests_total over 15 minutes, compared with the stack's target.",
  },
  {
    name: "DispatchSLOBreachRepeatedPagerDuty",
    severity: "critical",
    area: "dispatch",
    slo: "dispatch",
    runbook: "dispatch-slo-breach.md",
    threshold: {
      value: 2,
      unit: "count",
      meaning: "dispatch breaches in 30 minutes, above which (with the app's alert flag up) on-call is paged",
    },
    for: "5m",
    expr: (c) =>
      `${countIn(series(METRICS.dispatchBreaches, c.selectors), "30m")} > ${formatNumber(c.threshold)}` +
      ` and on() max(${series(METRICS.dispatchShouldAlert, c.selectors)}) == 1`,
    summary: (c) =>
      `Dispatch SLO breached {{ $value | humanize }} times in 30 min on ${c.stack} and dispatch asks to page`,
    description: (c) =>
      `Dispatch recorded {{ $value | humanize }} SLO breaches in the last 30 minutes (more than ${formatNumber(c.threshold)}) ` +
      `and its own ${METRICS.dispatchShouldAlert} flag is 1 on stack ${c.stack}: the breaches are repeated, not a blip.`,
    interpretation:
      "Repeated means more than 2 breaches (3 or more) within 30 minutes while dispatch_slo_should_alert is 1.",
  },
  {
    name: "DispatchSLOSeverityCritical",
    severity: "critical",
    area: "dispatch",
    slo: "dispatch",
    runbook: "dispatch-slo-critical.md",
    threshold: {
      value: 3,
      unit: "level",
      meaning: "dispatch_slo_breach_severity level counted as critical (0 none, 1 low, 2 warning, 3 critical)",
    },
    for: "2m",
    expr: (c) => `max(${series(METRICS.dispatchSeverity, c.selectors)}) >= ${formatNumber(c.threshold)}`,
    summary: (c) =>
      `Dispatch SLO breach severity is {{ $value | humanize }} on ${c.stack} (critical from ${formatNumber(c.threshold)})`,
    description: (c) =>
      `Dispatch reports breach severity {{ $value | humanize }} (${METRICS.dispatchSeverity}), at or above the critical ` +
      `level ${formatNumber(c.threshold)}, for ${c.for} on stack ${c.stack}.`,
    interpretation: "Severity levels: 0 none, 1 low, 2 warning, 3 critical; critical means >= 3.",
  },
  {
    name: "CriticalHealthCheckFailing",
    severity: "critical",
    area: "api",
    slo: "health-check",
    runbook: "health-check-failure.md",
    threshold: {
      value: 50,
      unit: "percent",
      meaning: "share of health check requests not answered 2xx over 5 minutes",
    },
    for: "2m",
    expr: (c) =>
      `sum(rate(${healthChecks(c.selectors, `${c.selectors.statusLabel}!~"2.."`)}[5m]))` +
      ` / sum(rate(${healthChecks(c.selectors)}[5m])) > ${formatNumber(percentToRatio(c.threshold))}`,
    summary: (c) =>
      `{{ $value | humanizePercentage }} of API health checks failing on ${c.stack} (threshold ${formatNumber(c.threshold)}%)`,
    description: (c) =>
      `{{ $value | humanizePercentage }} of requests to the API health endpoints (${c.selectors.pathLabel}=~"${c.selectors.healthCheckPathRegex}") ` +
      `were not answered 2xx over 5 minutes on stack ${c.stack}: orchestrators and load balancers are taking instances out.`,
    interpretation:
      "Health checks are the http_requests_total of the API job whose path matches healthCheckPathRegex; failing means not 2xx.",
  },
  {
    name: "APISLOLatencyBreachRepeated",
    severity: "warning",
    area: "api",
    slo: "api-latency",
    runbook: "api-slo-latency.md",
    threshold: { value: 10, unit: "count", meaning: "latency breaches in 15 minutes, sustained for the alert's for:" },
    for: "15m",
    expr: (c) => `${countIn(series(METRICS.apiLatencyBreaches, c.selectors), "15m")} > ${formatNumber(c.threshold)}`,
    summary: (c) => `API latency SLO breached {{ $value | humanize }} times in 15 min on ${c.stack}, for ${c.for} now`,
    description: (c) =>
      `The API keeps breaching its latency SLO: more than ${formatNumber(c.threshold)} breaches in every 15-minute ` +
      `window for ${c.for} on stack ${c.stack}, below the rate that pages but not going away.`,
    interpretation: "Repeated means more than 10 latency breaches per 15 minutes, sustained for 15 minutes.",
  },
  {
    name: "APILatencyP95High",
    severity: "warning",
    area: "api",
    slo: "api-latency",
    runbook: "api-slo-latency.md",
    threshold: {
      value: 2,
      unit: "seconds",
      meaning: "p95 request duration over 5 minutes, read at the first bucket bound at or above it",
    },
    for: "10m",
    expr: (c) => p95Expr(c.selectors, c.threshold, c.latencyBuckets),
    summary: (c) =>
      `API p95 latency above ${formatNumber(p95Bound(c.threshold, c.latencyBuckets))}s on ${c.stack}: ` +
      `{{ $value | humanizePercentage }} of requests slower (threshold ${formatNumber(c.threshold)}s)`,
    description: (c) =>
      `{{ $value | humanizePercentage }} of API requests took longer than ${p95BoundText(c.threshold, c.latencyBuckets)} ` +
      `over 5 minutes, more than the 5% a p95 allows, for ${c.for} on stack ${c.stack} (histogram ${METRICS.apiRequestDuration}).`,
    interpretation:
      "p95 above a bound B is read as more than 5% of requests slower than B, B being the first bucket of apiLatencyBuckets " +
      "at or above the threshold: exact, where histogram_quantile would interpolate inside the bucket and fire on a p95 below it.",
  },
  {
    name: "DispatchSLOBreachCountHigh",
    severity: "warning",
    area: "dispatch",
    slo: "dispatch",
    runbook: "dispatch-slo-breach.md",
    threshold: { value: 10, unit: "count", meaning: "dispatch breaches in 1 hour" },
    for: "5m",
    expr: (c) => `${countIn(series(METRICS.dispatchBreaches, c.selectors), "1h")} > ${formatNumber(c.threshold)}`,
    summary: (c) =>
      `Dispatch SLO breached {{ $value | humanize }} times in the last hour on ${c.stack} (threshold ${formatNumber(c.threshold)})`,
    description: (c) =>
      `Dispatch recorded {{ $value | humanize }} SLO breaches in the last hour, more than ${formatNumber(c.threshold)}, ` +
      `on stack ${c.stack}.`,
  },
  {
    name: "GlobalSLOBreachesElevated",
    severity: "warning",
    area: "global",
    slo: "global",
    runbook: "global-slo-summary.md",
    threshold: {
      value: 0.2,
      unit: "per-second",
      meaning: "SLO breaches per second, all SLO counters together, over 15 minutes",
    },
    for: "15m",
    expr: (c) => `${allBreachesRate(c.selectors, "15m")} > ${formatNumber(c.threshold)}`,
    summary: (c) =>
      `SLO breaches across all services at {{ $value | printf "%.2f" }}/s on ${c.stack} (threshold ${formatNumber(c.threshold)}/s)`,
    description: (c) =>
      `All SLO breach counters together grow at {{ $value | printf "%.2f" }}/s over 15 minutes on stack ${c.stack}, ` +
      `above ${formatNumber(c.threshold)}/s: several SLOs degrade at once, look for a shared cause.`,
    interpretation:
      "The global rate is the sum of the rates of every *_breach_total / *_breaches_total counter of the seed; a missing counter counts as 0.",
  },
];

const WATCHDOG: AlertDefinition = {
  name: WATCHDOG_ALERT,
  severity: "none",
  area: "global",
  slo: WATCHDOG_SLO,
  runbook: "global-slo-summary.md",
  for: "0s",
  expr: () => "vector(1)",
  summary: (c) => `Alerting pipeline heartbeat of ${c.stack}; it always fires`,
  description: (c) =>
    `This alert always fires so the heartbeat receiver hears from Alertmanager every interval. ` +
    `If the heartbeat stops, Prometheus or Alertmanager of stack ${c.stack} is down and no page can reach on-call.`,
};

/** Every alert the program deploys: the seed's, the metric-absence guards, and the dead man's switch. */
export const CATALOGUE: readonly AlertDefinition[] = [...SEED_ALERTS, ...ABSENT_ALERTS, WATCHDOG];

/** Names whose threshold and `for:` a stack may override. */
export const TUNABLE_ALERTS: readonly string[] = SEED_ALERTS.map((a) => a.name);

/** What `ruleFamilies: burn-rate` leaves out: the seed's thresholds and the guards of what only they read. */
export const SEED_FAMILY_ALERTS: readonly string[] = [...TUNABLE_ALERTS, ...SEED_ONLY_GUARDS];

export function findAlert(name: string): AlertDefinition | undefined {
  return CATALOGUE.find((a) => a.name === name);
}
