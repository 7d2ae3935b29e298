import { durationMs } from "../../../src/settings/duration";
import { Alertmanager, clusterStatus, sleep } from "../../helpers/processes";
import { AlertGroup, firingNow, groupOfEvent, postAlerts, stormGroups } from "./alerts";
import { Harness } from "./harness";

// Several gossip intervals (200ms): what a sent page needs to reach the peers.
const GOSSIP_GRACE_MS = 1_000;

/** Alertmanager's gossip timings under the given flags, its defaults where they are silent. */
export function gossipTimings(flags: string[]): { peerTimeoutMs: number; pushPullMs: number } {
  const flag = (name: string, fallback: string) => {
    const value = flags.find((f) => f.startsWith(`--cluster.${name}=`))?.split("=")[1] ?? fallback;
    const ms = durationMs(value);
    if (ms === undefined) {
      throw new Error(`--cluster.${name}=${value} is not a duration`);
    }
    return ms;
  };
  // The member at position n of the cluster waits n peer timeouts before
  // sending, so that what a peer already sent (and gossiped) is not repeated.
  return { peerTimeoutMs: flag("peer-timeout", "15s"), pushPullMs: flag("pushpull-interval", "1m") };
}

/** The scenario the test and the benchmark share: 3 replicas, 5 waves of 20 alerts, killed after 2 waves. */
export const POD_LOSS_SCENARIO = {
  size: 3,
  services: ["api", "dispatch", "checkout", "search", "billing"],
  instances: 4,
  waves: 5,
  pagedBeforeKill: 2,
  timeoutMs: 60_000,
};

export interface PodLossOptions {
  size: number;
  services: string[];
  instances: number;
  waves: number;
  /** Waves posted and paged before the kill; the next wave is posted as the member dies. */
  pagedBeforeKill: number;
  timeoutMs: number;
  /** Cluster flags beyond the Deployment's, to try a change. */
  extraArgs?: string[];
}

export interface Repeat {
  dedupKey: string;
  group: string;
  /** Whether the group was first paged before the kill: a repeat the kill did not cause. */
  pagedBeforeKill: boolean;
  /** From the incident's first trigger to this one. */
  afterMs: number;
  /** The member that repeated it (its external URL). */
  by: string;
}

export interface PodLossResult {
  groups: number;
  paged: number;
  /** Distinct dedup keys triggered: one per PagerDuty incident. */
  incidents: number;
  /** Triggers of a dedup key after its first. */
  duplicates: Repeat[];
  /** From the kill to the last group's first page. */
  killToAllPagedMs: number;
  /** Accepted PagerDuty requests by member; the killed one's are what it sent before dying. */
  sentBy: Record<string, number>;
  killed: string;
  peerTimeoutMs: number;
  pushPullMs: number;
}

function waves(groups: AlertGroup[], count: number): AlertGroup[][] {
  const size = Math.ceil(groups.length / count);
  return Array.from({ length: count }, (_, i) => groups.slice(i * size, (i + 1) * size));
}

/** The member at position 0, the one that sends first: losing it is the worst case. */
export async function firstInLine(members: Alertmanager[]): Promise<Alertmanager> {
  const names = await Promise.all(members.map(async (m) => (await clusterStatus(m)).name));
  return members[names.indexOf([...names].sort()[0])];
}

/**
 * A storm into a gossiping cluster, every alert posted to every member as
 * Prometheus does. The member that sends first is SIGKILLed mid-storm: after
 * its first waves are paged and gossiped, as the next wave reaches it. Then
 * waits until every survivor is past its peer wait for every group, so that
 * any duplicate has shown.
 */
export async function runPodLoss(h: Harness, options: PodLossOptions): Promise<PodLossResult> {
  const flags = [...h.stack.clusterTuning, ...(options.extraArgs ?? [])];
  const { peerTimeoutMs, pushPullMs } = gossipTimings(flags);
  const members = await h.alertmanagerCluster(options.size, options.extraArgs);
  const victim = await firstInLine(members);
  const survivors = members.filter((m) => m !== victim);
  const planned = waves(stormGroups(h.stack.ruleFiles, options.services, options.instances), options.waves);
  const groups = planned.flat();
  const pagedGroups = () => new Set(h.pagerDuty.triggers.map((t) => groupOfEvent(t.payload.custom_details)));
  const post = (to: Alertmanager[], wave: AlertGroup[]) =>
    postAlerts(
      to.map((m) => m.url),
      wave.flatMap((g) => g.alerts).map(firingNow),
    );

  const early = planned.slice(0, options.pagedBeforeKill);
  for (const wave of early) {
    await post(members, wave);
  }
  await h.pagerDuty.waitFor(
    "the first waves paged",
    () => early.flat().every((g) => pagedGroups().has(g.key)),
    options.timeoutMs,
  );
  await sleep(GOSSIP_GRACE_MS);

  const [dying, ...later] = planned.slice(options.pagedBeforeKill);
  await post(members, dying);
  await victim.process.kill();
  const killedAt = Date.now();
  for (const wave of later) {
    await post(survivors, wave);
  }
  const lastPostAt = Date.now();

  await h.pagerDuty.waitFor(
    `all ${groups.length} groups paged after the kill`,
    () => groups.every((g) => pagedGroups().has(g.key)),
    options.timeoutMs,
  );
  const killToAllPagedMs = (h.pagerDuty.accepted.at(-1)?.at ?? killedAt) - killedAt;
  const groupWaitMs = durationMs(h.stack.timings.groupWait) ?? 0;
  await sleep(Math.max(0, lastPostAt + groupWaitMs + (options.size - 1) * peerTimeoutMs + 2_000 - Date.now()));

  const earlyKeys = new Set(early.flat().map((g) => g.key));
  const firstAt = new Map<string, number>();
  const duplicates: Repeat[] = [];
  for (const r of h.pagerDuty.accepted.filter((a) => a.body.event_action === "trigger")) {
    const first = firstAt.get(r.body.dedup_key);
    if (first === undefined) {
      firstAt.set(r.body.dedup_key, r.at);
    } else {
      const group = groupOfEvent(r.body.payload.custom_details);
      duplicates.push({
        dedupKey: r.body.dedup_key,
        group,
        pagedBeforeKill: earlyKeys.has(group),
        afterMs: r.at - first,
        by: r.body.client_url ?? "?",
      });
    }
  }
  const sentBy = Object.fromEntries(
    members.map((m) => [m.process.name, h.pagerDuty.accepted.filter((r) => r.body.client_url === m.url).length]),
  );
  return {
    groups: groups.length,
    paged: pagedGroups().size,
    incidents: firstAt.size,
    duplicates,
    killToAllPagedMs,
    sentBy,
    killed: victim.process.name,
    peerTimeoutMs,
    pushPullMs,
  };
}
