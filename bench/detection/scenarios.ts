/** Synthetic API traffic around one incident, with what the SRE Workbook says on-call should get. */
export interface Scenario {
  name: string;
  /** Requests a minute, before, during and after the incident. */
  requestsPerMinute: number;
  incidentMinutes: number;
  /** Share of requests failing during the incident, drawn at random request by request. */
  errorRatio?: number;
  /** Health-check requests a minute, all answered 200, all along: not users. */
  probesPerMinute?: number;
  /** Or: one failed request at each of these minutes of the incident. */
  failuresAt?: number[];
  /** A quiet stretch ending when the incident starts: the last minutes of the lead-in at low traffic. */
  quiet?: { minutes: number; requestsPerMinute: number; errorRatio: number };
  /** The incident itself is noise (a handful of requests): any page in it is a page on noise. */
  noise?: boolean;
  /** Page within this many minutes of the start, or no page at all (null). */
  pageWithin: number | null;
  /** The Workbook's reading, for the table. */
  expectation: string;
}

// Healthy traffic fails one request in 10 000, a tenth of the budget of a 99.9% SLO.
export const BASELINE_ERROR_RATIO = 0.0001;
const REQUESTS_PER_MINUTE = 600;

/** At 99.9% over 30 days; budget shares are of the 30-day budget, 43.2 minutes of full outage. */
export const SCENARIOS: Scenario[] = [
  {
    name: "Total outage, 30 min",
    requestsPerMinute: REQUESTS_PER_MINUTE,
    incidentMinutes: 30,
    errorRatio: 1,
    pageWithin: 2,
    expectation: "page in about a minute (2% of the budget goes in 52 s)",
  },
  {
    name: "10% errors, 1 h",
    requestsPerMinute: REQUESTS_PER_MINUTE,
    incidentMinutes: 60,
    errorRatio: 0.1,
    pageWithin: 10,
    expectation: "page in about 9 min (100x burn spends 2% in 8.6 min)",
  },
  {
    name: "2x budget burn, 2 days",
    requestsPerMinute: REQUESTS_PER_MINUTE,
    incidentMinutes: 2 * 1440,
    errorRatio: 0.002,
    pageWithin: null,
    expectation: "no page; a ticket (budget gone in 15 days)",
  },
  {
    name: "1x budget burn, 2 days",
    requestsPerMinute: REQUESTS_PER_MINUTE,
    incidentMinutes: 2 * 1440,
    errorRatio: 0.001,
    pageWithin: null,
    expectation: "nothing: the budget lasts exactly the 30 days",
  },
  {
    name: "3-minute blip at 10% errors",
    requestsPerMinute: REQUESTS_PER_MINUTE,
    incidentMinutes: 3,
    errorRatio: 0.1,
    pageWithin: null,
    expectation: "no page: 0.7% of the budget",
  },
  {
    name: "Slow 1.5x burn, 1 day",
    requestsPerMinute: REQUESTS_PER_MINUTE,
    incidentMinutes: 1440,
    errorRatio: 0.0015,
    pageWithin: null,
    expectation: "no page: 5% of the budget in a day",
  },
  {
    name: "Low traffic (3 req/min), 3 failures in 10 min",
    requestsPerMinute: 3,
    incidentMinutes: 10,
    failuresAt: [0, 4, 8],
    pageWithin: null,
    noise: true,
    expectation: "no page from a handful of requests",
  },
  {
    name: "Probes (36/min) + 20 users/min, 3% of users failing for 2 h",
    requestsPerMinute: 20,
    probesPerMinute: 36,
    incidentMinutes: 120,
    errorRatio: 0.03,
    pageWithin: 35,
    expectation: "page in about 30 min (30x burn spends 2% in 29 min)",
  },
  {
    name: "A single 5xx at 60 req/min",
    requestsPerMinute: 60,
    incidentMinutes: 1,
    failuresAt: [0],
    pageWithin: null,
    noise: true,
    expectation: "no page: one request",
  },
  {
    name: "A quiet night (8 h at 3 req/min, 1% failing), then 10% errors for 1 h",
    requestsPerMinute: REQUESTS_PER_MINUTE,
    quiet: { minutes: 8 * 60, requestsPerMinute: 3, errorRatio: 0.01 },
    incidentMinutes: 60,
    errorRatio: 0.1,
    pageWithin: 10,
    expectation: "no page in the night (a handful of errors), then a page in about 9 min",
  },
];
