/**
 * A number as a rule should read it: 99.9 / 100 is written 0.999, not
 * 0.9990000000000001, so the PromQL in a review matches the setting.
 */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) {
    throw new Error(`cannot write ${value} into a rule`);
  }
  return String(Number(value.toPrecision(12)));
}

/** Percent to ratio, rounded the same way. */
export function percentToRatio(percent: number): number {
  return Number((percent / 100).toPrecision(12));
}
