import { execFileSync } from "child_process";
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "fs";
import { cpus, tmpdir } from "os";
import { join } from "path";
import { stringify } from "yaml";
import { formatNumber } from "../src/alerts/format";
import { SpecRuleContext, SpecRuleGroup } from "../src/slo-rules/generate";
import { shardRuleFiles } from "../src/slo-rules/shard";
import { readSpecs, SloModel } from "../src/specs";
import { ScalingRow, scalingChart } from "./charts/scaling";
import { renderSvg } from "./charts/svg";
import { SyntheticSeries, writeOpenMetrics } from "./rules/data";
import { groupTimes, queryStats, RunningPrometheus, startOn, stop } from "./rules/prometheus";
import { slothGroups } from "./rules/sloth-shape";
import {
  ERRORS_PER_SECOND,
  EVAL_SECONDS,
  INSTANCES,
  OK_PER_SECOND,
  rawSeries,
  SCRAPE_SECONDS,
  slothQueries,
  STEADY,
  writeSlothSpecs,
} from "./rules/traffic";
import { alertTiming, TimingRow } from "./rules/timing";

// `npm run bench:rules`: this program's rules against rules of Sloth's
// published shape for the same SLOs, on a real Prometheus over backfilled
// data. Writes docs/rules-benchmark.md.
const ROOT = join(__dirname, "..");
const REPORT = join(ROOT, "docs", "rules-benchmark.md");
const SIZES = (process.env.BENCH_SIZES ?? "10,100,1000").split(",").map(Number);
const CTX: SpecRuleContext = { stack: "bench", runbookBaseUrl: "https://runbooks.example.com", defaultTeam: "sre" };
const SAMPLED_SLOS = 20;

/** History per size: the 1,000-SLO run gets less, to stay within a few minutes on 2 cores. */
function historyHours(n: number): number {
  return Number(process.env[`BENCH_HOURS_${n}`] ?? (n >= 1000 ? 12 : 72));
}

/**
 * The history the recording rules would have written, written directly:
 * with steady traffic each recorded rate is a constant, so the backfill
 * gives the long windows the series (and the sample counts) a running
 * Prometheus would hold.
 */
function recordedHistory(slo: SloModel): SyntheticSeries[] {
  const ours = {
    ...slo.labels,
    slo: slo.name,
    service: slo.service,
    stack: CTX.stack,
    sloth_id: slo.name,
    sloth_service: slo.service,
    sloth_slo: slo.name,
  };
  const bad = ERRORS_PER_SECOND * INSTANCES.length;
  const total = (OK_PER_SECOND + ERRORS_PER_SECOND) * INSTANCES.length;
  const gauge = (name: string, labels: Record<string, string>, value: number): SyntheticSeries => ({
    name,
    type: "gauge",
    labels,
    stepSeconds: EVAL_SECONDS,
    value: () => value,
  });
  return [
    ...["1m", "5m"].flatMap((w) => [
      gauge(`slo:sli_bad_events:rate${w}`, ours, bad),
      gauge(`slo:sli_total_events:rate${w}`, ours, total),
    ]),
    gauge(
      "slo:sli_error:ratio_rate5m",
      { ...slo.labels, sloth_id: slo.name, sloth_service: slo.service, sloth_slo: slo.name, sloth_window: "5m" },
      bad / total,
    ),
  ];
}

interface ShapeCost {
  evalSeconds: number;
  groupsTimed: number;
  samples: number;
  querySeconds: number;
}

const INTERVAL_SECONDS = (g: SpecRuleGroup): number => (g.interval === "5m" ? 300 : EVAL_SECONDS);

/** Samples and engine time per one-minute cycle, from `stats=all` on every rule of a sample of SLOs. */
async function ruleCost(
  url: string,
  groups: SpecRuleGroup[][],
  time: number,
  n: number,
): Promise<{ samples: number; seconds: number }> {
  let samples = 0;
  let seconds = 0;
  for (const sloGroups of groups.slice(0, SAMPLED_SLOS)) {
    for (const g of sloGroups) {
      for (const rule of g.rules) {
        const s = await queryStats(url, rule.expr, time);
        samples += (s.samples * EVAL_SECONDS) / INTERVAL_SECONDS(g);
        seconds += (s.seconds * EVAL_SECONDS) / INTERVAL_SECONDS(g);
      }
    }
  }
  const scale = n / Math.min(n, SAMPLED_SLOS);
  return { samples: samples * scale, seconds: seconds * scale };
}

