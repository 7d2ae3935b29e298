import { SloModel } from "../specs/model";

/**
 * The team that owns an SLO: the `team` label its spec carries (OpenSLO
 * `metadata.labels.team`, Sloth `labels.team`, or `labels.owner` as Sloth's
 * own examples write it), else the stack's default team. Rules, routes and
 * dashboards all ask this one function, so they cannot disagree on an owner.
 */
export function ownerTeam(slo: SloModel, defaultTeam: string): string {
  return slo.labels.team ?? slo.labels.owner ?? defaultTeam;
}
