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
