import { existsSync } from "fs";
import { join } from "path";
import { SLOS } from "../slo/slos";
import { SpecSettings } from "../settings/specs";
import { readSpecs, SloModel } from "../specs";

/**
 * The stack's spec SLOs with its overrides applied. The default `slos`
 * directory may be absent (no spec SLOs); a path the stack names must exist.
 */
export function stackSlos(root: string, settings: SpecSettings): SloModel[] {
  const entries = settings.sloSpecsSet ? settings.sloSpecs : settings.sloSpecs.filter((e) => existsSync(join(root, e)));
  const slos = entries.length === 0 ? [] : readSpecs(root, entries);
  const problems: string[] = [];
  const seed = new Set<string>(SLOS.map((s) => s.slo));
  for (const slo of slos.filter((s) => seed.has(s.name))) {
    problems.push(
      `${slo.origin.file}: SLO "${slo.name}" has the name of one of the program's built-in SLOs (${[...seed].join(", ")}); rename it`,
    );
  }
  for (const name of Object.keys(settings.sloOverrides).filter((n) => !slos.some((s) => s.name === n))) {
    problems.push(
      `sloOverrides.${name}: no SLO of that name in sloSpecs (${settings.sloSpecs.join(", ")}); known: ${slos.map((s) => s.name).join(", ") || "none"}`,
    );
  }
  if (problems.length > 0) {
    throw new Error(`slo-alerting: the SLO specs cannot be used; nothing was created.\n  - ${problems.join("\n  - ")}`);
  }
  return slos.map((slo) => {
    const override = settings.sloOverrides[slo.name];
    return override === undefined ? slo : { ...slo, objective: Number((override.target / 100).toPrecision(12)) };
  });
}
