import { RuleFile } from "../alerts/rules";

/**
 * The program's own alerts (the seed's, burn-rate and delivery-failure) with
 * the `team` label of their owner, the default team: routing reads `team` on
 * every alert, so none depends on the fallback route to reach its owner.
 */
export function withTeamLabel(files: RuleFile[], team: string): RuleFile[] {
  return files.map((file) => ({
    ...file,
    groups: file.groups.map((group) => ({
      ...group,
      rules: group.rules.map((rule) =>
        rule.alert === undefined ? rule : { ...rule, labels: { ...rule.labels, team } },
      ),
    })),
  }));
}
