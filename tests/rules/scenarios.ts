import { counter, gauge, InputSeries, ticks } from "./series";

// Series are written with the seed's metric and label names on purpose, not
// with METRICS: they are the contract with the instrumented services, so a
// renamed constant must break these tests rather than follow along.
// Times are minutes from the start of a test group; promtool samples and
// evaluates every minute.

/** A situation the alert must sleep through; checked at every minute its data covers. */
export interface QuietCase {
  situation: string;
  series: InputSeries[];
}

export interface IncidentScenario {
  kind: "incident";
  /** Healthy traffic (where the window allows), a breaching stretch, then recovery. */
  series: InputSeries[];
  /** First evaluation at which the expression holds: the alert is silent `for:` minus one minute later, firing at `for:`. */
  breachFrom: number;
  /**
   * An evaluation after recovery at which the alert must be resolved: the first one where the expression
   * no longer holds, or, where that minute depends on the stack's threshold, the first whose window holds
   * only recovered data.
   */
  resolvedBy: number;
  /** What `{{ $value | humanize… }}` renders to when the alert fires; absent when no annotation shows the value. */
  value?: string;
  /** Labels the expression itself gives the alert (absent() keeps the selector's equality matchers). */
  exprLabels?: Record<string, string>;
  quiet: QuietCase[];
}

export interface HeartbeatScenario {
  kind: "heartbeat";
  /** Evaluations at which the alert must be firing, with no input at all. */
  firesAt: number[];
}

export type Scenario = IncidentScenario | HeartbeatScenario;

const ORDERS_OK = 'http_requests_total{job="api",path="/api/orders",status="200"}';
const ORDERS_ERROR = 'http_requests_total{job="api",path="/api/orders",status="500"}';
const ORDERS_UNAVAILABLE = 'http_requests_total{job="api",path="/api/orders",status="503"}';
const HEALTH_OK = 'http_requests_total{job="api",path="/healthz",status="200"}';
const HEALTH_FAILED = 'http_requests_total{job="api",path="/healthz",status="503"}';
const BUCKET = (le: string): string => `api_slo_request_duration_seconds_bucket{le="${le}"}`;
const DURATION_COUNT = "api_slo_request_duration_seconds_count";
/** The latency histogram at steady traffic for 20 minutes: requests a minute at or under each `le`; +Inf is the count. */
function histogram(perMinuteAtOrUnder: Record<string, number>): InputSeries[] {
  return [
    ...Object.entries(perMinuteAtOrUnder).map(([le, n]) => ({ series: BUCKET(le), values: counter([20, n]) })),
    { series: DURATION_COUNT, values: counter([20, perMinuteAtOrUnder["+Inf"]]) },
  ];
}
const SEVERITY = (instance: string): string => `dispatch_slo_breach_severity{instance="${instance}"}`;

/**
 * A breach counter (for: 10m) lost from minute 10 to 34: exported at 0 from
 * start-up, as the instrumentation contract asks, so absent means lost.
 */
function counterAbsence(name: string): IncidentScenario {
  return {
    kind: "incident",
    series: [{ series: name, values: gauge([10, 0], [25, null], [10, 1]) }],
    breachFrom: 10,
    resolvedBy: 35,
    quiet: [
      {
        situation: "the counter scraped every minute, at 0 (no breach yet)",
        series: [{ series: name, values: gauge([15, 0]) }],
      },
      {
        situation: "the service down for 9 minutes",
        series: [{ series: name, values: gauge([9, 0], [9, null], [7, 0]) }],
      },
    ],
  };
}

