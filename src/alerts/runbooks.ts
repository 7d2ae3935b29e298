/** The seed's seven runbooks (§5); every alert links to one of them. */
export const RUNBOOKS = [
  "api-slo-latency.md",
  "api-slo-error-rate.md",
  "api-slo-availability.md",
  "dispatch-slo-breach.md",
  "dispatch-slo-critical.md",
  "health-check-failure.md",
  "global-slo-summary.md",
  // Not the seed's: the alerts on the alerting path itself (src/delivery).
  "alert-delivery-failing.md",
] as const;

export type Runbook = (typeof RUNBOOKS)[number];

/** Where the runbook files live in this repository; `runbookBaseUrl` points at this folder. */
export const RUNBOOK_DIR = "runbooks";

export function runbookUrl(baseUrl: string, runbook: Runbook): string {
  return `${baseUrl.endsWith("/") ? baseUrl : `${baseUrl}/`}${runbook}`;
}
