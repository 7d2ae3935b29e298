import { stringify } from "yaml";
import { AlertDefinition, CATALOGUE, Selectors } from "./catalogue";
import { Area, AREAS } from "./conventions";
import { runbookUrl } from "./runbooks";

/** Per-stack tuning of one alert; absent fields keep the seed's value. */
export interface AlertOverride {
  threshold?: number;
  for?: string;
}

export interface AlertRuleSettings {
  stack: string;
  runbookBaseUrl: string;
  selectors: Selectors;
  overrides: Readonly<Record<string, AlertOverride>>;
  /** Low-traffic guard of the seed's request-ratio pages (`seedMinRequestsPerMinute`); absent or 0: none. */
  seedMinRequestsPerMinute?: number;
  /** The `le` bounds of the API's latency histogram (`apiLatencyBuckets`). */
  latencyBuckets: readonly number[];
}

/** One alerting or recording rule as Prometheus reads it. */
export interface PrometheusRule {
  alert?: string;
  record?: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

export interface RuleGroup {
  name: string;
  /** Evaluation interval of the group; Prometheus' global one when absent. */
  interval?: string;
  rules: PrometheusRule[];
}

export interface RuleFile {
  area: Area;
  /** File name inside the ConfigMap, and so under Prometheus' rules directory. */
  fileName: string;
  groups: RuleGroup[];
}

export function alertRule(alert: AlertDefinition, settings: AlertRuleSettings): PrometheusRule {
  const override = settings.overrides[alert.name] ?? {};
  const forDuration = override.for ?? alert.for;
  const ctx = {
    threshold: override.threshold ?? alert.threshold?.value ?? 0,
    for: forDuration,
    selectors: settings.selectors,
    stack: settings.stack,
    minRequestsPerMinute: settings.seedMinRequestsPerMinute ?? 0,
    latencyBuckets: settings.latencyBuckets,
  };
  return {
    alert: alert.name,
    expr: alert.expr(ctx),
    ...(forDuration === "0s" ? {} : { for: forDuration }),
    labels: { severity: alert.severity, slo: alert.slo, service: alert.area, stack: settings.stack },
    annotations: {
      summary: alert.summary(ctx),
      description: alert.description(ctx),
      runbook_url: runbookUrl(settings.runbookBaseUrl, alert.runbook),
    },
  };
}

export function ruleFileName(area: Area): string {
  return `slo-${area}.rules.yml`;
}

/** The seed's alerts, one rule file per SLO area; an area without rules is an error, not an empty file. */
export function buildSeedRuleFiles(settings: AlertRuleSettings): RuleFile[] {
  return AREAS.map((area) => {
    const rules = CATALOGUE.filter((a) => a.area === area).map((a) => alertRule(a, settings));
    if (rules.length === 0) {
      throw new Error(`no alert rule generated for SLO area "${area}"`);
    }
    return { area, fileName: ruleFileName(area), groups: [{ name: `slo-${area}`, rules }] };
  });
}

/** The YAML Prometheus loads; `lineWidth: 0` keeps long PromQL on one reviewable line. */
export function renderRuleFile(file: RuleFile): string {
  return stringify({ groups: file.groups }, { lineWidth: 0 });
}
