import { durationMs } from "../settings/duration";
import { formatSeconds } from "../settings/duration";
import { BurnTier } from "./model";

interface TierShare {
  severity: BurnTier["severity"];
  tier: BurnTier["tier"];
  longWindow: string;
  shortWindow: string;
  /** Share of the period's budget spent when the tier fires. */
  budgetShare: number;
}

/**
 * slok/sloth's google-30d.yaml: the SRE Workbook's page tiers (2% of the
 * budget in 1h, 5% in 6h) and its ticket tier (10% in 3d), plus a 10%-in-1d
 * ticket tier (2h short window) that comes from Sloth's table, not from the
 * Workbook. As Sloth's window tables do for 28d and 30d, the windows stay and
 * the factors follow the period: factor = share × period / long window
 * (14.4 at 30d, 13.44 at 28d, 3.36 at 7d for the 1h tier).
 */
const SLOTH_GOOGLE_30D: readonly TierShare[] = [
  { severity: "critical", tier: "fast", longWindow: "1h", shortWindow: "5m", budgetShare: 0.02 },
  { severity: "critical", tier: "slow", longWindow: "6h", shortWindow: "30m", budgetShare: 0.05 },
  { severity: "warning", tier: "fast", longWindow: "1d", shortWindow: "2h", budgetShare: 0.1 },
  { severity: "warning", tier: "slow", longWindow: "3d", shortWindow: "6h", budgetShare: 0.1 },
];

function ms(window: string): number {
  const value = durationMs(window);
  if (value === undefined || value <= 0) {
    throw new Error(`"${window}" is not a duration`);
  }
  return value;
}

/** The default tiers for a period; the caller has checked the period holds the longest window (3d). */
export function defaultTiers(period: string): BurnTier[] {
  return SLOTH_GOOGLE_30D.map((t) => ({
    severity: t.severity,
    tier: t.tier,
    longWindow: t.longWindow,
    shortWindow: t.shortWindow,
    factor: Number(((t.budgetShare * ms(period)) / ms(t.longWindow)).toPrecision(12)),
  }));
}

export const LONGEST_DEFAULT_WINDOW = "3d";

/** The Workbook's short window: 1/12 of the long one (1h → 5m, 6h → 30m, 1d → 2h, 3d → 6h). */
export function shortWindowOf(longWindow: string): string {
  return formatSeconds(Math.max(60, Math.round(ms(longWindow) / 12 / 1000)));
}

export function windowMs(window: string): number {
  return ms(window);
}
