/**
 * The incident model (docs/incident-model.md): one PagerDuty incident per SLO
 * and stack. Every page of an SLO (seed thresholds, burn-rate tiers, absence)
 * lands in one Alertmanager group, whose key Alertmanager's PagerDuty notifier
 * sends as the dedup_key, so they share one incident; the group notifies
 * "resolved" only once none of its alerts fires, so the incident closes when
 * the last page of the outage clears.
 */
export const INCIDENT_GROUP_BY = ["stack", "slo"];

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
