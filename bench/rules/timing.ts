import { execFileSync } from "child_process";
import { mkdtempSync, rmSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { PrometheusRule } from "../../src/alerts/rules";
import { SpecRuleContext } from "../../src/slo-rules/generate";
import { shardRuleFiles } from "../../src/slo-rules/shard";
import { readSpecs } from "../../src/specs";
import { writeOpenMetrics } from "./data";
import { resultTimes, startOn, stop } from "./prometheus";
import { slothGroups } from "./sloth-shape";
import { OK_PER_SECOND, rawSeries, Rates, slothQueries, STEADY, writeSlothSpecs } from "./traffic";

export interface TimingRow {
  scenario: string;
  alert: "Page" | "Ticket";
  ours: { fires?: number; clears?: number };
  sloth: { fires?: number; clears?: number };
}

interface Scenario {
  service: string;
  title: string;
  rates: Rates;
  /** Minutes after the start to follow, and the step, per alert. */
  page: { minutes: number; step: number };
  ticket: { minutes: number; step: number };
}

const DAY = 86400;
const LEAD_IN = 3 * DAY;

function during(t0: number, seconds: number, inside: { ok: number; errors: number }): Rates {
  return (t) => (t > t0 && t <= t0 + seconds ? inside : STEADY(t));
}

/**
 * A recorded series referenced by an alert is replaced by the expression
 * that records it, and a range over it by a subquery at the evaluation
 * interval: on data Prometheus never evaluated rules over, query_range then
 * gives what a rule evaluation each minute would have given.
 */
export function inline(expr: string, records: Map<string, string>): string {
  const ref = /([a-zA-Z_:][a-zA-Z0-9_:]*)\{[^}]*\}(\[[^\]:]+\])?/g;
  let current = expr;
  for (;;) {
    const next = current.replace(ref, (match, name: string, range?: string) =>
      records.has(name) ? `(${records.get(name)})${range ? range.replace("]", ":1m]") : ""}` : match,
    );
    if (next === current) {
      return current;
    }
    current = next;
  }
}

function alertExpr(rules: PrometheusRule[], suffix: "Page" | "Ticket"): string {
  const records = new Map(rules.filter((r) => r.record).map((r) => [r.record as string, r.expr]));
  const alerts = rules.filter((r) => r.alert?.endsWith(suffix));
  return alerts.map((r) => `(${inline(r.expr, records)})`).join(" or ");
}

export async function alertTiming(ctx: SpecRuleContext): Promise<{ method: string; rows: TimingRow[] }> {
  const work = mkdtempSync(join(tmpdir(), "bench-rules-timing-"));
  const t0 = Math.floor(Date.now() / 1000 / 3600) * 3600 - 3 * DAY;
  const outage = { ok: 0, errors: OK_PER_SECOND };
  const scenarios: Scenario[] = [
    {
      service: "outage",
      title: "outage: every request fails for 30 min",
      rates: during(t0, 1800, outage),
      page: { minutes: 120, step: 60 },
      ticket: { minutes: 1440, step: 300 },
    },
    {
      service: "burn2x",
      title: "2x burn for 2 days",
      rates: during(t0, 2 * DAY, { ok: OK_PER_SECOND * 0.998, errors: OK_PER_SECOND * 0.002 }),
      page: { minutes: 360, step: 60 },
      ticket: { minutes: 3 * 1440, step: 300 },
    },
    {
      service: "blip",
      title: "blip: every request fails for 2 min",
      rates: during(t0, 120, outage),
      page: { minutes: 90, step: 60 },
      ticket: { minutes: 360, step: 300 },
    },
  ];
  try {
    writeSlothSpecs(
      work,
      scenarios.map((s) => s.service),
    );
    const slos = readSpecs(work, ["slos"]);
    const start = t0 - LEAD_IN;
    const end = t0 + 3 * DAY;
    const om = join(work, "data.om");
    await writeOpenMetrics(
      om,
      scenarios.flatMap((s) => rawSeries(s.service, s.rates, start)),
      start,
      end,
    );
    const tsdb = join(work, "data");
    execFileSync("promtool", ["tsdb", "create-blocks-from", "openmetrics", om, tsdb], { stdio: "ignore" });
    const prom = await startOn(work, tsdb, [], "1m");
    const rows: TimingRow[] = [];
    try {
      for (const s of scenarios) {
        const slo = slos.find((m) => m.service === s.service)!;
        const ours = shardRuleFiles([slo], ctx).flatMap((f) => f.groups.flatMap((g) => g.rules));
        const sloth = slothGroups(slo, slothQueries(slo.service)).flatMap((g) => g.rules);
        for (const alert of ["Page", "Ticket"] as const) {
          const span = alert === "Page" ? s.page : s.ticket;
          const when = async (rules: PrometheusRule[]) => {
            const times = await resultTimes(
              prom.url,
              alertExpr(rules, alert),
              t0 - 600,
              t0 + span.minutes * 60,
              span.step,
            );
            const after = times.filter((t) => t > t0 - 600);
            return after.length === 0
              ? {}
              : { fires: (after[0] - t0) / 60, clears: (after[after.length - 1] + span.step - t0) / 60 };
          };
          rows.push({ scenario: s.title, alert, ours: await when(ours), sloth: await when(sloth) });
          console.log(JSON.stringify(rows[rows.length - 1]));
        }
      }
    } finally {
      await stop(prom);
    }
    return {
      method: [
        "Three SLOs of the same shape on backfilled raw data (3 days healthy at 0.5x, then the scenario), both rule sets' alert " +
          "expressions evaluated with query_range: every recorded series an alert reads is replaced by its recording expression, and " +
          "a range over a recorded series by a subquery at the 1-minute evaluation interval, which is what one rule evaluation a " +
          "minute gives. Minutes from the start of the scenario; pages are followed at 1-minute steps, tickets at 5-minute steps. " +
          '`Page` is both page tiers, `Ticket` both ticket tiers. "clears" is the first step with no firing tier after the last firing one ' +
          "within the followed span (Alertmanager's resolve comes at the next evaluation).",
      ].join(" "),
      rows,
    };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
