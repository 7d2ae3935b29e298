import { durationMs } from "../../src/settings/duration";
import { Labels, Timeline } from "./timeline";

/** The parts of alertmanager.yml that decide what on-call receives. */
export interface NotificationConfig {
  route: {
    receiver: string;
    group_by: string[];
    group_wait: string;
    group_interval: string;
    repeat_interval: string;
    routes: Array<{ receiver: string; matchers: string[]; group_by?: string[] }>;
  };
  inhibit_rules: Array<{ source_matchers: string[]; target_matchers: string[]; equal: string[] }>;
}

export interface Notification {
  /** Seconds from the start of the data. */
  at: number;
  receiver: string;
  alertnames: string[];
  /** A notification of a group none of whose alerts was firing at the previous one. */
  opensIncident: boolean;
  /** The group key: for PagerDuty, the dedup_key, so one incident per key while it stays open. */
  group: string;
  /** The group's "resolved" notification: none of its alerts fires any more. */
  resolved: boolean;
}

const MATCHER = /^(\w+)(=~|!~|!=|=)"(.*)"$/;

function matches(matcher: string, labels: Labels): boolean {
  const m = MATCHER.exec(matcher);
  if (m === null) {
    throw new Error(`cannot read matcher ${matcher}`);
  }
  const [, name, op, value] = m;
  const actual = labels[name] ?? "";
  switch (op) {
    case "=":
      return actual === value;
    case "!=":
      return actual !== value;
    case "=~":
      return new RegExp(`^(?:${value})$`).test(actual);
    default:
      return !new RegExp(`^(?:${value})$`).test(actual);
  }
}

const all = (matchers: string[], labels: Labels): boolean => matchers.every((m) => matches(m, labels));
const key = (labels: Labels): string => JSON.stringify(Object.entries(labels).sort());

/** Alertmanager's inhibition: a firing source mutes a target with equal labels, except among two-sided matches. */
function muted(alert: Labels, firing: Labels[], config: NotificationConfig): boolean {
  return config.inhibit_rules.some((rule) => {
    if (!all(rule.target_matchers, alert)) {
      return false;
    }
    const twoSided = all(rule.source_matchers, alert);
    return firing.some(
      (source) =>
        all(rule.source_matchers, source) &&
        !(twoSided && all(rule.target_matchers, source)) &&
        rule.equal.every((l) => (source[l] ?? "") === (alert[l] ?? "")),
    );
  });
}

function routeOf(alert: Labels, config: NotificationConfig): { receiver: string; group_by?: string[] } {
  return config.route.routes.find((r) => all(r.matchers, alert)) ?? config.route;
}

function receiverOf(alert: Labels, config: NotificationConfig): string {
  return routeOf(alert, config).receiver;
}

interface Group {
  receiver: string;
  nextFlush: number;
  /** Alerts resolved since the last flush: Alertmanager still holds them. */
  resolved: Map<string, Labels>;
}

/** Alertmanager's notification log entry of a group: what it last sent. It outlives the group. */
interface Sent {
  firing: Set<string>;
  resolved: Set<string>;
  at: number;
}

/**
 * What Alertmanager sends for an alert timeline: alerts grouped by route and
 * group_by, a group's first flush after group_wait and then one every
 * group_interval, inhibited alerts dropped, and a notification (send_resolved) only when the
 * set of firing alerts grows, an alert resolves (send_resolved), or
 * repeat_interval passes — the rules of its dedup stage.
 */
export function notifications(
  timeline: Timeline,
  from: number,
  to: number,
  config: NotificationConfig,
): Notification[] {
  const seconds = (d: string): number => (durationMs(d) ?? 0) / 1000;
  const wait = seconds(config.route.group_wait);
  const interval = seconds(config.route.group_interval);
  const repeat = seconds(config.route.repeat_interval);
  // A route's own group_by replaces the parent's, as in Alertmanager (the PagerDuty route groups by stack and slo).
  const groupKey = (a: Labels): string => {
    const route = routeOf(a, config);
    const by = route.group_by ?? config.route.group_by;
    return `${route.receiver} ${key(Object.fromEntries(by.map((l) => [l, a[l] ?? ""])))}`;
  };
  const groups = new Map<string, Group>();
  const log = new Map<string, Sent>();
  const sent: Notification[] = [];
  let previous: Labels[] = [];
  // Alertmanager hears from Prometheus every minute; a group can flush in between, so step by the finest timing.
  const step = [wait, interval, 60].reduce((a, b) => gcd(a, b));
  for (let at = from * 60; at <= to * 60; at += step) {
    const firing = timeline.get(Math.floor(at / 60)) ?? [];
    if (at % 60 === 0) {
      const now = new Set(firing.map(key));
      for (const gone of previous.filter((a) => !now.has(key(a)))) {
        groups.get(groupKey(gone))?.resolved.set(key(gone), gone);
      }
      for (const alert of firing) {
        const k = groupKey(alert);
        if (!groups.has(k)) {
          groups.set(k, { receiver: receiverOf(alert, config), nextFlush: at + wait, resolved: new Map() });
        }
      }
      previous = firing;
    }
    for (const [k, group] of groups) {
      if (at < group.nextFlush) {
        continue;
      }
      group.nextFlush = at + interval;
      const held = [...firing.filter((a) => groupKey(a) === k), ...group.resolved.values()];
      const shown = held.filter((a) => !muted(a, firing, config));
      const firingNow = new Set(shown.filter((a) => !group.resolved.has(key(a))).map(key));
      const resolvedNow = new Set(shown.filter((a) => group.resolved.has(key(a))).map(key));
      group.resolved.clear();
      const last = log.get(k);
      if (shown.length > 0 && needsUpdate(last, firingNow, resolvedNow, at, repeat)) {
        sent.push({
          at,
          receiver: group.receiver,
          alertnames: [...new Set(shown.filter((a) => firingNow.has(key(a))).map((a) => a.alertname))],
          opensIncident: firingNow.size > 0 && (last === undefined || last.firing.size === 0),
          group: k,
          resolved: firingNow.size === 0,
        });
        log.set(k, { firing: firingNow, resolved: resolvedNow, at });
      }
      // With its resolved alerts flushed, a group with nothing firing is gone; the next alert starts a new one.
      if (!firing.some((a) => groupKey(a) === k)) {
        groups.delete(k);
      }
    }
  }
  return sent;
}

function needsUpdate(
  last: Sent | undefined,
  firing: Set<string>,
  resolved: Set<string>,
  at: number,
  repeat: number,
): boolean {
  if (last === undefined) {
    return firing.size > 0;
  }
  if ([...firing].some((a) => !last.firing.has(a))) {
    return true;
  }
  if (firing.size === 0) {
    return last.firing.size > 0;
  }
  if ([...resolved].some((a) => !last.resolved.has(a))) {
    return true;
  }
  return at - last.at >= repeat;
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}
