import { parse } from "yaml";
import { asArray, asObject, filesOf, isObject, Json, Props, TYPES } from "./resources";

/** One alerting rule, where it was found and what it carries. */
export interface AlertRule {
  alert: string;
  /** `ConfigMap slo-rules-api, slo-api.rules.yml` or `PrometheusRule slo-rules-api`. */
  where: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

/** A file that should hold rules but cannot be read as a rule file. */
export interface UnreadableRuleFile {
  where: string;
  problem: string;
}

const RULE_FILE_NAME = /\.rules?\.ya?ml$/;

function strings(value: unknown): Record<string, string> {
  return Object.fromEntries(Object.entries(asObject(value)).map(([k, v]) => [k, String(v)]));
}

function alertRules(groups: unknown, where: string): AlertRule[] {
  return asArray(groups).flatMap((group) =>
    asArray(asObject(group).rules)
      .filter((rule) => isObject(rule) && typeof rule.alert === "string")
      .map((rule) => {
        const r = rule as Json;
        return { alert: String(r.alert), where, labels: strings(r.labels), annotations: strings(r.annotations) };
      }),
  );
}

/**
 * Every alerting rule a resource ships: Prometheus rule files in a ConfigMap
 * (any file whose YAML has `groups:`) and prometheus-operator PrometheusRule
 * objects. Recording rules are not alerts and are left out.
 */
export function rulesOf(resource: Props): { rules: AlertRule[]; unreadable: UnreadableRuleFile[] } {
  if (resource.type === TYPES.prometheusRule) {
    const where = `PrometheusRule ${resource.name}`;
    return { rules: alertRules(asObject(resource.props.spec).groups, where), unreadable: [] };
  }
  if (resource.type !== TYPES.configMap) {
    return { rules: [], unreadable: [] };
  }
  const rules: AlertRule[] = [];
  const unreadable: UnreadableRuleFile[] = [];
  for (const [file, text] of Object.entries(filesOf(resource.props, resource.type))) {
    const where = `ConfigMap ${resource.name}, ${file}`;
    let content: unknown;
    try {
      content = parse(text);
    } catch (e) {
      if (RULE_FILE_NAME.test(file)) {
        unreadable.push({ where, problem: `is not valid YAML (${(e as Error).message.split("\n")[0]})` });
      }
      continue;
    }
    if (isObject(content) && Array.isArray(content.groups)) {
      rules.push(...alertRules(content.groups, where));
    } else if (RULE_FILE_NAME.test(file)) {
      unreadable.push({ where, problem: "has no `groups:` list, so Prometheus would load no rule from it" });
    }
  }
  return { rules, unreadable };
}
