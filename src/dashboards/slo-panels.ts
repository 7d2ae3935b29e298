import type { Panel, RowPanel } from "@grafana/schema";
import { formatNumber } from "../alerts/format";
import { PrometheusRule } from "../alerts/rules";
import { alertName, budgetWindow, SpecRuleContext, sloRuleGroups } from "../slo-rules/generate";
import { BurnTier, SloModel } from "../specs/model";
import { BUDGET_STEPS, markdownPanel, rowPanel, statPanel, tablePanel, timeSeriesPanel } from "./panels";
import * as q from "./queries";

// One SLO's part of its team's dashboard: a row, its objective, SLI, budget
// and alerts, a burn-rate panel per alert tier and its runbooks.

export interface DashboardContext {
  /** The rules' context: the stack the variable defaults to, and where default runbooks live. */
  rules: SpecRuleContext;
  /** How far back Prometheus keeps samples (`prometheusRetention`): the budget can read no further. */
  retention: string;
  /** Owner of SLOs whose spec names no team. */
  defaultTeam: string;
}

function alertRules(slo: SloModel, ctx: DashboardContext): PrometheusRule[] {
  return sloRuleGroups(slo, ctx.rules).flatMap((g) => g.rules.filter((r) => r.alert !== undefined));
}

function tierTitle(tier: BurnTier): string {
  const kind = tier.severity === "critical" ? "Page" : "Ticket";
  return `${kind} (${tier.tier}): burn over ${tier.longWindow} and ${tier.shortWindow} vs ${formatNumber(tier.factor)}x`;
}

function budgetTitle(slo: SloModel, ctx: DashboardContext): string {
  const window = budgetWindow(slo, { ...ctx.rules, retention: ctx.retention });
  return window === slo.period
    ? `Error budget left (${slo.period})`
    : `Error budget left (last ${window} of ${slo.period})`;
}

function budgetDescription(slo: SloModel, ctx: DashboardContext): string {
  const window = budgetWindow(slo, { ...ctx.rules, retention: ctx.retention });
  const honest =
    window === slo.period
      ? ""
      : ` Prometheus keeps ${ctx.retention} (prometheusRetention), so the ratio is that of the last ${window}, not of the whole ${slo.period}.`;
  return (
    `1 minus the share of the ${slo.period} error budget spent: bad events over all events across the period, ` +
    `weighted by traffic, over the budget (${formatNumber(1 - slo.objective)}). Below 0 once overspent.${honest}`
  );
}

function runbookText(slo: SloModel, rules: PrometheusRule[]): string {
  const lines = rules.map((r) => `- **${r.alert}**: [runbook](${r.annotations?.runbook_url ?? ""})`);
  const origin = `Spec: \`${slo.origin.file}\` (${slo.origin.kind} ${slo.origin.name}), service \`${slo.service}\`.`;
  const body = lines.length > 0 ? lines.join("\n") : "- This SLO has no burn-rate alerts (every tier disabled).";
  return `${slo.description === "" ? slo.displayName : slo.description}\n\n${body}\n\n${origin}`;
}

/** One SLO's row and panels from `y` down; returns them and the next free `y`. */
export function sloPanels(slo: SloModel, ctx: DashboardContext, y: number, nextId: () => number) {
  const rules = alertRules(slo, ctx);
  const panels: Array<Panel | RowPanel> = [rowPanel(`${slo.displayName} (${slo.name})`, y, nextId())];
  const top = y + 1;
  panels.push(
    statPanel(
      { title: `Objective over ${slo.period}`, gridPos: { x: 0, y: top, w: 4, h: 5 } },
      [
        { expr: q.objectiveQuery(slo), legend: "objective" },
        { expr: q.periodDaysQuery(slo), legend: "period" },
      ],
      { unit: "percentunit", decimals: 3, overrides: [{ match: "refId", key: "B", unit: "d", decimals: 0 }] },
    ),
    statPanel(
      {
        title: "SLI now (5m)",
        description: "Share of good events over the last 5 minutes.",
        gridPos: { x: 4, y: top, w: 4, h: 5 },
      },
      [{ expr: q.sliNowQuery(slo), legend: "SLI" }],
      {
        unit: "percentunit",
        decimals: 3,
        steps: [
          { color: "red", value: null },
          { color: "green", value: slo.objective },
        ],
      },
    ),
    statPanel(
      { title: budgetTitle(slo, ctx), description: budgetDescription(slo, ctx), gridPos: { x: 8, y: top, w: 5, h: 5 } },
      [{ expr: q.budgetLeftQuery(slo), legend: "budget left" }],
      { unit: "percentunit", decimals: 1, steps: BUDGET_STEPS },
    ),
    tablePanel(
      {
        title: "Alerts pending or firing",
        description: `Alerts of this SLO: ${rules.map((r) => r.alert).join(", ") || "none"}.`,
        gridPos: { x: 13, y: top, w: 11, h: 5 },
      },
      [{ expr: q.alertsQuery(slo) }],
      { unit: "none" },
      { alertname: "Alert", severity: "Severity", tier: "Tier", alertstate: "State" },
    ),
  );
  const tiers = slo.alerting.tiers;
  const width = tiers.length === 0 ? 24 : Math.max(6, Math.floor(24 / tiers.length));
  tiers.forEach((tier, i) => {
    panels.push(
      timeSeriesPanel(
        {
          title: tierTitle(tier),
          description: `${alertName(slo, tier)} fires when both windows burn the budget at ${formatNumber(tier.factor)}x or more.`,
          gridPos: { x: (i * width) % 24, y: top + 5 + Math.floor((i * width) / 24) * 8, w: width, h: 8 },
        },
        q.tierQueries(slo, tier).map((t) => ({ expr: t.expr, legend: t.window })),
        {
          unit: "suffix:x",
          decimals: 1,
          min: 0,
          steps: [
            { color: "green", value: null },
            { color: "red", value: tier.factor },
          ],
          thresholdLine: true,
        },
      ),
    );
  });
  const burnRows = tiers.length === 0 ? 0 : Math.ceil((tiers.length * width) / 24) * 8;
  const textY = top + 5 + burnRows;
  panels.push(markdownPanel({ title: "Runbooks", gridPos: { x: 0, y: textY, w: 24, h: 4 } }, runbookText(slo, rules)));
  return { panels, y: textY + 4 };
}