/** Every alert's proof data, by alert name. */
export const SCENARIOS: Readonly<Record<string, Scenario>> = {
  APISLOLatencyBreachCritical: {
    kind: "incident",
    // 0.25 breaches/s, then 7.5/s from minute 10 to 30: one breaching minute already lifts the 5m rate to 1.7/s.
    series: [{ series: "api_slo_latency_breach_total", values: counter([10, 15], [20, 450], [25, 15]) }],
    breachFrom: 11,
    resolvedBy: 35,
    value: "7.5",
    quiet: [
      {
        situation: "a steady 0.25 latency breaches a second",
        series: [{ series: "api_slo_latency_breach_total", values: counter([15, 15]) }],
      },
    ],
  },
  APISLOErrorRateBreach: {
    kind: "incident",
    // 1% errors at 100 req/min, then an error storm of 25% at 1000 req/min: 18% after its first minute.
    series: [
      { series: ORDERS_OK, values: counter([10, 99], [20, 750], [25, 99]) },
      { series: ORDERS_ERROR, values: counter([10, 1], [20, 250], [25, 1]) },
    ],
    breachFrom: 11,
    resolvedBy: 35,
    value: "25%",
    quiet: [
      {
        situation: "1% of requests failing",
        series: [
          { series: ORDERS_OK, values: counter([20, 99]) },
          { series: ORDERS_ERROR, values: counter([20, 1]) },
        ],
      },
      {
        situation: "no traffic at all (0/0 is NaN)",
        series: [
          { series: ORDERS_OK, values: counter([20, 0]) },
          { series: ORDERS_ERROR, values: counter([20, 0]) },
        ],
      },
    ],
  },
  APISLOAvailabilityBreach: {
    kind: "incident",
    // The 15m window is longer than for:, so the outage starts with the data: 97% available from the first rate.
    // Recovery resolves it sooner at dev's 99% than at prod's 99.9%; both by the time the window is all recovered.
    series: [
      { series: ORDERS_OK, values: counter([20, 485], [40, 1999]) },
      { series: ORDERS_UNAVAILABLE, values: counter([20, 15], [40, 1]) },
    ],
    breachFrom: 1,
    resolvedBy: 35,
    value: "97%",
    quiet: [
      {
        situation: "99.95% of requests succeeding",
        series: [
          { series: ORDERS_OK, values: counter([25, 1999]) },
          { series: ORDERS_UNAVAILABLE, values: counter([25, 1]) },
        ],
      },
      {
        situation: "no traffic at all (1 - 0/0 is NaN)",
        series: [
          { series: ORDERS_OK, values: counter([25, 0]) },
          { series: ORDERS_UNAVAILABLE, values: counter([25, 0]) },
        ],
      },
    ],
  },
  DispatchSLOBreachRepeatedPagerDuty: {
    kind: "incident",
    // Breaches at minutes 3, 6, 9 and 12 while dispatch asks to page; the third one crosses "more than 2".
    // Resolves once the window [t-30m, t] starts after the second breach.
    series: [
      { series: "dispatch_slo_breaches_total", values: gauge([3, 0], [3, 1], [3, 2], [3, 3], [41, 4]) },
      { series: "dispatch_slo_should_alert", values: gauge([53, 1]) },
    ],
    breachFrom: 9,
    resolvedBy: 36,
    value: "4",
    quiet: [
      {
        situation: "a breach every 16 minutes, never more than two in 30 minutes",
        series: [
          { series: "dispatch_slo_breaches_total", values: ticks(16, 2) },
          { series: "dispatch_slo_should_alert", values: gauge([48, 1]) },
        ],
      },
      {
        situation: "a breach every minute while dispatch does not ask to page",
        series: [
          { series: "dispatch_slo_breaches_total", values: counter([36, 1]) },
          { series: "dispatch_slo_should_alert", values: gauge([37, 0]) },
        ],
      },
    ],
  },
  DispatchSLOSeverityCritical: {
    kind: "incident",
    // One instance of two goes critical from minute 10 to 24, then back to warning: max() must see it.
    series: [
      { series: SEVERITY("dispatch-0"), values: gauge([41, 1]) },
      { series: SEVERITY("dispatch-1"), values: gauge([10, 1], [15, 3], [16, 2]) },
    ],
    breachFrom: 10,
    resolvedBy: 25,
    value: "3",
    quiet: [
      {
        situation: "every instance at the warning level 2",
        series: [
          { series: SEVERITY("dispatch-0"), values: gauge([10, 2]) },
          { series: SEVERITY("dispatch-1"), values: gauge([10, 2]) },
        ],
      },
    ],
  },
  CriticalHealthCheckFailing: {
    kind: "incident",
    // The 5m window is longer than for:, so the failure starts with the data: 15 of 20 checks a minute fail
    // until minute 15; at 17 the window holds 45 failures in 100 checks.
    series: [
      { series: HEALTH_OK, values: counter([15, 5], [25, 20]) },
      { series: HEALTH_FAILED, values: counter([15, 15], [25, 0]) },
      { series: ORDERS_OK, values: counter([40, 300]) },
    ],
    breachFrom: 1,
    resolvedBy: 17,
    value: "75%",
    quiet: [
      {
        situation: "1 failed check in 21 while other API paths fail 80% of the time",
        series: [
          { series: HEALTH_OK, values: counter([12, 20]) },
          { series: HEALTH_FAILED, values: counter([12, 1]) },
          { series: ORDERS_OK, values: counter([12, 10]) },
          { series: ORDERS_ERROR, values: counter([12, 40]) },
        ],
      },
      {
        situation: "no health check traffic (0/0 is NaN)",
        series: [
          { series: HEALTH_OK, values: counter([12, 0]) },
          { series: HEALTH_FAILED, values: counter([12, 0]) },
          { series: ORDERS_OK, values: counter([12, 300]) },
        ],
      },
    ],
  },
  APISLOLatencyBreachRepeated: {
    kind: "incident",
    // No breach for 5 minutes, then 2 a minute: the sixth such minute makes 12 in 15 minutes, more than 10.
    series: [{ series: "api_slo_latency_breach_total", values: counter([5, 0], [30, 2], [25, 0]) }],
    breachFrom: 11,
    resolvedBy: 45,
    value: "30",
    quiet: [
      {
        situation: "a latency breach every other minute, at most 8 in 15 minutes",
        series: [{ series: "api_slo_latency_breach_total", values: ticks(2, 16) }],
      },
    ],
  },
  APILatencyP95High: {
    kind: "incident",
    // 100 req/min all under 0.5s, then 1000 req/min of which 20% take over 5s: after one such minute 14% of the
    // 5-minute window is slower than 2.5s and 5s, the bounds prod (2s) and dev (3s) read; 20% once it is all slow.
    series: [
      ...["0.5", "1", "2.5", "5"].map((le) => ({
        series: BUCKET(le),
        values: counter([10, 100], [20, 800], [25, 100]),
      })),
      { series: BUCKET("+Inf"), values: counter([10, 100], [20, 1000], [25, 100]) },
      { series: DURATION_COUNT, values: counter([10, 100], [20, 1000], [25, 100]) },
    ],
    breachFrom: 11,
    resolvedBy: 35,
    value: "20%",
    quiet: [
      {
        situation: "every request under 0.5s",
        series: histogram({ "0.5": 100, "1": 100, "2.5": 100, "5": 100, "+Inf": 100 }),
      },
      {
        // The old histogram_quantile() rule read 2.125s here and fired in prod (threshold 2s).
        situation: "a true p95 of 1.1s: 80% of requests under 0.5s, 20% at 1.1s",
        series: histogram({ "0.5": 80, "1": 80, "2.5": 100, "5": 100, "+Inf": 100 }),
      },
      {
        situation: "no traffic at all (0/0 is NaN)",
        series: histogram({ "0.5": 0, "1": 0, "2.5": 0, "5": 0, "+Inf": 0 }),
      },
    ],
  },
  DispatchSLOBreachCountHigh: {
    kind: "incident",
    // A breach a minute from minute 6 to 25: the 11th is "more than 10"; resolves when the hour
    // [t-60m, t] has left the first 10 behind.
    series: [{ series: "dispatch_slo_breaches_total", values: counter([5, 0], [20, 1], [50, 0]) }],
    breachFrom: 16,
    resolvedBy: 75,
    value: "16",
    quiet: [
      {
        situation: "a breach every 6 minutes, exactly the 10 an hour allowed",
        series: [{ series: "dispatch_slo_breaches_total", values: ticks(6, 11) }],
      },
    ],
  },
  GlobalSLOBreachesElevated: {
    kind: "incident",
    // Each SLO stays under its own alert while together they breach 15 times a minute (0.25/s) from minute 5 to 40.
    series: [
      { series: "api_slo_latency_breach_total", values: counter([5, 1], [35, 4], [20, 1]) },
      { series: "api_slo_error_breach_total", values: counter([5, 1], [35, 3], [20, 1]) },
      { series: "api_slo_availability_breach_total", values: counter([5, 1], [35, 2], [20, 1]) },
      { series: "dispatch_slo_breaches_total", values: counter([5, 1], [35, 6], [20, 1]) },
    ],
    breachFrom: 16,
    resolvedBy: 45,
    value: "0.25",
    quiet: [
      {
        situation: "each SLO breaching once a minute, 4 a minute together",
        series: [
          "api_slo_latency_breach_total",
          "api_slo_error_breach_total",
          "api_slo_availability_breach_total",
          "dispatch_slo_breaches_total",
        ].map((series) => ({ series, values: counter([35, 1]) })),
      },
    ],
  },
  APIRequestsMetricAbsent: {
    kind: "incident",
    // The API is down from minute 10 to 29 while another job keeps reporting.
    series: [
      { series: ORDERS_OK, values: counter([9, 50], [20, null], [10, 50]) },
      { series: 'http_requests_total{job="worker",path="/jobs",status="200"}', values: counter([39, 50]) },
    ],
    breachFrom: 10,
    resolvedBy: 30,
    exprLabels: { job: "api" },
    quiet: [
      { situation: "a scrape every minute", series: [{ series: ORDERS_OK, values: counter([15, 50]) }] },
      {
        situation: "the API down for 4 minutes",
        series: [{ series: ORDERS_OK, values: counter([9, 50], [4, null], [7, 50]) }],
      },
    ],
  },
  APILatencyHistogramAbsent: {
    kind: "incident",
    series: [{ series: "api_slo_request_duration_seconds_count", values: counter([9, 70], [25, null], [10, 70]) }],
    breachFrom: 10,
    resolvedBy: 35,
    quiet: [
      {
        situation: "a scrape every minute",
        series: [{ series: "api_slo_request_duration_seconds_count", values: counter([15, 70]) }],
      },
      {
        situation: "the API down for 9 minutes",
        series: [{ series: "api_slo_request_duration_seconds_count", values: counter([9, 70], [9, null], [7, 70]) }],
      },
    ],
  },
  DispatchSLOMetricsAbsent: {
    kind: "incident",
    // Only the severity gauge goes missing: either of the two watched gauges is enough to alert.
    series: [
      { series: "dispatch_slo_should_alert", values: gauge([40, 0]) },
      { series: SEVERITY("dispatch-0"), values: gauge([10, 1], [25, null], [5, 1]) },
    ],
    breachFrom: 10,
    resolvedBy: 35,
    quiet: [
      {
        situation: "both gauges scraped every minute and no breach counter yet",
        series: [
          { series: "dispatch_slo_should_alert", values: gauge([15, 0]) },
          { series: SEVERITY("dispatch-0"), values: gauge([15, 1]) },
        ],
      },
      {
        situation: "dispatch down for 9 minutes",
        series: [
          { series: "dispatch_slo_should_alert", values: gauge([10, 0], [9, null], [6, 0]) },
          { series: SEVERITY("dispatch-0"), values: gauge([10, 1], [9, null], [6, 1]) },
        ],
      },
    ],
  },
  APILatencyBreachCounterAbsent: counterAbsence("api_slo_latency_breach_total"),
  DispatchBreachCounterAbsent: counterAbsence("dispatch_slo_breaches_total"),
  APISLOBreachCountersAbsent: {
    kind: "incident",
    // Only the availability counter goes missing (for: 15m): either of the two is enough to alert.
    series: [
      { series: "api_slo_error_breach_total", values: gauge([50, 0]) },
      { series: "api_slo_availability_breach_total", values: gauge([10, 0], [30, null], [10, 0]) },
    ],
    breachFrom: 10,
    resolvedBy: 40,
    quiet: [
      {
        situation: "both counters scraped every minute, at 0 (no breach yet)",
        series: ["api_slo_error_breach_total", "api_slo_availability_breach_total"].map((series) => ({
          series,
          values: gauge([20, 0]),
        })),
      },
      {
        situation: "the API down for 14 minutes",
        series: ["api_slo_error_breach_total", "api_slo_availability_breach_total"].map((series) => ({
          series,
          values: gauge([10, 0], [14, null], [6, 0]),
        })),
      },
    ],
  },
  Watchdog: { kind: "heartbeat", firesAt: [0, 1, 10] },
};
