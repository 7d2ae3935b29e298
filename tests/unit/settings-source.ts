import { strict as assert } from "assert";
import { SettingsError } from "../../src/settings/errors";
import { parseSettings } from "../../src/settings/parse";
import { ConfigSource } from "../../src/settings/types";

/** Minimal valid settings of a managed stack, as raw config text. */
export const VALID: Record<string, string> = {
  runbookBaseUrl: "https://git.example.org/sre/slo-alerting/blob/main/runbooks/",
  kubeContext: "dev-cluster",
  escalationPolicy: JSON.stringify({ levels: [{ delayMinutes: 10, users: ["oncall@example.org"] }] }),
};

/** A config source over `values`; keys in `secret` are stored encrypted. */
export function sourceOf(
  values: Record<string, string | undefined>,
  secret: string[] = [],
  stack = "dev",
): ConfigSource {
  return { stack, get: (key) => values[key], isSecret: (key) => secret.includes(key) };
}

/** The SettingsError message for these settings on top of VALID, or "" when they are accepted. */
export function settingsProblems(
  values: Record<string, string | undefined>,
  secret: string[] = [],
  stack = "dev",
): string {
  try {
    parseSettings(sourceOf({ ...VALID, ...values }, secret, stack));
  } catch (e) {
    assert.ok(e instanceof SettingsError, `expected a SettingsError, got ${String(e)}`);
    return e.message;
  }
  return "";
}
