import { METRICS } from "./conventions";

/** What the rules need to know about the instrumented services; all stack settings. */
export interface Selectors {
  /** `job` label of the API's scrape target, for `http_requests_total`. */
  apiJob: string;
  /** Label of `http_requests_total` holding the HTTP status code. */
  statusLabel: string;
  /** Label of `http_requests_total` holding the request path. */
  pathLabel: string;
  /** Regex (RE2, anchored by Prometheus) of the health check paths. */
  healthCheckPathRegex: string;
  /**
   * Label matchers (`namespace="prod"`) added to every series an alert
   * reads, so a Prometheus that scrapes several environments does not mix
   * them; undefined reads every series of the metric.
   */
  environment?: string;
}

/** `name{matchers}` with the environment's matchers last; a bare name when there are none. */
export function series(name: string, s: Selectors, ...matchers: string[]): string {
  const all = [...matchers, ...(s.environment === undefined ? [] : [s.environment])];
  return all.length === 0 ? name : `${name}{${all.join(",")}}`;
}

/** Every request of the API job, health checks included: for the absence guard and the health-check alert. */
export function apiRequests(s: Selectors, ...matchers: string[]): string {
  return series(METRICS.httpRequests, s, `job="${s.apiJob}"`, ...matchers);
}

/**
 * Requests from users: health checks left out. Probes answer 200 at a steady
 * rate whatever users get, so counted they dilute the error ratio and satisfy
 * the low-traffic guards with no user at all.
 */
export function userRequests(s: Selectors, ...matchers: string[]): string {
  return apiRequests(s, `${s.pathLabel}!~"${s.healthCheckPathRegex}"`, ...matchers);
}

export function serverErrors(s: Selectors): string {
  return userRequests(s, `${s.statusLabel}=~"5.."`);
}
