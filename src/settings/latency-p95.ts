import { findAlert } from "../alerts/catalogue";
import { bucketAtOrAbove } from "../alerts/buckets";
import { formatNumber } from "../alerts/format";
import { AlertOverride } from "../alerts/rules";
import { SettingReader } from "./reader";

const P95_ALERT = "APILatencyP95High";

/** The stack's p95 threshold: its override, else the seed's. */
export function p95Threshold(overrides: Readonly<Record<string, AlertOverride>>): number {
  return overrides[P95_ALERT]?.threshold ?? findAlert(P95_ALERT)?.threshold?.value ?? 0;
}

/**
 * Above the largest finite bucket only +Inf is left: every request is at or
 * under it, so the alert could never tell a slow p95 from a fast one. Between
 * two buckets the alert reads the next bound up (src/alerts/latency-p95.ts)
 * and the preview says so.
 */
export function checkP95Threshold(
  r: SettingReader,
  overrides: Readonly<Record<string, AlertOverride>>,
  buckets: readonly number[],
): void {
  const threshold = p95Threshold(overrides);
  if (bucketAtOrAbove(threshold, buckets) !== undefined) {
    return;
  }
  const largest = formatNumber(buckets[buckets.length - 1]);
  r.fail(
    `alertOverrides.${P95_ALERT}.threshold`,
    `${formatNumber(threshold)}s is above the largest bucket of apiLatencyBuckets (${largest}s): above it the histogram has only le="+Inf", which every request is under, so the p95 alert could never fire`,
    `run \`pulumi config set --path 'alertOverrides.${P95_ALERT}.threshold' ${largest} --stack ${r.source.stack}\`, or list the app's larger buckets in apiLatencyBuckets`,
  );
}
