import { DocReader, join } from "./fields";

/** Labels the program sets on every generated alert; a spec may not set them. */
export const CONTRACT_LABELS = ["slo", "service", "stack", "tier"] as const;
/** Labels Sloth's dashboards select by; the program sets them from the SLO's name and service. */
export const SLOTH_LABELS = ["sloth_id", "sloth_service", "sloth_slo", "sloth_window", "sloth_severity"] as const;
/**
 * Where a spec's own `severity` label goes. Routing reads `severity`
 * (critical pages, warning goes to Slack), so a Sloth spec's custom value
 * (say `pageteam`) is kept for the reader under this name instead of
 * re-routing or dropping the alert.
 */
export const SPEC_SEVERITY_LABEL = "spec_severity";

/** Spec labels with `severity` moved to `spec_severity` and the program's own labels refused. */
export function specLabels(reader: DocReader, labels: Record<string, string>, path: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(labels)) {
    if ((CONTRACT_LABELS as readonly string[]).includes(name) || (SLOTH_LABELS as readonly string[]).includes(name)) {
      reader.fail(
        join(path, name),
        `is set by the program (${[...CONTRACT_LABELS, ...SLOTH_LABELS].join(", ")}); remove it or use another label name`,
      );
    } else if (name === "severity") {
      out[SPEC_SEVERITY_LABEL] = value;
    } else {
      out[name] = value;
    }
  }
  return out;
}

/** An alert name from an SLO name: `checkout-availability` → `CheckoutAvailabilityBudgetBurn`. */
export function defaultAlertName(sloName: string): string {
  const words = sloName.split(/[^a-zA-Z0-9]+/).filter((w) => w !== "");
  return `${words.map((w) => w[0].toUpperCase() + w.slice(1)).join("")}BudgetBurn`;
}

export const ALERT_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
/** SLO and service names become label values and object names: DNS-label-like keeps them safe in both. */
export const SLO_NAME = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
