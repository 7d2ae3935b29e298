import { RunError } from "@pulumi/pulumi/errors";

/** One problem with one setting, phrased so the reader knows what to type next. */
export interface SettingProblem {
  setting: string;
  problem: string;
  fix: string;
}

/**
 * Every problem found in the stack's settings at once, so a user fixes them in
 * one round instead of one `pulumi up` per mistake.
 *
 * A RunError because the Node language host (`@pulumi/pulumi/cmd/run/run.js`)
 * prints only the message of a RunError; any other error goes through
 * `util.inspect`, which dumps its own properties and stack frames. For the same
 * reason no property here may be called `stack`: it would shadow Error.stack.
 */
export class SettingsError extends RunError {
  constructor(
    readonly stackName: string,
    readonly problems: SettingProblem[],
  ) {
    super(
      [
        `slo-alerting: the settings of stack "${stackName}" are not valid; nothing was created.`,
        ...problems.map((p) => `  - ${p.setting}: ${p.problem}\n    fix: ${p.fix}`),
      ].join("\n"),
    );
    this.name = "SettingsError";
  }
}
