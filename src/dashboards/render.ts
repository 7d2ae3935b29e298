import { createHash } from "crypto";
import { VariableHide, VariableRefresh, VariableSort } from "@grafana/schema";
import type { Dashboard, DashboardLink, Panel, RowPanel, VariableModel } from "@grafana/schema";
import { SloModel } from "../specs/model";
import { ownerTeam } from "../teams/owner";
import { BUDGET_STEPS, barGaugePanel, markdownPanel, tablePanel, timeSeriesPanel } from "./panels";
import * as q from "./queries";
import { DashboardContext, sloPanels } from "./slo-panels";

export type { DashboardContext };

/** One dashboard, ready to deploy or import: its JSON text is what the ConfigMap holds. */
export interface DashboardFile {
  uid: string;
  title: string;
  /** Undefined for the overview. */
  team?: string;
  /** `slo-team-<team>.json`, `slo-overview.json`: the ConfigMap key and the file `npm run check` writes. */
  fileName: string;
  dashboard: Dashboard;
  json: string;
}

/** Grafana's dashboard JSON schema version these dashboards are written in. */
export const SCHEMA_VERSION = 39;
export const TAG = "slo-alerting";

/** Grafana UIDs hold at most 40 characters; a long team name keeps a readable head and a hash. */
function uidOf(stack: string, part: string): string {
  const uid = `slo-${stack}-${part}`;
  if (uid.length <= 40) {
    return uid;
  }
  const hash = createHash("sha256").update(uid).digest("hex").slice(0, 8);
  return `${uid.slice(0, 31)}-${hash}`;
}

/** A team name as a file name; one that had to change keeps a hash, so two teams never share a file. */
function fileSlug(team: string): string {
  const slug = team
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, "-")
    .replace(/^-+|-+$/g, "");
  return slug === team ? slug : `${slug || "team"}-${createHash("sha256").update(team).digest("hex").slice(0, 6)}`;
}

