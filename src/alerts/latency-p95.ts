import { bucketAtOrAbove, bucketMatcher } from "./buckets";
import { METRICS } from "./conventions";
import { formatNumber } from "./format";
import { series, Selectors } from "./selectors";

/**
 * APILatencyP95High reads the share of requests slower than a bucket bound,
 * not histogram_quantile(): the quantile interpolates linearly inside a
 * bucket, so with the default buckets a true p95 of 1.1 s reads 2.125 s and
 * a 2 s threshold fires. "p95 above B" is exactly "more than 5% of requests
 * above B", and for a bucket bound B the histogram counts that exactly.
 */
const P95_SLOW_SHARE = 0.05;

/** The bucket bound the alert reads: the threshold itself when it is a bound, else the next one up. */
export function p95Bound(threshold: number, buckets: readonly number[]): number {
  const bound = bucketAtOrAbove(threshold, buckets);
  if (bound === undefined) {
    // The settings refuse this before any rule is built (src/settings/latency-p95.ts).
    throw new Error(`APILatencyP95High: ${threshold}s is above every bucket of apiLatencyBuckets`);
  }
  return bound;
}

export function p95Expr(s: Selectors, threshold: number, buckets: readonly number[]): string {
  const bound = p95Bound(threshold, buckets);
  const histogram = METRICS.apiRequestDuration;
  const all = `sum(rate(${series(`${histogram}_count`, s)}[5m]))`;
  const fast = `sum(rate(${series(`${histogram}_bucket`, s, bucketMatcher(bound))}[5m]))`;
  return `(${all} - ${fast}) / ${all} > ${formatNumber(P95_SLOW_SHARE)}`;
}

/** "2.5s", or "2.5s (the first bucket at or above the 2s threshold)" when the threshold is not a bound. */
export function p95BoundText(threshold: number, buckets: readonly number[]): string {
  const bound = p95Bound(threshold, buckets);
  const b = formatNumber(bound);
  return bound === threshold
    ? `${b}s`
    : `${b}s (the first bucket at or above the ${formatNumber(threshold)}s threshold)`;
}

/** The preview notice of a threshold between two buckets: what the alert really reads. */
export function p95Notice(threshold: number, buckets: readonly number[], stack: string): string | undefined {
  const bound = p95Bound(threshold, buckets);
  if (bound === threshold) {
    return undefined;
  }
  const t = formatNumber(threshold);
  const b = formatNumber(bound);
  return (
    `APILatencyP95High: the threshold ${t}s is not a bucket bound of apiLatencyBuckets, so the alert reads ` +
    `le="${b}": it fires when more than 5% of requests take longer than ${b}s, and a p95 between ${t}s and ${b}s ` +
    `goes unseen (a histogram cannot tell it apart). To alert at ${t}s exactly, export a ${t}s bucket and list it ` +
    `in apiLatencyBuckets; to say what is read, \`pulumi config set --path 'alertOverrides.APILatencyP95High.threshold' ${b} --stack ${stack}\`.`
  );
}
