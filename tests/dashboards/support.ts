import { parser } from "@prometheus-io/lezer-promql";
import type { Dashboard, Panel, RowPanel, VariableModel } from "@grafana/schema";
import { SpecRuleContext } from "../../src/slo-rules/generate";
import { DashboardContext } from "../../src/dashboards/render";
import { readSpecs, SloModel } from "../../src/specs";

export const RULES: SpecRuleContext = {
  stack: "dev",
  runbookBaseUrl: "https://runbooks.example.com/slo/",
  defaultTeam: "sre",
};
export const CONTEXT: DashboardContext = { rules: RULES, retention: "15d", defaultTeam: RULES.defaultTeam };

/** The shipped examples: counter, gauge and raw-ratio SLIs, three periods, three owners. */
export function exampleSlos(): SloModel[] {
  return readSpecs(process.cwd(), ["examples/slos"]);
}

export interface PanelQuery {
  dashboard: string;
  panel: string;
  expr: string;
}

function isRow(p: Panel | RowPanel): p is RowPanel {
  return p.type === "row";
}

/**
 * Every PromQL query a dashboard sends, as Grafana would: panel targets and
 * the stack variable's label_values (Grafana asks for the label's values on
 * the series it names, so the series must exist).
 */
export function dashboardQueries(d: Dashboard): PanelQuery[] {
  const panels = (d.panels ?? []).flatMap((p) => (isRow(p) ? p.panels : [p]));
  const fromPanels = panels.flatMap((p) =>
    (p.targets ?? []).map((t) => ({ dashboard: d.title ?? "", panel: p.title ?? "", expr: String(t.expr) })),
  );
  const fromVariables = (d.templating?.list ?? []).flatMap((v: VariableModel) => {
    const query = typeof v.query === "object" ? String(v.query.query) : "";
    const match = /^label_values\((.+),\s*(\w+)\)$/.exec(query);
    return match ? [{ dashboard: d.title ?? "", panel: `variable ${v.name}`, expr: `${match[1]}` }] : [];
  });
  return [...fromPanels, ...fromVariables];
}

/** The team variable's values (text → SLO regex) of a dashboard. */
export function teamOptions(d: Dashboard): Array<{ text: string; value: string }> {
  const team = (d.templating?.list ?? []).find((v) => v.name === "team");
  return (team?.options ?? []).map((o) => ({ text: String(o.text), value: String(o.value) }));
}

/** A query as Grafana sends it with these variable values (single values: inserted as they are). */
export function substitute(expr: string, values: Record<string, string>): string {
  return expr.replace(/\$\{?(\w+)\}?/g, (whole, name: string) => values[name] ?? whole);
}

/** Every query of the dashboards with every team option, the stack set to `stack`; duplicates once. */
export function concreteQueries(dashboards: Dashboard[], stack: string): PanelQuery[] {
  const seen = new Set<string>();
  return dashboards.flatMap((d) =>
    teamOptions(d).flatMap((team) =>
      dashboardQueries(d)
        .map((q) => ({ ...q, expr: substitute(q.expr, { stack, team: team.value }) }))
        .filter((q) => !seen.has(q.expr) && seen.add(q.expr)),
    ),
  );
}

/** Metric names a query selects, from Prometheus' own PromQL grammar. */
export function metricNames(expr: string): string[] {
  const names: string[] = [];
  parser.parse(expr).iterate({
    enter: (node) => {
      if (node.type.name === "Identifier" && node.node.parent?.type.name === "VectorSelector") {
        names.push(expr.slice(node.from, node.to));
      }
    },
  });
  return names;
}
