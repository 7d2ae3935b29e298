import { strict as assert } from "assert";
import { renameSync, readdirSync, writeFileSync, mkdirSync, mkdtempSync, rmSync } from "fs";
import { createServer, Server } from "http";
import { tmpdir } from "os";
import { join } from "path";
import { stringify } from "yaml";
import { Prometheus, startPrometheus, until } from "../helpers/processes";
import { mustRunTool } from "../helpers/tools";
import { concreteQueries, PanelQuery } from "./support";
import { deployed, seriesText, TRAFFIC, valueAt } from "./traffic";

// The dashboards' queries sent, as Grafana sends them, to a real Prometheus
// (the Debian binary) that holds the program's rule files. Recording rules
// read their own outputs (rates, then ratios, then burn rates, then the
// budget), and the budget group runs every 5 minutes, so live evaluation
// alone would take up to 5 minutes to show a budget: the history is
// backfilled instead, raw series with `promtool tsdb create-blocks-from
// openmetrics`, then the rules themselves, one dependency level per pass,
// with `promtool tsdb create-blocks-from rules` against this Prometheus.
// Alerts are not backfilled: the last Prometheus evaluates the rule files
// live, scraping the same traffic, so ALERTS is what it fires.

const HISTORY_SECONDS = 2 * 3600;
const STEP_SECONDS = 15;
/** Rates, ratios, burn rates, budget left: each pass gives the next level its input. */
const PASSES = 4;

/** The traffic as OpenMetrics text for promtool, one sample a step from `start` to `end` (seconds). */
function openMetrics(start: number, end: number): string {
  const lines: string[] = [];
  const names = [...new Set(TRAFFIC.map((s) => s.name))];
  for (const name of names) {
    // gauge: OpenMetrics would want a counter's samples named <family>_total; the type does not matter to rate().
    lines.push(`# TYPE ${name} gauge`);
    for (const s of TRAFFIC.filter((x) => x.name === name)) {
      for (let t = start; t <= end; t += STEP_SECONDS) {
        lines.push(`${seriesText(s)} ${valueAt(s, t - start)} ${t}`);
      }
    }
  }
  return `${lines.join("\n")}\n# EOF\n`;
}

/** The same traffic, live, in the text exposition format, continuing the backfilled counters. */
function exposition(start: number): Promise<{ server: Server; port: number }> {
  return new Promise((resolve) => {
    const server = createServer((_, response) => {
      const now = Date.now() / 1000;
      response.setHeader("Content-Type", "text/plain; version=0.0.4");
      response.end(TRAFFIC.map((s) => `${seriesText(s)} ${valueAt(s, now - start)}\n`).join(""));
    });
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      resolve({ server, port: typeof address === "object" && address !== null ? address.port : 0 });
    });
  });
}

/** A Prometheus on the test's TSDB (`dir/tsdb`), kept 60 days so the backfilled history stays. */
function prometheus(dir: string, config: object, files: Record<string, string>): Promise<Prometheus> {
  return startPrometheus(stringify(config), files, ["--storage.tsdb.retention.time=60d"], [], {
    storagePath: join(dir, "tsdb"),
    readyTimeoutMs: 60_000,
  });
}

interface ApiAnswer {
  status: string;
  error?: string;
  data: unknown;
}

async function api(url: string, path: string, params: Record<string, string>): Promise<ApiAnswer> {
  const response = await fetch(`${url}${path}?${new URLSearchParams(params)}`, { signal: AbortSignal.timeout(30_000) });
  return (await response.json()) as ApiAnswer;
}

/** Queries that fail or return no series over the last `seconds`, as Grafana's range queries would show them. */
async function emptyOrFailing(url: string, queries: PanelQuery[], seconds: number): Promise<string[]> {
  const end = Math.floor(Date.now() / 1000);
  const problems: string[] = [];
  for (const q of queries) {
    const answer = await api(url, "/api/v1/query_range", {
      query: q.expr,
      start: String(end - seconds),
      end: String(end),
      step: "60",
    });
    if (answer.status !== "success") {
      problems.push(`${q.dashboard} / ${q.panel}: ${q.expr}: ${answer.error}`);
    } else if ((answer.data as { result: unknown[] }).result.length === 0) {
      problems.push(`${q.dashboard} / ${q.panel}: ${q.expr}: no data`);
    }
  }
  return problems;
}

