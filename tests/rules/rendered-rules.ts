import { parse, stringify } from "yaml";
import { findAlert } from "../../src/alerts/catalogue";
import { durationMs } from "../../src/settings/duration";

/** One alerting rule as it reads in a rule file the program deployed. */
export interface RenderedAlertRule {
  alert: string;
  expr: string;
  for?: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

interface RuleFileDocument {
  groups: Array<{ rules: Array<Partial<RenderedAlertRule> & { record?: string }> }>;
}

function rulesOf(text: string): RuleFileDocument["groups"][number]["rules"] {
  return (parse(text) as RuleFileDocument).groups.flatMap((g) => g.rules);
}

/**
 * The files cut down to the groups holding a catalogue alert. The burn-rate
 * groups sharing the files have their own promtool tests and would double
 * promtool's time here. A group affects another only through the series it
 * records: a catalogue alert that came to read one would fail here, not pass.
 */
export function catalogueGroupsOnly(files: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(files).map(([fileName, text]) => {
      const doc = parse(text) as RuleFileDocument;
      const groups = doc.groups.filter((g) =>
        g.rules.some((r) => r.alert !== undefined && findAlert(r.alert) !== undefined),
      );
      return [fileName, stringify({ groups }, { lineWidth: 0 })];
    }),
  );
}

/** How many rules, recording and alerting, the files hold. */
export function ruleCount(files: Record<string, string>): number {
  return Object.values(files).reduce((sum, text) => sum + rulesOf(text).length, 0);
}

/** Every alerting rule of the files, in order; other families may give several rules one name. */
export function alertingRules(files: Record<string, string>): RenderedAlertRule[] {
  return Object.values(files).flatMap((text) =>
    rulesOf(text).filter((r): r is RenderedAlertRule => r.alert !== undefined),
  );
}

/** The catalogue's alerting rules by name; one defined twice is an error. */
export function catalogueRules(files: Record<string, string>): Map<string, RenderedAlertRule> {
  const rules = new Map<string, RenderedAlertRule>();
  for (const rule of alertingRules(files).filter((r) => findAlert(r.alert) !== undefined)) {
    if (rules.has(rule.alert)) {
      throw new Error(`alert ${rule.alert} is defined twice`);
    }
    rules.set(rule.alert, rule);
  }
  return rules;
}

/** The rule's `for:` in whole minutes, the resolution the promtool tests evaluate at. */
export function forMinutes(rule: RenderedAlertRule): number {
  const ms = durationMs(rule.for ?? "0s");
  if (ms === undefined || ms % 60_000 !== 0) {
    throw new Error(`${rule.alert}: for: ${rule.for} is not a whole number of minutes`);
  }
  return ms / 60_000;
}
