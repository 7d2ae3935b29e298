import { WATCHDOG_ALERT, WATCHDOG_SLO } from "../alerts/conventions";
import { durationMs, formatSeconds } from "../settings/duration";
import { RoutingSettings } from "../settings/types";
import { RECEIVERS } from "./receivers";

function half(interval: string): string {
  const ms = durationMs(interval) ?? 60_000;
  return ms % 2000 === 0 ? formatSeconds(ms / 2000) : `${Math.floor(ms / 2)}ms`;
}

/**
 * The routes of the dead man's switch, first in the tree.
 *
 * Ours only: the stack and our `slo` label, so a Watchdog from another
 * Prometheus (kube-prometheus-stack ships one) that reaches this
 * Alertmanager cannot keep the heartbeat alive while ours is dead; those
 * go to the null receiver rather than to Slack as severity-less alerts.
 *
 * Every interval: Alertmanager flushes the group each group_interval and
 * sends only if repeat_interval has passed since the last send. With both
 * equal, a flush a few ms early skips a beat (gaps of 1 or 2 intervals at
 * random, measured); half the interval makes every flush send.
 */
export function heartbeatRoutes(routing: RoutingSettings, receiver: string): Array<Record<string, unknown>> {
  const interval = routing.heartbeat?.interval ?? "1m";
  return [
    {
      receiver,
      matchers: [`alertname="${WATCHDOG_ALERT}"`, `stack="${routing.stack}"`, `slo="${WATCHDOG_SLO}"`],
      group_wait: "0s",
      group_interval: interval,
      repeat_interval: half(interval),
    },
    { receiver: RECEIVERS.none, matchers: [`alertname="${WATCHDOG_ALERT}"`] },
  ];
}
