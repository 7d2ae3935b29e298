import { mkdirSync, writeFileSync } from "fs";
import { cpus } from "os";
import { join } from "path";
import { buildAlertmanagerConfig } from "../src/alertmanager/config";
import { INCIDENT_GROUP_BY } from "../src/alertmanager/incident";
import { RECEIVERS } from "../src/alertmanager/receivers";
import { TUNABLE_ALERTS } from "../src/alerts/catalogue";
import { renderRuleFile } from "../src/alerts/rules";
import { parseSettings } from "../src/settings/parse";
import { stackSettings } from "../src/settings/stack-file";
import { burnRateAlertName } from "../src/slo/burn-rate";
import { stackAreaRuleFiles } from "../src/slo-rules/stack";
import { withTeamLabel } from "../src/teams/rule-team";
import { SLOS } from "../src/slo/slos";
import { WORKBOOK_30D } from "../src/slo/windows";
import { detectionChart, DetectionChartInput } from "./charts/detection";
import { renderSvg } from "./charts/svg";
import { NotificationConfig, notifications } from "./detection/alertmanager";
import { detectionChartInput } from "./detection/chart-data";
import { Family, FAMILIES, familyResult, findings, ScenarioResult, table } from "./detection/report";
import { Scenario, SCENARIOS } from "./detection/scenarios";
import { alertTimeline, promtoolVersion, Timeline } from "./detection/timeline";
import {
  AFTER_MINUTES,
  counterValues,
  failuresPerMinute,
  LEAD_IN_MINUTES,
  requestsPerMinute,
  timingOf,
} from "./detection/traffic";

// Both families of the prod stack, on the same synthetic traffic of the API,
// evaluated by promtool and delivered through a model of Alertmanager fed
// the prod alertmanager.yml. `npm run bench:detection` rewrites the report.
const ROOT = join(__dirname, "..");
const STACK = "prod";
const REPORT = join(ROOT, "docs", "detection-benchmark.md");
const CHARTS = join(ROOT, "docs", "charts");
// Two hours of healthy traffic before the incident: enough to see that nothing fired on it.
const CHART_LEAD_IN_MINUTES = 120;

/** "Total outage, 30 min" → "detection-total-outage-30-min.svg". */
function chartFile(scenario: string): string {
  return `detection-${scenario
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "")}.svg`;
}
const SEED = 20240601;

const SLACK_WEBHOOK = "https://hooks.slack.com/services/T0/B0/bench";
const values: Record<string, string> = {
  ...stackSettings(ROOT, STACK),
  // A Slack receiver, so that tickets are counted where they would be read.
  slackWebhookUrl: SLACK_WEBHOOK,
};
const settings = parseSettings({ stack: STACK, get: (k) => values[k], isSecret: () => true });
// Labelled with the default team as the program labels every seed alert: the incident groups by team.
const apiFile = withTeamLabel(
  stackAreaRuleFiles(process.cwd(), settings.specs, settings.rules),
  settings.rules.defaultTeam,
).filter((f) => f.area === "api");
const ruleFiles = Object.fromEntries(apiFile.map((f) => [f.fileName, renderRuleFile(f)]));
const amConfig = buildAlertmanagerConfig(settings.routing, {
  slack: true,
  pipelineKey: true,
}) as unknown as NotificationConfig;
const SEED_ALERTS = [...TUNABLE_ALERTS];
const BURN_RATE_ALERTS = [
  ...new Set(SLOS.flatMap((slo) => WORKBOOK_30D.tiers.map((tier) => burnRateAlertName(slo, tier)))),
];
const ALERTS: Record<Family, string[]> = {
  seed: SEED_ALERTS,
  "burn-rate": BURN_RATE_ALERTS,
  both: [...SEED_ALERTS, ...BURN_RATE_ALERTS],
};

function only(timeline: Timeline, names: string[]): Timeline {
  return new Map([...timeline].map(([m, alerts]) => [m, alerts.filter((a) => names.includes(a.alertname))]));
}

interface Measured {
  result: ScenarioResult;
  chart: DetectionChartInput;
}

