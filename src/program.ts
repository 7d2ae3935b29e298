import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { renderAlertmanagerConfig } from "./alertmanager/config";
import { Alertmanager } from "./kubernetes/alertmanager";
import { alertingOutputs } from "./kubernetes/alerting-outputs";
import { alertmanagerNames } from "./kubernetes/manifests";
import { SloRules } from "./kubernetes/rules";
import { OnCall } from "./pagerduty/oncall";
import { AlertingPipelineService } from "./pagerduty/pipeline";
import { withDeliveryRules } from "./delivery/rules";
import { alertmanagerScrapeConfig } from "./kubernetes/scrape";
import { stringify } from "yaml";
import { readSecret, readSettings } from "./settings/read";
import { notices } from "./settings/notices";
import { buildRuleFiles } from "./slo/rule-files";

export interface ProgramOutputs {
  /** Resolves to every Ready replica; Prometheus must send each alert to all of them. */
  alertmanagerReplicasDnsName: string;
  alertmanagerUrl: string;
  /** prometheus.yml's `alerting:` block, DNS discovery of every replica. */
  prometheusAlertingConfig: string;
  /** The same for prometheus-operator: the Prometheus resource's `spec.alerting.alertmanagers`. */
  prometheusOperatorAlertmanagers: string;
  ruleConfigMaps: string[];
  /** The service's page in PagerDuty, or where it is managed in external-key mode. */
  pagerdutyServiceUrl: pulumi.Output<string> | string;
  /** Secret. */
  pagerdutyIntegrationKey: pulumi.Output<string>;
  /** The "alerting pipeline" service delivery-failure alerts page through. */
  pagerdutyPipelineServiceUrl: pulumi.Output<string> | string;
  /** A scrape_configs entry for the Alertmanager pods, which the delivery-failure rules need. */
  prometheusScrapeConfig: string;
  notices: string[];
}

const ALERTMANAGER = "alertmanager";

export const NO_PIPELINE_SERVICE =
  "none: delivery-failure alerts go to Slack (managed mode with pagerdutyPipelineService=true adds a PagerDuty service)";
export const EXTERNAL_SERVICE = "managed outside this stack (pagerdutyIntegrationKey is set)";

export function sloAlerting(): ProgramOutputs {
  const settings = readSettings();
  const stack = settings.stack;

  // Checked before anything is created: a multi-replica stack must never get a single load-balanced target.
  const alerting = alertingOutputs(
    alertmanagerNames(ALERTMANAGER, settings.alertmanager.namespace),
    settings.alertmanager,
  );

  const onCall = settings.pagerduty ? new OnCall("pagerduty", { settings: settings.pagerduty }) : undefined;
  const integrationKey = onCall ? onCall.integrationKey : readSecret("pagerdutyIntegrationKey");
  const pipeline =
    onCall && settings.pagerduty?.pipelineService
      ? new AlertingPipelineService("pagerduty-pipeline", {
          settings: settings.pagerduty,
          escalationPolicyId: onCall.escalationPolicyId,
        })
      : undefined;

  const config = pulumi.secret(
    pulumi
      .all([
        integrationKey,
        settings.routing.slack ? readSecret("slackWebhookUrl") : undefined,
        settings.routing.heartbeat ? readSecret("heartbeatWebhookUrl") : undefined,
        pipeline?.integrationKey,
      ])
      .apply(([key, slackWebhookUrl, heartbeatWebhookUrl, pipelineIntegrationKey]) =>
        renderAlertmanagerConfig(settings.routing, {
          integrationKey: key,
          slackWebhookUrl,
          heartbeatWebhookUrl,
          pipelineIntegrationKey,
        }),
      ),
  );

  const ns = settings.alertmanager.namespace;
  const namespace = settings.alertmanager.createNamespace
    ? new k8s.core.v1.Namespace("namespace", {
        metadata: { name: ns, labels: { "app.kubernetes.io/part-of": "slo-alerting" } },
      }).metadata.name
    : pulumi.output(ns);

  const alertmanager = new Alertmanager(ALERTMANAGER, { settings: settings.alertmanager, stack, config, namespace });
  const rules = new SloRules("slo-rules", {
    files: withDeliveryRules(
      buildRuleFiles(settings.rules),
      stack,
      settings.rules.runbookBaseUrl,
      settings.alertmanager.deliveryAlertFor,
    ),
    stack,
    namespace,
    emitPrometheusRule: settings.rules.emitPrometheusRule,
  });

  const messages = notices(settings);
  messages.forEach((m) => pulumi.log.warn(m));

  return {
    ...alerting,
    alertmanagerUrl: alertmanager.externalUrl,
    prometheusScrapeConfig: stringify(
      alertmanagerScrapeConfig(alertmanager.names, settings.alertmanager.clusterDomain, stack),
    ),
    ruleConfigMaps: rules.configMapNames,
    // An undefined export would warn on every run, PR comments included.
    pagerdutyServiceUrl: onCall ? onCall.serviceUrl : EXTERNAL_SERVICE,
    pagerdutyIntegrationKey: pulumi.secret(integrationKey),
    pagerdutyPipelineServiceUrl: pipeline ? pipeline.serviceUrl : NO_PIPELINE_SERVICE,
    notices: messages,
  };
}
