import { RunError } from "@pulumi/pulumi/errors";
import { EscalationLevel, Urgency } from "../settings/types";

/** PagerDuty's vendor for Prometheus integrations, as the seed's §1 selects it. */
export const PROMETHEUS_VENDOR = "Prometheus";

/**
 * The id of the vendor the lookup found, if it is the Prometheus vendor.
 * terraform-provider-pagerduty's vendor data source takes the vendor whose name
 * equals the search (ignoring case), and when there is none falls back to the
 * first vendor whose name matches it as a regular expression: the integration
 * would silently get another vendor's event format.
 */
export function prometheusVendorId(vendor: { id: string; name: string }): string {
  if (vendor.name.toLowerCase() !== PROMETHEUS_VENDOR.toLowerCase()) {
    throw new RunError(
      `slo-alerting: PagerDuty has no vendor named "${PROMETHEUS_VENDOR}"; the lookup fell back to "${vendor.name}", ` +
        `whose events Alertmanager does not send. Check the account's vendors (Integrations → Add integration) ` +
        `or bring your own key with \`pulumi config set --secret pagerdutyIntegrationKey --stack <stack>\`.`,
    );
  }
  return vendor.id;
}

export function integrationName(version: number): string {
  return `Prometheus Alertmanager (key v${version})`;
}

export function urgencyRule(urgency: Urgency): { type: string; urgency: string } {
  return { type: "constant", urgency: urgency === "severityBased" ? "severity_based" : urgency };
}

/** Escalation targets of one level: users first, then schedules, in the order the settings list them. */
export function escalationTargets<Id>(
  level: EscalationLevel,
  userId: (email: string) => Id,
  scheduleId: (name: string) => Id,
): Array<{ type: string; id: Id }> {
  return [
    ...level.userEmails.map((email) => ({ type: "user_reference", id: userId(email) })),
    ...level.scheduleNames.map((name) => ({ type: "schedule_reference", id: scheduleId(name) })),
  ];
}

/** The provider's value: the string "null" turns auto-resolve off (terraform-provider-pagerduty, pagerduty_service). */
export function autoResolveTimeout(seconds: number): string {
  return seconds === 0 ? "null" : String(seconds);
}
