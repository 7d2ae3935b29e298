import { readFileSync } from "fs";
import { join } from "path";
import { parse } from "yaml";

export const PROJECT = "slo-alerting";

/**
 * A stack file's `config:` as the language host hands it to the program:
 * full keys, strings, structured values as JSON text. `secure:` values cannot
 * be decrypted offline and are refused, so callers pass secrets separately.
 */
export function loadStackConfig(root: string, stack: string): Record<string, string> {
  const file = parse(readFileSync(join(root, `Pulumi.${stack}.yaml`), "utf8")) as { config?: Record<string, unknown> };
  const config: Record<string, string> = {};
  for (const [key, value] of Object.entries(file.config ?? {})) {
    if (typeof value === "object" && value !== null && "secure" in value) {
      throw new Error(`Pulumi.${stack}.yaml: ${key} is encrypted and cannot be read offline; pass it as an override`);
    }
    config[key] = typeof value === "string" ? value : JSON.stringify(value);
  }
  return config;
}

/** The stack file's settings by short key, for parseSettings. */
export function stackSettings(root: string, stack: string): Record<string, string> {
  const prefix = `${PROJECT}:`;
  return Object.fromEntries(
    Object.entries(loadStackConfig(root, stack))
      .filter(([key]) => key.startsWith(prefix))
      .map(([key, value]) => [key.slice(prefix.length), value]),
  );
}
