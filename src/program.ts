import * as pulumi from "@pulumi/pulumi";
import { renderAlertmanagerConfig } from "./alertmanager/config";
import { credentialFiles } from "./alertmanager/credentials";
import { Alertmanager } from "./kubernetes/alertmanager";
import { alertingOutputs } from "./kubernetes/alerting-outputs";
import { clusterProvider, stackNamespace } from "./kubernetes/cluster";
import { alertmanagerNames } from "./kubernetes/manifests";
import { SloRules } from "./kubernetes/rules";
import { OnCall } from "./pagerduty/oncall";
import { AlertingPipelineService } from "./pagerduty/pipeline";
import { withDeliveryRules } from "./delivery/rules";
import { alertmanagerScrapeConfig } from "./kubernetes/scrape";
import { stringify } from "yaml";
import { readSecret, readSettings } from "./settings/read";
import { notices } from "./settings/notices";
import { buildRuleFiles, specRuleContext } from "./slo/rule-files";
import { stackDashboards } from "./dashboards/stack";
import { Dashboards } from "./kubernetes/dashboards";
import { SettingsError } from "./settings/errors";
import { isSeedSlo } from "./slo-rules/seed";
import { stackSlos, stackSpecRuleFiles } from "./slo-rules/stack";
import { ownershipNotices, sloOwners } from "./teams/owners";
import { withTeamLabel } from "./teams/rule-team";
import { TEAM_EXTERNAL_SERVICE, teamPaging } from "./teams/oncall";

export interface ProgramOutputs {
  /** Resolves to every Ready replica; Prometheus must send each alert to all of them. */
  alertmanagerReplicasDnsName: string;
  alertmanagerUrl: string;
  /** prometheus.yml's `alerting:` block, DNS discovery of every replica. */
  prometheusAlertingConfig: string;
  /** The same for prometheus-operator: the Prometheus resource's `spec.alerting.alertmanagers`. */
  prometheusOperatorAlertmanagers: string;
  ruleConfigMaps: string[];
  /** ConfigMaps of the Grafana dashboards, or why there are none. */
  grafanaDashboardConfigMaps: string[] | string;
  /** The service's page in PagerDuty, or where it is managed in external-key mode. */
  pagerdutyServiceUrl: pulumi.Output<string> | string;
  /** Secret. */
  pagerdutyIntegrationKey: pulumi.Output<string>;
  /** Each team's service besides the default team's, by team. */
  teamPagerdutyServiceUrls: pulumi.Output<Record<string, string>>;
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
  // Read before any resource: a spec error stops the program with nothing created.
  // Pulumi runs the program in the project directory, where sloSpecs paths start.
  const slos = stackSlos(process.cwd(), settings.specs, settings.rules);
  const ownership = sloOwners(stack, slos, settings.teams);
  const specFiles = stackSpecRuleFiles(slos, settings.rules);
  // With ruleFamilies "seed" the seed's SLOs record nothing a dashboard could read.
  const recorded = settings.rules.ruleFamilies === "seed" ? slos.filter((slo) => !isSeedSlo(slo)) : slos;
  const dashboards = stackDashboards(recorded, settings.dashboards, {
    rules: specRuleContext(settings.rules),
    retention: settings.rules.burnRate.retention,
    defaultTeam: settings.teams.defaultTeam,
  });
  if (dashboards.problems.length > 0) {
    throw new SettingsError(stack, dashboards.problems);
  }

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

  const teams = teamPaging(settings.teams.teams);

  const slack = settings.routing.slack !== undefined;
  const pipelineKey = pipeline !== undefined;
  // Known at preview whatever PagerDuty issues: the key is read from a file.
  const config = settings.routing.heartbeat
    ? pulumi.secret(
        readSecret("heartbeatWebhookUrl").apply((heartbeatWebhookUrl) =>
          renderAlertmanagerConfig(settings.routing, { slack, heartbeatWebhookUrl, pipelineKey }, settings.teams.teams),
        ),
      )
    : pulumi.output(renderAlertmanagerConfig(settings.routing, { slack, pipelineKey }, settings.teams.teams));
  const credentials = pulumi.secret(
    pulumi
      .all([
        integrationKey,
        pipeline?.integrationKey,
        slack ? readSecret("slackWebhookUrl") : undefined,
        pulumi.all(teams.map((t) => t.credentials)),
      ])
      .apply(([key, pipelineIntegrationKey, slackWebhookUrl, teamCredentials]) =>
        credentialFiles({
          integrationKey: key,
          pipelineIntegrationKey,
          slackWebhookUrl,
          teams: Object.fromEntries(teams.map((t, i) => [t.name, teamCredentials[i]])),
        }),
      ),
  );

  const provider = clusterProvider(settings.cluster);
  const namespace = stackNamespace(settings.alertmanager, settings.cluster, provider);

  const alertmanager = new Alertmanager(ALERTMANAGER, {
    settings: settings.alertmanager,
    stack,
    config,
    credentials,
    namespace,
    provider,
  });
  const rules = new SloRules("slo-rules", {
    files: withTeamLabel(
      withDeliveryRules(
        buildRuleFiles(
          settings.rules,
          slos.filter((slo) => isSeedSlo(slo)),
        ),
        stack,
        settings.rules.runbookBaseUrl,
        settings.alertmanager.deliveryAlertFor,
      ),
      settings.teams.defaultTeam,
    ),
    specFiles,
    stack,
    namespace,
    emitPrometheusRule: settings.rules.emitPrometheusRule,
    prometheusRuleLabels: settings.rules.prometheusRuleLabels,
    provider,
  });

  const grafana =
    dashboards.files.length > 0
      ? new Dashboards("slo-dashboards", {
          files: dashboards.files,
          stack,
          namespace: settings.dashboards.namespace ?? namespace,
          label: settings.dashboards.label,
          provider,
        })
      : undefined;

  const messages = [...notices(settings), ...ownershipNotices(ownership, settings.teams)];
  messages.forEach((m) => pulumi.log.warn(m));

  return {
    ...alerting,
    alertmanagerUrl: alertmanager.externalUrl,
    prometheusScrapeConfig: stringify(
      alertmanagerScrapeConfig(alertmanager.names, settings.alertmanager.clusterDomain, stack),
    ),
    ruleConfigMaps: rules.configMapNames,
    grafanaDashboardConfigMaps: grafana
      ? grafana.configMapNames
      : settings.dashboards.enabled
        ? "none: no SLO spec files, so no dashboards"
        : "none: grafanaDashboards is false",
    // An undefined export would warn on every run, PR comments included.
    pagerdutyServiceUrl: onCall ? onCall.serviceUrl : EXTERNAL_SERVICE,
    pagerdutyIntegrationKey: pulumi.secret(integrationKey),
    teamPagerdutyServiceUrls: pulumi.all(
      Object.fromEntries(teams.map((t) => [t.name, t.onCall ? t.onCall.serviceUrl : TEAM_EXTERNAL_SERVICE])),
    ),
    pagerdutyPipelineServiceUrl: pipeline ? pipeline.serviceUrl : NO_PIPELINE_SERVICE,
    notices: messages,
  };
}
