import { createHash } from "crypto";
import { unwrapSecrets } from "./run";

/**
 * The state pulumi-kubernetes gives an object the program left unnamed: the
 * provider names it `<resource name>-<random suffix>` and keeps that name until
 * the object is replaced. Under mocks the suffix is a digest of the inputs, so
 * what a replacement would do (a new name) shows as a change of name, and
 * the same inputs give the same name twice.
 */
export function withKubernetesAutoName(
  type: string,
  name: string,
  inputs: Record<string, unknown>,
): Record<string, unknown> {
  const metadata = inputs.metadata as Record<string, unknown> | undefined;
  if (!type.startsWith("kubernetes:") || metadata?.name !== undefined) {
    return inputs;
  }
  const suffix = createHash("sha256")
    .update(JSON.stringify(unwrapSecrets(inputs)))
    .digest("hex")
    .slice(0, 8);
  return { ...inputs, metadata: { ...metadata, name: `${name}-${suffix}` } };
}
