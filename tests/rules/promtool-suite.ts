import { AlertDefinition, CATALOGUE } from "../../src/alerts/catalogue";
import { catalogueRules, forMinutes, RenderedAlertRule } from "./rendered-rules";
import { HeartbeatScenario, IncidentScenario, QuietCase, Scenario, SCENARIOS } from "./scenarios";
import { InputSeries, sampleCount } from "./series";
import { TEAM_DEFAULTS } from "../../src/settings/teams";

// The shape of a promtool unit test file (`promtool test rules`), kept to the fields used here.
interface ExpectedAlert {
  exp_labels: Record<string, string>;
  exp_annotations: Record<string, string>;
}

/** promtool lists only firing alerts, so an empty `exp_alerts` means "not firing" (inactive or pending). */
interface AlertCheck {
  eval_time: string;
  alertname: string;
  exp_alerts: ExpectedAlert[];
}

interface TestGroup {
  name: string;
  interval: string;
  input_series: InputSeries[];
  alert_rule_test: AlertCheck[];
}

export interface PromtoolSuite {
  rule_files: string[];
  evaluation_interval: string;
  tests: TestGroup[];
}

const VALUE = /\{\{\s*\$value(?:\s*\|\s*\w+(?:\s+"[^"]*")?)?\s*\}\}/g;

function minute(n: number): string {
  return `${n}m`;
}

/** The annotation Prometheus sends when `$value` prints as `value`; anything else templated cannot be predicted, so it is refused. */
function expandAnnotation(alert: string, template: string, value: string | undefined): string {
  if (template.search(VALUE) >= 0 && value === undefined) {
    throw new Error(`${alert}: an annotation shows $value but its scenario gives no value`);
  }
  const text = template.replace(VALUE, value ?? "");
  if (text.includes("{{")) {
    throw new Error(`${alert}: annotation "${template}" uses template syntax the scenario cannot predict`);
  }
  return text;
}

function expectedAlert(
  def: AlertDefinition,
  rule: RenderedAlertRule,
  stack: string,
  value: string | undefined,
  exprLabels = {},
): ExpectedAlert {
  if (value !== undefined && Object.values(rule.annotations).every((t) => t.search(VALUE) < 0)) {
    throw new Error(`${def.name}: the scenario gives a value "${value}" that no annotation shows`);
  }
  return {
    // From the catalogue, not the rendered rule, so a rendering slip that mislabels an alert is caught.
    exp_labels: {
      severity: def.severity,
      slo: def.slo,
      service: def.area,
      stack,
      // The seed's alerts belong to the default team; the committed stacks keep the default one.
      team: TEAM_DEFAULTS.defaultTeam,
      ...exprLabels,
    },
    exp_annotations: Object.fromEntries(
      Object.entries(rule.annotations).map(([key, t]) => [key, expandAnnotation(def.name, t, value)]),
    ),
  };
}

/** The last minute every series of a group still has data for. */
function lastMinute(alert: string, series: InputSeries[]): number {
  if (series.length === 0) {
    throw new Error(`${alert}: a scenario without input series proves nothing`);
  }
  return Math.min(...series.map((s) => sampleCount(s.values))) - 1;
}

function quietGroup(def: AlertDefinition, rule: RenderedAlertRule, quiet: QuietCase): TestGroup {
  const end = lastMinute(def.name, quiet.series);
  if (end <= forMinutes(rule)) {
    throw new Error(
      `${def.name}: "${quiet.situation}" ends at minute ${end}, before the alert could even fire (for: ${rule.for})`,
    );
  }
  return {
    name: `${def.name} stays silent on ${quiet.situation}`,
    interval: "1m",
    input_series: quiet.series,
    alert_rule_test: Array.from({ length: end + 1 }, (_, t) => ({
      eval_time: minute(t),
      alertname: def.name,
      exp_alerts: [],
    })),
  };
}

function incidentGroups(
  def: AlertDefinition,
  rule: RenderedAlertRule,
  stack: string,
  scenario: IncidentScenario,
): TestGroup[] {
  const firesAt = scenario.breachFrom + forMinutes(rule);
  const end = lastMinute(def.name, scenario.series);
  if (firesAt < 1 || firesAt >= scenario.resolvedBy || scenario.resolvedBy > end) {
    throw new Error(
      `${def.name}: the scenario must breach before minute ${firesAt - 1}, fire at ${firesAt} (for: ${rule.for ?? "0s"}), ` +
        `resolve after that (resolvedBy ${scenario.resolvedBy}) and have data up to then (it ends at ${end})`,
    );
  }
  const check = (t: number, firing: boolean): AlertCheck => ({
    eval_time: minute(t),
    alertname: def.name,
    exp_alerts: firing ? [expectedAlert(def, rule, stack, scenario.value, scenario.exprLabels)] : [],
  });
  return [
    {
      name: `${def.name} breaching from minute ${scenario.breachFrom} is silent at ${firesAt - 1}, fires at ${firesAt} and is resolved at ${scenario.resolvedBy}`,
      interval: "1m",
      input_series: scenario.series,
      alert_rule_test: [check(firesAt - 1, false), check(firesAt, true), check(scenario.resolvedBy, false)],
    },
    ...scenario.quiet.map((q) => quietGroup(def, rule, q)),
  ];
}

function heartbeatGroup(
  def: AlertDefinition,
  rule: RenderedAlertRule,
  stack: string,
  scenario: HeartbeatScenario,
): TestGroup {
  return {
    name: `${def.name} fires from the first evaluation on, with no data at all`,
    interval: "1m",
    input_series: [],
    alert_rule_test: scenario.firesAt.map((t) => ({
      eval_time: minute(t),
      alertname: def.name,
      exp_alerts: [expectedAlert(def, rule, stack, undefined)],
    })),
  };
}

/**
 * The promtool unit tests of one stack's rule files: every alert of the
 * catalogue on both sides of its `for:` (read from the rendered rule, so a
 * stack's override is what gets tested), on recovery, and on quiet data.
 */
export function promtoolSuite(stack: string, ruleFiles: Record<string, string>): PromtoolSuite {
  const rules = catalogueRules(ruleFiles);
  const tests = CATALOGUE.flatMap((def) => {
    const rule = rules.get(def.name);
    const scenario: Scenario | undefined = SCENARIOS[def.name];
    if (rule === undefined) {
      throw new Error(`${def.name} is in the catalogue but not in the rule files of stack ${stack}`);
    }
    if (scenario === undefined) {
      throw new Error(`${def.name} has no scenario in tests/rules/scenarios.ts`);
    }
    return scenario.kind === "heartbeat"
      ? [heartbeatGroup(def, rule, stack, scenario)]
      : incidentGroups(def, rule, stack, scenario);
  });
  return { rule_files: Object.keys(ruleFiles).sort(), evaluation_interval: "1m", tests };
}
