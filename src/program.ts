import * as pulumi from "@pulumi/pulumi";
import { stringify } from "yaml";
import { renderAlertmanagerConfig } from "./alertmanager/config";
import { credentialFiles } from "./alertmanager/credentials";
import { Alertmanager } from "./kubernetes/alertmanager";
import { clusterProvider, stackNamespace } from "./kubernetes/cluster";
import { prometheusAlertingBlock } from "./kubernetes/manifests";
import { SloRules } from "./kubernetes/rules";
import { OnCall } from "./pagerduty/oncall";
import { readSecret, readSettings } from "./settings/read";
import { notices } from "./settings/notices";
import { buildRuleFiles } from "./slo/rule-files";
import { stackSpecRuleFiles } from "./slo-rules/stack";

export interface ProgramOutputs {
  alertmanagerTarget: string;
  alertmanagerUrl: string;
  prometheusAlertingConfig: string;
  ruleConfigMaps: string[];
  /** The service's page in PagerDuty, or where it is managed in external-key mode. */
  pagerdutyServiceUrl: pulumi.Output<string> | string;
  /** Secret. */
  pagerdutyIntegrationKey: pulumi.Output<string>;
  notices: string[];
}

export const EXTERNAL_SERVICE = "managed outside this stack (pagerdutyIntegrationKey is set)";

export function sloAlerting(): ProgramOutputs {
  const settings = readSettings();
  const stack = settings.stack;
  // Read before any resource: a spec error stops the program with nothing created.
  // Pulumi runs the program in the project directory, where sloSpecs paths start.
  const specFiles = stackSpecRuleFiles(process.cwd(), settings.specs, {
    stack,
    runbookBaseUrl: settings.rules.runbookBaseUrl,
  });

  const onCall = settings.pagerduty ? new OnCall("pagerduty", { settings: settings.pagerduty }) : undefined;
  const integrationKey = onCall ? onCall.integrationKey : readSecret("pagerdutyIntegrationKey");

  const slack = settings.routing.slack !== undefined;
  // Known at preview whatever PagerDuty issues: the key is read from a file.
  const config = settings.routing.heartbeat
    ? pulumi.secret(
        readSecret("heartbeatWebhookUrl").apply((heartbeatWebhookUrl) =>
          renderAlertmanagerConfig(settings.routing, { slack, heartbeatWebhookUrl }),
        ),
      )
    : pulumi.output(renderAlertmanagerConfig(settings.routing, { slack }));
  const credentials = pulumi.secret(
    pulumi
      .all([integrationKey, slack ? readSecret("slackWebhookUrl") : undefined])
      .apply(([key, slackWebhookUrl]) => credentialFiles({ integrationKey: key, slackWebhookUrl })),
  );

  const provider = clusterProvider(settings.cluster);
  const namespace = stackNamespace(settings.alertmanager, settings.cluster, provider);

  const alertmanager = new Alertmanager("alertmanager", {
    settings: settings.alertmanager,
    stack,
    config,
    credentials,
    namespace,
    provider,
  });
  const rules = new SloRules("slo-rules", {
    files: buildRuleFiles(settings.rules),
    specFiles,
    stack,
    namespace,
    emitPrometheusRule: settings.rules.emitPrometheusRule,
    prometheusRuleLabels: settings.rules.prometheusRuleLabels,
    provider,
  });

  const messages = notices(settings);
  messages.forEach((m) => pulumi.log.warn(m));

  return {
    alertmanagerTarget: alertmanager.target,
    alertmanagerUrl: alertmanager.externalUrl,
    prometheusAlertingConfig: stringify(prometheusAlertingBlock(alertmanager.target)),
    ruleConfigMaps: rules.configMapNames,
    // An undefined export would warn on every run, PR comments included.
    pagerdutyServiceUrl: onCall ? onCall.serviceUrl : EXTERNAL_SERVICE,
    pagerdutyIntegrationKey: pulumi.secret(integrationKey),
    notices: messages,
  };
}
