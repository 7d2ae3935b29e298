import { SettingReader } from "./reader";

/** Grafana dashboards as ConfigMaps for Grafana's dashboard sidecar (kube-prometheus-stack's). */
export interface DashboardSettings {
  enabled: boolean;
  /** The label the sidecar selects ConfigMaps by (its `label` and `labelValue`). */
  label: { name: string; value: string };
  /** Undefined: the stack's namespace. */
  namespace?: string;
}

/** kube-prometheus-stack's defaults: `sidecar.dashboards.label: grafana_dashboard`, `labelValue: "1"`. */
export const DEFAULT_DASHBOARD_LABEL = "grafana_dashboard=1";

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
// Kubernetes label names: an optional DNS subdomain prefix and a name of up to 63 characters.
const LABEL_NAME_PART = /^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const LABEL_PREFIX = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;

function labelNameProblem(name: string): string | undefined {
  const slash = name.lastIndexOf("/");
  const [prefix, base] = slash < 0 ? [undefined, name] : [name.slice(0, slash), name.slice(slash + 1)];
  if (prefix !== undefined && !LABEL_PREFIX.test(prefix)) {
    return `"${prefix}" is not a DNS subdomain (the label name's prefix)`;
  }
  return LABEL_NAME_PART.test(base)
    ? undefined
    : `"${base}" is not a Kubernetes label name (up to 63 letters, digits, -, _ or ., starting and ending alphanumeric)`;
}

function parseLabel(r: SettingReader): { name: string; value: string } {
  const key = "grafanaDashboardLabel";
  const text = r.raw(key) ?? DEFAULT_DASHBOARD_LABEL;
  const fallback = { name: "grafana_dashboard", value: "1" };
  const fix = `${r.fixWith(key, DEFAULT_DASHBOARD_LABEL)} (the name and value of the Grafana sidecar's label and labelValue)`;
  const at = text.indexOf("=");
  if (at < 0 || text.slice(at + 1).trim() === "") {
    r.fail(
      key,
      `"${text}" has no value: the sidecar loads ConfigMaps whose label has its labelValue, so write name=value`,
      fix,
    );
    return fallback;
  }
  const name = text.slice(0, at).trim();
  const value = text.slice(at + 1).trim();
  const problem =
    labelNameProblem(name) ??
    (LABEL_NAME_PART.test(value)
      ? undefined
      : `"${value}" is not a Kubernetes label value (up to 63 letters, digits, -, _ or ., starting and ending alphanumeric)`);
  if (problem !== undefined) {
    r.fail(key, problem, fix);
    return fallback;
  }
  return { name, value };
}

/** The dashboard settings; every key is read whether or not dashboards are on, so a typo is caught either way. */
export function parseDashboardSettings(r: SettingReader): DashboardSettings {
  const enabled = r.boolean("grafanaDashboards", true);
  const label = parseLabel(r);
  const key = "grafanaDashboardNamespace";
  const namespace = r.optionalString(key);
  if (namespace !== undefined && !DNS_LABEL.test(namespace)) {
    r.fail(
      key,
      `"${namespace}" is not a Kubernetes namespace name (a DNS-1123 label: up to 63 lower-case letters, digits and -, starting and ending alphanumeric)`,
      `${r.fixWith(key, "monitoring")} (the namespace of Grafana, or one its sidecar searches)`,
    );
  }
  return { enabled, label, ...(namespace === undefined || !DNS_LABEL.test(namespace) ? {} : { namespace }) };
}
