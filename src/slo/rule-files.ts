import { SEED_FAMILY_ALERTS } from "../alerts/catalogue";
import { AlertRuleSettings, buildSeedRuleFiles, RuleFile, RuleGroup } from "../alerts/rules";
import { SpecRuleContext, sloRuleGroups } from "../slo-rules/generate";
import { seedArea } from "../slo-rules/seed";
import { SloModel } from "../specs/model";
import { BurnRateSettings, RuleFamilies } from "./types";

export interface RuleFileSettings extends AlertRuleSettings {
  ruleFamilies: RuleFamilies;
  burnRate: BurnRateSettings;
  /** Owner of the seed's SLOs and of every spec SLO without a team label (`defaultTeam`). */
  defaultTeam: string;
}

/** How the stack's settings shape every spec SLO's rules: budget window, low-traffic guard, runbooks. */
export function specRuleContext(settings: RuleFileSettings): SpecRuleContext {
  return {
    stack: settings.stack,
    runbookBaseUrl: settings.runbookBaseUrl,
    defaultTeam: settings.defaultTeam,
    retention: settings.burnRate.retention,
    minEventsPerMinute: settings.burnRate.minRequestsPerMinute,
  };
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

/**
 * The rule files of the stack's alert families, one per seed area. The
 * seed's SLOs, read from slos/, join their area's file as before they were
 * data, so a deployed stack keeps its ConfigMaps; `ruleFamilies` decides
 * whether their burn-rate groups deploy.
 */
export function buildRuleFiles(settings: RuleFileSettings, seedSlos: readonly SloModel[]): RuleFile[] {
  const ctx = specRuleContext(settings);
  return buildSeedRuleFiles(settings).map((file) => ({
    ...file,
    groups: [
      ...(settings.ruleFamilies === "burn-rate" ? file.groups.map(withoutSeedThresholds) : file.groups),
      ...(settings.ruleFamilies === "seed"
        ? []
        : seedSlos.filter((slo) => seedArea(slo) === file.area).flatMap((slo) => sloRuleGroups(slo, ctx))),
    ],
  }));
}
