import { EscalationLevel, Urgency } from "../settings/types";

/** PagerDuty's vendor for Prometheus integrations, as the seed's §1 selects it. */
export const PROMETHEUS_VENDOR = "Prometheus";

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
