import { Selectors, series, serverErrors, userRequests } from "../alerts/selectors";
import { Area, METRICS } from "../alerts/conventions";
import { bucketMatcher } from "../alerts/buckets";
import { formatNumber } from "../alerts/format";
import { Runbook } from "../alerts/runbooks";
import { BurnRateSettings, Objective } from "./types";

export type SloName = "api-availability" | "api-latency" | "dispatch";

/** What names an SLO, independent of the stack. */
export interface SloIdentity {
  /** The `slo` label, shared with the seed's alerts on the same objective so they share one incident (the PagerDuty route groups by stack and slo). */
  slo: SloName;
  service: Area;
  /** Alert names start with it: `<alertPrefix>BudgetBurnPage`. */
  alertPrefix: string;
  title: string;
  runbook: Runbook;
}

const IDENTITIES: Record<SloName, SloIdentity> = {
  "api-availability": {
    slo: "api-availability",
    service: "api",
    alertPrefix: "APIAvailability",
    title: "API availability",
    runbook: "api-slo-availability.md",
  },
  "api-latency": {
    slo: "api-latency",
    service: "api",
    alertPrefix: "APILatency",
    title: "API latency",
    runbook: "api-slo-latency.md",
  },
  dispatch: {
    slo: "dispatch",
    service: "dispatch",
    alertPrefix: "Dispatch",
    title: "Dispatch",
    runbook: "dispatch-slo-breach.md",
  },
};

export const SLOS: readonly SloIdentity[] = Object.values(IDENTITIES);

/** An SLO with the stack's objective and the PromQL of its indicator. */
export interface SloDefinition extends SloIdentity {
  objective: Objective;
  /** What counts as good, for the alert description. */
  goodEvents: string;
  /** PromQL: the share of bad events over `window`. */
  errorRatio(window: string): string;
  /** PromQL: bad events a second over `window`, 0 rather than nothing before the first one; for the budget left. */
  badRate(window: string): string;
  /** PromQL: all events a second over `window`, the budget left's denominator. */
  eventRate(window: string): string;
  /** PromQL: requests a second over `window`, for the low-traffic guard; absent where the indicator counts time. */
  requestRate?(window: string): string;
}

export function sloDefinitions(selectors: Selectors, settings: BurnRateSettings): SloDefinition[] {
  const histogram = METRICS.apiRequestDuration;
  const bucket = (le: string): string => series(`${histogram}_bucket`, selectors, le);
  const count = series(`${histogram}_count`, selectors);
  const latency = settings.apiLatency;
  return [
    {
      ...IDENTITIES["api-availability"],
      objective: settings.apiAvailability,
      goodEvents: `API requests from users (${userRequests(selectors)}) answered with a status other than 5xx`,
      errorRatio: (w) => `sum(rate(${serverErrors(selectors)}[${w}])) / sum(rate(${userRequests(selectors)}[${w}]))`,
      badRate: (w) => `sum(rate(${serverErrors(selectors)}[${w}])) or vector(0)`,
      eventRate: (w) => `sum(rate(${userRequests(selectors)}[${w}]))`,
      requestRate: (w) => `sum(rate(${userRequests(selectors)}[${w}]))`,
    },
    {
      ...IDENTITIES["api-latency"],
      objective: latency,
      goodEvents: `API requests answered within ${formatNumber(latency.thresholdSeconds)}s (${histogram})`,
      errorRatio: (w) =>
        `1 - sum(rate(${bucket(bucketMatcher(latency.thresholdSeconds))}[${w}]))` + ` / sum(rate(${count}[${w}]))`,
      badRate: (w) => `sum(rate(${count}[${w}])) - sum(rate(${bucket(bucketMatcher(latency.thresholdSeconds))}[${w}]))`,
      eventRate: (w) => `sum(rate(${count}[${w}]))`,
      requestRate: (w) => `sum(rate(${count}[${w}]))`,
    },
    {
      ...IDENTITIES.dispatch,
      objective: settings.dispatch,
      // The seed exports breaches but no count of dispatches, so the indicator
      // is time-based: each breach spends one minute of the budget.
      goodEvents: `Minutes without a dispatch SLO breach (${METRICS.dispatchBreaches}, one bad minute per breach)`,
      errorRatio: (w) => `sum(rate(${series(METRICS.dispatchBreaches, selectors)}[${w}])) * 60`,
      badRate: (w) => `(sum(rate(${series(METRICS.dispatchBreaches, selectors)}[${w}])) or vector(0)) * 60`,
      eventRate: () => "vector(1)",
    },
  ];
}
