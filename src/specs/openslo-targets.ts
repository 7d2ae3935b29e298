import { DocReader, join } from "./fields";

// OpenSLO AlertNotificationTargets mapped onto the program's routing: a
// target is a PagerDuty or a Slack destination, and its `team` label names
// the team whose service or channel takes the SLO's pages or tickets.

type Json = Record<string, unknown>;

/** The parts of an AlertNotificationTarget document the mapping reads. */
export interface TargetDoc {
  name: string;
  labels: Json;
  spec: Json;
  reader: DocReader;
}

/** Where an AlertNotificationTarget sends: pages (PagerDuty) or tickets (Slack), of its `team` label's team. */
export interface NotificationTarget {
  name: string;
  sends: "pages" | "tickets";
  team?: string;
}

/**
 * Only what maps onto the program's routing: `pagerduty` (an SLO's pages, to
 * the team's PagerDuty service) and `slack` (its tickets, to the team's Slack).
 */
export function readTarget(doc: TargetDoc, at: string): NotificationTarget[] {
  const target = doc.reader.string(doc.spec, "target", at);
  const sends = { pagerduty: "pages", slack: "tickets" } as const;
  const kind = target?.toLowerCase();
  if (kind !== "pagerduty" && kind !== "slack") {
    doc.reader.fail(
      join(at, "target"),
      `${target === undefined ? "is missing" : `"${target}" is not supported`}: this program routes pagerduty (the SLO's pages, to the team's PagerDuty service) and slack (its tickets, to the team's Slack channel); use one of them, or send the alerts elsewhere from Alertmanager`,
    );
    return [];
  }
  const team = doc.labels.team;
  if (team !== undefined && typeof team !== "string") {
    doc.reader.fail("metadata.labels.team", "must be a string: the name of a team of the setting teams");
  }
  return [{ name: doc.name, sends: sends[kind], ...(typeof team === "string" ? { team } : {}) }];
}

/** The one team the SLO's targets send `sends` to, if they name one; two different ones are refused. */
export function targetTeam(
  r: DocReader,
  targets: NotificationTarget[],
  sends: NotificationTarget["sends"],
): string | undefined {
  const teams = [...new Set(targets.filter((t) => t.sends === sends && t.team !== undefined).map((t) => t.team))];
  if (teams.length > 1) {
    r.fail(
      "spec.alertPolicies",
      `send the SLO's ${sends} to several teams (${teams.join(", ")}) through their AlertNotificationTargets; one team takes an SLO's ${sends}: keep one target's team label`,
    );
  }
  return teams[0];
}
