import { DEFAULTS } from "../../../src/settings/parse";
import { PagerDutyEvent } from "../../helpers/fake-receivers";
import { Alertmanager, Prometheus, until } from "../../helpers/processes";
import { Harness } from "./harness";
import { METRICS_PATH, MetricsApp } from "./metrics-app";
import { Replicas, startDiscoveringPrometheus } from "./replicas";

export interface Pipeline {
  app: MetricsApp;
  alertmanager: Alertmanager;
  prometheus: Prometheus;
}

async function apiData<T>(prometheus: Prometheus, path: string): Promise<T> {
  const response = await fetch(`${prometheus.url}${path}`, { signal: AbortSignal.timeout(2_000) });
  return ((await response.json()) as { data: T }).data;
}

/**
 * The stand-in service, one Alertmanager found through the cluster DNS and
 * a Prometheus loaded with the program's rule files and alerting block,
 * returned once Prometheus scrapes the service and has found Alertmanager.
 */
export async function startPipeline(h: Harness): Promise<Pipeline> {
  const app = h.track(await MetricsApp.start(), (a) => a.close());
  const replicas = await Replicas.start(h, 1);
  const prometheus = await startDiscoveringPrometheus(h, replicas, {
    scrapeConfigs: [
      { job_name: DEFAULTS.apiJob, metrics_path: METRICS_PATH, static_configs: [{ targets: [app.target] }] },
    ],
  });
  await until(
    "Prometheus to scrape the service",
    async () => {
      const targets = await apiData<{ activeTargets: Array<{ health: string; lastError: string }> }>(
        prometheus,
        "/api/v1/targets",
      );
      const up = targets.activeTargets.length === 1 && targets.activeTargets[0].health === "up";
      return up || `targets ${JSON.stringify(targets.activeTargets)}`;
    },
    30_000,
  );
  return { app, alertmanager: replicas.members[0], prometheus };
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