async function measureShape(
  work: string,
  blocks: string,
  name: string,
  groups: SpecRuleGroup[][],
  time: number,
  n: number,
): Promise<ShapeCost> {
  const dir = join(work, name);
  mkdirSync(dir, { recursive: true });
  const tsdb = join(dir, "data");
  cpSync(blocks, tsdb, { recursive: true });
  const files = groups.map((g, i) => {
    const file = join(dir, `rules-${i}.yml`);
    writeFileSync(file, stringify({ groups: g }, { lineWidth: 0 }));
    return file;
  });
  // Every SLO in one file keeps Prometheus' file count small; groups are what it evaluates.
  const all = join(dir, "all.yml");
  writeFileSync(all, stringify({ groups: groups.flat() }, { lineWidth: 0 }));
  files.forEach((f) => rmSync(f));
  let prom: RunningPrometheus | undefined;
  try {
    prom = await startOn(dir, tsdb, [all], `${EVAL_SECONDS}s`);
    const perCycle = groups.flat().filter((g) => g.interval === undefined);
    const times = await groupTimes(prom.url, (g) => perCycle.some((p) => p.name === g), (EVAL_SECONDS + 15) * 1000);
    const cost = await ruleCost(prom.url, groups, time, n);
    return {
      evalSeconds: [...times.values()].reduce((a, b) => a + b, 0),
      groupsTimed: times.size,
      samples: cost.samples,
      querySeconds: cost.seconds,
    };
  } finally {
    if (prom) await stop(prom);
  }
}

interface SizeRow {
  n: number;
  hours: number;
  generateSeconds: number;
  rawSamples: number;
  ours: ShapeCost;
  sloth: ShapeCost;
}

