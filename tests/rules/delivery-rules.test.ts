import { strict as assert } from "assert";
import { join } from "path";
import { parse, stringify } from "yaml";
import { alertmanagerJob, DELIVERY_ALERTS, DELIVERY_GROUP } from "../../src/delivery/rules";
import { durationMs } from "../../src/settings/duration";
import { runProgram } from "../helpers/program";
import { ruleFiles } from "../helpers/rendered";
import { runTool, writeTempFiles } from "../helpers/tools";

const STACK = "prod";
const JOB = alertmanagerJob(STACK);
const RULES_FILE = "alerting-pipeline.rules.yml";

interface Rule {
  alert: string;
  for: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

/**
 * One alert's case: series under which it fires from `firingFrom` (the first
 * evaluation where its expression holds), the labels and annotations it then
 * carries, and series just short of the threshold under which it never does.
 */
interface Case {
  firing: Record<string, string>;
  firingFrom: number;
  labels: Record<string, string>;
  annotations: (rule: Rule) => Record<string, string>;
  quiet: Record<string, string>;
}

const pd = (instance: string) => `{job="${JOB}", instance="${instance}", integration="pagerduty"}`;

const CASES: Record<string, Case> = {
  AlertmanagerPagerDutyNotificationsFailing: {
    firing: {
      [`alertmanager_notifications_total${pd("am-0")}`]: "0+10x40",
      [`alertmanager_notifications_failed_total${pd("am-0")}`]: "0+10x40",
    },
    firingFrom: 1,
    labels: { instance: "am-0" },
    annotations: () => ({
      summary: "Alertmanager am-0 fails to deliver pages to PagerDuty",
      description:
        "100% of the notifications Alertmanager am-0 sent to PagerDuty over 5m failed: pages are not reaching on-call. " +
        "A wrong or revoked integration key, a failed rotation, a PagerDuty outage or the network.",
    }),
    // 1 in 100 fails: at the threshold, not over it.
    quiet: {
      [`alertmanager_notifications_total${pd("am-0")}`]: "0+100x40",
      [`alertmanager_notifications_failed_total${pd("am-0")}`]: "0+1x40",
    },
  },
  AlertmanagerClusterFailedToSendAlerts: {
    firing: {
      [`alertmanager_notifications_total${pd("am-0")}`]: "0+10x40",
      [`alertmanager_notifications_failed_total${pd("am-0")}`]: "0+10x40",
      [`alertmanager_notifications_total${pd("am-1")}`]: "0+10x40",
      [`alertmanager_notifications_failed_total${pd("am-1")}`]: "0+10x40",
    },
    firingFrom: 1,
    labels: { integration: "pagerduty" },
    annotations: () => ({
      summary: "Every Alertmanager replica fails to send to pagerduty",
      description:
        "At least 100% of the notifications every replica sent to pagerduty over 5m failed: no replica delivers through that integration.",
    }),
    // One replica still delivers.
    quiet: {
      [`alertmanager_notifications_total${pd("am-0")}`]: "0+10x40",
      [`alertmanager_notifications_failed_total${pd("am-0")}`]: "0+10x40",
      [`alertmanager_notifications_total${pd("am-1")}`]: "0+10x40",
      [`alertmanager_notifications_failed_total${pd("am-1")}`]: "0+0x40",
    },
  },
  AlertmanagerMembersInconsistent: {
    firing: {
      [`alertmanager_cluster_members{job="${JOB}", instance="am-0"}`]: "3x40",
      [`alertmanager_cluster_members{job="${JOB}", instance="am-1"}`]: "3x40",
      [`alertmanager_cluster_members{job="${JOB}", instance="am-2"}`]: "1x40",
    },
    firingFrom: 0,
    labels: { job: JOB, instance: "am-2" },
    annotations: () => ({
      summary: "Alertmanager am-2 sees only 1 cluster members",
      description:
        "Alertmanager am-2 has not found all the replicas Prometheus scrapes: the cluster is split, so replicas may page twice or miss a silence.",
    }),
    quiet: {
      [`alertmanager_cluster_members{job="${JOB}", instance="am-0"}`]: "3x40",
      [`alertmanager_cluster_members{job="${JOB}", instance="am-1"}`]: "3x40",
      [`alertmanager_cluster_members{job="${JOB}", instance="am-2"}`]: "3x40",
    },
  },
  AlertmanagerConfigInconsistent: {
    firing: {
      [`alertmanager_config_hash{job="${JOB}", instance="am-0"}`]: "111x40",
      [`alertmanager_config_hash{job="${JOB}", instance="am-1"}`]: "222x40",
    },
    firingFrom: 0,
    labels: {},
    annotations: () => ({
      summary: "The Alertmanager replicas run 2 different configurations",
      description:
        "Replicas disagree on alertmanager.yml for 20m: a rollout is stuck, so replicas route or deliver differently.",
    }),
    quiet: {
      [`alertmanager_config_hash{job="${JOB}", instance="am-0"}`]: "111x40",
      [`alertmanager_config_hash{job="${JOB}", instance="am-1"}`]: "111x40",
    },
  },
  AlertmanagerClusterDown: {
    firing: {
      [`up{job="${JOB}", instance="am-0"}`]: "0x40",
      [`up{job="${JOB}", instance="am-1"}`]: "0x40",
    },
    firingFrom: 0,
    labels: {},
    annotations: () => ({
      summary: "Half or more of the Alertmanager replicas are down",
      description: "100% of the Alertmanager replicas have been unreachable for most of 5m.",
    }),
    // One of three down: under half.
    quiet: {
      [`up{job="${JOB}", instance="am-0"}`]: "0x40",
      [`up{job="${JOB}", instance="am-1"}`]: "1x40",
      [`up{job="${JOB}", instance="am-2"}`]: "1x40",
    },
  },
  PrometheusNotConnectedToAlertmanagers: {
    firing: { 'prometheus_notifications_alertmanagers_discovered{job="prometheus", instance="prom-0"}': "0x40" },
    firingFrom: 0,
    labels: { job: "prometheus", instance: "prom-0" },
    annotations: () => ({
      summary: "Prometheus prom-0 has found no Alertmanager",
      description:
        "Prometheus prom-0 has discovered no Alertmanager for 10m: its alerts go nowhere. Check its alerting block against " +
        "`pulumi stack output prometheusAlertingConfig` and the replicas' DNS record.",
    }),
    quiet: { 'prometheus_notifications_alertmanagers_discovered{job="prometheus", instance="prom-0"}': "1x40" },
  },
  PrometheusErrorSendingAlertsToAnyAlertmanager: {
    firing: {
      'prometheus_notifications_errors_total{job="prometheus", instance="prom-0", alertmanager="a"}': "0+1x40",
      'prometheus_notifications_sent_total{job="prometheus", instance="prom-0", alertmanager="a"}': "0+10x40",
      'prometheus_notifications_errors_total{job="prometheus", instance="prom-0", alertmanager="b"}': "0+1x40",
      'prometheus_notifications_sent_total{job="prometheus", instance="prom-0", alertmanager="b"}': "0+10x40",
    },
    firingFrom: 1,
    labels: { job: "prometheus", instance: "prom-0" },
    annotations: () => ({
      summary: "Prometheus prom-0 fails to send 10% of alerts to every Alertmanager",
      description:
        "Prometheus prom-0 has failed to send more than 3% of its alerts to each Alertmanager it knows for 15m.",
    }),
    // One Alertmanager still takes them.
    quiet: {
      'prometheus_notifications_errors_total{job="prometheus", instance="prom-0", alertmanager="a"}': "0+1x40",
      'prometheus_notifications_sent_total{job="prometheus", instance="prom-0", alertmanager="a"}': "0+10x40",
      'prometheus_notifications_errors_total{job="prometheus", instance="prom-0", alertmanager="b"}': "0+0x40",
      'prometheus_notifications_sent_total{job="prometheus", instance="prom-0", alertmanager="b"}': "0+10x40",
    },
  },
};

const series = (s: Record<string, string>) => Object.entries(s).map(([name, values]) => ({ series: name, values }));

function suiteFor(rule: Rule, c: Case): unknown[] {
  const forMinutes = durationMs(rule.for)! / 60_000;
  const firesAt = c.firingFrom + forMinutes;
  const expected = [
    {
      exp_labels: { ...rule.labels, ...c.labels, alertname: rule.alert },
      exp_annotations: { ...c.annotations(rule), runbook_url: rule.annotations.runbook_url },
    },
  ];
  const check = (minute: number, exp_alerts: unknown[]) => ({
    eval_time: `${minute}m`,
    alertname: rule.alert,
    exp_alerts,
  });
  return [
    {
      name: `${rule.alert} fires at its for: (${rule.for}), not a minute before`,
      interval: "1m",
      input_series: series(c.firing),
      alert_rule_test: [check(firesAt - 1, []), check(firesAt, expected), check(firesAt + 5, expected)],
    },
    {
      name: `${rule.alert} stays quiet just short of its condition`,
      interval: "1m",
      input_series: series(c.quiet),
      alert_rule_test: [check(firesAt, []), check(firesAt + 10, [])],
    },
  ];
}

describe("delivery-failure rules proven by promtool test rules on both sides of for:", () => {
  let rules: Rule[];
  before(async () => {
    const files = ruleFiles(await runProgram(STACK));
    const groups = Object.values(files).flatMap(
      (text) => (parse(text) as { groups: Array<{ name: string; rules: Rule[] }> }).groups,
    );
    rules = groups.filter((g) => g.name === DELIVERY_GROUP).flatMap((g) => g.rules);
  });

  it("deploys every delivery alert, each with a case here, routed by pipeline=delivery with summary, description and runbook", () => {
    assert.deepEqual(rules.map((r) => r.alert).sort(), DELIVERY_ALERTS.map((a) => a.name).sort());
    assert.deepEqual(Object.keys(CASES).sort(), DELIVERY_ALERTS.map((a) => a.name).sort());
    for (const rule of rules) {
      assert.equal(rule.labels.pipeline, "delivery");
      assert.equal(rule.labels.severity, "critical");
      assert.match(rule.annotations.runbook_url, /\/runbooks\/alert-delivery-failing\.md$/);
    }
  });

  it("fires each at its for: and not a minute before, and never on the quiet case", async () => {
    const groups = { groups: [{ name: DELIVERY_GROUP, rules }] };
    const suite = {
      rule_files: [RULES_FILE],
      evaluation_interval: "1m",
      tests: rules.flatMap((r) => suiteFor(r, CASES[r.alert])),
    };
    const dir = writeTempFiles({
      [RULES_FILE]: stringify(groups, { lineWidth: 0 }),
      "suite.yml": stringify(suite, { lineWidth: 0 }),
    });
    const result = await runTool("promtool", ["test", "rules", join(dir, "suite.yml")]);
    assert.equal(result.code, 0, `${result.stdout}\n${result.stderr}`);
  });
});