function teamsOf(slos: readonly SloModel[], defaultTeam: string): Map<string, SloModel[]> {
  const teams = new Map<string, SloModel[]>();
  for (const slo of slos) {
    const team = ownerTeam(slo, defaultTeam);
    teams.set(team, [...(teams.get(team) ?? []), slo]);
  }
  return new Map([...teams.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** SLO names are DNS labels ([a-z0-9-]), so the alternation needs no escaping. */
function sloRegex(slos: readonly SloModel[]): string {
  return slos.map((s) => s.name).join("|");
}

function variables(ctx: DashboardContext, teams: Map<string, SloModel[]>, current?: string): VariableModel[] {
  const options = [
    // Every SLO by name, not `.+`: the Watchdog and other alerts of the stack carry an slo label too.
    ...(current === undefined ? [{ text: "All teams", value: sloRegex([...teams.values()].flat()) }] : []),
    ...[...teams.entries()]
      .filter(([team]) => current === undefined || team === current)
      .map(([team, slos]) => ({ text: team, value: sloRegex(slos) })),
  ];
  const selected = options[0];
  return [
    {
      name: "datasource",
      label: "Prometheus",
      type: "datasource",
      query: "prometheus",
      hide: VariableHide.dontHide,
    },
    {
      name: q.STACK_VARIABLE,
      label: "Stack",
      type: "query",
      datasource: { type: "prometheus", uid: "${datasource}" },
      query: { query: q.stackValuesQuery(), refId: "stack" },
      refresh: VariableRefresh.onDashboardLoad,
      sort: VariableSort.alphabeticalAsc,
      current: { text: ctx.rules.stack, value: ctx.rules.stack, selected: true },
    },
    // Text is the team, value its SLOs: the rules carry no team label (an SLO of the default team has none).
    // Single-valued, so Grafana puts the value into the query unescaped.
    {
      name: q.TEAM_VARIABLE,
      label: "Team",
      type: "custom",
      // Grafana splits the options at unescaped commas, then each at " : " into text and value.
      query: options.map((o) => `${o.text.replace(/,/g, "\\,")} : ${o.value}`).join(","),
      options: options.map((o) => ({ ...o, selected: o === selected })),
      current: { ...selected, selected: true },
      multi: false,
      includeAll: false,
    },
  ];
}

function links(): DashboardLink[] {
  return [
    {
      title: "SLO dashboards",
      type: "dashboards",
      tags: [TAG],
      asDropdown: true,
      includeVars: true,
      keepTime: true,
      icon: "external link",
      targetBlank: false,
      tooltip: "",
    },
  ];
}

function dashboard(
  ctx: DashboardContext,
  uid: string,
  title: string,
  description: string,
  panels: Array<Panel | RowPanel>,
  vars: VariableModel[],
): Dashboard {
  return {
    uid,
    title,
    description,
    tags: [TAG, `stack:${ctx.rules.stack}`],
    editable: true,
    schemaVersion: SCHEMA_VERSION,
    time: { from: "now-24h", to: "now" },
    refresh: "1m",
    timezone: "browser",
    links: links(),
    templating: { list: vars },
    panels,
  };
}

function counter(): () => number {
  let id = 0;
  return () => ++id;
}

function teamDashboard(team: string, slos: SloModel[], ctx: DashboardContext, teams: Map<string, SloModel[]>) {
  const nextId = counter();
  const height = Math.min(12, 2 + 2 * slos.length);
  const panels: Array<Panel | RowPanel> = [
    barGaugePanel(
      { title: "Error budget left per SLO", gridPos: { x: 0, y: 0, w: 24, h: height } },
      [{ expr: q.teamBudgetLeftQuery(), legend: "{{slo}}" }],
      { unit: "percentunit", decimals: 1, min: 0, max: 1, steps: BUDGET_STEPS },
    ),
  ];
  let y = height;
  for (const slo of slos) {
    const part = sloPanels(slo, ctx, y, nextId);
    panels.push(...part.panels);
    y = part.y;
  }
  const stack = ctx.rules.stack;
  return dashboard(
    ctx,
    uidOf(stack, fileSlug(team)),
    `SLOs (${stack}): ${team}`,
    `The SLOs team ${team} owns, generated by slo-alerting from its SLO specs.`,
    withIds(panels, nextId),
    variables(ctx, teams, team),
  );
}

function overviewDashboard(ctx: DashboardContext, teams: Map<string, SloModel[]>): Dashboard {
  const nextId = counter();
  const panels: Array<Panel | RowPanel> = [
    tablePanel(
      {
        title: "Budget left, pages and tickets firing per SLO",
        gridPos: { x: 0, y: 0, w: 12, h: 12 },
      },
      [
        { expr: q.teamBudgetLeftQuery() },
        { expr: q.teamFiringQuery("critical") },
        { expr: q.teamFiringQuery("warning") },
      ],
      {
        unit: "none",
        overrides: [{ match: "name", key: "Budget left", unit: "percentunit", decimals: 1, steps: BUDGET_STEPS }],
      },
      { slo: "SLO", "Value #A": "Budget left", "Value #B": "Pages firing", "Value #C": "Tickets firing" },
    ),
    barGaugePanel(
      { title: "Error budget left", gridPos: { x: 12, y: 0, w: 12, h: 12 } },
      [{ expr: q.teamBudgetLeftQuery(), legend: "{{slo}}" }],
      { unit: "percentunit", decimals: 1, min: 0, max: 1, steps: BUDGET_STEPS },
    ),
    timeSeriesPanel(
      { title: "Error budget left over time", gridPos: { x: 0, y: 12, w: 12, h: 8 } },
      [{ expr: q.teamBudgetLeftQuery(), legend: "{{slo}}" }],
      { unit: "percentunit", decimals: 1, steps: BUDGET_STEPS, thresholdLine: true },
    ),
    timeSeriesPanel(
      { title: "Pages and tickets firing", gridPos: { x: 12, y: 12, w: 12, h: 8 } },
      [
        { expr: q.teamFiringQuery("critical"), legend: "{{slo}} pages" },
        { expr: q.teamFiringQuery("warning"), legend: "{{slo}} tickets" },
      ],
      { unit: "none", decimals: 0, min: 0 },
    ),
    markdownPanel(
      { title: "Teams", gridPos: { x: 0, y: 20, w: 24, h: Math.min(10, 2 + teams.size) } },
      [...teams.entries()].map(([team, slos]) => `- **${team}**: ${slos.map((s) => s.name).join(", ")}`).join("\n"),
    ),
  ];
  return dashboard(
    ctx,
    uidOf(ctx.rules.stack, "overview"),
    `SLOs (${ctx.rules.stack}): overview`,
    "Every SLO of every team: budget left and what is paging. Generated by slo-alerting from the SLO specs.",
    withIds(panels, nextId),
    variables(ctx, teams),
  );
}

/** Ids for the panels that have none yet (rows took theirs in order). */
function withIds(panels: Array<Panel | RowPanel>, nextId: () => number): Array<Panel | RowPanel> {
  return panels.map((p) => (p.id === undefined ? { ...p, id: nextId() } : p));
}

function file(d: Dashboard, fileName: string, team?: string): DashboardFile {
  return {
    uid: d.uid ?? "",
    title: d.title ?? "",
    ...(team === undefined ? {} : { team }),
    fileName,
    dashboard: d,
    json: JSON.stringify(d),
  };
}

/**
 * One dashboard per team that owns an SLO, and one overview, from the same
 * SLO model as the rules: an SLO added to a spec file gets its panels with
 * no change here. No SLO, no dashboard.
 */
export function renderDashboards(slos: readonly SloModel[], ctx: DashboardContext): DashboardFile[] {
  if (slos.length === 0) {
    return [];
  }
  const teams = teamsOf(slos, ctx.defaultTeam);
  return [
    file(overviewDashboard(ctx, teams), "slo-overview.json"),
    ...[...teams.entries()].map(([team, members]) =>
      file(teamDashboard(team, members, ctx, teams), `slo-team-${fileSlug(team)}.json`, team),
    ),
  ];
}
