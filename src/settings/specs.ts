import { SettingReader } from "./reader";

/** Where the stack's SLO spec files are, and its per-SLO objective overrides. */
export interface SpecSettings {
  /** Files, directories or globs relative to the project root. */
  sloSpecs: string[];
  /** True when sloSpecs was set: then an entry matching nothing is an error, not "no spec SLOs". */
  sloSpecsSet: boolean;
  /** SLO name → this stack's objective in percent and low-traffic guard, replacing the spec's and the stack's. */
  sloOverrides: Record<string, SloOverride>;
}

export interface SloOverride {
  target?: number;
  /** Events a minute a page of this SLO needs over its long window; 0 turns its guard off. */
  minEventsPerMinute?: number;
}

const OVERRIDE_FIELDS = ["target", "minEventsPerMinute"];

export const DEFAULT_SLO_SPECS = "slos";

function parseSloSpecs(r: SettingReader): string[] {
  const key = "sloSpecs";
  const text = r.raw(key);
  if (text === undefined) {
    return [DEFAULT_SLO_SPECS];
  }
  const value = text.startsWith("[") ? r.object(key) : text;
  const entries = typeof value === "string" ? [value] : value;
  if (
    !Array.isArray(entries) ||
    entries.length === 0 ||
    entries.some((e) => typeof e !== "string" || e.trim() === "")
  ) {
    r.fail(
      key,
      "must be a path (file, directory or glob) or a list of them, relative to the project root",
      `run \`pulumi config set sloSpecs slos --stack ${r.source.stack}\`, or edit Pulumi.${r.source.stack}.yaml (sloSpecs: [slos, slos-dev])`,
    );
    return [DEFAULT_SLO_SPECS];
  }
  return entries.map((e: string) => e.trim());
}

function parseSloOverrides(r: SettingReader): Record<string, SloOverride> {
  const key = "sloOverrides";
  const value = r.object(key);
  if (value === undefined) {
    return {};
  }
  const fix = `run \`pulumi config set --path '${key}.<slo>.target' 99.5 --stack ${r.source.stack}\``;
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    r.fail(key, "must map SLO names to { target: <percent> }", fix);
    return {};
  }
  const out: Record<string, SloOverride> = {};
  for (const [name, raw] of Object.entries(value as Record<string, unknown>)) {
    const o = raw as Record<string, unknown> | null;
    if (
      typeof o !== "object" ||
      o === null ||
      Object.keys(o).length === 0 ||
      Object.keys(o).some((k) => !OVERRIDE_FIELDS.includes(k))
    ) {
      r.fail(`${key}.${name}`, `only ${OVERRIDE_FIELDS.join(" and ")} can be set (got ${JSON.stringify(raw)})`, fix);
      continue;
    }
    const { target, minEventsPerMinute: min } = o;
    if (target !== undefined && (typeof target !== "number" || !(target > 0 && target < 100))) {
      r.fail(`${key}.${name}.target`, `${JSON.stringify(target)} is not a percentage strictly between 0 and 100`, fix);
    } else if (min !== undefined && (typeof min !== "number" || !Number.isInteger(min) || min < 0)) {
      r.fail(
        `${key}.${name}.minEventsPerMinute`,
        `${JSON.stringify(min)} is not a whole number of events a minute, 0 or more (0 turns the guard off)`,
        `run \`pulumi config set --path '${key}.${name}.minEventsPerMinute' 10 --stack ${r.source.stack}\``,
      );
    } else {
      out[name] = {
        ...(target === undefined ? {} : { target: target as number }),
        ...(min === undefined ? {} : { minEventsPerMinute: min as number }),
      };
    }
  }
  return out;
}

/** The spec settings; whether override names exist is checked once the specs are read. */
export function parseSpecSettings(r: SettingReader): SpecSettings {
  return {
    sloSpecs: parseSloSpecs(r),
    sloSpecsSet: r.raw("sloSpecs") !== undefined,
    sloOverrides: parseSloOverrides(r),
  };
}
