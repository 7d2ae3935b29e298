import { readFileSync } from "fs";
import { ResourceError, RunError } from "@pulumi/pulumi/errors";

// The SDK's own formatter for errors that are not RunErrors (util.inspect of the error).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { defaultErrorMessage } = require("@pulumi/pulumi/cmd/run/error") as {
  defaultErrorMessage: (err: unknown) => string;
};

export const RUN_JS = require.resolve("@pulumi/pulumi/cmd/run/run.js");

/**
 * What the Node language host logs for an error the program throws: the
 * branches of `uncaughtHandler` in @pulumi/pulumi/cmd/run/run.js, in order,
 * with the SDK's own classes and formatter. `sourceStillMatches` checks that
 * the installed run.js still has these branches.
 */
export function renderAsLanguageHost(err: Error, program = "/work/slo-alerting"): string {
  // Boolean results: the type guards would narrow `err` to never past them.
  const isRunError: boolean = RunError.isInstance(err);
  const isResourceError: boolean = ResourceError.isInstance(err);
  if (isRunError) {
    return err.message;
  }
  if (err.name === "TSError" || err.name === SyntaxError.name) {
    const parts = (err.stack?.toString() || "").split(err.message);
    const message = parts.length === 2 ? parts[0] + err.message : err.message;
    return `Running program '${program}' failed with an unhandled exception:\n${message}`;
  }
  if (isResourceError) {
    return (err as ResourceError).hideStack ? err.message : defaultErrorMessage(err);
  }
  return `Running program '${program}' failed with an unhandled exception:\n${defaultErrorMessage(err)}`;
}

/** The lines of run.js that renderAsLanguageHost copies, each of which must still be there. */
export function sourceStillMatches(): string[] {
  const source = readFileSync(RUN_JS, "utf8");
  const expected = [
    "if (errors_1.RunError.isInstance(err)) {",
    "log.error(err.message);",
    'else if (err.name === "TSError" || err.name === SyntaxError.name) {',
    "else if (errors_1.ResourceError.isInstance(err)) {",
    "failed with an unhandled exception:\n${error_1.defaultErrorMessage(err)}`);",
  ];
  return expected.filter((line) => !source.includes(line));
}
