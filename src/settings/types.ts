import { RuleFileSettings } from "../slo/rule-files";
import { ClusterSettings } from "./cluster";
import { DashboardSettings } from "./dashboards";
import { SpecSettings } from "./specs";

export type Urgency = "high" | "low" | "severityBased";
export type EventsApi = "v2" | "v1";

export interface EscalationLevel {
  delayMinutes: number;
  /** Existing PagerDuty users, looked up by email. */
  userEmails: string[];
  /** Existing PagerDuty schedules, looked up by name. */
  scheduleNames: string[];
}

export interface EscalationSettings {
  numLoops: number;
  levels: EscalationLevel[];
}

/** The PagerDuty side this program creates; absent when the key comes from `pagerdutyIntegrationKey`. */
export interface ManagedPagerDuty {
  serviceName: string;
  serviceDescription: string;
  escalation: EscalationSettings;
  acknowledgementTimeoutSeconds: number;
  autoResolveTimeoutSeconds: number;
  urgency: Urgency;
  integrationKeyVersion: number;
  /** A second service and key for delivery-failure alerts. */
  pipelineService: boolean;
}

/** A team other than the default one (whose settings are the top-level ones). */
export interface Team {
  name: string;
  /** The PagerDuty side this program creates; absent when the team's key is `teamSecrets.<team>.pagerdutyIntegrationKey`. */
  pagerduty?: ManagedPagerDuty;
  /** Absent when no Slack webhook can reach the team: its warnings then go to the default team's Slack. */
  slack?: {
    /** The team's own webhook (`teamSecrets.<team>.slackWebhookUrl`), else the shared one. */
    ownWebhook: boolean;
    channel?: string;
  };
}

export interface TeamsSettings {
  /** Owner of the seed's SLOs and of every SLO or alert without a known team. */
  defaultTeam: string;
  /** The other teams, sorted by name. */
  teams: Team[];
}

export interface RoutingSettings {
  stack: string;
  groupBy: string[];
  groupWait: string;
  groupInterval: string;
  repeatInterval: string;
  pagerduty: { eventsApi: EventsApi; eventsUrl: string };
  /** Present when `slackWebhookUrl` is set; warnings go to a null receiver otherwise. */
  slack?: { channel?: string };
  /** Present when `heartbeatWebhookUrl` is set; the Watchdog goes to a null receiver otherwise. */
  heartbeat?: { interval: string };
  /** Base of the links to Alertmanager (silences) in notifications. */
  alertmanagerExternalUrl: string;
}

export interface ResourceSettings {
  cpuRequest: string;
  memoryRequest: string;
  cpuLimit: string;
  memoryLimit: string;
}

export interface AlertmanagerSettings {
  namespace: string;
  createNamespace: boolean;
  image: string;
  replicas: number;
  resources: ResourceSettings;
  retention: string;
  externalUrl: string;
  /** The cluster's DNS domain, for the fully qualified name Prometheus resolves the replicas by. */
  clusterDomain: string;
  /** Also create a prometheus-operator PodMonitor for the Alertmanager pods. */
  emitPodMonitor: boolean;
  /** One `for:` for every delivery-failure alert; undefined keeps each one's. */
  deliveryAlertFor?: string;
}

export interface RuleSettings extends RuleFileSettings {
  /** Also emit the rules as prometheus-operator PrometheusRule objects. */
  emitPrometheusRule: boolean;
  /** Labels of the PrometheusRule objects, for the Prometheus's ruleSelector (kube-prometheus-stack: `release`). */
  prometheusRuleLabels: Record<string, string>;
}

export interface Settings {
  stack: string;
  /** Undefined in external-key mode (`pagerdutyIntegrationKey` set). */
  pagerduty?: ManagedPagerDuty;
  routing: RoutingSettings;
  alertmanager: AlertmanagerSettings;
  rules: RuleSettings;
  cluster: ClusterSettings;
  /** SLOs read from OpenSLO and Sloth spec files. */
  specs: SpecSettings;
  /** Grafana dashboards of the spec SLOs, as sidecar ConfigMaps. */
  dashboards: DashboardSettings;
  teams: TeamsSettings;
}

/** Where raw setting values come from: the stack's config in the program, a table in tests. */
export interface ConfigSource {
  stack: string;
  /** Raw text of a setting (JSON text for structured values), undefined when unset. */
  get(key: string): string | undefined;
  /** Whether the stack stores the setting encrypted (`pulumi config set --secret`). */
  isSecret(key: string): boolean;
}

/** Settings whose values are secrets; read in the program only with getSecret/requireSecret. */
export const SECRET_SETTINGS = [
  "pagerdutyIntegrationKey",
  "slackWebhookUrl",
  "heartbeatWebhookUrl",
  "kubeconfig",
] as const;
export type SecretSetting = (typeof SECRET_SETTINGS)[number];
