import { sloAlerting } from "./src/program";

const program = sloAlerting();

/** DNS name of every Ready Alertmanager replica (headless Service): Prometheus must reach each one. */
export const alertmanagerReplicasDnsName = program.alertmanagerReplicasDnsName;
export const alertmanagerUrl = program.alertmanagerUrl;
/** The alerting block to merge into prometheus.yml: DNS discovery of every replica. */
export const prometheusAlertingConfig = program.prometheusAlertingConfig;
/** For prometheus-operator: the Prometheus resource's spec.alerting.alertmanagers. */
export const prometheusOperatorAlertmanagers = program.prometheusOperatorAlertmanagers;
/** ConfigMaps holding the rule files Prometheus must mount. */
export const ruleConfigMaps = program.ruleConfigMaps;
/** ConfigMaps of the Grafana dashboards, labelled for Grafana's sidecar (or why there are none). */
export const grafanaDashboardConfigMaps = program.grafanaDashboardConfigMaps;
export const pagerdutyServiceUrl = program.pagerdutyServiceUrl;
/** Secret: `pulumi stack output pagerdutyIntegrationKey --show-secrets`. */
export const pagerdutyIntegrationKey = program.pagerdutyIntegrationKey;
/** A scrape_configs entry for the Alertmanager pods: the delivery-failure alerts need their metrics. */
export const prometheusScrapeConfig = program.prometheusScrapeConfig;
export const pagerdutyPipelineServiceUrl = program.pagerdutyPipelineServiceUrl;
/** Each team's PagerDuty service besides the default team's, by team. */
export const teamPagerdutyServiceUrls = program.teamPagerdutyServiceUrls;
export const notices = program.notices;
