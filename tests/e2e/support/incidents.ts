import { PagerDutyEvent } from "../../helpers/fake-receivers";
import { PostableAlert } from "./alerts";
import { PrometheusRule } from "../../../src/alerts/rules";
import { parse } from "yaml";

const VALID_FOR_MS = 4 * 60_000;

/**
 * The alert Prometheus would send for a rule of the program's files, its
 * annotations left as templates: burn-rate summaries query Prometheus, which
 * no test can expand here, and Alertmanager only copies the text.
 */
export function ruleAlert(
  files: Record<string, string>,
  name: string,
  labels: Record<string, string> = {},
): PostableAlert {
  const rule = Object.values(files)
    .flatMap((text) => (parse(text) as { groups: Array<{ rules: PrometheusRule[] }> }).groups.flatMap((g) => g.rules))
    .find((r) => r.alert === name && Object.entries(labels).every(([k, v]) => r.labels?.[k] === v));
  if (!rule) {
    throw new Error(`no rule named ${name} with labels ${JSON.stringify(labels)} in the program's rule files`);
  }
  const now = Date.now();
  return {
    labels: { alertname: name, ...rule.labels },
    annotations: rule.annotations ?? {},
    startsAt: new Date(now).toISOString(),
    endsAt: new Date(now + VALID_FOR_MS).toISOString(),
    generatorURL: "http://127.0.0.1:9090/graph",
  };
}

/** A silence on exact label values through Alertmanager's API v2, for an hour; returns its id. */
export async function silence(alertmanagerUrl: string, labels: Record<string, string>): Promise<string> {
  const now = Date.now();
  const response = await fetch(`${alertmanagerUrl}/api/v2/silences`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      matchers: Object.entries(labels).map(([name, value]) => ({ name, value, isRegex: false, isEqual: true })),
      startsAt: new Date(now).toISOString(),
      endsAt: new Date(now + 3_600_000).toISOString(),
      createdBy: "e2e",
      comment: "known slow burn",
    }),
    signal: AbortSignal.timeout(5_000),
  });
  if (response.status !== 200) {
    throw new Error(`silence refused with ${response.status}: ${await response.text()}`);
  }
  return ((await response.json()) as { silenceID: string }).silenceID;
}

/** Each PagerDuty incident (dedup_key) with its events' actions in order. */
export function incidents(events: PagerDutyEvent[]): Map<string, string[]> {
  const byKey = new Map<string, string[]>();
  for (const e of events) {
    byKey.set(e.dedup_key, [...(byKey.get(e.dedup_key) ?? []), e.event_action]);
  }
  return byKey;
}

/** Incidents whose last event is not a resolve: open in PagerDuty. */
export function openIncidents(events: PagerDutyEvent[]): string[] {
  return [...incidents(events)].filter(([, actions]) => actions.at(-1) !== "resolve").map(([key]) => key);
}
