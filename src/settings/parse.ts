import { findAlert, TUNABLE_ALERTS } from "../alerts/catalogue";
import { formatNumber } from "../alerts/format";
import { AlertOverride } from "../alerts/rules";
import { BurnRateSettings, RULE_FAMILIES } from "../slo/types";
import { WORKBOOK_30D } from "../slo/windows";
import { durationMs } from "./duration";
import { parseDashboardSettings } from "./dashboards";
import { defaultNamespace, parseCluster } from "./cluster";
import { DELIVERY_DEFAULTS, parseDeliveryAlertFor, parseEmitPodMonitor, parsePipelineService } from "./delivery";
import { parseClusterDomain } from "./discovery";
import { SettingsError } from "./errors";
import { checkAutoResolve } from "./auto-resolve";
import { parseEnvironmentSelector } from "./environment";
import { checkP95Threshold } from "./latency-p95";
import { SEED_OBJECTIVE_SETTINGS } from "./seed-objectives";
import { SettingReader } from "./reader";
import { parsePrometheusRuleLabels } from "./rule-labels";
import { parseSpecSettings } from "./specs";
import { parseTeams, TEAM_DEFAULTS } from "./teams";
import { DEFAULT_NUM_LOOPS, parseEscalationValue } from "./escalation";
import {
  AlertmanagerSettings,
  ConfigSource,
  EscalationSettings,
  ManagedPagerDuty,
  RoutingSettings,
  RuleSettings,
  Settings,
} from "./types";

function optional<K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, V>);
}

export const DEFAULTS = {
  ...DELIVERY_DEFAULTS,
  ...TEAM_DEFAULTS,
  pagerdutyServiceDescription: "SLO breaches paged by Prometheus Alertmanager (slo-alerting)",
  acknowledgementTimeoutSeconds: 1800,
  // Off: an incident closes on Alertmanager's resolve, not while its outage still fires.
  autoResolveTimeoutSeconds: 0,
  incidentUrgency: "high",
  pagerdutyEventsApi: "v2",
  pagerdutyEventsUrl: "https://events.pagerduty.com/v2/enqueue",
  integrationKeyVersion: 1,
  heartbeatInterval: "1m",
  createNamespace: true,
  clusterDomain: "cluster.local",
  // Pinned: a moving tag would change what pages on-call without a diff in review.
  alertmanagerImage: "quay.io/prometheus/alertmanager:v0.27.0",
  alertmanagerReplicas: 1,
  alertmanagerCpuRequest: "50m",
  alertmanagerMemoryRequest: "64Mi",
  alertmanagerCpuLimit: "200m",
  alertmanagerMemoryLimit: "256Mi",
  alertmanagerRetention: "120h",
  groupBy: ["alertname", "stack", "service", "slo"],
  groupWait: "30s",
  groupInterval: "5m",
  repeatInterval: "4h",
  apiJob: "api",
  httpStatusLabel: "status",
  httpPathLabel: "path",
  healthCheckPathRegex: "/health.*",
  emitPrometheusRule: false,
  escalationNumLoops: DEFAULT_NUM_LOOPS,
  ruleFamilies: "both",
  // The SRE Workbook's example objectives; 99% under 0.5s is a common latency SLO for an interactive API.
  apiAvailabilityObjective: { target: 99.9 },
  apiLatencyObjective: { target: 99, thresholdSeconds: 0.5 },
  // The Prometheus client libraries' default buckets, which an app that does not choose its own exports.
  apiLatencyBuckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  // 99% of minutes without a dispatch breach: 432 breaches allowed in 30 days.
  dispatchObjective: { target: 99 },
  // 600 requests an hour: a fast page then takes at least 9 failed requests at 99.9%, not one or two.
  burnRateMinRequestsPerMinute: 10,
  // At 20 a minute one 5xx is 0.33% of 15 minutes and 1% of 5: under the seed's 0.5% and 5%.
  seedMinRequestsPerMinute: 20,
  // Prometheus' own default (--storage.tsdb.retention.time), shorter than the 30-day SLO period.
  prometheusRetention: "15d",
} as const;

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const QUANTITY = /^[0-9]+(\.[0-9]+)?(m|k|Ki|Mi|Gi|Ti|M|G|T)?$/;
// A tag or digest that cannot move under us; `latest` and untagged images can.
const PINNED_IMAGE = /^[^\s:@]+(:[0-9]+)?\/?[^\s:@]*(:(?!latest$)[\w][\w.-]{0,127}|@sha256:[a-f0-9]{64})$/;

