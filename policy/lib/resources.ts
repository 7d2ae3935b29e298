/** Type tokens the policies read. */
export const TYPES = {
  stack: "pulumi:pulumi:Stack",
  configMap: "kubernetes:core/v1:ConfigMap",
  secret: "kubernetes:core/v1:Secret",
  deployment: "kubernetes:apps/v1:Deployment",
  statefulSet: "kubernetes:apps/v1:StatefulSet",
  daemonSet: "kubernetes:apps/v1:DaemonSet",
  disruptionBudget: "kubernetes:policy/v1:PodDisruptionBudget",
  prometheusRule: "kubernetes:monitoring.coreos.com/v1:PrometheusRule",
  integration: "pagerduty:index/serviceIntegration:ServiceIntegration",
  escalationPolicy: "pagerduty:index/escalationPolicy:EscalationPolicy",
} as const;

export const WORKLOAD_TYPES: readonly string[] = [TYPES.deployment, TYPES.statefulSet, TYPES.daemonSet];

/** The file Alertmanager reads its configuration from, by the convention of its images and charts. */
export const ALERTMANAGER_CONFIG_FILE = "alertmanager.yml";

/** What a policy sees of a resource, in both resource and stack validations. */
export interface Props {
  type: string;
  name: string;
  urn: string;
  props: Record<string, unknown>;
}

export type Json = Record<string, unknown>;

export function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

export function asObject(value: unknown): Json {
  return isObject(value) ? value : {};
}

/** `urn:pulumi:<stack>::<project>::<type>::<name>`: the stack a resource belongs to. */
export function stackOf(urn: string): string {
  const match = /^urn:pulumi:([^:]+)::/.exec(urn);
  if (!match) {
    throw new Error(`"${urn}" is not a Pulumi URN`);
  }
  return match[1];
}

/**
 * `read()`, or `fallback` when it touches a value that is unknown during
 * preview (the policy SDK throws on those): for checks where an unknown value
 * cannot be the problem, such as searching for a known secret.
 */
export function whenKnown<T>(read: () => T, fallback: T): T {
  try {
    return read();
  } catch (e) {
    if (isUnknownValueError(e)) {
      return fallback;
    }
    throw e;
  }
}

/**
 * @pulumi/policy's UnknownValueError, recognised by shape rather than by
 * `instanceof`: with policy/node_modules installed (as CI does) the pack and
 * whoever built the proxy (the tests, another SDK copy) have two classes of
 * that name, and `instanceof` across them is false.
 */
export function isUnknownValueError(e: unknown): boolean {
  return e instanceof Error && e.constructor.name === "UnknownValueError" && "unknownTypeSentinel" in e;
}

/** The files of a ConfigMap or Secret: `stringData` as is, `data` and `binaryData` decoded from base64. */
export function filesOf(props: Json, type: string): Record<string, string> {
  const files: Record<string, string> = {};
  const plain = type === TYPES.secret ? "stringData" : "data";
  const encoded = type === TYPES.secret ? ["data"] : ["binaryData"];
  for (const field of encoded) {
    for (const [name, value] of Object.entries(asObject(props[field]))) {
      files[name] = Buffer.from(String(value), "base64").toString("utf8");
    }
  }
  // stringData wins over data for the same key, as the Kubernetes API merges them.
  for (const [name, value] of Object.entries(asObject(props[plain]))) {
    files[name] = String(value);
  }
  return files;
}

/** Labels of the pods a workload runs. */
export function podLabels(props: Json): Json {
  return asObject(asObject(asObject(asObject(props.spec).template).metadata).labels);
}
