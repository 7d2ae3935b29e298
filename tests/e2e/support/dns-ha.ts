import { stringify } from "yaml";
import { durationMs } from "../../../src/settings/duration";
import { PagerDutyEvent, Received } from "../../helpers/fake-receivers";
import { Alertmanager, sleep, until } from "../../helpers/processes";
import { groupOfEvent } from "./alerts";
import { Harness } from "./harness";
import { firstInLine, gossipTimings } from "./pod-loss";
import { alertsAt, Replicas, startDiscoveringPrometheus } from "./replicas";

const RULE_FILE = "ha-storm.rules.yml";
/** The prod timings scaled down: what tests/e2e/dns-ha and the benchmark run. */
export const DNS_HA_TIMINGS = { groupWait: "1s", groupInterval: "2s", repeatInterval: "1h" };

/** A paging group that starts firing at `at` (ms since the epoch) and keeps firing. */
interface Planned {
  key: string;
  at: number;
}

/**
 * Paging rules that start firing at planned times, in waves: the storm comes
 * from Prometheus, so it reaches the replicas the way the program wires it.
 * One incident per rule: each has its own `slo`, and the PagerDuty route groups by (stack, slo).
 */
export function stormRules(stack: string, waves: number[], perWave: number): { file: string; planned: Planned[] } {
  const planned: Planned[] = [];
  const rules = waves.flatMap((at, w) =>
    Array.from({ length: perWave }, (_, j) => {
      const alert = `HAStormWave${w}`;
      const service = `svc-${j}`;
      const slo = `ha-storm-${w}-${j}`;
      // Keyed as the stand-in keys PagerDuty events and alertsAt keys held alerts: by incident (slo).
      planned.push({ key: slo, at });
      return {
        alert,
        expr: `vector(time()) > ${Math.floor(at / 1000)}`,
        labels: { severity: "critical", slo, service, stack },
        annotations: {
          summary: `${alert} on ${service}`,
          description: "A paging alert of the HA test storm.",
          runbook_url: "https://runbooks.example.org/ha-storm.md",
        },
      };
    }),
  );
  return { file: stringify({ groups: [{ name: "ha-storm", rules }] }), planned };
}

export interface PageCounts {
  /** Groups planned and groups paged at least once. */
  groups: number;
  paged: number;
  /** Distinct dedup keys triggered: PagerDuty incidents. */
  incidents: number;
  /** Triggers of a dedup key after its first: second pages. */
  retriggers: number;
  /** For each of those, how long after the key's first trigger it came. */
  retriggerAfterMs: number[];
  resolves: number;
  /** From each group's start of firing to its first page, the largest. */
  worstFirstPageMs: number;
}

function countPages(h: Harness, planned: Planned[]): PageCounts {
  const triggers = h.pagerDuty.accepted.filter((r) => r.body.event_action === "trigger");
  const first = new Map<string, Received<PagerDutyEvent>>();
  for (const t of triggers) {
    if (!first.has(t.body.dedup_key)) {
      first.set(t.body.dedup_key, t);
    }
  }
  const firstByGroup = new Map([...first.values()].map((t) => [groupOfEvent(t.body.payload.custom_details), t.at]));
  return {
    groups: planned.length,
    paged: planned.filter((p) => firstByGroup.has(p.key)).length,
    incidents: first.size,
    retriggers: triggers.length - first.size,
    retriggerAfterMs: triggers
      .filter((t) => first.get(t.body.dedup_key) !== t)
      .map((t) => t.at - first.get(t.body.dedup_key)!.at),
    resolves: h.pagerDuty.accepted.filter((r) => r.body.event_action === "resolve").length,
    worstFirstPageMs: Math.max(...planned.map((p) => (firstByGroup.get(p.key) ?? Infinity) - p.at)),
  };
}

async function waitPaged(h: Harness, planned: Planned[], timeoutMs: number): Promise<void> {
  const paged = () => new Set(h.pagerDuty.triggers.map((t) => groupOfEvent(t.payload.custom_details)));
  await h.pagerDuty.waitFor(
    `${planned.length} groups paged`,
    () => planned.every((p) => paged().has(p.key)),
    timeoutMs,
  );
}

/** Every planned alert held by every one of `members`, checked through each replica's own API. */
export async function heldByAll(members: Alertmanager[], planned: Planned[], timeoutMs = 10_000): Promise<void> {
  await until(
    `every alert at all ${members.length} replicas`,
    async () => {
      for (const m of members) {
        const held = await alertsAt(m);
        const missing = planned.filter((p) => !held.has(p.key));
        if (missing.length > 0) {
          return `${m.url} lacks ${missing.map((p) => p.key).join(", ")}`;
        }
      }
      return true;
    },
    timeoutMs,
  );
}

/** A second trigger of a dedup key, and who sent the first one and when, relative to the kill. */
export interface SecondTrigger {
  dedupKey: string;
  /** The replica (its external URL) that sent the first trigger, and the one that sent this. */
  firstBy: string;
  by: string;
  /** From the first trigger to the SIGKILL: how long the killed replica had to gossip "sent". */
  firstBeforeKillMs: number;
  afterMs: number;
}

export interface KillResult extends PageCounts {
  peerTimeoutMs: number;
  groupWaitMs: number;
  killed: string;
  secondTriggers: SecondTrigger[];
}

