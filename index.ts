import { sloAlerting } from "./src/program";

const program = sloAlerting();

/** `host:port` of Alertmanager, for Prometheus' alerting.alertmanagers targets. */
export const alertmanagerTarget = program.alertmanagerTarget;
export const alertmanagerUrl = program.alertmanagerUrl;
/** The alerting block to merge into prometheus.yml. */
export const prometheusAlertingConfig = program.prometheusAlertingConfig;
/** ConfigMaps holding the rule files Prometheus must mount. */
export const ruleConfigMaps = program.ruleConfigMaps;
export const pagerdutyServiceUrl = program.pagerdutyServiceUrl;
/** Secret: `pulumi stack output pagerdutyIntegrationKey --show-secrets`. */
export const pagerdutyIntegrationKey = program.pagerdutyIntegrationKey;
export const notices = program.notices;
