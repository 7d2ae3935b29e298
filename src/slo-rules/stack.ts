import { existsSync } from "fs";
import { join } from "path";
import { DEFAULTS } from "../settings/parse";
import { SpecSettings } from "../settings/specs";
import { RuleFile } from "../alerts/rules";
import { buildRuleFiles, RuleFileSettings, specRuleContext } from "../slo/rule-files";
import { readSpecs, SloModel } from "../specs";
import { applySeedSettings, isSeedSlo, SeedSliSettings, sloOfObjectiveSetting } from "./seed";
import { shardRuleFiles, SpecRuleFile } from "./shard";

/** The seed SLIs' settings at their defaults: what the shipped slos/ files are written with. */
const SEED_DEFAULTS: SeedSliSettings = {
  selectors: {
    apiJob: DEFAULTS.apiJob,
    statusLabel: DEFAULTS.httpStatusLabel,
    pathLabel: DEFAULTS.httpPathLabel,
    healthCheckPathRegex: DEFAULTS.healthCheckPathRegex,
  },
  burnRate: {
    apiAvailability: { ...DEFAULTS.apiAvailabilityObjective },
    apiLatency: { ...DEFAULTS.apiLatencyObjective },
    dispatch: { ...DEFAULTS.dispatchObjective },
    minRequestsPerMinute: DEFAULTS.burnRateMinRequestsPerMinute,
    retention: DEFAULTS.prometheusRetention,
    objectivesSet: [],
  },
};

/**
 * The stack's SLOs, the seed's included, with its settings and overrides
 * applied. The default `slos` directory may be absent (no spec SLOs); a
 * path the stack names must exist. Every problem is thrown at once, before
 * any resource.
 */
export function stackSlos(root: string, settings: SpecSettings, rules: RuleFileSettings): SloModel[] {
  const entries = settings.sloSpecs.filter((e) => settings.sloSpecsSet || existsSync(join(root, e)));
  const read = entries.length === 0 ? [] : readSpecs(root, entries);
  const seed = applySeedSettings(
    read,
    { selectors: rules.selectors, burnRate: rules.burnRate },
    SEED_DEFAULTS,
    rules.burnRate.objectivesSet,
  );
  const slos = seed.slos;
  const problems = [...seed.problems];
  const known = `known: ${slos.map((s) => s.name).join(", ") || "none"}`;
  for (const key of rules.burnRate.objectivesSet) {
    const name = sloOfObjectiveSetting(key) as string;
    if (!slos.some((s) => s.name === name)) {
      problems.push(
        `${key}: sets the objective of the seed's SLO "${name}", which is not in sloSpecs (${settings.sloSpecs.join(", ")}); ${known}. Unset it, or add slos/ (the shipped seed SLOs) to sloSpecs`,
      );
    } else if (settings.sloOverrides[name]?.target !== undefined) {
      problems.push(
        `sloOverrides.${name}.target and ${key} both set the objective of "${name}"; keep one (sloOverrides works for every SLO)`,
      );
    }
  }
  for (const name of Object.keys(settings.sloOverrides).filter((n) => !slos.some((s) => s.name === n))) {
    problems.push(`sloOverrides.${name}: no SLO of that name in sloSpecs (${settings.sloSpecs.join(", ")}); ${known}`);
  }
  if (problems.length > 0) {
    throw new Error(`slo-alerting: the SLO specs cannot be used; nothing was created.\n  - ${problems.join("\n  - ")}`);
  }
  return slos.map((slo) => {
    const { target, minEventsPerMinute } = settings.sloOverrides[slo.name] ?? {};
    return {
      ...slo,
      ...(target === undefined ? {} : { objective: Number((target / 100).toPrecision(12)) }),
      ...(minEventsPerMinute === undefined ? {} : { alerting: { ...slo.alerting, minEventsPerMinute } }),
    };
  });
}

/** The rule files of the stack's spec SLOs but the seed's (they join the seed's area files), sharded. */
export function stackSpecRuleFiles(slos: readonly SloModel[], rules: RuleFileSettings): SpecRuleFile[] {
  return shardRuleFiles(
    slos.filter((slo) => !isSeedSlo(slo)),
    specRuleContext(rules),
  );
}

/** The seed areas' rule files of a stack (seed alerts and the seed SLOs read from its sloSpecs), as the program deploys them. */
export function stackAreaRuleFiles(root: string, settings: SpecSettings, rules: RuleFileSettings): RuleFile[] {
  return buildRuleFiles(rules, stackSlos(root, settings, rules).filter(isSeedSlo));
}
