import { SloIdentity } from "./slos";
import { BurnRateTier } from "./windows";

/**
 * One name for the tiers of an SLO and severity, told apart by the tier
 * label: Alertmanager then groups them, so when the fast tier resolves and
 * the slow one carries on, PagerDuty updates the open incident instead of
 * opening a second one. The shipped slos/ files give these names
 * (`alert_name`); users' silences and runbooks name them.
 */
export function burnRateAlertName(slo: SloIdentity, tier: Pick<BurnRateTier, "severity">): string {
  return `${slo.alertPrefix}BudgetBurn${tier.severity === "critical" ? "Page" : "Ticket"}`;
}
