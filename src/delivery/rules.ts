// Alerts on the alerting path itself, in the spirit of the alertmanager-mixin
// (prometheus/alertmanager doc/alertmanager-mixin/alerts.libsonnet) and of
// Prometheus' own: a page that cannot be delivered must reach someone by
// another way. Pure: no Pulumi import.
import { PrometheusRule, RuleFile, RuleGroup } from "../alerts/rules";
import { runbookUrl } from "../alerts/runbooks";

/** The label the delivery route matches: these alerts go to Slack (and the pipeline service), never to the key that fails. */
export const PIPELINE_LABEL = { name: "pipeline", value: "delivery" } as const;
export const DELIVERY_RUNBOOK = "alert-delivery-failing.md";
export const DELIVERY_GROUP = "alerting-pipeline";

/** The scrape job of this stack's Alertmanager pods; the rules select it so another Alertmanager's metrics do not count. */
export function alertmanagerJob(stack: string): string {
  return `slo-alerting-alertmanager-${stack}`;
}

interface DeliveryAlert {
  name: string;
  for: string;
  expr: (job: string) => string;
  summary: string;
  description: string;
}

const failureRatio = (job: string, integration: string, by: string) =>
  `sum by (${by}) (rate(alertmanager_notifications_failed_total{job="${job}"${integration}}[5m])) / ` +
  `sum by (${by}) (rate(alertmanager_notifications_total{job="${job}"${integration}}[5m]))`;

export const DELIVERY_ALERTS: readonly DeliveryAlert[] = [
  {
    name: "AlertmanagerPagerDutyNotificationsFailing",
    for: "5m",
    expr: (job) => `${failureRatio(job, ', integration="pagerduty"', "instance")} > 0.01`,
    summary: "Alertmanager {{ $labels.instance }} fails to deliver pages to PagerDuty",
    description:
      "{{ $value | humanizePercentage }} of the notifications Alertmanager {{ $labels.instance }} sent to PagerDuty over 5m failed: " +
      "pages are not reaching on-call. A wrong or revoked integration key, a failed rotation, a PagerDuty outage or the network.",
  },
  {
    name: "AlertmanagerClusterFailedToSendAlerts",
    for: "5m",
    expr: (job) => `min by (integration) (${failureRatio(job, "", "instance, integration")}) > 0.01`,
    summary: "Every Alertmanager replica fails to send to {{ $labels.integration }}",
    description:
      "At least {{ $value | humanizePercentage }} of the notifications every replica sent to {{ $labels.integration }} over 5m failed: " +
      "no replica delivers through that integration.",
  },
  {
    name: "AlertmanagerMembersInconsistent",
    for: "15m",
    expr: (job) =>
      `max_over_time(alertmanager_cluster_members{job="${job}"}[5m]) < on () group_left () ` +
      `count(max_over_time(alertmanager_cluster_members{job="${job}"}[5m]))`,
    summary: "Alertmanager {{ $labels.instance }} sees only {{ $value }} cluster members",
    description:
      "Alertmanager {{ $labels.instance }} has not found all the replicas Prometheus scrapes: the cluster is split, " +
      "so replicas may page twice or miss a silence.",
  },
  {
    name: "AlertmanagerConfigInconsistent",
    for: "20m",
    expr: (job) => `count(count_values("config_hash", alertmanager_config_hash{job="${job}"})) != 1`,
    summary: "The Alertmanager replicas run {{ $value }} different configurations",
    description:
      "Replicas disagree on alertmanager.yml for 20m: a rollout is stuck, so replicas route or deliver differently.",
  },
  {
    name: "AlertmanagerClusterDown",
    for: "5m",
    expr: (job) => `(count(avg_over_time(up{job="${job}"}[5m]) < 0.5) / count(up{job="${job}"})) >= 0.5`,
    summary: "Half or more of the Alertmanager replicas are down",
    description: "{{ $value | humanizePercentage }} of the Alertmanager replicas have been unreachable for most of 5m.",
  },
  {
    name: "PrometheusNotConnectedToAlertmanagers",
    for: "10m",
    expr: () => "max_over_time(prometheus_notifications_alertmanagers_discovered[5m]) < 1",
    summary: "Prometheus {{ $labels.instance }} has found no Alertmanager",
    description:
      "Prometheus {{ $labels.instance }} has discovered no Alertmanager for 10m: its alerts go nowhere. " +
      "Check its alerting block against `pulumi stack output prometheusAlertingConfig` and the replicas' DNS record.",
  },
  {
    name: "PrometheusErrorSendingAlertsToAnyAlertmanager",
    for: "15m",
    expr: () =>
      "min without (alertmanager) (rate(prometheus_notifications_errors_total[5m]) / " +
      "rate(prometheus_notifications_sent_total[5m])) * 100 > 3",
    summary: "Prometheus {{ $labels.instance }} fails to send {{ $value | humanize }}% of alerts to every Alertmanager",
    description:
      "Prometheus {{ $labels.instance }} has failed to send more than 3% of its alerts to each Alertmanager it knows for 15m.",
  },
];

export function deliveryRules(stack: string, runbookBaseUrl: string, forOverride?: string): PrometheusRule[] {
  const job = alertmanagerJob(stack);
  return DELIVERY_ALERTS.map((a) => ({
    alert: a.name,
    expr: a.expr(job),
    for: forOverride ?? a.for,
    labels: { severity: "critical", [PIPELINE_LABEL.name]: PIPELINE_LABEL.value, service: "alertmanager", stack },
    annotations: {
      summary: a.summary,
      description: a.description,
      runbook_url: runbookUrl(runbookBaseUrl, DELIVERY_RUNBOOK),
    },
  }));
}

/** The rule files with the alerting-pipeline group added to the global one. */
export function withDeliveryRules(
  files: RuleFile[],
  stack: string,
  runbookBaseUrl: string,
  forOverride?: string,
): RuleFile[] {
  const group: RuleGroup = { name: DELIVERY_GROUP, rules: deliveryRules(stack, runbookBaseUrl, forOverride) };
  return files.map((f) => (f.area === "global" ? { ...f, groups: [...f.groups, group] } : f));
}
