import { SEED_FAMILY_ALERTS } from "../alerts/catalogue";
import { AlertRuleSettings, buildSeedRuleFiles, RuleFile, RuleGroup } from "../alerts/rules";
import { burnRateGroups } from "./burn-rate";
import { sloDefinitions } from "./slos";
import { BurnRateSettings, RuleFamilies } from "./types";
import { WORKBOOK_30D } from "./windows";

export interface RuleFileSettings extends AlertRuleSettings {
  ruleFamilies: RuleFamilies;
  burnRate: BurnRateSettings;
}

// The seed's threshold alerts are the tunable ones. The absence guards and
// the Watchdog stay in every family: without them either family fails silent;
// only the guards of counters that just the seed's thresholds read go with them.
function withoutSeedThresholds(group: RuleGroup): RuleGroup {
  return {
    ...group,
    rules: group.rules.filter((r) => r.alert === undefined || !SEED_FAMILY_ALERTS.includes(r.alert)),
  };
}

/** The rule files of the stack's alert families, still one per SLO area: burn-rate groups join their service's file. */
export function buildRuleFiles(settings: RuleFileSettings): RuleFile[] {
  const slos = sloDefinitions(settings.selectors, settings.burnRate);
  const ctx = {
    stack: settings.stack,
    runbookBaseUrl: settings.runbookBaseUrl,
    windows: WORKBOOK_30D,
    minRequestsPerMinute: settings.burnRate.minRequestsPerMinute,
    retention: settings.burnRate.retention,
  };
  return buildSeedRuleFiles(settings).map((file) => ({
    ...file,
    groups: [
      ...(settings.ruleFamilies === "burn-rate" ? file.groups.map(withoutSeedThresholds) : file.groups),
      ...(settings.ruleFamilies === "seed"
        ? []
        : slos.filter((slo) => slo.service === file.area).flatMap((slo) => burnRateGroups(slo, ctx))),
    ],
  }));
}