async function runSize(n: number): Promise<SizeRow> {
  const work = mkdtempSync(join(tmpdir(), `bench-rules-${n}-`));
  try {
    const services = Array.from({ length: n }, (_, i) => `svc-${String(i).padStart(4, "0")}`);
    writeSlothSpecs(work, services);
    const started = process.hrtime.bigint();
    const slos = readSpecs(work, ["slos"]);
    // The files' text is rendered inside: this is everything the program does with the specs.
    const files = shardRuleFiles(slos, CTX);
    const generateSeconds = Number(process.hrtime.bigint() - started) / 1e9;

    const hours = historyHours(n);
    const end = Math.floor(Date.now() / 1000 / 60) * 60 - 60;
    const start = end - hours * 3600;
    const series = [...services.flatMap((s) => rawSeries(s, STEADY, start)), ...slos.flatMap(recordedHistory)];
    const om = join(work, "data.om");
    const rawSamples = await writeOpenMetrics(om, series, start, end);
    const blocks = join(work, "blocks");
    execFileSync("promtool", ["tsdb", "create-blocks-from", "openmetrics", om, blocks], { stdio: "ignore" });
    rmSync(om);

    const oursGroups = slos.map((slo) => files.flatMap((f) => f.groups.filter((g) => g.name.endsWith(`-${slo.name}`))));
    const slothGroupsAll = slos.map((slo) => slothGroups(slo, slothQueries(slo.service)));
    const ours = await measureShape(work, blocks, "ours", oursGroups, end, n);
    const sloth = await measureShape(work, blocks, "sloth", slothGroupsAll, end, n);
    return { n, hours, generateSeconds, rawSamples, ours, sloth };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

const ratio = (a: number, b: number): string => (b === 0 ? "n/a" : `${(a / b).toFixed(3)}x`);
const int = (x: number): string => Math.round(x).toLocaleString("en-US");
const ms = (s: number): string => `${(s * 1000).toFixed(0)} ms`;

function costTable(rows: SizeRow[]): string {
  return [
    "| SLOs | history | generation | group eval, ours | group eval, Sloth shape | ratio | samples/cycle, ours | samples/cycle, Sloth shape | ratio | engine time/cycle, ours | Sloth shape | ratio |",
    "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ...rows.map(
      (r) =>
        `| ${int(r.n)} | ${r.hours} h | ${r.generateSeconds.toFixed(2)} s | ${ms(r.ours.evalSeconds)} | ${ms(r.sloth.evalSeconds)} | ${ratio(r.ours.evalSeconds, r.sloth.evalSeconds)} | ` +
        `${int(r.ours.samples)} | ${int(r.sloth.samples)} | ${ratio(r.ours.samples, r.sloth.samples)} | ${ms(r.ours.querySeconds)} | ${ms(r.sloth.querySeconds)} | ${ratio(r.ours.querySeconds, r.sloth.querySeconds)} |`,
    ),
  ].join("\n");
}

function timingTable(rows: TimingRow[]): string {
  const at = (m: number | undefined): string => (m === undefined ? "never" : `${formatNumber(m)} min`);
  return [
    "| scenario | alert | fires, ours | fires, Sloth shape | difference | clears, ours | clears, Sloth shape |",
    "|---|---|---:|---:|---:|---:|---:|",
    ...rows.map(
      (r) =>
        `| ${r.scenario} | ${r.alert} | ${at(r.ours.fires)} | ${at(r.sloth.fires)} | ${r.ours.fires !== undefined && r.sloth.fires !== undefined ? `${formatNumber(r.ours.fires - r.sloth.fires)} min` : "—"} | ${at(r.ours.clears)} | ${at(r.sloth.clears)} |`,
    ),
  ].join("\n");
}

const CHARTS = join(ROOT, "docs", "charts");
const COST_CHART = "rules-cost.svg";

function chartRows(rows: SizeRow[]): ScalingRow[] {
  return rows.flatMap((r) => [
    { slos: r.n, rules: "slo-alerting", samplesPerCycle: r.ours.samples, evaluationMs: r.ours.evalSeconds * 1000 },
    { slos: r.n, rules: "Sloth shape", samplesPerCycle: r.sloth.samples, evaluationMs: r.sloth.evalSeconds * 1000 },
  ]);
}

async function main(): Promise<void> {
  const version = execFileSync("prometheus", ["--version"], { encoding: "utf8" }).split("\n")[0];
  const rows: SizeRow[] = [];
  for (const n of SIZES) {
    const row = await runSize(n);
    console.log(costTable([row]).split("\n").pop());
    rows.push(row);
  }
  const timing = await alertTiming(CTX);
  mkdirSync(CHARTS, { recursive: true });
  writeFileSync(
    join(CHARTS, COST_CHART),
    await renderSvg(scalingChart("Rule cost per cycle, ours and Sloth's shape", chartRows(rows))),
  );
  const report = [
    "# Rules benchmark: spec SLOs, this program's rules against Sloth's rule shape",
    "",
    "Generated by `npm run bench:rules` (bench/rules.ts); do not edit by hand.",
    "",
    `Machine: ${cpus().length} cores (${cpus()[0]?.model ?? "unknown"}), shared with other work; ${version}.`,
    "",
    "## Cost per evaluation cycle",
    "",
    `Each SLO is a Sloth prometheus/v1 spec (99.9% availability, events queries) over ${INSTANCES.length * 2} raw series ` +
      `(${INSTANCES.length} instances × 2xx/5xx), scraped every ${SCRAPE_SECONDS} s, backfilled with ` +
      "`promtool tsdb create-blocks-from openmetrics`; both rule sets are loaded into a real Prometheus " +
      `(${EVAL_SECONDS} s evaluation interval). "Sloth shape" is the rule set \`sloth generate\` publishes for ` +
      "the same spec (google-30d windows: every window's ratio from the raw series, 30d as the mean of the 5m ratios), " +
      "rebuilt in bench/rules/sloth-shape.ts.",
    "",
    "- **generation**: reading the spec files, validating them (PromQL included), generating and rendering every sharded rule file.",
    "- **group eval**: sum of `evaluationTime` of every group evaluated every cycle, from `/api/v1/rules` after the first evaluation. " +
      "Our budget groups run every 5 minutes and are not in this column; they are in the next ones.",
    `- **samples/cycle** and **engine time/cycle**: \`totalQueryableSamples\` and \`evalTotalTime\` of the query API (\`stats=all\`) ` +
      `for every rule at the end of the data, for ${SAMPLED_SLOS} SLOs scaled to all (the SLOs are alike); rules of a 5-minute group count for a fifth.`,
    "- The recording rules' own history (the 1m and 5m rates this program records, Sloth's 5m ratio) is backfilled with the values " +
      "the rules give on this steady traffic, so the long windows read as many samples as on a running Prometheus.",
    "- **history**: hours of backfilled data. The 1,000-SLO run keeps 12 h (not 3 days) to stay within a few minutes on 2 cores: " +
      "its 1d, 3d and 30d windows read 12 h on both sides, so its ratios understate the saving; the 100-SLO row is the faithful ratio.",
    "",
    costTable(rows),
    "",
    `![Samples read and group evaluation time per cycle against the number of SLOs](charts/${COST_CHART})`,
    "",
    "## Alert timing, same data, both rule shapes",
    "",
    timing.method,
    "",
    timingTable(timing.rows),
    "",
  ].join("\n");
  writeFileSync(REPORT, report);
  console.log(`wrote ${REPORT}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
