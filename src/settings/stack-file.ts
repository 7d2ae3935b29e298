import { readFileSync } from "fs";
import { join } from "path";
import { parse } from "yaml";

export const PROJECT = "slo-alerting";

/**
 * A stack file's `config:` as the language host hands it to the program:
 * full keys, strings, structured values as JSON text. `secure:` values cannot
 * be decrypted offline: `onSecure` says what stands for them, or refuses.
 */
export function readStackFile(
  path: string,
  onSecure: (fullKey: string, path: string[]) => string,
): Record<string, string> {
  const file = parse(readFileSync(path, "utf8")) as { config?: Record<string, unknown> } | null;
  const config: Record<string, string> = {};
  const isSecure = (v: unknown): boolean => typeof v === "object" && v !== null && "secure" in v;
  // `config set --secret --path` encrypts the leaves of an object (teamSecrets), not the object.
  const leaves = (key: string, v: unknown, at: string[]): unknown => {
    if (isSecure(v)) {
      return onSecure(key, at);
    }
    if (Array.isArray(v)) {
      return v.map((x, i) => leaves(key, x, [...at, String(i)]));
    }
    if (typeof v === "object" && v !== null) {
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, leaves(key, x, [...at, k])]));
    }
    return v;
  };
  for (const [key, value] of Object.entries(file?.config ?? {})) {
    if (isSecure(value)) {
      config[key] = onSecure(key, []);
    } else {
      const plain = leaves(key, value, []);
      config[key] = typeof plain === "string" ? plain : JSON.stringify(plain);
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
