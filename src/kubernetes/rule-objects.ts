import { RuleFile } from "../alerts/rules";
import { SpecRuleFile } from "../slo-rules/shard";

/** Label that a Prometheus (or its config reloader) can select rule ConfigMaps by. */
export const RULES_LABEL = "slo-alerting/rules";

export function rulesConfigMapName(base: string, area: string): string {
  return `${base}-${area}`;
}

/** The CustomResourceDefinition PrometheusRule objects need: prometheus-operator installs it. */
export const PROMETHEUS_RULE_CRD = "prometheusrules.monitoring.coreos.com";

/** The same rules as a prometheus-operator PrometheusRule, for clusters that run the operator. */
export function prometheusRuleObject(name: string, file: Pick<RuleFile, "groups"> | Pick<SpecRuleFile, "groups">) {
  return {
    apiVersion: "monitoring.coreos.com/v1",
    kind: "PrometheusRule",
    metadata: { name },
    spec: { groups: file.groups },
  };
}