function secondTriggers(h: Harness, killedAt: number): SecondTrigger[] {
  const triggers = h.pagerDuty.accepted.filter((r) => r.body.event_action === "trigger");
  return triggers.flatMap((t) => {
    const first = triggers.find((f) => f.body.dedup_key === t.body.dedup_key)!;
    return first === t
      ? []
      : [
          {
            dedupKey: t.body.dedup_key,
            firstBy: first.body.client_url ?? "?",
            by: t.body.client_url ?? "?",
            firstBeforeKillMs: killedAt - first.at,
            afterMs: t.at - first.at,
          },
        ];
  });
}

/**
 * 3 replicas found through DNS; a storm of 5 waves of 4 groups, one every
 * 4 s; the replica that sends first is SIGKILLed as wave 3 fires, and stays
 * in DNS (a lost node's pod is not removed at once).
 */
export async function stormWithKill(h: Harness): Promise<KillResult> {
  const { peerTimeoutMs } = gossipTimings(h.stack.clusterTuning);
  const groupWaitMs = durationMs(h.stack.timings.groupWait) ?? 0;
  const replicas = await Replicas.start(h, 3);
  const start = Date.now() + 8_000;
  const waves = [0, 1, 2, 3, 4].map((w) => start + w * 4_000);
  const { file, planned } = stormRules(h.stack.stack, waves, 4);
  await startDiscoveringPrometheus(h, replicas, { ruleFiles: { [RULE_FILE]: file } });
  const before = planned.filter((p) => p.at < waves[2]);
  await waitPaged(h, before, 30_000);
  await heldByAll(replicas.members, before);
  const victim = await firstInLine(replicas.members);
  await sleep(Math.max(0, waves[2] + 1_500 - Date.now()));
  const killedAt = Date.now();
  await replicas.kill(victim);
  await waitPaged(h, planned, 60_000);
  await heldByAll(replicas.members, planned);
  // Past every survivor's peer wait for the last wave: any second page has shown.
  await sleep(Math.max(0, waves[4] + groupWaitMs + 2 * peerTimeoutMs + 3_000 - Date.now()));
  return {
    ...countPages(h, planned),
    peerTimeoutMs,
    groupWaitMs,
    killed: victim.url,
    secondTriggers: secondTriggers(h, killedAt),
  };
}

export interface RollingResult extends PageCounts {
  peerTimeoutMs: number;
  groupWaitMs: number;
  /** The alerts that fired before the rollout, from firing to page: 3 replicas found by DNS. */
  steadyPageMs: number;
  /** The alert that started firing mid-rollout, from firing to page. */
  midRolloutPageMs: number;
}

/**
 * A rolling restart as the Deployment does it on a config change (maxSurge
 * 1, maxUnavailable 0, minReadySeconds): a new pod joins and is published,
 * minReadySeconds later an old one leaves DNS and gets SIGTERM, three times.
 * Four groups fire before it, one more in the middle of it.
 */
export async function rollingRestart(h: Harness): Promise<RollingResult> {
  const { peerTimeoutMs } = gossipTimings(h.stack.clusterTuning);
  const groupWaitMs = durationMs(h.stack.timings.groupWait) ?? 0;
  const minReadyMs = h.stack.minReadySeconds * 1000;
  const replicas = await Replicas.start(h, 3);
  const start = Date.now() + 8_000;
  // Wave 1 fires after the first old pod has gone, while the second new one settles.
  const waves = [start, start + 8_000 + minReadyMs + 6_000];
  const { file, planned } = stormRules(h.stack.stack, waves, 4);
  await startDiscoveringPrometheus(h, replicas, { ruleFiles: { [RULE_FILE]: file } });
  const steady = planned.filter((p) => p.at === start);
  await waitPaged(h, steady, 30_000);
  for (const old of [...replicas.members]) {
    await replicas.add();
    await sleep(minReadyMs);
    await replicas.terminate(old);
  }
  await waitPaged(h, planned, 60_000);
  await heldByAll(replicas.members, planned, 2 * minReadyMs);
  await sleep(groupWaitMs + 2 * peerTimeoutMs + 3_000);
  const counts = countPages(h, planned);
  const mid = countPages(
    h,
    planned.filter((p) => p.at === waves[1]),
  );
  const steadyCounts = countPages(h, steady);
  return {
    ...counts,
    peerTimeoutMs,
    groupWaitMs,
    steadyPageMs: steadyCounts.worstFirstPageMs,
    midRolloutPageMs: mid.worstFirstPageMs,
  };
}

async function onProd<T>(scenario: (h: Harness) => Promise<T>): Promise<T> {
  const h = await Harness.start({ stack: "prod", timings: DNS_HA_TIMINGS });
  try {
    return await scenario(h);
  } finally {
    await h.stop();
  }
}

/** The prod stack's {@link stormWithKill}, from the harness's start to its stop: for tests/e2e/support/in-namespace. */
export function stormWithKillOnProd(): Promise<KillResult> {
  return onProd(stormWithKill);
}

/** The prod stack's {@link rollingRestart}, from the harness's start to its stop: for tests/e2e/support/in-namespace. */
export function rollingRestartOnProd(): Promise<RollingResult> {
  return onProd(rollingRestart);
}
