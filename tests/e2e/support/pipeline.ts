import { stringify } from "yaml";
import { DEFAULTS } from "../../../src/settings/parse";
import { PagerDutyEvent } from "../../helpers/fake-receivers";
import { Alertmanager, Prometheus, startPrometheus, until } from "../../helpers/processes";
import { Harness } from "./harness";
import { METRICS_PATH, MetricsApp } from "./metrics-app";

/** Scrape and evaluation every second, so a test sees `for:` and not the scrape cadence. */
const INTERVAL = "1s";
// Prometheus drops what fires before it has found Alertmanager (its first
// seconds) and sends it again only after the resend delay, 1m by default:
// the always-firing Watchdog would reach Alertmanager a minute late.
const RESEND_DELAY = "--rules.alert.resend-delay=2s";

export interface Pipeline {
  app: MetricsApp;
  alertmanager: Alertmanager;
  prometheus: Prometheus;
}

/** The program's alerting block, aimed at `targets` instead of the in-cluster Service. */
function retargeted(block: Record<string, unknown>, targets: string[]): unknown {
  const alerting = block.alerting as { alertmanagers?: Array<{ static_configs?: Array<{ targets: string[] }> }> };
  if (!alerting?.alertmanagers?.[0]?.static_configs?.[0]) {
    throw new Error(
      `the program's prometheusAlertingConfig has no static Alertmanager target: ${JSON.stringify(block)}`,
    );
  }
  return {
    alertmanagers: alerting.alertmanagers.map((am) => ({
      ...am,
      static_configs: (am.static_configs ?? []).map((sc) => ({ ...sc, targets })),
    })),
  };
}

function prometheusYml(h: Harness, app: MetricsApp, alertmanager: Alertmanager): string {
  return stringify({
    global: { scrape_interval: INTERVAL, evaluation_interval: INTERVAL },
    rule_files: Object.keys(h.stack.ruleFiles),
    alerting: retargeted(h.stack.prometheusAlerting, [new URL(alertmanager.url).host]),
    scrape_configs: [
      { job_name: DEFAULTS.apiJob, metrics_path: METRICS_PATH, static_configs: [{ targets: [app.target] }] },
    ],
  });
}

async function apiData<T>(prometheus: Prometheus, path: string): Promise<T> {
  const response = await fetch(`${prometheus.url}${path}`, { signal: AbortSignal.timeout(2_000) });
  return ((await response.json()) as { data: T }).data;
}

/**
 * The stand-in service, one Alertmanager and a Prometheus loaded with the
 * program's rule files and alerting block, returned once Prometheus scrapes
 * the service and has found Alertmanager.
 */
export async function startPipeline(h: Harness): Promise<Pipeline> {
  const app = h.track(await MetricsApp.start(), (a) => a.close());
  const alertmanager = await h.alertmanager();
  const prometheus = h.track(
    await startPrometheus(prometheusYml(h, app, alertmanager), h.stack.ruleFiles, [RESEND_DELAY]),
    (p) => p.process.stop(),
  );
  await until(
    "Prometheus to scrape the service and find Alertmanager",
    async () => {
      const targets = await apiData<{ activeTargets: Array<{ health: string; lastError: string }> }>(
        prometheus,
        "/api/v1/targets",
      );
      const ams = await apiData<{ activeAlertmanagers: unknown[] }>(prometheus, "/api/v1/alertmanagers");
      const up = targets.activeTargets.length === 1 && targets.activeTargets[0].health === "up";
      return (
        (up && ams.activeAlertmanagers.length === 1) ||
        `targets ${JSON.stringify(targets.activeTargets)}, alertmanagers ${ams.activeAlertmanagers.length}`
      );
    },
    30_000,
  );
  return { app, alertmanager, prometheus };
}

export interface RuleHealth {
  name: string;
  health: string;
  lastError?: string;
}

/**
 * Every rule Prometheus loaded, with whether its last evaluation worked.
 * Groups with an interval of their own longer than `dueWithinSeconds` may
 * not have run yet in a short test ("unknown"): they are left out.
 */
export async function ruleHealth(prometheus: Prometheus, dueWithinSeconds = 60): Promise<RuleHealth[]> {
  const data = await apiData<{ groups: Array<{ interval: number; rules: RuleHealth[] }> }>(prometheus, "/api/v1/rules");
  return data.groups
    .filter((g) => g.interval <= dueWithinSeconds)
    .flatMap((g) =>
      g.rules.map((r) => ({ name: r.name, health: r.health, ...(r.lastError ? { lastError: r.lastError } : {}) })),
    );
}

export interface BreachResult {
  trigger: PagerDutyEvent;
  resolve: PagerDutyEvent;
  breachToTriggerMs: number;
  recoveryToResolveMs: number;
}

/**
 * Sets `metric` to `breach` until PagerDuty gets a trigger for `alertName`,
 * then back to `healthy` until it gets the resolve; times both.
 */
export async function breachAndRecover(
  h: Harness,
  pipeline: Pipeline,
  scenario: { alertName: string; metric: string; breach: number; healthy: number; timeoutMs: number },
): Promise<BreachResult> {
  const pd = h.pagerDuty;
  const ours = (action: string, since: number) =>
    pd.accepted.find(
      (r) => r.at >= since && r.body.event_action === action && r.body.payload.class === scenario.alertName,
    );
  const breachAt = Date.now();
  pipeline.app.set(scenario.metric, scenario.breach);
  const trigger = await pd.waitFor(
    `a trigger for ${scenario.alertName}`,
    () => ours("trigger", breachAt),
    scenario.timeoutMs,
  );
  const recoveryAt = Date.now();
  pipeline.app.set(scenario.metric, scenario.healthy);
  const resolve = await pd.waitFor(
    `a resolve for ${scenario.alertName}`,
    () => ours("resolve", recoveryAt),
    scenario.timeoutMs,
  );
  return {
    trigger: trigger.body,
    resolve: resolve.body,
    breachToTriggerMs: trigger.at - breachAt,
    recoveryToResolveMs: resolve.at - recoveryAt,
  };
}
