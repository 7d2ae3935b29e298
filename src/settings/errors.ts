/** One problem with one setting, phrased so the reader knows what to type next. */
export interface SettingProblem {
  setting: string;
  problem: string;
  fix: string;
}

/**
 * Every problem found in the stack's settings at once, so a user fixes them in
 * one round instead of one `pulumi up` per mistake.
 */
export class SettingsError extends Error {
  constructor(
    readonly stack: string,
    readonly problems: SettingProblem[],
  ) {
    super(
      [
        `slo-alerting: the settings of stack "${stack}" are not valid; nothing was created.`,
        ...problems.map((p) => `  - ${p.setting}: ${p.problem}\n    fix: ${p.fix}`),
      ].join("\n"),
    );
    this.name = "SettingsError";
  }
}