function parseEscalation(r: SettingReader): EscalationSettings {
  return parseEscalationValue(r, "escalationPolicy", r.object("escalationPolicy"), "pagerdutyIntegrationKey");
}

function parseManagedPagerDuty(r: SettingReader): ManagedPagerDuty {
  return {
    serviceName: r.string("pagerdutyServiceName", `SLO alerts (${r.source.stack})`),
    serviceDescription: r.string("pagerdutyServiceDescription", DEFAULTS.pagerdutyServiceDescription),
    escalation: parseEscalation(r),
    acknowledgementTimeoutSeconds: r.integer(
      "acknowledgementTimeoutSeconds",
      DEFAULTS.acknowledgementTimeoutSeconds,
      1,
    ),
    autoResolveTimeoutSeconds: r.integer("autoResolveTimeoutSeconds", DEFAULTS.autoResolveTimeoutSeconds, 0),
    urgency: r.oneOf("incidentUrgency", ["high", "low", "severityBased"], DEFAULTS.incidentUrgency),
    integrationKeyVersion: r.integer("integrationKeyVersion", DEFAULTS.integrationKeyVersion, 1),
    pipelineService: parsePipelineService(r),
  };
}

function parseRouting(r: SettingReader, externalUrl: string): RoutingSettings {
  const eventsApi = r.oneOf("pagerdutyEventsApi", ["v2", "v1"], DEFAULTS.pagerdutyEventsApi);
  const eventsUrl =
    r.url("pagerdutyEventsUrl", DEFAULTS.pagerdutyEventsUrl, { secret: false, example: DEFAULTS.pagerdutyEventsUrl }) ??
    DEFAULTS.pagerdutyEventsUrl;
  if (eventsApi === "v1" && eventsUrl !== DEFAULTS.pagerdutyEventsUrl) {
    // Alertmanager's v1 client ignores the URL; an EU account would silently page the US host.
    r.fail(
      "pagerdutyEventsUrl",
      "has no effect with pagerdutyEventsApi=v1: Alertmanager sends v1 events to the US host whatever the URL",
      `use the Events API v2: \`pulumi config set pagerdutyEventsApi v2 --stack ${r.source.stack}\``,
    );
  }
  const groupBy = r.stringList("groupBy", [...DEFAULTS.groupBy]);
  for (const label of groupBy) {
    if (label !== "..." && !LABEL_NAME.test(label)) {
      r.fail("groupBy", `"${label}" is not a label name`, `list label names such as alertname, slo`);
    }
  }
  const groupWait = r.duration("groupWait", DEFAULTS.groupWait);
  const groupInterval = r.duration("groupInterval", DEFAULTS.groupInterval);
  const repeatInterval = r.duration("repeatInterval", DEFAULTS.repeatInterval);
  if ((durationMs(repeatInterval) ?? 0) < (durationMs(groupInterval) ?? 0)) {
    r.fail(
      "repeatInterval",
      `${repeatInterval} is shorter than groupInterval ${groupInterval}; Alertmanager would repeat at group_interval anyway`,
      r.fixWith("repeatInterval", DEFAULTS.repeatInterval),
    );
  }
  const slackUrl = r.url("slackWebhookUrl", undefined, {
    secret: true,
    example: "https://hooks.slack.com/services/T000/B000/XXXX",
  });
  const heartbeatUrl = r.url("heartbeatWebhookUrl", undefined, { secret: true, example: "https://hc-ping.com/<uuid>" });
  const heartbeatInterval = r.duration("heartbeatInterval", DEFAULTS.heartbeatInterval);
  const slackChannel = r.optionalString("slackChannel");
  if (slackChannel !== undefined && !/^[#@]?[\w.-]+$/.test(slackChannel)) {
    r.fail("slackChannel", `"${slackChannel}" is not a Slack channel name`, r.fixWith("slackChannel", "#sre-alerts"));
  }
  return {
    stack: r.source.stack,
    groupBy,
    groupWait,
    groupInterval,
    repeatInterval,
    pagerduty: { eventsApi, eventsUrl },
    ...(slackUrl === undefined ? {} : { slack: slackChannel === undefined ? {} : { channel: slackChannel } }),
    ...(heartbeatUrl === undefined ? {} : { heartbeat: { interval: heartbeatInterval } }),
    alertmanagerExternalUrl: externalUrl,
  };
}

function parseAlertmanager(r: SettingReader): AlertmanagerSettings {
  const namespace = r.string("namespace", defaultNamespace(r.source.stack), {
    regex: DNS_LABEL,
    what: "a Kubernetes namespace name (lower-case letters, digits, -)",
    example: defaultNamespace(r.source.stack),
  });
  const quantity = (key: string, fallback: string): string =>
    r.string(key, fallback, {
      regex: QUANTITY,
      what: "a Kubernetes quantity such as 100m or 128Mi",
      example: fallback,
    });
  return {
    namespace,
    createNamespace: r.boolean("createNamespace", DEFAULTS.createNamespace),
    image: r.string("alertmanagerImage", DEFAULTS.alertmanagerImage, {
      regex: PINNED_IMAGE,
      what: "a pinned image (a version tag other than latest, or @sha256 digest)",
      example: DEFAULTS.alertmanagerImage,
    }),
    replicas: r.integer("alertmanagerReplicas", DEFAULTS.alertmanagerReplicas, 1, 9),
    resources: {
      cpuRequest: quantity("alertmanagerCpuRequest", DEFAULTS.alertmanagerCpuRequest),
      memoryRequest: quantity("alertmanagerMemoryRequest", DEFAULTS.alertmanagerMemoryRequest),
      cpuLimit: quantity("alertmanagerCpuLimit", DEFAULTS.alertmanagerCpuLimit),
      memoryLimit: quantity("alertmanagerMemoryLimit", DEFAULTS.alertmanagerMemoryLimit),
    },
    retention: r.duration("alertmanagerRetention", DEFAULTS.alertmanagerRetention),
    externalUrl:
      r.url("alertmanagerExternalUrl", undefined, { secret: false, example: "https://alertmanager.example.org" }) ??
      `http://alertmanager.${namespace}.svc:9093`,
    clusterDomain: parseClusterDomain(r, DEFAULTS.clusterDomain),
    emitPodMonitor: parseEmitPodMonitor(r),
    deliveryAlertFor: parseDeliveryAlertFor(r),
  };
}

function parseOverrides(r: SettingReader): Record<string, AlertOverride> {
  const key = "alertOverrides";
  const value = r.object(key);
  if (value === undefined) {
    return {};
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    r.fail(key, "must map alert names to { threshold, for }", `edit Pulumi.${r.source.stack}.yaml`);
    return {};
  }
  const overrides: Record<string, AlertOverride> = {};
  for (const [name, raw] of Object.entries(value as Record<string, unknown>)) {
    const at = `${key}.${name}`;
    if (!TUNABLE_ALERTS.includes(name)) {
      r.fail(at, `"${name}" is not an alert with a threshold`, `use one of: ${TUNABLE_ALERTS.join(", ")}`);
      continue;
    }
    const o = (typeof raw === "object" && raw !== null ? raw : {}) as Record<string, unknown>;
    const unknownFields = Object.keys(o).filter((f) => f !== "threshold" && f !== "for");
    if (unknownFields.length > 0 || typeof raw !== "object" || raw === null) {
      r.fail(
        at,
        `only "threshold" and "for" can be set (got ${JSON.stringify(raw)})`,
        `run \`pulumi config set --path '${at}.for' 10m --stack ${r.source.stack}\``,
      );
    }
    const override: AlertOverride = {};
    if (o.threshold !== undefined) {
      const unit = findAlert(name)?.threshold?.unit;
      const t = o.threshold;
      const max = unit === "percent" ? 100 : Number.POSITIVE_INFINITY;
      if (typeof t !== "number" || !Number.isFinite(t) || t <= 0 || t > max) {
        r.fail(
          `${at}.threshold`,
          `${JSON.stringify(t)} is not a number above 0${unit === "percent" ? " and at most 100 (percent)" : ""}`,
          `run \`pulumi config set --path '${at}.threshold' ${findAlert(name)?.threshold?.value} --stack ${r.source.stack}\``,
        );
      } else {
        override.threshold = t;
      }
    }
    if (o.for !== undefined) {
      const ms = typeof o.for === "string" ? durationMs(o.for) : undefined;
      if (ms === undefined || ms <= 0) {
        r.fail(
          `${at}.for`,
          `${JSON.stringify(o.for)} is not a positive duration like 5m`,
          `run \`pulumi config set --path '${at}.for' ${findAlert(name)?.for} --stack ${r.source.stack}\``,
        );
      } else {
        override.for = o.for as string;
      }
    }
    overrides[name] = override;
  }
  return overrides;
}

/** A structured setting of numbers; fields left out keep their default, unknown fields are refused. */
function numberFields<T extends Record<string, number>>(r: SettingReader, key: string, fallback: T): T {
  const value = r.object(key);
  if (value === undefined) {
    return { ...fallback };
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    const [field, example] = Object.entries(fallback)[0];
    r.fail(
      key,
      `must be an object like ${JSON.stringify(fallback)}`,
      `run \`pulumi config set --path '${key}.${field}' ${example} --stack ${r.source.stack}\``,
    );
    return { ...fallback };
  }
  const result: Record<string, number> = { ...fallback };
  for (const [field, raw] of Object.entries(value)) {
    if (!(field in fallback)) {
      r.fail(
        `${key}.${field}`,
        `is not a field of ${key} (${Object.keys(fallback).join(", ")})`,
        `remove it from Pulumi.${r.source.stack}.yaml`,
      );
    } else if (typeof raw !== "number" || !Number.isFinite(raw)) {
      r.fail(
        `${key}.${field}`,
        `${JSON.stringify(raw)} is not a number`,
        `run \`pulumi config set --path '${key}.${field}' ${fallback[field]} --stack ${r.source.stack}\``,
      );
    } else {
      result[field] = raw;
    }
  }
  return result as T;
}

// With a budget above 100% / 14.4 = 6.94% the fast page could never fire: no more than all requests can fail.
const LOWEST_REQUEST_TARGET = Number((100 - 100 / Math.max(...WORKBOOK_30D.tiers.map((t) => t.factor))).toPrecision(4));

function checkTarget(r: SettingReader, key: string, target: number, fallback: number, ratioOfRequests: boolean): void {
  const fix = `run \`pulumi config set --path '${key}.target' ${fallback} --stack ${r.source.stack}\``;
  if (target <= 0 || target >= 100) {
    r.fail(`${key}.target`, `${target} is not a percentage strictly between 0 and 100`, fix);
  } else if (ratioOfRequests && target < LOWEST_REQUEST_TARGET) {
    r.fail(
      `${key}.target`,
      `${target}% leaves an error budget of ${formatNumber(100 - target)}%, too large for the burn-rate alerts: the fast page would need more than 100% of requests to fail; use at least ${LOWEST_REQUEST_TARGET}`,
      fix,
    );
  }
}

function parseLatencyBuckets(r: SettingReader): number[] {
  const key = "apiLatencyBuckets";
  const value = r.object(key);
  if (value === undefined) {
    return [...DEFAULTS.apiLatencyBuckets];
  }
  const ascending =
    Array.isArray(value) &&
    value.length > 0 &&
    value.every((b, i) => typeof b === "number" && Number.isFinite(b) && b > 0 && (i === 0 || b > value[i - 1]));
  if (!ascending) {
    r.fail(
      key,
      `${JSON.stringify(value)} is not a list of bucket bounds in seconds, positive and ascending (+Inf is implied)`,
      `list the le values of api_slo_request_duration_seconds_bucket in Pulumi.${r.source.stack}.yaml, e.g. ${JSON.stringify(DEFAULTS.apiLatencyBuckets)}`,
    );
    return [...DEFAULTS.apiLatencyBuckets];
  }
  return value as number[];
}

function parseBurnRate(r: SettingReader, buckets: readonly number[]): BurnRateSettings {
  const availability = numberFields(r, "apiAvailabilityObjective", { ...DEFAULTS.apiAvailabilityObjective });
  checkTarget(r, "apiAvailabilityObjective", availability.target, DEFAULTS.apiAvailabilityObjective.target, true);
  const latency = numberFields(r, "apiLatencyObjective", { ...DEFAULTS.apiLatencyObjective });
  checkTarget(r, "apiLatencyObjective", latency.target, DEFAULTS.apiLatencyObjective.target, true);
  if (!buckets.includes(latency.thresholdSeconds)) {
    const key = "apiLatencyObjective.thresholdSeconds";
    r.fail(
      key,
      `${latency.thresholdSeconds} is not a bucket bound of apiLatencyBuckets (${buckets.join(", ")}): the histogram has no le="${formatNumber(latency.thresholdSeconds)}" series to count good requests`,
      `pick one of those bounds: \`pulumi config set --path '${key}' ${DEFAULTS.apiLatencyObjective.thresholdSeconds} --stack ${r.source.stack}\`, or declare the app's buckets in apiLatencyBuckets`,
    );
  }
  const dispatch = numberFields(r, "dispatchObjective", { ...DEFAULTS.dispatchObjective });
  checkTarget(r, "dispatchObjective", dispatch.target, DEFAULTS.dispatchObjective.target, false);
  return {
    apiAvailability: availability,
    apiLatency: latency,
    dispatch,
    minRequestsPerMinute: r.integer("burnRateMinRequestsPerMinute", DEFAULTS.burnRateMinRequestsPerMinute, 0),
    retention: r.duration("prometheusRetention", DEFAULTS.prometheusRetention),
    objectivesSet: SEED_OBJECTIVE_SETTINGS.filter((key) => r.raw(key) !== undefined),
  };
}

function parseRules(r: SettingReader): Omit<RuleSettings, "defaultTeam"> {
  const runbookBaseUrl = r.required(
    "runbookBaseUrl",
    "https://github.com/<org>/slo-alerting/blob/main/runbooks/",
    "every alert links its runbook from there",
  );
  if (r.raw("runbookBaseUrl") !== undefined) {
    r.url("runbookBaseUrl", undefined, {
      secret: false,
      example: "https://github.com/<org>/slo-alerting/blob/main/runbooks/",
    });
  }
  const label = (key: string, fallback: string): string =>
    r.string(key, fallback, { regex: LABEL_NAME, what: "a Prometheus label name", example: fallback });
  const healthCheckPathRegex = r.string("healthCheckPathRegex", DEFAULTS.healthCheckPathRegex);
  try {
    new RegExp(healthCheckPathRegex);
  } catch {
    r.fail(
      "healthCheckPathRegex",
      `"${healthCheckPathRegex}" is not a regular expression`,
      r.fixWith("healthCheckPathRegex", DEFAULTS.healthCheckPathRegex),
    );
  }
  if (/"/.test(healthCheckPathRegex)) {
    r.fail(
      "healthCheckPathRegex",
      "must not contain a double quote",
      r.fixWith("healthCheckPathRegex", DEFAULTS.healthCheckPathRegex),
    );
  }
  const overrides = parseOverrides(r);
  const latencyBuckets = parseLatencyBuckets(r);
  checkP95Threshold(r, overrides, latencyBuckets);
  return {
    stack: r.source.stack,
    runbookBaseUrl,
    selectors: {
      apiJob: r.string("apiJob", DEFAULTS.apiJob, {
        regex: /^[^"\\\s]+$/,
        what: "a job name without quotes or spaces",
        example: DEFAULTS.apiJob,
      }),
      statusLabel: label("httpStatusLabel", DEFAULTS.httpStatusLabel),
      pathLabel: label("httpPathLabel", DEFAULTS.httpPathLabel),
      healthCheckPathRegex,
      ...optional("environment", parseEnvironmentSelector(r)),
    },
    overrides,
    latencyBuckets,
    seedMinRequestsPerMinute: r.integer("seedMinRequestsPerMinute", DEFAULTS.seedMinRequestsPerMinute, 0),
    ruleFamilies: r.oneOf("ruleFamilies", RULE_FAMILIES, DEFAULTS.ruleFamilies),
    burnRate: parseBurnRate(r, latencyBuckets),
    emitPrometheusRule: r.boolean("emitPrometheusRule", DEFAULTS.emitPrometheusRule),
    prometheusRuleLabels: parsePrometheusRuleLabels(r),
  };
}

/**
 * Every stack setting, typed and checked. Throws one SettingsError listing all
 * problems, before the program creates anything.
 */
export function parseSettings(source: ConfigSource): Settings {
  const r = new SettingReader(source);
  const externalKey = r.raw("pagerdutyIntegrationKey");
  if (externalKey !== undefined) {
    if (!source.isSecret("pagerdutyIntegrationKey")) {
      r.fail(
        "pagerdutyIntegrationKey",
        "is stored in plain text but holds a secret",
        r.fixWith("pagerdutyIntegrationKey", "<integration key>", true),
      );
    }
    if (!/^[A-Za-z0-9]{32}$/.test(externalKey)) {
      r.fail(
        "pagerdutyIntegrationKey",
        "is not a PagerDuty integration key (32 letters and digits)",
        "copy the Integration Key from the service's Integrations tab in PagerDuty, then " +
          r.fixWith("pagerdutyIntegrationKey", "<integration key>", true),
      );
    }
  }
  const pagerduty = externalKey === undefined ? parseManagedPagerDuty(r) : undefined;
  const alertmanager = parseAlertmanager(r);
  const routing = parseRouting(r, alertmanager.externalUrl);
  if (pagerduty !== undefined) {
    checkAutoResolve(r, pagerduty, routing);
  }
  const teams = parseTeams(r, {
    serviceDescription: pagerduty?.serviceDescription ?? DEFAULTS.pagerdutyServiceDescription,
    acknowledgementTimeoutSeconds: pagerduty?.acknowledgementTimeoutSeconds ?? DEFAULTS.acknowledgementTimeoutSeconds,
    autoResolveTimeoutSeconds: pagerduty?.autoResolveTimeoutSeconds ?? DEFAULTS.autoResolveTimeoutSeconds,
  });
  const settings: Settings = {
    stack: source.stack,
    ...(pagerduty === undefined ? {} : { pagerduty }),
    routing,
    alertmanager,
    rules: { ...parseRules(r), defaultTeam: teams.defaultTeam },
    cluster: parseCluster(r),
    specs: parseSpecSettings(r),
    dashboards: parseDashboardSettings(r),
    teams,
  };
  if (r.problems.length > 0) {
    throw new SettingsError(source.stack, r.problems);
  }
  return settings;
}
