import { isRpcSecret, unwrapSecrets } from "../../src/offline/run";

export { isRpcSecret, unwrapSecrets };

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
