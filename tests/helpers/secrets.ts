// How Pulumi marks a secret on the wire, and so in the inputs a mock receives.
const SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

export function isRpcSecret(value: unknown): value is { value: unknown } {
  return typeof value === "object" && value !== null && (value as Record<string, unknown>)[SIG_KEY] === SECRET_SIG;
}

/** The value with every secret wrapper removed. */
export function unwrapSecrets(value: unknown): unknown {
  if (isRpcSecret(value)) {
    return unwrapSecrets(value.value);
  }
  if (Array.isArray(value)) {
    return value.map(unwrapSecrets);
  }
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, unwrapSecrets(v)]));
  }
  return value;
}

/** Paths at which `needle` appears in `value` outside any secret wrapper. */
export function plaintextPaths(value: unknown, needle: string, path = "$"): string[] {
  if (isRpcSecret(value)) {
    return [];
  }
  if (typeof value === "string") {
    return value.includes(needle) ? [path] : [];
  }
  if (Array.isArray(value)) {
    return value.flatMap((v, i) => plaintextPaths(v, needle, `${path}[${i}]`));
  }
  if (typeof value === "object" && value !== null) {
    return Object.entries(value).flatMap(([k, v]) => plaintextPaths(v, needle, `${path}.${k}`));
  }
  return [];
}
