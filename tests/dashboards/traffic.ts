import type { Dashboard } from "@grafana/schema";
import { runProgram } from "../helpers/program";
import { dashboardFiles, ruleFiles } from "../helpers/rendered";

/** What the program deploys on dev for the seed's SLOs (slos/) and the examples: every rule file and every dashboard. */
export async function deployed(): Promise<{ rules: Record<string, string>; dashboards: Dashboard[] }> {
  const run = await runProgram("dev", {
    plain: { sloSpecs: JSON.stringify(["slos", "examples/slos"]) },
    secret: { slackWebhookUrl: "http://127.0.0.1:9/slack", heartbeatWebhookUrl: "http://127.0.0.1:9/hb" },
  });
  const dashboards = Object.values(dashboardFiles(run)).map((json) => JSON.parse(json) as Dashboard);
  return { rules: ruleFiles(run), dashboards };
}

/** One raw series the examples' SLIs read: a counter growing `perSecond`, or a constant gauge. */
export interface RawSeries {
  name: string;
  labels: Record<string, string>;
  counter: boolean;
  /** Per second for a counter, the value for a gauge. */
  rate: number;
}

/**
 * Traffic for every example SLO, bad enough that every tier of every SLO
 * fires, so ALERTS has pages and tickets to show: 5% errors at 99.9%, 20%
 * slow at 99%, 60% of orders unprocessed at 95% (fast tier 10x), ledger 95%
 * fresh at 99%; for the seed's SLOs 5% 5xx at 99.9%, 20% slower than 0.5s at
 * 99%, a dispatch breach every 2 minutes at 99% of good minutes.
 */
export const TRAFFIC: RawSeries[] = [
  {
    name: "http_requests_total",
    labels: { job: "api", path: "/orders", status: "200" },
    counter: true,
    rate: 950 / 60,
  },
  { name: "http_requests_total", labels: { job: "api", path: "/orders", status: "500" }, counter: true, rate: 50 / 60 },
  {
    name: "api_slo_request_duration_seconds_bucket",
    labels: { job: "api", le: "0.5" },
    counter: true,
    rate: 800 / 60,
  },
  {
    name: "api_slo_request_duration_seconds_bucket",
    labels: { job: "api", le: "+Inf" },
    counter: true,
    rate: 1000 / 60,
  },
  { name: "dispatch_slo_breaches_total", labels: { job: "dispatcher" }, counter: true, rate: 0.5 / 60 },
  { name: "http_requests_total", labels: { job: "checkout", code: "200" }, counter: true, rate: 950 / 60 },
  { name: "http_requests_total", labels: { job: "checkout", code: "500" }, counter: true, rate: 50 / 60 },
  {
    name: "http_request_duration_seconds_bucket",
    labels: { job: "checkout", le: "0.3" },
    counter: true,
    rate: 800 / 60,
  },
  {
    name: "http_request_duration_seconds_bucket",
    labels: { job: "checkout", le: "+Inf" },
    counter: true,
    rate: 1000 / 60,
  },
  { name: "checkout_orders_received", labels: { job: "checkout" }, counter: false, rate: 100 },
  { name: "checkout_orders_processed", labels: { job: "checkout" }, counter: false, rate: 40 },
  { name: "ledger_fresh_ratio", labels: { job: "payments", instance: "a" }, counter: false, rate: 0.95 },
  { name: "http_requests_total", labels: { job: "payments", code: "200" }, counter: true, rate: 950 / 60 },
  { name: "http_requests_total", labels: { job: "payments", code: "429" }, counter: true, rate: 50 / 60 },
];

/** A series' value `seconds` after the traffic started. */
export function valueAt(s: RawSeries, seconds: number): number {
  return s.counter ? Number((s.rate * seconds).toFixed(6)) : s.rate;
}

/** `name{a="b",...}` as the exposition formats and promtool write it. */
export function seriesText(s: RawSeries): string {
  const labels = Object.entries(s.labels)
    .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
    .join(",");
  return `${s.name}{${labels}}`;
}
