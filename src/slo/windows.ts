import { durationMs } from "../settings/duration";

export type Tier = "fast" | "slow";

/** One row of a burn-rate table: fire when both windows burn the budget at least `factor` times too fast. */
export interface BurnRateTier {
  severity: "critical" | "warning";
  /** Tells the tier's windows apart in the alert's labels; both tiers of a page share the SLO's incident. */
  tier: Tier;
  longWindow: string;
  /** Confirms the burn is still going on, so the alert resets soon after recovery. */
  shortWindow: string;
  /** The budget a firing alert has spent is factor × longWindow / period: 14.4 × 1h / 30d = 2%. */
  factor: number;
}

export interface BurnRateWindows {
  /** The SLO period the factors are computed for. */
  period: string;
  tiers: readonly BurnRateTier[];
}

/**
 * The SRE Workbook's multiwindow, multi-burn-rate alerts for a 30-day SLO
 * ("Alerting on SLOs"): page on 2% of the budget in 1h or 5% in 6h, ticket on
 * 10% in 1d or in 3d; short windows of 1/12 of the long ones. The same table
 * as slok/sloth's google-30d.yaml.
 */
export const WORKBOOK_30D: BurnRateWindows = {
  period: "30d",
  tiers: [
    { severity: "critical", tier: "fast", longWindow: "1h", shortWindow: "5m", factor: 14.4 },
    { severity: "critical", tier: "slow", longWindow: "6h", shortWindow: "30m", factor: 6 },
    { severity: "warning", tier: "fast", longWindow: "1d", shortWindow: "2h", factor: 3 },
    { severity: "warning", tier: "slow", longWindow: "3d", shortWindow: "6h", factor: 1 },
  ],
};

export function windowMs(window: string): number {
  const ms = durationMs(window);
  if (ms === undefined || ms <= 0) {
    throw new Error(`"${window}" is not a burn-rate window`);
  }
  return ms;
}

/** Every window some tier reads, shortest first: the error ratios to record. */
export function ratioWindows(windows: BurnRateWindows): string[] {
  const all = new Set(windows.tiers.flatMap((t) => [t.longWindow, t.shortWindow]));
  return [...all].sort((a, b) => windowMs(a) - windowMs(b));
}

/** Share of the period's error budget a tier has spent when it fires. */
export function budgetSpent(tier: BurnRateTier, period: string): number {
  return Number(((tier.factor * windowMs(tier.longWindow)) / windowMs(period)).toPrecision(12));
}
