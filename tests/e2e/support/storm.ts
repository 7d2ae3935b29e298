import { durationMs } from "../../../src/settings/duration";
import { Alertmanager, sleep } from "../../helpers/processes";
import { AlertGroup, firingNow, groupOfEvent, postAlerts, stormGroups } from "./alerts";
import { Harness } from "./harness";

export interface StormOptions {
  services: string[];
  instances: number;
  /** The storm is posted in this many batches, spread evenly over `spreadMs`. */
  batches: number;
  spreadMs: number;
  timeoutMs: number;
}

export interface StormResult {
  alerts: number;
  groups: number;
  /** Accepted PagerDuty triggers, all groups together. */
  triggers: number;
  /** Triggers per group, smallest and largest. */
  perGroup: { min: number; max: number };
  /** The most triggers any group may get: one at group_wait, one per group_interval the storm lasts after. */
  bound: number;
  /** Groups whose last trigger does not count every alert of the group. */
  incomplete: string[];
  postedInMs: number;
  /** From the first alert posted to the trigger that completed the last group. */
  lastGroupCompleteMs: number;
}

/** Batch b holds instance b of every group, so each group keeps growing while the storm lasts. */
function batchesOf(groups: AlertGroup[], batches: number) {
  return Array.from({ length: batches }, (_, b) => groups.flatMap((g) => g.alerts.filter((_, i) => i % batches === b)));
}

/**
 * Posts a storm of alerts to Alertmanager as Prometheus would, waits until
 * every group's latest trigger counts all its alerts, then a quiet spell in
 * which any extra event would show, and counts the events per group.
 */
export async function runStorm(h: Harness, am: Alertmanager, options: StormOptions): Promise<StormResult> {
  const groups = stormGroups(h.stack.ruleFiles, options.services, options.instances);
  const started = Date.now();
  const batches = batchesOf(groups, options.batches);
  for (const [i, batch] of batches.entries()) {
    await postAlerts([am.url], batch.map(firingNow));
    if (i < batches.length - 1) {
      await sleep(options.spreadMs / (batches.length - 1));
    }
  }
  const postedInMs = Date.now() - started;

  const latest = () => {
    const byGroup = new Map<string, number>();
    for (const t of h.pagerDuty.triggers) {
      byGroup.set(groupOfEvent(t.payload.custom_details), Number(t.payload.custom_details?.num_firing));
    }
    return byGroup;
  };
  const complete = () => groups.every((g) => latest().get(g.key) === g.alerts.length);
  await h.pagerDuty.waitFor(
    `every one of ${groups.length} groups paged with all its alerts`,
    complete,
    options.timeoutMs,
  );
  const lastGroupCompleteMs = (h.pagerDuty.accepted.at(-1)?.at ?? started) - started;
  const interval = durationMs(h.stack.timings.groupInterval) ?? 0;
  await sleep(interval + 2_000);

  const perGroup = groups.map(
    (g) => h.pagerDuty.triggers.filter((t) => groupOfEvent(t.payload.custom_details) === g.key).length,
  );
  const wait = durationMs(h.stack.timings.groupWait) ?? 0;
  return {
    alerts: groups.reduce((n, g) => n + g.alerts.length, 0),
    groups: groups.length,
    triggers: h.pagerDuty.triggers.length,
    perGroup: { min: Math.min(...perGroup), max: Math.max(...perGroup) },
    bound: 1 + Math.max(0, Math.ceil((postedInMs - wait) / interval)),
    incomplete: groups.filter((g) => latest().get(g.key) !== g.alerts.length).map((g) => g.key),
    postedInMs,
    lastGroupCompleteMs,
  };
}
