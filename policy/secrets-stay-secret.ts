import { StackValidationPolicy } from "@pulumi/policy";
import { stackCredentials } from "./lib/credentials";
import { markersIn } from "./lib/markers";
import { isObject, Props, TYPES, whenKnown } from "./lib/resources";

interface SecretsStaySecretConfig {
  /**
   * Stack outputs allowed to hold a credential. Policies cannot see whether a
   * value is a secret (pulumi/pulumi-policy#241), so this list is trusted; the
   * program's tests check that these outputs are secret.
   */
  secretOutputs: string[];
}

const DEFAULTS: SecretsStaySecretConfig = { secretOutputs: ["pagerdutyIntegrationKey"] };

/** Paths under `value` whose string contains `needle`; unknown values cannot, and are skipped. */
function pathsHolding(value: unknown, needle: string, path: string): string[] {
  if (typeof value === "string") {
    return value.includes(needle) ? [path] : [];
  }
  if (Array.isArray(value)) {
    const paths: string[] = [];
    for (let i = 0; i < value.length; i++) {
      paths.push(...whenKnown(() => pathsHolding(value[i], needle, `${path}[${i}]`), []));
    }
    return paths;
  }
  if (isObject(value)) {
    return Object.keys(value).flatMap((k) => whenKnown(() => pathsHolding(value[k], needle, `${path}.${k}`), []));
  }
  return [];
}

function projectOf(urn: string): string {
  return urn.split("::")[1] ?? "";
}

/**
 * Where a credential may live: Kubernetes Secrets, the integration that issues
 * the key, and this project's components (their outputs live only in the
 * state, where Pulumi encrypts secrets).
 */
function mayHoldCredentials(r: Props): boolean {
  return r.type === TYPES.secret || r.type === TYPES.integration || r.type.startsWith(`${projectOf(r.urn)}:`);
}

export const secretsStaySecret: StackValidationPolicy = {
  name: "secrets-stay-secret",
  description:
    "The PagerDuty integration key and the webhook URLs live only in Kubernetes Secrets and declared secret stack outputs: no ConfigMap, other resource or plain stack output holds them.",
  remediationSteps:
    "Read credentials with requireSecret, keep them in pulumi.secret(...) outputs, and put them only into the Alertmanager Secret.",
  configSchema: {
    properties: {
      secretOutputs: { type: "array", items: { type: "string" }, default: DEFAULTS.secretOutputs },
    },
  },
  validateStack: (args, reportViolation) => {
    const config = { ...DEFAULTS, ...args.getConfig<Partial<SecretsStaySecretConfig>>() };
    const credentials = stackCredentials(args.resources);
    for (const r of args.resources) {
      if (mayHoldCredentials(r)) {
        continue;
      }
      const isStack = r.type === TYPES.stack;
      for (const name of Object.keys(r.props)) {
        if (isStack && config.secretOutputs.includes(name)) {
          continue;
        }
        const where = isStack ? `stack output ${name}` : `${r.type} ${r.name}, property ${name}`;
        for (const c of credentials) {
          for (const path of whenKnown(() => pathsHolding(r.props[name], c.value, "$"), [])) {
            reportViolation(`${where} holds ${c.what} at ${path}.`, r.urn);
          }
        }
        if (isStack) {
          const text = whenKnown(() => JSON.stringify(r.props[name]) ?? "", "");
          for (const marker of markersIn(text)) {
            reportViolation(
              `${where} contains "${marker}": receiver credentials must not be plain stack outputs.`,
              r.urn,
            );
          }
        }
      }
    }
  },
};
