/** Which alert families a stack deploys: the seed's fixed thresholds, the error-budget burn rates, or both. */
export const RULE_FAMILIES = ["seed", "burn-rate", "both"] as const;
export type RuleFamilies = (typeof RULE_FAMILIES)[number];

export interface Objective {
  /** Percent of good events over the SLO period, strictly between 0 and 100. */
  target: number;
}

export interface LatencyObjective extends Objective {
  /** A request is good when it finishes within this many seconds: a bucket boundary (`le`) of the histogram. */
  thresholdSeconds: number;
}

/** The stack's objectives and the guard of the burn-rate alerts. */
export interface BurnRateSettings {
  /** Non-5xx share of the API's `http_requests_total`. */
  apiAvailability: Objective;
  /** Share of API requests faster than the threshold, from `api_slo_request_duration_seconds`. */
  apiLatency: LatencyObjective;
  /** Share of minutes without a dispatch SLO breach, each breach counting as one bad minute. */
  dispatch: Objective;
  /** A page needs at least this many requests a minute over its long window; 0 turns the guard off. */
  minRequestsPerMinute: number;
  /** How far back Prometheus keeps samples: the budget left reads no more than this of the period. */
  retention: string;
  /** The objective settings the stack sets: they override the targets of the seed's SLO files. */
  objectivesSet: readonly string[];
}
