import { Area, METRICS } from "../alerts/conventions";
import { Selectors, series, serverErrors, userRequests } from "../alerts/selectors";
import { SLOS, SloName } from "../slo/slos";
import { BurnRateSettings } from "../slo/types";
import { Indicator, SloModel } from "../specs/model";
import { indicatorOf } from "../specs/openslo-parts";

// The seed's three SLOs live in the shipped slos/ files. Their SLIs are
// shaped by stack settings (apiJob, health checks, environment, latency
// threshold) that a file cannot know, so the program renders what the
// shipped file says with the stack's settings, and refuses a stack whose
// settings would silently lose their effect on a file someone edited.

/** The settings that shape the seed's SLIs and objectives. */
export interface SeedSliSettings {
  selectors: Selectors;
  burnRate: BurnRateSettings;
}

/** Setting keys whose effect on a seed SLI needs the shipped query. */
interface Shaping {
  key: string;
  changed: (s: SeedSliSettings, d: SeedSliSettings) => boolean;
}

const SELECTOR_SETTINGS: Shaping[] = [
  { key: "apiJob", changed: (s, d) => s.selectors.apiJob !== d.selectors.apiJob },
  { key: "httpStatusLabel", changed: (s, d) => s.selectors.statusLabel !== d.selectors.statusLabel },
  { key: "httpPathLabel", changed: (s, d) => s.selectors.pathLabel !== d.selectors.pathLabel },
  {
    key: "healthCheckPathRegex",
    changed: (s, d) => s.selectors.healthCheckPathRegex !== d.selectors.healthCheckPathRegex,
  },
];
const ENVIRONMENT: Shaping = {
  key: "environmentSelector",
  changed: (s, d) => s.selectors.environment !== d.selectors.environment,
};
const LATENCY_THRESHOLD: Shaping = {
  key: "apiLatencyObjective.thresholdSeconds",
  changed: (s, d) => s.burnRate.apiLatency.thresholdSeconds !== d.burnRate.apiLatency.thresholdSeconds,
};

interface SeedSlo {
  area: Area;
  /** The setting that, set by the stack, overrides the file's objective. */
  objectiveSetting: "apiAvailabilityObjective" | "apiLatencyObjective" | "dispatchObjective";
  objective: (s: SeedSliSettings) => number;
  shaping: Shaping[];
  /** The indicator as the OpenSLO reader reads the shipped file, rendered with these settings. */
  indicator: (s: SeedSliSettings) => Indicator;
}

const SEED: Record<SloName, SeedSlo> = {
  "api-availability": {
    area: "api",
    objectiveSetting: "apiAvailabilityObjective",
    objective: (s) => s.burnRate.apiAvailability.target,
    shaping: [...SELECTOR_SETTINGS, ENVIRONMENT],
    indicator: (s) =>
      indicatorOf({ kind: "ratio", counter: true, bad: serverErrors(s.selectors), total: userRequests(s.selectors) }),
  },
  "api-latency": {
    area: "api",
    objectiveSetting: "apiLatencyObjective",
    objective: (s) => s.burnRate.apiLatency.target,
    shaping: [ENVIRONMENT, LATENCY_THRESHOLD],
    indicator: (s) =>
      indicatorOf(
        { kind: "threshold", query: series(`${METRICS.apiRequestDuration}_bucket`, s.selectors) },
        { op: "lte", value: s.burnRate.apiLatency.thresholdSeconds },
      ),
  },
  dispatch: {
    area: "dispatch",
    objectiveSetting: "dispatchObjective",
    objective: (s) => s.burnRate.dispatch.target,
    shaping: [ENVIRONMENT],
    indicator: (s) =>
      indicatorOf({
        kind: "ratio",
        counter: false,
        bad: `rate(${series(METRICS.dispatchBreaches, s.selectors)}[1m]) * 60`,
        total: "vector(1)",
      }),
  },
};

export const SEED_SLO_NAMES: readonly string[] = SLOS.map((s) => s.slo);

export function isSeedSlo(slo: Pick<SloModel, "name">): boolean {
  return SEED_SLO_NAMES.includes(slo.name);
}

/** The seed area whose rule file an SLO joins, or undefined for any other SLO. */
export function seedArea(slo: Pick<SloModel, "name">): Area | undefined {
  return isSeedSlo(slo) ? SEED[slo.name as SloName].area : undefined;
}

function same(a: Indicator, b: Indicator): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * The seed's SLOs with the stack's settings applied: a shipped query (equal
 * to the file as shipped) is rendered with the stack's selectors; an edited
 * one is kept, and a stack that sets a shaping setting then gets a problem
 * naming it, rather than a setting without effect. The objective settings
 * override the file's target when the stack sets them (`objectivesSet`).
 */
export function applySeedSettings(
  slos: readonly SloModel[],
  stack: SeedSliSettings,
  defaults: SeedSliSettings,
  objectivesSet: readonly string[],
): { slos: SloModel[]; problems: string[] } {
  const problems: string[] = [];
  const out = slos.map((slo) => {
    if (!isSeedSlo(slo)) {
      return slo;
    }
    const seed = SEED[slo.name as SloName];
    const where = `${slo.origin.file}: SLO "${slo.name}"`;
    if (slo.service !== seed.area) {
      problems.push(
        `${where}: service "${slo.service}" is not the seed's "${seed.area}": the seed's alerts of this SLO are bound to it; use service: ${seed.area} or give the SLO another name`,
      );
    }
    let indicator = slo.indicator;
    if (same(slo.indicator, seed.indicator(defaults))) {
      indicator = seed.indicator(stack);
    } else {
      const changed = seed.shaping.filter((s) => s.changed(stack, defaults)).map((s) => s.key);
      if (changed.length > 0) {
        problems.push(
          `${where}: its query is not the shipped one, and this stack sets ${changed.join(", ")}, which the program applies only to the shipped queries; write them into the file's queries and unset them, or restore the shipped queries (git checkout slos/)`,
        );
      }
    }
    const objective = objectivesSet.includes(seed.objectiveSetting)
      ? Number((seed.objective(stack) / 100).toPrecision(12))
      : slo.objective;
    return { ...slo, indicator, objective };
  });
  return { slos: out, problems };
}

/** The seed SLO a setting overrides the objective of, e.g. apiAvailabilityObjective → api-availability. */
export function sloOfObjectiveSetting(key: string): string | undefined {
  return Object.entries(SEED).find(([, seed]) => seed.objectiveSetting === key)?.[0];
}
