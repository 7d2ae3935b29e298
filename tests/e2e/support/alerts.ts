import { parse } from "yaml";
import { PrometheusRule, RuleGroup } from "../../../src/alerts/rules";

/** An alert as Prometheus posts it to Alertmanager's `/api/v2/alerts`. */
export interface PostableAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: string;
  endsAt: string;
  generatorURL: string;
}

// Prometheus' resend delay is 1m and it sets endsAt four resends ahead, so a
// firing alert never expires in Alertmanager during a test.
const PROMETHEUS_VALID_FOR_MS = 4 * 60_000;

function alertingRules(files: Record<string, string>): PrometheusRule[] {
  return Object.values(files).flatMap((text) =>
    (parse(text) as { groups: RuleGroup[] }).groups.flatMap((g) => g.rules.filter((r) => r.alert)),
  );
}

function ruleNamed(files: Record<string, string>, name: string): PrometheusRule {
  const rule = alertingRules(files).find((r) => r.alert === name);
  if (!rule) {
    throw new Error(`no rule file holds an alert named ${name}`);
  }
  return rule;
}

/** The seed's paging alerts (§4, "Alertes Critiques"); their annotations use only `$value`. */
export const SEED_PAGING_ALERTS = [
  "APISLOLatencyBreachCritical",
  "APISLOErrorRateBreach",
  "APISLOAvailabilityBreach",
  "DispatchSLOBreachRepeatedPagerDuty",
  "DispatchSLOSeverityCritical",
  "CriticalHealthCheckFailing",
];

const significant = (v: number) => String(Number(v.toPrecision(4)));
// The template functions the catalogue uses, close enough to Prometheus'
// output for a test that compares what it posted with what PagerDuty got.
const HUMANIZE: Record<string, (v: number) => string> = {
  humanize: significant,
  humanizePercentage: (v) => `${significant(v * 100)}%`,
  humanizeDuration: (v) => `${significant(v)}s`,
};

function expand(template: string, value: number): string {
  const text = template.replace(/\{\{\s*\$value\s*\|\s*(\w+)\s*\}\}/g, (_, fn: string) => {
    const format = HUMANIZE[fn];
    if (!format) {
      throw new Error(`annotation uses ${fn}, which this test cannot expand: ${template}`);
    }
    return format(value);
  });
  if (text.includes("{{")) {
    throw new Error(`annotation left unexpanded: ${text}`);
  }
  return text;
}

/**
 * The alert Prometheus would send when the catalogue rule `name` fires with
 * `value`: the rule's labels plus alertname, its annotations expanded.
 */
export function catalogueAlert(
  files: Record<string, string>,
  name: string,
  value: number,
  extraLabels: Record<string, string> = {},
): PostableAlert {
  const rule = ruleNamed(files, name);
  const now = Date.now();
  return {
    labels: { alertname: name, ...rule.labels, ...extraLabels },
    annotations: Object.fromEntries(Object.entries(rule.annotations ?? {}).map(([k, v]) => [k, expand(v, value)])),
    startsAt: new Date(now).toISOString(),
    endsAt: new Date(now + PROMETHEUS_VALID_FOR_MS).toISOString(),
    generatorURL: `http://127.0.0.1:9090/graph?g0.expr=${encodeURIComponent(rule.expr)}`,
  };
}

/**
 * The alert as Prometheus first sends it, firing from now. Alertmanager
 * flushes a new group at once when its first alert started more than
 * group_wait ago, so an alert built earlier would skip group_wait.
 */
export function firingNow(alert: PostableAlert): PostableAlert {
  const now = Date.now();
  return {
    ...alert,
    startsAt: new Date(now).toISOString(),
    endsAt: new Date(now + PROMETHEUS_VALID_FOR_MS).toISOString(),
  };
}

/** The same alert as Prometheus sends it once the rule stops firing: endsAt in the past. */
export function resolvedCopy(alert: PostableAlert): PostableAlert {
  return { ...alert, endsAt: new Date(Date.now() - 1_000).toISOString() };
}

/** Posts to every Alertmanager at once, as Prometheus does with all its targets. */
export async function postAlerts(alertmanagerUrls: string[], alerts: PostableAlert[]): Promise<void> {
  await Promise.all(
    alertmanagerUrls.map(async (url) => {
      const response = await fetch(`${url}/api/v2/alerts`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(alerts),
        signal: AbortSignal.timeout(5_000),
      });
      if (response.status !== 200) {
        throw new Error(`${url}/api/v2/alerts answered ${response.status}: ${await response.text()}`);
      }
    }),
  );
}

/** One notification group's alerts: the pages of one SLO of one service, from several instances. */
export interface AlertGroup {
  /** The group's slo label: with one stack, the PagerDuty route's group key (stack, slo). */
  key: string;
  alerts: PostableAlert[];
}

/**
 * A storm: every paging alert of the seed, relabelled for each of
 * `services` and fired by `instances` instances, as when many services share
 * a bad dependency. Each service's SLOs get their own slo label
 * (`<service>/<slo>`), so one group per SLO and service under the incident
 * grouping; pages of one SLO (error rate and availability) share a group.
 */
export function stormGroups(files: Record<string, string>, services: string[], instances: number): AlertGroup[] {
  const groups = new Map<string, PostableAlert[]>();
  for (const name of SEED_PAGING_ALERTS) {
    for (const service of services) {
      const slo = `${service}/${ruleNamed(files, name).labels?.slo ?? ""}`;
      const alerts = Array.from({ length: instances }, (_, i) =>
        catalogueAlert(files, name, 1, { service, slo, instance: `${service}-${i}:8080` }),
      );
      groups.set(slo, [...(groups.get(slo) ?? []), ...alerts]);
    }
  }
  return [...groups].map(([key, alerts]) => ({ key, alerts }));
}

/** The group a PagerDuty event stands for, read from the custom details our receiver sends. */
export function groupOfEvent(details: Record<string, string> | undefined): string {
  return `${details?.slo}`;
}
