import { RunError } from "@pulumi/pulumi/errors";
import { SloModel } from "../specs/model";
import { TeamsSettings } from "../settings/types";
import { isSeedSlo } from "../slo-rules/seed";
import { ownerTeam } from "./owner";

/** Where in a spec document the owner was read from, for the error that names it. */
function ownerField(slo: SloModel): string {
  const label = slo.labels.team !== undefined ? "team" : "owner";
  return slo.origin.kind === "SLO"
    ? `metadata.labels.${label} (of the SLO or its Service)`
    : `labels.${label} (of the service or the SLO)`;
}

/**
 * Spec SLOs naming a team the stack does not define. A RunError: the Node
 * language host prints its message alone, without a stack dump.
 */
export class UnknownTeamError extends RunError {
  constructor(stack: string, problems: string[]) {
    super(
      [
        `slo-alerting: SLO specs of stack "${stack}" name teams the stack does not define; nothing was created.`,
        ...problems.map((p) => `  - ${p}`),
      ].join("\n"),
    );
    this.name = "UnknownTeamError";
  }
}

export interface Ownership {
  /** SLO name → owning team, for every spec SLO. */
  owners: Map<string, string>;
  /** Spec SLOs but the seed's without a team label: they belong to the default team, which the preview notes. */
  unlabelled: string[];
}

/**
 * The owner of every spec SLO, each a team of the stack; an unknown team
 * stops the program before any resource, naming the spec file, document and
 * label, and the two ways to fix it.
 */
export function sloOwners(stack: string, slos: readonly SloModel[], teams: TeamsSettings): Ownership {
  const known = new Set([teams.defaultTeam, ...teams.teams.map((t) => t.name)]);
  const owners = new Map<string, string>();
  const unlabelled: string[] = [];
  // One problem per file and team, naming its SLOs: a service's ten SLOs share the fix.
  const unknown = new Map<string, { slo: SloModel; names: string[] }>();
  for (const slo of slos) {
    const team = ownerTeam(slo, teams.defaultTeam);
    owners.set(slo.name, team);
    if (slo.labels.team === undefined && slo.labels.owner === undefined) {
      // The seed's SLOs belong to the default team by design: nothing to note.
      if (!isSeedSlo(slo)) {
        unlabelled.push(slo.name);
      }
    } else if (!known.has(team)) {
      const key = `${slo.origin.file}\u0000${team}`;
      const entry = unknown.get(key) ?? { slo, names: [] };
      entry.names.push(slo.origin.name);
      unknown.set(key, entry);
    }
  }
  const targetProblems = slos.flatMap((slo) =>
    [slo.alerting.pageTeam, slo.alerting.ticketTeam]
      .filter((t): t is string => t !== undefined && !known.has(t))
      .map(
        (team) =>
          `${slo.origin.file}: SLO "${slo.origin.name}": an AlertNotificationTarget's metadata.labels.team: team "${team}" ` +
          `is not defined in the setting teams (known: ${[...known].sort().join(", ")}); fix: add it with ` +
          `\`pulumi config set --path 'teams.${team}.escalationPolicy.levels[0].schedules[0]' '<schedule>' --stack ${stack}\`, or correct the label`,
      ),
  );
  const problems = [...unknown.values()].map(({ slo, names }) => {
    const team = ownerTeam(slo, teams.defaultTeam);
    const near = [...known].find((k) => k.toLowerCase() === team.toLowerCase());
    return (
      `${slo.origin.file}: ${slo.origin.kind} ${names.map((n) => `"${n}"`).join(", ")}: ${ownerField(slo)}: team "${team}" is not ` +
      `defined in the setting teams (known: ${[...known].sort().join(", ")}); fix: ` +
      (near !== undefined
        ? `write it "${near}" as the stack does`
        : `add it with \`pulumi config set --path 'teams.${team}.escalationPolicy.levels[0].schedules[0]' '<schedule>' --stack ${stack}\`, or correct the label`)
    );
  });
  if (problems.length + targetProblems.length > 0) {
    throw new UnknownTeamError(stack, [...problems, ...targetProblems]);
  }
  return { owners, unlabelled };
}

/** The preview's note about SLOs that fall to the default team for want of a label. */
export function ownershipNotices(ownership: Ownership, teams: TeamsSettings): string[] {
  if (ownership.unlabelled.length === 0 || teams.teams.length === 0) {
    return [];
  }
  const shown = ownership.unlabelled.slice(0, 10).join(", ");
  const more = ownership.unlabelled.length > 10 ? ` and ${ownership.unlabelled.length - 10} more` : "";
  return [
    `${ownership.unlabelled.length} spec SLO(s) carry no team label and page the default team "${teams.defaultTeam}": ` +
      `${shown}${more}. Give each its owner with a team label (OpenSLO metadata.labels.team on the SLO or its Service, ` +
      `Sloth labels.team).`,
  ];
}
