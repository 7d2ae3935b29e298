// The seed's metric and label names (§6): the contract with the instrumented
// services, kept in one place so rules, tests and runbooks cannot drift apart.
export const METRICS = {
  apiLatencyBreaches: "api_slo_latency_breach_total",
  apiErrorBreaches: "api_slo_error_breach_total",
  apiAvailabilityBreaches: "api_slo_availability_breach_total",
  apiRequestDuration: "api_slo_request_duration_seconds",
  dispatchBreaches: "dispatch_slo_breaches_total",
  dispatchSeverity: "dispatch_slo_breach_severity",
  dispatchShouldAlert: "dispatch_slo_should_alert",
  httpRequests: "http_requests_total",
} as const;

export type Severity = "critical" | "warning" | "none";
export type Area = "api" | "dispatch" | "global";
export const AREAS: readonly Area[] = ["api", "dispatch", "global"];

export const WATCHDOG_ALERT = "Watchdog";
/** The Watchdog's `slo` label: the heartbeat route matches it, so only our Watchdog keeps the heartbeat alive. */
export const WATCHDOG_SLO = "watchdog";
