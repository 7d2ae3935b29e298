import { SettingReader } from "./reader";

export const DELIVERY_DEFAULTS = {
  pagerdutyPipelineService: true,
  emitPodMonitor: false,
} as const;

/** `pagerdutyPipelineService`: a second PagerDuty service for delivery-failure alerts (managed mode). */
export function parsePipelineService(r: SettingReader): boolean {
  return r.boolean("pagerdutyPipelineService", DELIVERY_DEFAULTS.pagerdutyPipelineService);
}

/** `deliveryAlertFor`: one `for:` for every delivery-failure alert instead of each one's own; unset keeps theirs. */
export function parseDeliveryAlertFor(r: SettingReader): string | undefined {
  return r.raw("deliveryAlertFor") === undefined ? undefined : r.duration("deliveryAlertFor", "5m");
}

/** `emitPodMonitor`: a prometheus-operator PodMonitor that scrapes the Alertmanager pods. */
export function parseEmitPodMonitor(r: SettingReader): boolean {
  return r.boolean("emitPodMonitor", DELIVERY_DEFAULTS.emitPodMonitor);
}
