import { join } from "path";
import { loadStackConfig as loadFrom, PROJECT } from "../../src/settings/stack-file";

export { PROJECT };
export const ROOT = join(__dirname, "..", "..");
export type StackName = "dev" | "prod";
export const STACKS: StackName[] = ["dev", "prod"];

/** The committed stack file's config, as the language host hands it to the program. */
export function loadStackConfig(stack: string): Record<string, string> {
  return loadFrom(ROOT, stack);
}
