import { PROJECT, readStackFile } from "../settings/stack-file";
import { placeholderFor } from "./redaction";

export interface Overrides {
  /** Plain settings by short key; `undefined` removes one the stack file sets. */
  plain?: Record<string, string | undefined>;
  /** Settings stored as secrets, by short key. */
  secret?: Record<string, string>;
}

/** The config the language host would hand the program, without any credential to decrypt it. */
export interface OfflineConfig {
  /** Full keys (`slo-alerting:namespace`), strings, structured values as JSON text. */
  config: Record<string, string>;
  /** Full keys stored as secrets. */
  secretKeys: string[];
  /** Secret values by short key, as given: the files written must not show them. */
  secrets: Record<string, string>;
  /** Short keys whose encrypted value was replaced by a placeholder. */
  encrypted: string[];
}

function shortKey(fullKey: string): string {
  return fullKey.startsWith(`${PROJECT}:`) ? fullKey.slice(PROJECT.length + 1) : fullKey;
}

/**
 * Reads a stack file as the program would see it. `secure:` values cannot be
 * decrypted without the stack's passphrase, so they become placeholders
 * (still marked secret, so the program's checks on secrets still apply).
 */
export function offlineConfig(stackFile: string, overrides: Overrides = {}): OfflineConfig {
  const result: OfflineConfig = { config: {}, secretKeys: [], secrets: {}, encrypted: [] };
  result.config = readStackFile(stackFile, (key, path) => {
    if (!result.secretKeys.includes(key)) {
      result.secretKeys.push(key);
      result.encrypted.push(shortKey(key));
    }
    // A leaf of a secret object stands in by its field (teamSecrets.<team>.slackWebhookUrl: a URL).
    return placeholderFor(path.length === 0 ? shortKey(key) : path[path.length - 1]);
  });
  for (const [key, value] of Object.entries(overrides.plain ?? {})) {
    if (value === undefined) {
      delete result.config[`${PROJECT}:${key}`];
    } else {
      result.config[`${PROJECT}:${key}`] = value;
    }
  }
  for (const [key, value] of Object.entries(overrides.secret ?? {})) {
    result.config[`${PROJECT}:${key}`] = value;
    result.secretKeys.push(`${PROJECT}:${key}`);
    result.secrets[key] = value;
  }
  return result;
}
