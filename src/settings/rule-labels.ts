import { SettingReader } from "./reader";

// Kubernetes label keys (optional DNS prefix, then a name) and values.
const LABEL_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const LABEL_PREFIX = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;
const LABEL_VALUE = /^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$/;

function validKey(key: string): boolean {
  const parts = key.split("/");
  return parts.length === 1
    ? LABEL_NAME.test(key)
    : parts.length === 2 && LABEL_PREFIX.test(parts[0]) && LABEL_NAME.test(parts[1]);
}

/**
 * `prometheusRuleLabels`: labels put on the PrometheusRule objects, so that
 * the Prometheus's `ruleSelector` picks them up. kube-prometheus-stack's
 * Prometheus selects `release: <Helm release name>` by default; a
 * PrometheusRule without it is ignored, with no error anywhere.
 */
export function parsePrometheusRuleLabels(r: SettingReader): Record<string, string> {
  const key = "prometheusRuleLabels";
  const value = r.object(key);
  if (value === undefined) {
    return {};
  }
  const fix = `run \`pulumi config set --path '${key}.release' <Helm release of kube-prometheus-stack> --stack ${r.source.stack}\``;
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    r.fail(key, "must map label names to values", fix);
    return {};
  }
  const labels: Record<string, string> = {};
  for (const [name, raw] of Object.entries(value as Record<string, unknown>)) {
    if (!validKey(name)) {
      r.fail(`${key}.${name}`, `"${name}" is not a Kubernetes label name`, fix);
    } else if (typeof raw !== "string" || !LABEL_VALUE.test(raw)) {
      r.fail(`${key}.${name}`, `${JSON.stringify(raw)} is not a Kubernetes label value (63 letters, digits, -_.)`, fix);
    } else {
      labels[name] = raw;
    }
  }
  return labels;
}