async function measure(scenario: Scenario, index: number): Promise<Measured> {
  const timing = timingOf(scenario);
  const failed = failuresPerMinute(scenario, SEED + index);
  const requests = requestsPerMinute(scenario);
  // An hour of healthy traffic before the incident (or its quiet stretch) is watched too: a page there is noise.
  const watchFrom = timing.quietFrom - 60;
  const path = 'job="api",path="/api/orders"';
  const timeline = await alertTimeline({
    ruleFiles,
    series: [
      {
        series: `http_requests_total{${path},status="200"}`,
        values: counterValues(failed.map((f, m) => requests[m] - f)),
      },
      { series: `http_requests_total{${path},status="500"}`, values: counterValues(failed) },
      ...(scenario.probesPerMinute === undefined
        ? []
        : [
            {
              series: 'http_requests_total{job="api",path="/healthz",status="200"}',
              values: counterValues(failed.map(() => scenario.probesPerMinute ?? 0)),
            },
          ]),
    ],
    alertNames: ALERTS.both,
    from: watchFrom,
    to: timing.end,
  });
  const runs = FAMILIES.map((family) => {
    const own = only(timeline, ALERTS[family]);
    const sent = notifications(own, watchFrom, timing.end, amConfig);
    return { family, timeline: own, sent, pager: RECEIVERS.pagerduty };
  });
  const families = Object.fromEntries(
    runs.map((r) => [r.family, familyResult(scenario, timing, r.timeline, r.sent, r.pager)]),
  ) as Record<Family, ScenarioResult["families"]["seed"]>;
  return {
    result: { scenario, families },
    chart: detectionChartInput(
      scenario,
      timing,
      failed,
      runs,
      Math.min(timing.start - CHART_LEAD_IN_MINUTES, timing.quietFrom - 60),
    ),
  };
}

/** Scenarios run as parallel promtool processes, one per core. */
async function measureAll(): Promise<Measured[]> {
  const results: Measured[] = new Array(SCENARIOS.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < SCENARIOS.length) {
      const i = next++;
      const began = Date.now();
      results[i] = await measure(SCENARIOS[i], i);
      console.log(`  ${SCENARIOS[i].name}: ${((Date.now() - began) / 1000).toFixed(0)} s`);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, cpus().length) }, worker));
  return results;
}

