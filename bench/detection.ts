import { writeFileSync } from "fs";
import { cpus } from "os";
import { join } from "path";
import { buildAlertmanagerConfig } from "../src/alertmanager/config";
import { RECEIVERS } from "../src/alertmanager/receivers";
import { TUNABLE_ALERTS } from "../src/alerts/catalogue";
import { renderRuleFile } from "../src/alerts/rules";
import { parseSettings } from "../src/settings/parse";
import { stackSettings } from "../src/settings/stack-file";
import { burnRateAlertName } from "../src/slo/burn-rate";
import { buildRuleFiles } from "../src/slo/rule-files";
import { SLOS } from "../src/slo/slos";
import { WORKBOOK_30D } from "../src/slo/windows";
import { NotificationConfig, notifications } from "./detection/alertmanager";
import { Family, FAMILIES, familyResult, findings, ScenarioResult, table } from "./detection/report";
import { Scenario, SCENARIOS } from "./detection/scenarios";
import { alertTimeline, promtoolVersion, Timeline } from "./detection/timeline";
import { AFTER_MINUTES, counterValues, failuresPerMinute, LEAD_IN_MINUTES, timingOf } from "./detection/traffic";

// Both families of the prod stack, on the same synthetic traffic of the API,
// evaluated by promtool and delivered through a model of Alertmanager fed
// the prod alertmanager.yml. `npm run bench:detection` rewrites the report.
const ROOT = join(__dirname, "..");
const STACK = "prod";
const REPORT = join(ROOT, "docs", "detection-benchmark.md");
const SEED = 20240601;

const SLACK_WEBHOOK = "https://hooks.slack.com/services/T0/B0/bench";
const values: Record<string, string> = {
  ...stackSettings(ROOT, STACK),
  // A Slack receiver, so that tickets are counted where they would be read.
  slackWebhookUrl: SLACK_WEBHOOK,
};
const settings = parseSettings({ stack: STACK, get: (k) => values[k], isSecret: () => true });
const apiFile = buildRuleFiles(settings.rules).filter((f) => f.area === "api");
const ruleFiles = Object.fromEntries(apiFile.map((f) => [f.fileName, renderRuleFile(f)]));
const amConfig = buildAlertmanagerConfig(settings.routing, { slack: true }) as unknown as NotificationConfig;
const ALERTS: Record<Family, string[]> = {
  seed: [...TUNABLE_ALERTS],
  "burn-rate": [...new Set(SLOS.flatMap((slo) => WORKBOOK_30D.tiers.map((tier) => burnRateAlertName(slo, tier))))],
};

function only(timeline: Timeline, names: string[]): Timeline {
  return new Map([...timeline].map(([m, alerts]) => [m, alerts.filter((a) => names.includes(a.alertname))]));
}

async function measure(scenario: Scenario, index: number): Promise<ScenarioResult> {
  const timing = timingOf(scenario);
  const failed = failuresPerMinute(scenario, SEED + index);
  const path = 'job="api",path="/api/orders"';
  const timeline = await alertTimeline({
    ruleFiles,
    series: [
      {
        series: `http_requests_total{${path},status="200"}`,
        values: counterValues(failed.map((f) => scenario.requestsPerMinute - f)),
      },
      { series: `http_requests_total{${path},status="500"}`, values: counterValues(failed) },
    ],
    alertNames: [...ALERTS.seed, ...ALERTS["burn-rate"]],
    // An hour of the lead-in too: an alert already firing on healthy traffic would show.
    from: timing.start - 60,
    to: timing.end,
  });
  const families = Object.fromEntries(
    FAMILIES.map((family) => {
      const own = only(timeline, ALERTS[family]);
      const early = [...own].filter(([m, alerts]) => m < timing.start && alerts.length > 0);
      if (early.length > 0) {
        console.warn(`${scenario.name}: ${family} fires on healthy traffic before the incident`);
      }
      const sent = notifications(own, timing.start, timing.end, amConfig);
      return [family, familyResult(timing, own, sent, RECEIVERS.pagerduty)];
    }),
  ) as Record<Family, ScenarioResult["families"]["seed"]>;
  return { scenario, families };
}

