import { TIER_LABEL } from "./conventions";

/**
 * One notification per incident: while the fast tier of an SLO fires, its slow
 * tier of the same severity is muted. Across severities the critical-mutes-
 * warning rule already holds, so pages mute both tickets. A non-empty slo on
 * the source for the same reason as that rule: labels missing on both sides
 * compare equal.
 */
export const TIER_INHIBIT_RULE = {
  source_matchers: [`${TIER_LABEL}="fast"`, 'slo=~".+"'],
  target_matchers: [`${TIER_LABEL}="slow"`],
  equal: ["stack", "slo", "severity"],
};

/**
 * With both families deployed, one outage would open a burn-rate incident and
 * a seed one for the same SLO. The burn-rate page, which carries the budget
 * left, mutes the seed's criticals (no tier label) of that SLO.
 */
export const BURN_RATE_OVER_SEED_INHIBIT_RULE = {
  source_matchers: [`${TIER_LABEL}=~".+"`, 'severity="critical"', 'slo=~".+"'],
  target_matchers: ['severity="critical"', `${TIER_LABEL}=""`],
  equal: ["stack", "slo"],
};
