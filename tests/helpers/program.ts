import * as pulumi from "@pulumi/pulumi";
import { setAllConfig } from "@pulumi/pulumi/runtime/config";
import * as runtimeSettings from "@pulumi/pulumi/runtime/settings";
import { createHash } from "crypto";
import { join } from "path";
import { loadStackConfig, PROJECT, ROOT } from "./stack-config";
import { unwrapSecrets } from "./secrets";

export interface RecordedResource {
  type: string;
  name: string;
  /** As the engine would receive them: secrets still wrapped. */
  inputs: Record<string, unknown>;
}

export interface ProgramRun {
  stack: string;
  resources: RecordedResource[];
  /** Resource options as the program passed them, by `type::name`. */
  options: Map<string, pulumi.CustomResourceOptions>;
  invokes: Array<{ token: string; inputs: Record<string, unknown> }>;
  /** index.ts' exports, resolved, with whether each is a secret. */
  outputs: Record<string, { value: unknown; secret: boolean }>;
}

export interface Overrides {
  /** Plain settings, by short key; `undefined` removes a key the stack file sets. */
  plain?: Record<string, string | undefined>;
  /** Settings stored as secrets, by short key. */
  secret?: Record<string, string>;
}

/** The program threw; `run` holds what it had registered by then. */
export class ProgramFailed extends Error {
  constructor(
    readonly cause: unknown,
    readonly run: ProgramRun,
  ) {
    super(cause instanceof Error ? cause.message : String(cause));
    this.name = "ProgramFailed";
  }
}

/** What a fake PagerDuty would answer for each integration: distinct per integration name. */
export function mockIntegrationKey(integrationName: string): string {
  return createHash("sha256").update(integrationName).digest("hex").slice(0, 32);
}

// Data sources the program may call; anything else is a bug the test must see.
const INVOKES: Record<string, (inputs: Record<string, string>) => Record<string, unknown>> = {
  "pagerduty:index/getVendor:getVendor": (i) => ({
    id: `PVENDOR-${i.name}`,
    name: i.name,
    type: "generic_events_api_inbound_integration",
  }),
  "pagerduty:index/getUser:getUser": (i) => ({ id: `PUSER-${i.email}`, email: i.email, name: i.email }),
  "pagerduty:index/getSchedule:getSchedule": (i) => ({ id: `PSCHEDULE-${i.name}`, name: i.name }),
};

function outputsOf(type: string, name: string, inputs: Record<string, unknown>): Record<string, unknown> {
  const plain = unwrapSecrets(inputs) as Record<string, unknown>;
  switch (type) {
    case "pagerduty:index/serviceIntegration:ServiceIntegration":
      return { ...inputs, integrationKey: mockIntegrationKey(String(plain.name)) };
    case "pagerduty:index/service:Service":
      return { ...inputs, htmlUrl: `https://example.pagerduty.com/service-directory/${name}` };
    default:
      return inputs;
  }
}

// Internal to the SDK (the typings omit it), and what the language host awaits on exit.
const waitForRPCs = (runtimeSettings as unknown as { waitForRPCs: () => Promise<void> }).waitForRPCs;

function settle<T>(output: unknown): Promise<{ value: T; secret: boolean }> {
  if (!pulumi.Output.isInstance(output)) {
    return Promise.resolve({ value: output as T, secret: false });
  }
  const o = output as pulumi.Output<T>;
  return new Promise((resolve) => {
    o.apply(async (value) => {
      resolve({ value, secret: await pulumi.isSecret(o) });
    });
  });
}

/**
 * Runs the real index.ts for a stack under Pulumi's mocks, as the Node
 * language host would (inside runInPulumiStack), with the stack file's config
 * plus overrides, and records every resource, option and invoke.
 */
export async function runProgram(stack: string, overrides: Overrides = {}): Promise<ProgramRun> {
  const config = loadStackConfig(stack);
  for (const [key, value] of Object.entries(overrides.plain ?? {})) {
    if (value === undefined) {
      delete config[`${PROJECT}:${key}`];
    } else {
      config[`${PROJECT}:${key}`] = value;
    }
  }
  const secretKeys: string[] = [];
  for (const [key, value] of Object.entries(overrides.secret ?? {})) {
    config[`${PROJECT}:${key}`] = value;
    secretKeys.push(`${PROJECT}:${key}`);
  }
  setAllConfig(config, secretKeys);

  const run: ProgramRun = { stack, resources: [], options: new Map(), invokes: [], outputs: {} };
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        run.resources.push({ type: args.type, name: args.name, inputs: args.inputs });
        return { id: `${args.name}-id`, state: outputsOf(args.type, args.name, args.inputs) };
      },
      call: (args) => {
        run.invokes.push({ token: args.token, inputs: args.inputs });
        const answer = INVOKES[args.token];
        if (!answer) {
          throw new Error(`unexpected invoke ${args.token}`);
        }
        return answer(args.inputs);
      },
    },
    PROJECT,
    stack,
    false,
  );

  const indexPath = require.resolve(join(ROOT, "index.ts"));
  let exports: Record<string, unknown> = {};
  try {
    await pulumi.runtime.runInPulumiStack(async () => {
      pulumi.runtime.registerStackTransformation((args) => {
        run.options.set(`${args.type}::${args.name}`, args.opts as pulumi.CustomResourceOptions);
        return undefined;
      });
      // A fresh require per run: index.ts builds the stack at load, as under `pulumi up`.
      delete require.cache[indexPath];
      exports = require(indexPath); // eslint-disable-line @typescript-eslint/no-require-imports
      return exports;
    });
  } catch (error) {
    await waitForRPCs();
    throw new ProgramFailed(error, run);
  }
  for (const [key, value] of Object.entries(exports)) {
    run.outputs[key] = await settle(value);
  }
  // Resources registered inside applies come after the exports settle; the
  // language host drains the same queue before it disconnects.
  await waitForRPCs();
  return run;
}

export function ofType(run: ProgramRun, type: string): RecordedResource[] {
  return run.resources.filter((r) => r.type === type);
}

export function onlyOfType(run: ProgramRun, type: string): RecordedResource {
  const found = ofType(run, type);
  if (found.length !== 1) {
    throw new Error(`expected one ${type}, found ${found.length}: ${found.map((r) => r.name).join(", ")}`);
  }
  return found[0];
}