/** Scenarios run as parallel promtool processes, one per core. */
async function measureAll(): Promise<ScenarioResult[]> {
  const results: ScenarioResult[] = new Array(SCENARIOS.length);
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
  return `# Detection benchmark: seed thresholds vs error-budget burn rates

Made by \`npm run bench:detection\` (bench/detection.ts), which rewrites this file.

Both alert families of the **${STACK}** stack, as the program deploys them, on the same synthetic traffic of the API:
${SCENARIOS[0].requestsPerMinute} requests a minute, healthy traffic failing 1 in 10 000, and an API availability SLO of
${settings.rules.burnRate.apiAvailability.target}% over ${WORKBOOK_30D.period}. Each scenario follows ${LEAD_IN_MINUTES / 1440} days of healthy traffic, so even
the 3d window reads a full history, and is watched for ${AFTER_MINUTES / 60} h after recovery. Failed requests are drawn at
random with a fixed seed: every run gives the same table.

- **Rules**: evaluated by \`promtool test rules\` (${promtool}, Prometheus' rule engine), one scrape and one
  evaluation a minute; the timeline is what its \`ALERTS\` series held at each minute.
- **Notifications**: the alerts of each family alone through a model of Alertmanager fed the ${STACK}
  alertmanager.yml: its routes, group_by ${routing.groupBy.join(", ")}, group_wait ${routing.groupWait},
  group_interval ${routing.groupInterval}, repeat_interval ${routing.repeatInterval} and inhibit rules (critical mutes warning, fast
  tier mutes slow tier).
  *Pages* are PagerDuty incidents opened; *tickets* are Slack messages with firing alerts (updates and repeats included).
- **First page / ticket**: from the start of the incident to the notification, group_wait included.
- **Pages / tickets end**: from recovery to the end of the family's last firing critical / warning alert, Prometheus side.
- The seed family is its threshold alerts (${STACK} sets APISLOAvailabilityBreach to 99.9%); the absence alerts and the
  Watchdog, deployed with either family, are left out. The scenarios touch only the API's error ratio, so only the
  API availability and error-rate alerts react.

${table(results, AFTER_MINUTES)}

## Verdicts against the Workbook

${findings(results)}

## Reading the table

- The seed's APISLOAvailabilityBreach holds 15 minutes of traffic against the objective itself: whatever burns the
  budget faster than 1x for 20 minutes pages, and at exactly 1x the noise of a few failed requests pages again and
  again. Its \`for: 5m\` then delays the page of a total outage by five minutes.
- APISLOErrorRateBreach pages the same outage a second time: its slo label differs, so nothing inhibits one by the other.
- The seed has no ticket on the error budget: a slow burn is a page or nothing.
- The burn-rate pages wait until 2% of the month's budget went in an hour, or 5% in six hours; their short windows
  (5m, 30m) end them within half an hour of recovery. The fast tier mutes the slow tier of its severity, and the two share an alert name, so
  PagerDuty keeps one incident. Once the pages end, the ticket tiers, muted until then, post the spent budget to Slack:
  the follow-up of an outage is a ticket, not a second page.
- Below ${settings.rules.burnRate.minRequestsPerMinute} requests a minute the burn-rate pages hold back
  (burnRateMinRequestsPerMinute); their tickets do not.
`;
}

async function main(): Promise<void> {
  const began = Date.now();
  console.log(`Evaluating ${SCENARIOS.length} scenarios with promtool…`);
  const results = await measureAll();
  const text = report(results, await promtoolVersion());
  writeFileSync(REPORT, text);
  console.log(`\n${table(results, AFTER_MINUTES)}\n\n${findings(results)}\n`);
  console.log(`Wrote ${REPORT} in ${((Date.now() - began) / 1000).toFixed(0)} s.`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
