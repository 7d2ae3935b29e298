import {
  Policy,
  PolicyResource,
  PolicyResourceOptions,
  ResourceValidationArgs,
  ResourceValidationPolicy,
  StackValidationPolicy,
  unknownCheckingProxy,
  UnknownValueError,
} from "@pulumi/policy";
import { mockIntegrationKey, ProgramRun } from "../helpers/program";
import { unwrapSecrets } from "../helpers/secrets";

/** @pulumi/policy's stand-in for a string not known during preview (a key PagerDuty has not issued yet). */
export const UNKNOWN_STRING = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export interface Resource {
  type: string;
  name: string;
  props: Record<string, unknown>;
}

/** What one policy made of its input, as the engine would report it. */
export interface Outcome {
  violations: string[];
  /** Set when the policy declared itself not applicable. */
  notApplicable?: string;
  /** Set when the policy touched a value unknown during preview: the SDK turns that into an advisory. */
  cannotRunInPreview?: string;
}

class NotApplicable extends Error {}

const OPTS: PolicyResourceOptions = {
  protect: false,
  ignoreChanges: [],
  aliases: [],
  customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
  additionalSecretOutputs: [],
};

export function urnOf(stack: string, r: Resource): string {
  return `urn:pulumi:${stack}::slo-alerting::${r.type}::${r.name}`;
}

async function outcome(run: (report: (message: string) => void) => Promise<void> | void): Promise<Outcome> {
  const violations: string[] = [];
  try {
    await run((message) => violations.push(message));
  } catch (e) {
    if (e instanceof NotApplicable) {
      return { violations, notApplicable: e.message };
    }
    if (e instanceof UnknownValueError) {
      return { violations, cannotRunInPreview: (e as Error).message };
    }
    throw e;
  }
  return { violations };
}

function common(config: object) {
  return {
    opts: OPTS,
    stackTags: new Map<string, string>(),
    getConfig: <T extends object>() => config as T,
    notApplicable: (reason?: string): never => {
      throw new NotApplicable(reason ?? "");
    },
  };
}

/** Runs a resource policy the way the policy server does: props behind the SDK's unknown-checking proxy. */
export function checkResource(policy: Policy, r: Resource, stack = "prod", config: object = {}): Promise<Outcome> {
  const validations = [(policy as ResourceValidationPolicy).validateResource ?? []].flat();
  const args: ResourceValidationArgs = {
    type: r.type,
    name: r.name,
    urn: urnOf(stack, r),
    props: unknownCheckingProxy(r.props),
    isType: () => false,
    asType: () => undefined,
    ...common(config),
  };
  return outcome(async (report) => {
    for (const validate of validations) {
      await validate(args, report);
    }
  });
}

/** Runs a stack policy over these resources (their outputs, as at the end of an update). */
export function checkStack(
  policy: Policy,
  resources: Resource[],
  stack = "prod",
  config: object = {},
): Promise<Outcome> {
  const policyResources: PolicyResource[] = resources.map((r) => ({
    type: r.type,
    name: r.name,
    urn: urnOf(stack, r),
    props: unknownCheckingProxy(r.props),
    dependencies: [],
    propertyDependencies: {},
    isType: () => false,
    asType: () => undefined,
    ...common(config),
  }));
  const validate = (policy as StackValidationPolicy).validateStack;
  return outcome((report) => validate({ resources: policyResources, ...common(config) }, report));
}

/** Either kind of policy, on a stack's resources: every resource in turn, or the stack at once. */
export async function check(
  policy: Policy,
  resources: Resource[],
  stack = "prod",
  config: object = {},
): Promise<Outcome> {
  if ("validateStack" in policy) {
    return checkStack(policy, resources, stack, config);
  }
  const all: Outcome = { violations: [] };
  for (const r of resources) {
    const one = await checkResource(policy, r, stack, config);
    all.violations.push(...one.violations.map((v) => `${r.type} ${r.name}: ${v}`));
  }
  return all;
}

/**
 * What the policies would see of a mocked program run: inputs with secrets
 * in plain text (the engine hands policies decrypted values), the mocked
 * integration key, and the stack's outputs on the Stack resource.
 */
export function resourcesOf(run: ProgramRun): Resource[] {
  return run.resources.map((r) => {
    const props = unwrapSecrets(r.inputs) as Record<string, unknown>;
    if (r.type === "pulumi:pulumi:Stack") {
      const outputs = Object.entries(run.outputs).filter(([, o]) => o.value !== undefined);
      return { type: r.type, name: r.name, props: Object.fromEntries(outputs.map(([k, o]) => [k, o.value])) };
    }
    if (r.type === "pagerduty:index/serviceIntegration:ServiceIntegration") {
      return {
        type: r.type,
        name: r.name,
        props: {
          ...props,
          integrationKey: mockIntegrationKey(String(props.name), /^pagerduty-team-(.+)-prometheus$/.exec(r.name)?.[1]),
        },
      };
    }
    return { type: r.type, name: r.name, props };
  });
}
