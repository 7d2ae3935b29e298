import { formatSeconds } from "../../src/settings/duration";
import { Notification } from "./alertmanager";
import { Scenario } from "./scenarios";
import { Timing } from "./traffic";
import { Timeline } from "./timeline";

export type Family = "seed" | "burn-rate" | "both";
export const FAMILIES: Family[] = ["seed", "burn-rate", "both"];

export interface FamilyResult {
  /** Seconds from the incident's start to the first PagerDuty notification. */
  firstPage?: { after: number; alertnames: string[] };
  firstTicket?: { after: number; alertnames: string[] };
  /** PagerDuty incidents opened. */
  pages: number;
  /** Incidents opened on noise: before the incident (healthy or quiet traffic), or in a scenario that is noise. */
  noisePages: number;
  /** Distinct PagerDuty dedup_keys triggered. */
  incidents: number;
  /** Dedup keys whose last event is a trigger when the scenario ends: incidents never resolved. */
  stranded: number;
  /** Slack messages with firing alerts. */
  tickets: number;
  /** Seconds from recovery to the end of the last firing page; undefined when none fired, Infinity when still firing. */
  pageReset?: number;
  ticketReset?: number;
}

export interface ScenarioResult {
  scenario: Scenario;
  families: Record<Family, FamilyResult>;
}

export function familyResult(
  scenario: Scenario,
  timing: Timing,
  timeline: Timeline,
  sent: Notification[],
  pager: string,
): FamilyResult {
  const firing = sent.filter((s) => !s.resolved);
  const opened = paged(sent, pager).filter((s) => s.opensIncident);
  const onNoise = opened.filter((s) => scenario.noise === true || s.at < timing.start * 60);
  const lastByKey = new Map(paged(sent, pager).map((s) => [s.group, s]));
  const first = (page: boolean): FamilyResult["firstPage"] => {
    const n = firing.find((s) => (s.receiver === pager) === page && s.at >= timing.start * 60);
    return n === undefined ? undefined : { after: n.at - timing.start * 60, alertnames: n.alertnames };
  };
  const reset = (severity: string): number | undefined => {
    const minutes = [...timeline.entries()]
      .filter(([m, alerts]) => m >= timing.start && alerts.some((a) => a.severity === severity))
      .map(([m]) => m);
    if (minutes.length === 0) {
      return undefined;
    }
    const last = Math.max(...minutes);
    return last >= timing.end ? Number.POSITIVE_INFINITY : Math.max(0, (last + 1 - timing.recovery) * 60);
  };
  return {
    firstPage: first(true),
    firstTicket: first(false),
    pages: opened.length,
    noisePages: onNoise.length,
    incidents: lastByKey.size,
    stranded: [...lastByKey.values()].filter((s) => !s.resolved).length,
    tickets: firing.filter((s) => s.receiver !== pager).length,
    pageReset: reset("critical"),
    ticketReset: reset("warning"),
  };
}

function paged(sent: Notification[], pager: string): Notification[] {
  return sent.filter((s) => s.receiver === pager);
}

function after(seconds: number | undefined): string {
  return seconds === undefined ? "never" : formatSeconds(seconds);
}

function reset(seconds: number | undefined, afterMinutes: number): string {
  if (seconds === undefined) {
    return "–";
  }
  return seconds === Number.POSITIVE_INFINITY ? `> ${formatSeconds(afterMinutes * 60)}` : formatSeconds(seconds);
}

export function verdict(scenario: Scenario, r: FamilyResult): string {
  const page = r.firstPage?.after;
  if (scenario.pageWithin === null) {
    return page === undefined ? "no page, as it should" : `pages when it should not (after ${formatSeconds(page)})`;
  }
  if (page === undefined) {
    return "never pages";
  }
  return page > scenario.pageWithin * 60
    ? `pages late (${formatSeconds(page)}, expected within ${scenario.pageWithin}m)`
    : `pages in time (${formatSeconds(page)})`;
}

/** One row per scenario, each cell "seed · burn-rate · both". */
export function table(results: ScenarioResult[], afterMinutes: number): string {
  const pair = (f: (r: FamilyResult) => string) => (x: ScenarioResult) =>
    FAMILIES.map((family) => f(x.families[family])).join(" · ");
  const columns: Array<[string, (x: ScenarioResult) => string]> = [
    ["Scenario", (x) => x.scenario.name],
    ["Workbook expects", (x) => x.scenario.expectation],
    ["First page", pair((r) => after(r.firstPage?.after))],
    ["First ticket", pair((r) => after(r.firstTicket?.after))],
    ["Pages + tickets", pair((r) => `${r.pages} + ${r.tickets}`)],
    ["Incidents (stranded)", pair((r) => `${r.incidents} (${r.stranded})`)],
    ["Pages on noise", pair((r) => `${r.noisePages}`)],
    ["Pages end after recovery", pair((r) => reset(r.pageReset, afterMinutes))],
    ["Tickets end after recovery", pair((r) => reset(r.ticketReset, afterMinutes))],
  ];
  const lines = [
    columns.map(([title], i) => (i < 2 ? title : `${title} (${FAMILIES.join(" · ")})`)),
    columns.map(() => "---"),
    ...results.map((x) => columns.map(([, cell]) => cell(x))),
  ];
  return lines.map((cells) => `| ${cells.join(" | ")} |`).join("\n");
}

/** Where each family pages late, pages when it should not, or never pages, with the alert that did it. */
export function findings(results: ScenarioResult[]): string {
  const tally = FAMILIES.map((family) => {
    const verdicts = results.map((x) => verdict(x.scenario, x.families[family]));
    const count = (prefix: string): number => verdicts.filter((v) => v.startsWith(prefix)).length;
    const total = (f: (r: FamilyResult) => number): number => results.reduce((n, x) => n + f(x.families[family]), 0);
    return (
      `**${family}** pages late in ${count("pages late")}, pages when it should not in ` +
      `${count("pages when")} and never pages in ${count("never")} of ${results.length} scenarios; ` +
      `${total((r) => r.noisePages)} pages on noise, ${total((r) => r.stranded)} stranded incidents.`
    );
  });
  const details = results.map((x) => {
    const lines = FAMILIES.map((family) => {
      const r = x.families[family];
      const by = r.firstPage === undefined ? "" : ` — ${r.firstPage.alertnames.join(", ")}`;
      return `  - ${family}: ${verdict(x.scenario, r)}${by}`;
    });
    return [`- ${x.scenario.name}:`, ...lines].join("\n");
  });
  return [tally.join(" "), "", ...details].join("\n");
}