function report(results: ScenarioResult[], promtool: string): string {
  const routing = settings.routing;
  return `# Detection benchmark: seed thresholds, error-budget burn rates, and both

Made by \`npm run bench:detection\` (bench/detection.ts), which rewrites this file.

Both alert families of the **${STACK}** stack, as the program deploys them, on the same synthetic traffic of the API:
${SCENARIOS[0].requestsPerMinute} requests a minute, healthy traffic failing 1 in 10 000, and an API availability SLO of
${settings.rules.burnRate.apiAvailability.target}% over ${WORKBOOK_30D.period}. Each scenario follows ${LEAD_IN_MINUTES / 1440} days of healthy traffic, so even
the 3d window reads a full history, and is watched for ${AFTER_MINUTES / 60} h after recovery. Failed requests are drawn at
random with a fixed seed: every run gives the same table.

- **Rules**: evaluated by \`promtool test rules\` (${promtool}, Prometheus' rule engine), one scrape and one
  evaluation a minute; the timeline is what its \`ALERTS\` series held at each minute.
- **Notifications**: the alerts of each family (seed alone, burn-rate alone, and both, as ${STACK} deploys them by
  default) through a model of Alertmanager fed the ${STACK} alertmanager.yml: its routes, the PagerDuty route's
  group_by ${INCIDENT_GROUP_BY.join(", ")} (warnings: ${routing.groupBy.join(", ")}), group_wait ${routing.groupWait},
  group_interval ${routing.groupInterval}, repeat_interval ${routing.repeatInterval}, and its one inhibit rule (a critical
  mutes the warnings of its SLO).
  *Pages* are PagerDuty incidents opened; *tickets* are Slack messages with firing alerts (updates and repeats included).
  *Incidents* are distinct PagerDuty dedup_keys (Alertmanager's group keys); *stranded* ones got no resolve by the
  end of the scenario. *Pages on noise* are incidents opened on healthy or quiet traffic before the incident (the
  hour before it, and the whole quiet stretch where there is one), or in a scenario that is itself noise (a handful
  of requests: the low-traffic and single-5xx scenarios).
- **First page / ticket**: from the start of the incident to the notification, group_wait included.
- **Pages / tickets end**: from recovery to the end of the family's last firing critical / warning alert, Prometheus side.
- The seed family is its threshold alerts, with the ${STACK} stack's thresholds and the seed's traffic guard
  (seedMinRequestsPerMinute ${settings.rules.seedMinRequestsPerMinute ?? 0}); the absence alerts and the Watchdog, deployed
  with either family, are left out. The scenarios touch only the API's error ratio, so only the API availability
  and error-rate alerts react.

${table(results, AFTER_MINUTES)}

## Charts

Each scenario's error ratio, and below it, per family, when its pages (red) and tickets (orange) fired in
Prometheus, with the triggers (▲) and resolves (●) PagerDuty received.

${results.map((r) => `![${r.scenario.name}](charts/${chartFile(r.scenario.name)})`).join("\n\n")}

## Verdicts against the Workbook

${findings(results)}

## Reading the table

- One outage, one incident: every page of the availability SLO (the seed's error-rate and availability thresholds,
  both burn-rate tiers) shares the SLO's Alertmanager group, so one dedup_key, resolved when the last of them ends
  ([incident-model.md](incident-model.md)). With both families, the seed page opens the incident and the burn-rate
  page joins it; no inhibition between pages, so nothing is stranded.
- The seed's APISLOAvailabilityBreach (99.5% over 15 minutes) pages on what the budget absorbs: a short blip at 10%
  errors, or any burn faster than 5x for 20 minutes. Below seedMinRequestsPerMinute user requests a minute it holds back.
- The 3-minute blip is not counted as noise: 180 users got a 5xx in 3 minutes, which breaks the seed's own contract
  (\`APISLOAvailabilityBreach\`: availability below its threshold over 15 minutes, 99.5% in ${STACK}), while noise in
  the sense of the incident model is a page on a handful of requests, which the traffic guards stop. The Workbook would
  leave the blip to the budget (0.7% of it); a stack that wants that sets \`ruleFamilies: burn-rate\` (README, "Which
  family prod deploys"). The page it gives is one incident, resolved about 15 minutes after the blip.
- The quiet night: 8 hours at 3 requests a minute with 1% failing, a few isolated 5xx, then 10% errors at full
  traffic. Neither family pages or tickets in the night (both traffic guards hold). The burn-rate page then comes
  sooner than on a busy day (1m30s, not 9m30s): its 1h window holds only the night's few requests besides the
  burn's, so the burn's error ratio fills it at once; the page the Workbook asks for, earlier, and one incident.
- The seed has no ticket on the error budget: a slow burn is a page or nothing.
- The burn-rate pages wait until 2% of the month's budget went in an hour, or 5% in six hours; their short windows
  (5m, 30m) end them within half an hour of recovery. Once the pages end, the tickets post the spent budget to Slack.
- Below ${settings.rules.burnRate.minRequestsPerMinute} user requests a minute the burn-rate pages hold back
  (burnRateMinRequestsPerMinute); their tickets do not. Health checks count in neither: probes are not users.
`;
}

async function main(): Promise<void> {
  const began = Date.now();
  console.log(`Evaluating ${SCENARIOS.length} scenarios with promtool…`);
  const measured = await measureAll();
  const results = measured.map((m) => m.result);
  mkdirSync(CHARTS, { recursive: true });
  for (const { chart } of measured) {
    writeFileSync(join(CHARTS, chartFile(chart.title)), await renderSvg(detectionChart(chart)));
  }
  const text = report(results, await promtoolVersion());
  writeFileSync(REPORT, text);
  console.log(`\n${table(results, AFTER_MINUTES)}\n\n${findings(results)}\n`);
  console.log(`Wrote ${REPORT} in ${((Date.now() - began) / 1000).toFixed(0)} s.`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
