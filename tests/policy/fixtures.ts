import { stringify } from "yaml";
import { Resource } from "./harness";

// Small hand-made resources, shaped like the program's, that each test bends one way.

export const KEY = "abcdefghijklmnopqrstuvwxyz012345";
export const SLACK = "https://hooks.slack.com/services/T000/B000/slackSecretToken";
export const HEARTBEAT = "https://hc-ping.example/0b5a3f1e-heartbeat-secret";

const POD_LABELS = { "app.kubernetes.io/name": "alertmanager", "app.kubernetes.io/instance": "alertmanager" };
const SELECTOR = { ...POD_LABELS };

export function deployment(
  opts: { replicas?: number; image?: string; namespace?: string; labels?: Record<string, string> } = {},
): Resource {
  return {
    type: "kubernetes:apps/v1:Deployment",
    name: "alertmanager-deployment",
    props: {
      metadata: { name: "alertmanager", namespace: opts.namespace ?? "monitoring" },
      spec: {
        replicas: opts.replicas ?? 3,
        selector: { matchLabels: SELECTOR },
        template: {
          metadata: { labels: opts.labels ?? POD_LABELS },
          spec: {
            containers: [{ name: "alertmanager", image: opts.image ?? "quay.io/prometheus/alertmanager:v0.27.0" }],
          },
        },
      },
    },
  };
}

export function disruptionBudget(opts: { namespace?: string; matchLabels?: Record<string, string> } = {}): Resource {
  return {
    type: "kubernetes:policy/v1:PodDisruptionBudget",
    name: "alertmanager-pdb",
    props: {
      metadata: { name: "alertmanager", namespace: opts.namespace ?? "monitoring" },
      spec: { maxUnavailable: 1, selector: { matchLabels: opts.matchLabels ?? SELECTOR } },
    },
  };
}

export interface Rule {
  alert: string;
  expr?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

export const ANNOTATIONS = {
  summary: "API error rate 7% on prod",
  description: "7% of API requests failed over 5 minutes.",
  runbook_url: "https://example.org/runbooks/api-slo-error-rate.md",
};

export function rule(alert: string, severity: string, annotations: Record<string, string> = ANNOTATIONS): Rule {
  return { alert, expr: "vector(1)", labels: { severity, slo: "api", service: "api", stack: "prod" }, annotations };
}

export function ruleConfigMap(rules: Rule[], file = "slo-api.rules.yml"): Resource {
  return {
    type: "kubernetes:core/v1:ConfigMap",
    name: "slo-rules-api",
    props: {
      metadata: { name: "slo-rules-api" },
      data: { [file]: stringify({ groups: [{ name: "slo-api", rules }] }) },
    },
  };
}

export function prometheusRule(rules: Rule[]): Resource {
  return {
    type: "kubernetes:monitoring.coreos.com/v1:PrometheusRule",
    name: "slo-rules-api-prometheusrule",
    props: {
      apiVersion: "monitoring.coreos.com/v1",
      kind: "PrometheusRule",
      spec: { groups: [{ name: "slo-api", rules }] },
    },
  };
}

export type Route = Record<string, unknown>;

/** The program's routing tree, in miniature: Watchdog, critical → pagerduty, warning → slack. */
export function alertmanagerConfig(overrides: { routes?: Route[]; routingKey?: string } = {}): Record<string, unknown> {
  return {
    route: {
      receiver: "slack",
      routes: overrides.routes ?? [
        { receiver: "heartbeat", matchers: ['alertname="Watchdog"'] },
        { receiver: "pagerduty", matchers: ['severity="critical"'] },
        { receiver: "slack", matchers: ['severity="warning"'] },
      ],
    },
    receivers: [
      { name: "pagerduty", pagerduty_configs: [{ routing_key: overrides.routingKey ?? KEY }] },
      { name: "slack", slack_configs: [{ api_url: SLACK }] },
      { name: "heartbeat", webhook_configs: [{ url: HEARTBEAT }] },
      { name: "null" },
    ],
  };
}

/** The Alertmanager Secret; `encoded` puts the file in `data` (base64), as the live object has it. */
export function configSecret(config: Record<string, unknown> | string, encoded = false): Resource {
  const text = typeof config === "string" ? config : stringify(config);
  const files = { "alertmanager.yml": encoded ? Buffer.from(text).toString("base64") : text };
  return {
    type: "kubernetes:core/v1:Secret",
    name: "alertmanager-config",
    props: {
      metadata: { name: "alertmanager-config" },
      type: "Opaque",
      ...(encoded ? { data: files } : { stringData: files }),
    },
  };
}

export function integration(key: string = KEY): Resource {
  return {
    type: "pagerduty:index/serviceIntegration:ServiceIntegration",
    name: "pagerduty-prometheus",
    props: { name: "Prometheus Alertmanager (key v1)", integrationKey: key },
  };
}

export function stackOutputs(outputs: Record<string, unknown>): Resource {
  return { type: "pulumi:pulumi:Stack", name: "slo-alerting-prod", props: outputs };
}

/** A stack every policy accepts; tests break one thing at a time. */
export function healthyStack(): Resource[] {
  return [
    stackOutputs({ alertmanagerUrl: "http://alertmanager.monitoring.svc:9093", pagerdutyIntegrationKey: KEY }),
    integration(),
    configSecret(alertmanagerConfig()),
    deployment(),
    disruptionBudget(),
    ruleConfigMap([rule("APISLOErrorRateBreach", "critical"), rule("APILatencyP95High", "warning")]),
  ];
}
