import { join } from "path";
import { SpecRuleContext } from "../../src/slo-rules/generate";
import { shardRuleFiles } from "../../src/slo-rules/shard";
import { readSpecs, SloModel } from "../../src/specs";
import { counter, InputSeries } from "../burnrate/promtool";

export const ROOT = join(__dirname, "..", "..");
export const CTX: SpecRuleContext = {
  stack: "dev",
  runbookBaseUrl: "https://runbooks.example.com/slo",
  defaultTeam: "sre",
};

/** The example specs a user starts from, as the program reads them. */
export function exampleSlos(): SloModel[] {
  return readSpecs(ROOT, ["examples/slos"]);
}

/** The rule files exactly as the program ships them: file name → YAML. */
export function ruleFiles(slos: readonly SloModel[], ctx: SpecRuleContext = CTX): Record<string, string> {
  return Object.fromEntries(shardRuleFiles(slos, ctx).map((f) => [f.fileName, f.text]));
}

/** Input series, one step per `stepSeconds`, for bad and total events of the example SLOs. */
export type Traffic = (stretches: Array<[steps: number, bad: number, total: number]>) => InputSeries[];

function pair(goodSeries: string, badSeries: string): Traffic {
  return (stretches) => [
    { series: goodSeries, values: counter(...stretches.map(([n, bad, total]): [number, number] => [n, total - bad])) },
    { series: badSeries, values: counter(...stretches.map(([n, bad]): [number, number] => [n, bad])) },
  ];
}

/** How each example SLO's raw series look; latency as cumulative histogram buckets. */
export const EXAMPLE_TRAFFIC: Record<string, Traffic> = {
  "checkout-availability": pair(
    'http_requests_total{job="checkout",code="200"}',
    'http_requests_total{job="checkout",code="500"}',
  ),
  "payments-requests-availability": pair(
    'http_requests_total{job="payments",code="200"}',
    'http_requests_total{job="payments",code="503"}',
  ),
  "checkout-latency": (stretches) => [
    {
      series: 'http_request_duration_seconds_bucket{job="checkout",le="0.3"}',
      values: counter(...stretches.map(([n, bad, total]): [number, number] => [n, total - bad])),
    },
    {
      series: 'http_request_duration_seconds_bucket{job="checkout",le="+Inf"}',
      values: counter(...stretches.map(([n, , total]): [number, number] => [n, total])),
    },
  ],
};