describe("dashboard queries against a real Prometheus running the program's rules", function () {
  this.timeout(600_000);
  let dir: string;
  let live: Prometheus | undefined;
  let target: Server | undefined;
  let queries: PanelQuery[];

  before(async () => {
    const { rules, dashboards } = await deployed();
    queries = concreteQueries(dashboards, "dev");
    dir = mkdtempSync(join(tmpdir(), "slo-alerting-dashboards-"));
    const end = Math.floor(Date.now() / 1000);
    const start = end - HISTORY_SECONDS;
    writeFileSync(join(dir, "traffic.om"), openMetrics(start, end));
    await mustRunTool("promtool", ["tsdb", "create-blocks-from", "openmetrics", "traffic.om", "tsdb"], {
      cwd: dir,
      timeoutMs: 120_000,
    });
    // Every file: the seed's SLOs record in their area's file (slo-api, slo-dispatch), the others in slo-specs-*;
    // promtool backfills the recording rules and leaves the alerts to the live Prometheus.
    const ruleFileNames = Object.keys(rules);
    mkdirSync(join(dir, "rules"));
    for (const [name, text] of Object.entries(rules)) {
      writeFileSync(join(dir, "rules", name), text);
    }
    for (let pass = 0; pass < PASSES; pass++) {
      const p = await prometheus(dir, { global: {} }, {});
      try {
        const out = join(dir, `pass-${pass}`);
        await mustRunTool(
          "promtool",
          [
            "tsdb",
            "create-blocks-from",
            "rules",
            "--quiet",
            `--url=${p.url}`,
            `--start=${start}`,
            `--end=${end}`,
            `--output-dir=${out}`,
            ...ruleFileNames.map((f) => join(dir, "rules", f)),
          ],
          { timeoutMs: 300_000 },
        );
        await p.process.stop();
        for (const block of readdirSync(out)) {
          renameSync(join(out, block), join(dir, "tsdb", block));
        }
      } finally {
        await p.process.stop();
      }
    }
    const exposed = await exposition(start);
    target = exposed.server;
    live = await prometheus(
      dir,
      {
        global: { scrape_interval: "1s", evaluation_interval: "1s" },
        rule_files: Object.keys(rules).sort(),
        scrape_configs: [
          { job_name: "traffic", honor_labels: true, static_configs: [{ targets: [`127.0.0.1:${exposed.port}`] }] },
        ],
      },
      rules,
    );
    const url = live.url;
    // Live evaluation has begun once every SLO the dashboards show has an alert firing or pending.
    const shown = new Set(queries.flatMap((q) => [...q.expr.matchAll(/slo="([^"]+)"/g)].map((m) => m[1])));
    await until(
      "an alert of every SLO on the dashboards",
      async () => {
        const answer = await api(url, "/api/v1/query", { query: 'count by (slo) (ALERTS{stack="dev"})' });
        const slos = (answer.data as { result: Array<{ metric: { slo: string } }> }).result.map((r) => r.metric.slo);
        const missing = [...shown].filter((s) => !slos.includes(s));
        return missing.length === 0 || `no alert yet of ${missing.join(", ")}`;
      },
      60_000,
      500,
    );
  });

  after(async () => {
    await live?.process.stop();
    target?.close();
    if (dir) {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("answers every panel's query with data over the dashboard's time range", async () => {
    assert.ok(live);
    const url = live.url;
    // The live rules start after the backfilled history with a gap (the backfill passes), so an alert can be
    // pending a moment and clear before it fires for good; a query nothing answers stays empty and fails here.
    let problems: string[] = [];
    await until(
      "every panel's query to answer",
      async () => {
        problems = await emptyOrFailing(url, queries, 3600);
        return problems.length === 0 || `${problems.length} empty or failing`;
      },
      120_000,
      5_000,
    ).catch(() => undefined);
    assert.deepEqual(problems, []);
  });

  it("lists the stack for the stack variable, as Grafana's label_values asks", async () => {
    assert.ok(live);
    const answer = await api(live.url, "/api/v1/label/stack/values", { "match[]": "slo:objective:ratio" });
    assert.deepEqual(answer.data, ["dev"]);
  });

  it("reports a panel that reads a series nothing produces, and a query Prometheus refuses", async () => {
    assert.ok(live);
    const problems = await emptyOrFailing(
      live.url,
      [
        { dashboard: "d", panel: "missing", expr: 'slo:sli_error:ratio_rate7m{slo="checkout-availability"}' },
        { dashboard: "d", panel: "broken", expr: "slo:objective:ratio{" },
      ],
      3600,
    );
    assert.equal(problems.length, 2, problems.join("\n"));
    assert.match(problems[0], /d \/ missing: .*ratio_rate7m.*: no data/);
    assert.match(problems[1], /d \/ broken: .*parse error/);
  });
});
