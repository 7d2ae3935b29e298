import type { AlertDefinition } from "./catalogue";
import { Area, METRICS, Severity } from "./conventions";
import { Runbook } from "./runbooks";
import { apiRequests, Selectors, series } from "./selectors";

interface WatchedMetrics {
  name: string;
  severity: Severity;
  area: Area;
  slo: string;
  for: string;
  runbook: Runbook;
  metrics: (s: Selectors) => string[];
  impact: string;
  /** Guards only series the seed's threshold alerts read: deployed with them, not with burn-rate alone. */
  seedOnly?: boolean;
  /** Watches counters, which the instrumentation contract exports at 0 from start-up. */
  counters?: boolean;
}

const COUNTER_HINT =
  " If the service's other metrics are scraped, the counter was renamed or is created only at its first event: " +
  "counters must be exported at 0 from start-up (README, Instrumentation contract).";

/** Metrics whose disappearance would silence the SLO alerts built on them. */
const WATCHED: WatchedMetrics[] = [
  {
    // With no traffic counted every ratio is NaN and never fires, so a dead or
    // unscraped API would otherwise page nobody: this is the outage page.
    name: "APIRequestsMetricAbsent",
    severity: "critical",
    area: "api",
    slo: "api-availability",
    for: "5m",
    runbook: "api-slo-availability.md",
    metrics: (s) => [apiRequests(s)],
    impact: "the API is down or no longer scraped, and its error-rate and availability alerts cannot fire",
  },
  {
    // Pages, in the latency SLO's incident: the latency burn-rate page reads this histogram.
    name: "APILatencyHistogramAbsent",
    severity: "critical",
    area: "api",
    slo: "api-latency",
    for: "10m",
    runbook: "api-slo-latency.md",
    metrics: (s) => [series(`${METRICS.apiRequestDuration}_count`, s)],
    impact: "the latency burn-rate page and the p95 latency alert cannot fire",
  },
  {
    // Pages, in the dispatch SLO's incident: without these gauges neither dispatch page can fire.
    name: "DispatchSLOMetricsAbsent",
    severity: "critical",
    area: "dispatch",
    slo: "dispatch",
    for: "10m",
    runbook: "dispatch-slo-breach.md",
    // The gauges; the breach counter has its own guard below, DispatchBreachCounterAbsent.
    metrics: (s) => [series(METRICS.dispatchShouldAlert, s), series(METRICS.dispatchSeverity, s)],
    impact: "DispatchSLOBreachRepeatedPagerDuty and DispatchSLOSeverityCritical cannot page",
  },
  // The breach counters (instrumentation contract: exported at 0 from
  // start-up, so absent means lost, not "no breach yet"). Each guard has the
  // severity and SLO of what its loss blinds.
  {
    // Pages: the seed's latency page counts this counter and nothing else.
    name: "APILatencyBreachCounterAbsent",
    severity: "critical",
    area: "api",
    slo: "api-latency",
    for: "10m",
    runbook: "api-slo-latency.md",
    metrics: (s) => [series(METRICS.apiLatencyBreaches, s)],
    impact: "APISLOLatencyBreachCritical cannot page and APISLOLatencyBreachRepeated cannot fire",
    seedOnly: true,
    counters: true,
  },
  {
    // Pages: the dispatch burn-rate page and the seed's repeated-breach page count it.
    name: "DispatchBreachCounterAbsent",
    severity: "critical",
    area: "dispatch",
    slo: "dispatch",
    for: "10m",
    runbook: "dispatch-slo-breach.md",
    metrics: (s) => [series(METRICS.dispatchBreaches, s)],
    impact:
      "the dispatch pages that count breaches (DispatchBudgetBurnPage, DispatchSLOBreachRepeatedPagerDuty) cannot fire",
    counters: true,
  },
  {
    // A warning: only GlobalSLOBreachesElevated, a warning, reads them (a missing one counts as 0 there).
    name: "APISLOBreachCountersAbsent",
    severity: "warning",
    area: "global",
    slo: "global",
    for: "15m",
    runbook: "global-slo-summary.md",
    metrics: (s) => [series(METRICS.apiErrorBreaches, s), series(METRICS.apiAvailabilityBreaches, s)],
    impact: "GlobalSLOBreachesElevated counts them as 0 and may stay quiet while several SLOs degrade",
    seedOnly: true,
    counters: true,
  },
];

// absent() rather than absent_over_time(): a target that stops answering gets
// stale markers at once, so `for:` alone sets the delay.
export const ABSENT_ALERTS: AlertDefinition[] = WATCHED.map((w) => ({
  name: w.name,
  severity: w.severity,
  area: w.area,
  slo: w.slo,
  runbook: w.runbook,
  for: w.for,
  expr: (c) =>
    w
      .metrics(c.selectors)
      .map((m) => `absent(${m})`)
      .join(" or "),
  summary: (c) => `No ${w.metrics(c.selectors).join(" or ")} scraped for ${w.for} on ${c.stack}: ${w.impact}`,
  description: (c) =>
    `Prometheus has had no sample of ${w.metrics(c.selectors).join(" or ")} for ${w.for} on stack ${c.stack}, so ` +
    `${w.impact}. Check the service's pods, its scrape target in Prometheus and its /prometheus/metrics-http endpoint.` +
    (w.counters ? COUNTER_HINT : ""),
}));

export const SEED_ONLY_GUARDS: readonly string[] = WATCHED.filter((w) => w.seedOnly).map((w) => w.name);
