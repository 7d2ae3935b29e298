/**
 * The incident model (docs/incident-model.md): one PagerDuty incident per SLO
 * and stack, on the service of the team that owns the SLO. Every page of an SLO (seed thresholds, burn-rate tiers, absence)
 * lands in one Alertmanager group, whose key Alertmanager's PagerDuty notifier
 * sends as the dedup_key, so they share one incident; the group notifies
 * "resolved" only once none of its alerts fires, so the incident closes when
 * the last page of the outage clears.
 */
// Team and service split no SLO's pages (every alert of an SLO carries one
// of each); in the key, a group can never span two owners, and the group's
// labels, which fill PagerDuty's details and component, always hold them.
export const INCIDENT_GROUP_BY = ["stack", "team", "service", "slo"];

/**
 * The only inhibition: a critical of an SLO mutes that SLO's warnings. None
 * between pages: a muted alert's resolve is dropped with it (a stranded
 * incident), and a silenced source still inhibits (a silence elsewhere would
 * mute a page). A muted warning costs at most a Slack message. A non-empty
 * slo on the source: Alertmanager treats a label missing on both sides as
 * equal, so an SLO-less critical from some other rule file would otherwise
 * mute every SLO-less warning.
 */
export const WARNING_UNDER_CRITICAL_INHIBIT_RULE = {
  source_matchers: ['severity="critical"', 'slo=~".+"'],
  target_matchers: ['severity="warning"'],
  equal: ["stack", "slo"],
};
