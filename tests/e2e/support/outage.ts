import { Alertmanager, sleep } from "../../helpers/processes";
import { firingNow, postAlerts, stormGroups } from "./alerts";
import { Harness } from "./harness";

export interface OutageOptions {
  outageMs: number;
  /** Answered in turn while PagerDuty is down. */
  statuses: number[];
  services: string[];
  timeoutMs: number;
}

export interface OutageResult {
  groups: number;
  /** Distinct dedup keys PagerDuty accepted a trigger for. */
  delivered: number;
  refused: Record<number, number>;
  /** From PagerDuty answering again to the last group delivered. */
  recoveryToAllDeliveredMs: number;
  /** Dedup keys triggered more than once. */
  duplicates: number;
}

/**
 * PagerDuty answers errors for `outageMs`; half the groups fire as it goes
 * down, half in the middle of the outage. Waits until every group is
 * delivered after PagerDuty recovers.
 */
export async function runOutage(h: Harness, am: Alertmanager, options: OutageOptions): Promise<OutageResult> {
  const groups = stormGroups(h.stack.ruleFiles, options.services, 1);
  const half = Math.ceil(groups.length / 2);
  const start = Date.now();
  h.pagerDuty.failFor({ ms: options.outageMs, statuses: options.statuses });
  const recoveredAt = start + options.outageMs;
  await postAlerts(
    [am.url],
    groups
      .slice(0, half)
      .flatMap((g) => g.alerts)
      .map(firingNow),
  );
  await sleep(options.outageMs / 2);
  await postAlerts(
    [am.url],
    groups
      .slice(half)
      .flatMap((g) => g.alerts)
      .map(firingNow),
  );

  const keys = () => h.pagerDuty.triggersPerDedupKey();
  await h.pagerDuty.waitFor(
    `all ${groups.length} groups delivered after the outage`,
    () => keys().size >= groups.length,
    options.outageMs + options.timeoutMs,
  );
  const refused: Record<number, number> = {};
  for (const status of options.statuses) {
    refused[status] = h.pagerDuty.refused(status).length;
  }
  return {
    groups: groups.length,
    delivered: keys().size,
    refused,
    recoveryToAllDeliveredMs: (h.pagerDuty.accepted.at(-1)?.at ?? recoveredAt) - recoveredAt,
    duplicates: [...keys().values()].filter((n) => n > 1).length,
  };
}
