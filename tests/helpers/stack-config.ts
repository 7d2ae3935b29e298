import { readFileSync } from "fs";
import { join } from "path";
import { parse } from "yaml";

export const PROJECT = "slo-alerting";
export const ROOT = join(__dirname, "..", "..");
export type StackName = "dev" | "prod";
export const STACKS: StackName[] = ["dev", "prod"];

/**
 * A stack file's `config:` as the language host hands it to the program:
 * full keys, strings, structured values as JSON text. Values written
 * `secure:` cannot be decrypted here, so committed stacks must not need them.
 */
export function loadStackConfig(stack: string): Record<string, string> {
  const file = parse(readFileSync(join(ROOT, `Pulumi.${stack}.yaml`), "utf8")) as { config?: Record<string, unknown> };
  const config: Record<string, string> = {};
  for (const [key, value] of Object.entries(file.config ?? {})) {
    if (typeof value === "object" && value !== null && "secure" in value) {
      throw new Error(`Pulumi.${stack}.yaml: ${key} is encrypted; tests pass secrets as overrides instead`);
    }
    config[key] = typeof value === "string" ? value : JSON.stringify(value);
  }
  return config;
}
