import { SecretSetting } from "../settings/types";

/**
 * What stands in for each secret in the files the offline check writes. Each
 * is valid where the real value goes (a 32-character key, an https URL), so
 * amtool checks the same file a reviewer reads.
 */
export const PLACEHOLDERS: Record<SecretSetting, string> = {
  pagerdutyIntegrationKey: "REDACTEDREDACTEDREDACTEDREDACTED",
  slackWebhookUrl: "https://redacted.invalid/slackWebhookUrl",
  heartbeatWebhookUrl: "https://redacted.invalid/heartbeatWebhookUrl",
  kubeconfig: "redacted-kubeconfig",
};

/** The key PagerDuty would issue for a new integration; unknown offline. */
export const INTEGRATION_KEY_PLACEHOLDER = PLACEHOLDERS.pagerdutyIntegrationKey;

/** Stand-in for a secret setting, also for keys of other namespaces (a provider token, say). */
export function placeholderFor(key: string): string {
  return (PLACEHOLDERS as Record<string, string>)[key] ?? `redacted-${key.replace(/[^\w.-]/g, "-")}`;
}

/** Secret value → its placeholder; both the raw and the trimmed value, since the program trims secrets. */
export type Redactions = Map<string, string>;

export function redactionsOf(secrets: Record<string, string>): Redactions {
  const redactions: Redactions = new Map();
  const add = (key: string, value: string): void => {
    for (const form of [value, value.trim()]) {
      if (form !== "" && form !== placeholderFor(key)) {
        redactions.set(form, placeholderFor(key));
      }
    }
  };
  // A secret object (teamSecrets) reaches the files leaf by leaf: each leaf is a secret of its own.
  const leaves = (key: string, v: unknown): void => {
    if (typeof v === "string") {
      add(key, v);
    } else if (typeof v === "object" && v !== null) {
      Object.entries(v).forEach(([k, x]) => leaves(k, x));
    }
  };
  for (const [key, value] of Object.entries(secrets)) {
    add(key, value);
    leaves(key, parseObject(value));
  }
  return redactions;
}

function parseObject(text: string): unknown {
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === "object" ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** `value` with every secret replaced, in every string it holds; longest secrets first so none is half-replaced. */
export function redact<T>(value: T, redactions: Redactions): T {
  const secrets = [...redactions.keys()].sort((a, b) => b.length - a.length);
  const walk = (v: unknown): unknown => {
    if (typeof v === "string") {
      return secrets.reduce((text, s) => text.split(s).join(redactions.get(s)), v);
    }
    if (Array.isArray(v)) {
      return v.map(walk);
    }
    if (typeof v === "object" && v !== null) {
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    }
    return v;
  };
  return walk(value) as T;
}
