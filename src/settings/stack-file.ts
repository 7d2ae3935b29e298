import { readFileSync } from "fs";
import { join } from "path";
import { parse } from "yaml";

export const PROJECT = "slo-alerting";

/**
 * A stack file's `config:` as the language host hands it to the program:
 * full keys, strings, structured values as JSON text. `secure:` values cannot
 * be decrypted offline: `onSecure` says what stands for them, or refuses.
 */
export function readStackFile(path: string, onSecure: (fullKey: string) => string): Record<string, string> {
  const file = parse(readFileSync(path, "utf8")) as { config?: Record<string, unknown> } | null;
  const config: Record<string, string> = {};
  for (const [key, value] of Object.entries(file?.config ?? {})) {
    if (typeof value === "object" && value !== null && "secure" in value) {
      config[key] = onSecure(key);
    } else {
      config[key] = typeof value === "string" ? value : JSON.stringify(value);
    }
  }
  return config;
}

/** The committed stack file's config; encrypted values are refused, so callers pass secrets separately. */
export function loadStackConfig(root: string, stack: string): Record<string, string> {
  return readStackFile(join(root, `Pulumi.${stack}.yaml`), (key) => {
    throw new Error(`Pulumi.${stack}.yaml: ${key} is encrypted and cannot be read offline; pass it as an override`);
  });
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
