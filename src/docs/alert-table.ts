import { CATALOGUE, ThresholdUnit } from "../alerts/catalogue";
import { formatNumber } from "../alerts/format";
import { RECEIVERS } from "../alertmanager/receivers";
import { Settings } from "../settings/types";

function threshold(value: number | undefined, unit: ThresholdUnit | undefined): string {
  if (value === undefined || unit === undefined) {
    return "–";
  }
  const v = formatNumber(value);
  switch (unit) {
    case "percent":
      return `${v}%`;
    case "per-second":
      return `${v}/s`;
    case "seconds":
      return `${v}s`;
    case "level":
      return `≥ ${v}`;
    case "count":
      return `> ${v}`;
  }
}

function destination(severity: string): string {
  if (severity === "critical") {
    return `PagerDuty (\`${RECEIVERS.pagerduty}\`)`;
  }
  return severity === "warning"
    ? `Slack (\`${RECEIVERS.slack}\`, else \`${RECEIVERS.none}\`)`
    : `heartbeat (\`${RECEIVERS.heartbeat}\`)`;
}

/** The README's alert table: one row per alert, thresholds and `for:` as each stack sets them. */
export function alertTable(stacks: Settings[]): string {
  const header = [
    "| Alert | Severity | Goes to | What is measured | " +
      stacks.map((s) => `${s.stack}: threshold / for`).join(" | ") +
      " | Runbook |",
    "|---|---|---|---|" + stacks.map(() => "---|").join("") + "---|",
  ];
  const rows = CATALOGUE.map((alert) => {
    const perStack = stacks.map((s) => {
      const o = s.rules.overrides[alert.name] ?? {};
      return `${threshold(o.threshold ?? alert.threshold?.value, alert.threshold?.unit)} / ${o.for ?? alert.for}`;
    });
    const measured =
      alert.threshold?.meaning ??
      (alert.name === "Watchdog" ? "always fires (dead man's switch)" : "its SLO metrics are not scraped");
    return `| \`${alert.name}\` | ${alert.severity} | ${destination(alert.severity)} | ${measured} | ${perStack.join(" | ")} | [${alert.runbook}](runbooks/${alert.runbook}) |`;
  });
  return [...header, ...rows].join("\n");
}
