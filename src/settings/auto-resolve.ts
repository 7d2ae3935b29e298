import { durationMs } from "./duration";
import { SettingReader } from "./reader";
import { ManagedPagerDuty, RoutingSettings } from "./types";

/**
 * PagerDuty's auto-resolve must not close an incident whose alert still
 * fires: Alertmanager re-sends a firing group only every repeat_interval, so
 * an auto-resolve at or under it closes a live outage's incident, and the
 * next repeat opens a new one. 0 (the default) turns it off: the incident
 * closes on Alertmanager's resolve (docs/incident-model.md).
 */
export function checkAutoResolve(r: SettingReader, pagerduty: ManagedPagerDuty, routing: RoutingSettings): void {
  const seconds = pagerduty.autoResolveTimeoutSeconds;
  const repeatSeconds = (durationMs(routing.repeatInterval) ?? 0) / 1000;
  if (seconds > 0 && seconds <= repeatSeconds) {
    r.fail(
      "autoResolveTimeoutSeconds",
      `${seconds} is not above repeatInterval (${routing.repeatInterval}, ${repeatSeconds} s): PagerDuty would resolve the incident of an outage still firing, and the next repeat would open a second one`,
      `turn it off with \`pulumi config set autoResolveTimeoutSeconds 0 --stack ${r.source.stack}\`, or set it above ${repeatSeconds}`,
    );
  }
}
