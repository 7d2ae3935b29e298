import { Area } from "../../src/alerts/conventions";
import { renderRuleFile, RuleFile, ruleFileName } from "../../src/alerts/rules";
import { parseSettings } from "../../src/settings/parse";
import { Settings } from "../../src/settings/types";
import { stackAreaRuleFiles } from "../../src/slo-rules/stack";
import { sourceOf, VALID } from "../unit/settings-source";
import { ExpectedAlert, renderedRules } from "./promtool";

/** The settings of a minimal stack "dev", plus `values` as raw config text. */
export function settingsWith(values: Record<string, string> = {}): Settings {
  return parseSettings(sourceOf({ ...VALID, ...values }));
}

/** The seed areas' rule files the program would deploy with those settings, the shipped slos/ read as it reads them. */
export function areaRuleFiles(settings: Settings = settingsWith()): RuleFile[] {
  return stackAreaRuleFiles(process.cwd(), settings.specs, settings.rules);
}

/** The rule files the program would deploy with those settings, by file name. */
export function renderedFiles(settings: Settings = settingsWith()): Record<string, string> {
  return Object.fromEntries(areaRuleFiles(settings).map((f) => [f.fileName, renderRuleFile(f)]));
}

/** Only the rule file of one SLO area: promtool then evaluates fewer rules at every step. */
export function areaFile(files: Record<string, string>, area: Area): Record<string, string> {
  const name = ruleFileName(area);
  return { [name]: files[name] };
}

/**
 * The seed's burn-rate alerts come from slos/ through the spec generator, so
 * they keep the recorded ratios' Sloth labels, as Sloth's own alerts do:
 * sloth_id and sloth_slo (the slo) and sloth_service (the service). Routing,
 * grouping and silences read none of them (tests/golden/seed-slos.test.ts).
 * Like every spec SLO's alert they carry their owner, the default team
 * (`sre` unless defaultTeam says otherwise), which routing reads.
 */
export function withSlothLabels(alertname: string, labels: Record<string, string>): Record<string, string> {
  return /BudgetBurn(Page|Ticket)$/.test(alertname)
    ? { team: "sre", ...labels, sloth_id: labels.slo, sloth_service: labels.service, sloth_slo: labels.slo }
    : labels;
}

const BURN = /\{\{ printf "%\.1f" \$value \}\}/;
const BUDGET_LEFT = /\{\{ with query `[^`]+` \}\}.*?\{\{ else \}\}unknown\{\{ end \}\}/;

/**
 * The alert as promtool should report it: the given labels, and the rule's
 * annotations with the burn rate and the budget left as Prometheus renders
 * them. Any other template left in an annotation fails the test rather than
 * being guessed.
 */
export function firing(
  files: Record<string, string>,
  alertname: string,
  labels: Record<string, string>,
  burn: string,
  budgetLeft: string,
): ExpectedAlert {
  const expected = withSlothLabels(alertname, labels);
  // The tiers of an SLO share an alert name; their labels tell them apart.
  const rule = renderedRules(files).find(
    (r) => r.alert === alertname && Object.entries(r.labels ?? {}).every(([k, v]) => expected[k] === v),
  );
  if (rule === undefined) {
    throw new Error(`no rule ${alertname} with labels ${JSON.stringify(labels)} in the rendered files`);
  }
  const annotations = Object.fromEntries(
    Object.entries(rule.annotations ?? {}).map(([key, text]) => {
      const expanded = text.replace(BURN, burn).replace(BUDGET_LEFT, budgetLeft);
      if (expanded.includes("{{")) {
        throw new Error(`${alertname}: annotation ${key} has a template this test cannot predict: ${text}`);
      }
      return [key, expanded];
    }),
  );
  return { exp_labels: expected, exp_annotations: annotations };
}
