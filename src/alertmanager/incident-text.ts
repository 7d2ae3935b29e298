/**
 * What a PagerDuty incident says, as Go templates Alertmanager evaluates per
 * notification. Every page of an SLO shares one group (incident.ts), so a
 * group can hold several alert names, some already resolved: the first alert
 * of the group may be a resolved one (the seed's page leads a group it shares
 * with a burn-rate page, and clears first), and CommonLabels.alertname is empty.
 * The incident therefore says what fires now: with one alert firing, its own
 * summary; with several, the SLO, their names and the first one's summary.
 * `.Alerts.Firing` is empty in the resolve notification, so every index into
 * it sits behind a length check (an index error would fail the notification).
 */

const FIRING = ".Alerts.Firing";
const FIRST_FIRING = `(index ${FIRING} 0)`;

/** "APISLOAvailabilityBreach, APIAvailabilityBudgetBurnPage (fast)": every alert firing now, its tier if any. */
const FIRING_NAMES =
  `{{ range $i, $a := ${FIRING} }}{{ if $i }}, {{ end }}{{ $a.Labels.alertname }}` +
  `{{ with $a.Labels.tier }} ({{ . }}){{ end }}{{ end }}`;

/**
 * Alert names firing now, each once when its alerts are adjacent, as the
 * tiers of one rule are: Alertmanager sorts a group's alerts by label count,
 * then by label values, alertname first.
 */
const FIRING_DISTINCT_NAMES =
  `{{ $last := "" }}{{ range ${FIRING} }}{{ if ne .Labels.alertname $last }}{{ if $last }}, {{ end }}` +
  `{{ .Labels.alertname }}{{ end }}{{ $last = .Labels.alertname }}{{ end }}`;

const SLO_ON_STACK = "{{ with .CommonLabels.slo }}{{ . }} SLO{{ else }}alerts{{ end }} on {{ .CommonLabels.stack }}";

export const INCIDENT_SUMMARY =
  `{{ if eq (len ${FIRING}) 1 }}{{ ${FIRST_FIRING}.Annotations.summary }}` +
  `{{ else if ${FIRING} }}${SLO_ON_STACK}: {{ len ${FIRING} }} alerts firing (${FIRING_NAMES}). ` +
  `{{ ${FIRST_FIRING}.Labels.alertname }}: {{ ${FIRST_FIRING}.Annotations.summary }}` +
  `{{ else }}${SLO_ON_STACK}: resolved{{ end }}`;

/** PagerDuty's `class`: the alert names firing now (the common one, or the SLO, once none fires). */
export const INCIDENT_CLASS =
  `{{ if ${FIRING} }}${FIRING_DISTINCT_NAMES}` +
  `{{ else }}{{ with .CommonLabels.alertname }}{{ . }}{{ else }}{{ .CommonLabels.slo }}{{ end }}{{ end }}`;

/** A field of the first alert firing now (of the first alert once none fires): its runbook goes with its name. */
function firstFiring(field: string): string {
  return `{{ if ${FIRING} }}{{ ${FIRST_FIRING}.${field} }}{{ else }}{{ (index .Alerts 0).${field} }}{{ end }}`;
}
export const INCIDENT_DESCRIPTION = firstFiring("Annotations.description");
export const INCIDENT_RUNBOOK = firstFiring("Annotations.runbook_url");
export const INCIDENT_RUNBOOK_TEXT = `Runbook: ${firstFiring("Labels.alertname")}`;
