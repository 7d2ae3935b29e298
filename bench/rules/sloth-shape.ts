import { formatNumber } from "../../src/alerts/format";
import { SpecRuleGroup } from "../../src/slo-rules/generate";
import { SloModel } from "../../src/specs";
import { atWindow } from "../../src/specs/promql";

// The rules `sloth generate` publishes for a prometheus/v1 SLO (Sloth
// v0.11, google-30d windows), rebuilt for the benchmark: every window's
// ratio from the raw series, the 30d ratio as the mean of the 5m ratios,
// multiwindow alerts on the recorded ratios. Objective and budget in
// Sloth's exact float form are not needed for the cost, so they are rounded.

const WINDOWS = ["5m", "30m", "1h", "2h", "6h", "1d", "3d"];

export interface SlothQueries {
  errorQuery: string;
  totalQuery: string;
}

export function slothGroups(slo: SloModel, q: SlothQueries): SpecRuleGroup[] {
  const ids = { sloth_id: slo.name, sloth_service: slo.service, sloth_slo: slo.name };
  const sel = `{sloth_id="${slo.name}", sloth_service="${slo.service}", sloth_slo="${slo.name}"}`;
  const budget = formatNumber(Number((1 - slo.objective).toPrecision(12)));
  const labels = (window?: string) => ({ ...slo.labels, ...ids, ...(window ? { sloth_window: window } : {}) });
  const ratio = (w: string) => `slo:sli_error:ratio_rate${w}${sel}`;
  const pair = (factor: number, short: string, long: string) =>
    `(max(${ratio(short)} > (${factor} * ${budget})) without (sloth_window) and ` +
    `max(${ratio(long)} > (${factor} * ${budget})) without (sloth_window))`;
  return [
    {
      name: `sloth-slo-sli-recordings-${slo.name}`,
      rules: [
        ...WINDOWS.map((w) => ({
          record: `slo:sli_error:ratio_rate${w}`,
          expr: `(${atWindow(q.errorQuery, w)})\n/\n(${atWindow(q.totalQuery, w)})`,
          labels: labels(w),
        })),
        {
          record: "slo:sli_error:ratio_rate30d",
          expr:
            `sum_over_time(slo:sli_error:ratio_rate5m${sel}[30d])\n/ ignoring (sloth_window)\n` +
            `count_over_time(slo:sli_error:ratio_rate5m${sel}[30d])`,
          labels: labels("30d"),
        },
      ],
    },
    {
      name: `sloth-slo-meta-recordings-${slo.name}`,
      rules: [
        { record: "slo:objective:ratio", expr: `vector(${formatNumber(slo.objective)})`, labels: labels() },
        { record: "slo:error_budget:ratio", expr: `vector(1-${formatNumber(slo.objective)})`, labels: labels() },
        { record: "slo:time_period:days", expr: "vector(30)", labels: labels() },
        {
          record: "slo:current_burn_rate:ratio",
          expr: `slo:sli_error:ratio_rate5m${sel}\n/ on(sloth_id, sloth_slo, sloth_service) group_left\nslo:error_budget:ratio${sel}`,
          labels: labels(),
        },
        {
          record: "slo:period_burn_rate:ratio",
          expr: `slo:sli_error:ratio_rate30d${sel}\n/ on(sloth_id, sloth_slo, sloth_service) group_left\nslo:error_budget:ratio${sel}`,
          labels: labels(),
        },
        {
          record: "slo:period_error_budget_remaining:ratio",
          expr: `1 - slo:period_burn_rate:ratio${sel}`,
          labels: labels(),
        },
        {
          record: "sloth_slo_info",
          expr: "vector(1)",
          labels: { ...labels(), sloth_mode: "cli-gen-prom", sloth_objective: formatNumber(slo.objective * 100) },
        },
      ],
    },
    {
      name: `sloth-slo-alerts-${slo.name}`,
      rules: [
        {
          alert: `${slo.alerting.name}Page`,
          expr: `${pair(14.4, "5m", "1h")}\nor\n${pair(6, "30m", "6h")}`,
          labels: { sloth_severity: "page" },
        },
        {
          alert: `${slo.alerting.name}Ticket`,
          expr: `${pair(3, "2h", "1d")}\nor\n${pair(1, "6h", "3d")}`,
          labels: { sloth_severity: "ticket" },
        },
      ],
    },
  ];
}
