import { formatNumber } from "./format";

/** Exporters spell a whole-number bucket bound differently: Go writes le="1", Python le="1.0". */
export function bucketMatcher(seconds: number): string {
  const le = formatNumber(seconds);
  return Number.isInteger(seconds) ? `le=~"${le}|${le}\\\\.0"` : `le="${le}"`;
}

/**
 * The bucket a latency threshold can be read at exactly: the smallest bound
 * at or above it (reading a lower one would count requests that are fast
 * enough as slow); undefined above the largest finite bound, where only +Inf
 * is left and nothing can be told apart.
 */
export function bucketAtOrAbove(seconds: number, buckets: readonly number[]): number | undefined {
  return buckets.find((b) => b >= seconds);
}
