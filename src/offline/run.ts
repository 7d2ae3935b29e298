import * as pulumi from "@pulumi/pulumi";
import { setAllConfig } from "@pulumi/pulumi/runtime/config";
import { specialSecretSig, specialSigKey } from "@pulumi/pulumi/runtime/rpc";
import * as runtimeSettings from "@pulumi/pulumi/runtime/settings";
import { join } from "path";
import { PROJECT } from "../settings/stack-file";

export interface RecordedResource {
  type: string;
  name: string;
  /** As the engine would receive them: secrets still wrapped (see isRpcSecret). */
  inputs: Record<string, unknown>;
  /** A read of an existing object (`Resource.get`), which the stack neither creates nor owns. */
  read: boolean;
}

export interface MockedRun {
  stack: string;
  resources: RecordedResource[];
  /** Resource options as the program passed them, by `type::name`. */
  options: Map<string, pulumi.CustomResourceOptions>;
  invokes: Array<{ token: string; inputs: Record<string, unknown> }>;
  /** index.ts' exports, resolved, with whether each is a secret. */
  outputs: Record<string, { value: unknown; secret: boolean }>;
}

/** What stands in for the providers: the state a resource gets back, and the data sources' answers. */
export interface StandIns {
  state(type: string, name: string, inputs: Record<string, unknown>): Record<string, unknown>;
  invokes: Record<string, (inputs: Record<string, unknown>) => Record<string, unknown>>;
}

/** The config the language host would hand the program. */
export interface MockedConfig {
  /** Full keys (`slo-alerting:namespace`), strings, structured values as JSON text. */
  config: Record<string, string>;
  /** Full keys stored as secrets. */
  secretKeys: string[];
}

/** The program threw; `run` holds what it had registered by then. */
export class ProgramFailed extends Error {
  constructor(
    readonly cause: unknown,
    readonly run: MockedRun,
  ) {
    super(cause instanceof Error ? cause.message : String(cause));
    this.name = "ProgramFailed";
  }
}

export function isRpcSecret(value: unknown): value is { value: unknown } {
  return (
    typeof value === "object" &&
    value !== null &&
    (value as Record<string, unknown>)[specialSigKey] === specialSecretSig
  );
}

/** The value with Pulumi's on-the-wire secret wrappers removed. */
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

// Internal to the SDK (the typings omit it): what the language host awaits before it exits.
const waitForRPCs = (runtimeSettings as unknown as { waitForRPCs: () => Promise<void> }).waitForRPCs;

function settle(output: unknown): Promise<{ value: unknown; secret: boolean }> {
  if (!pulumi.Output.isInstance(output)) {
    return Promise.resolve({ value: output, secret: false });
  }
  const o = output as pulumi.Output<unknown>;
  return new Promise((resolve) => {
    o.apply(async (value) => resolve({ value, secret: await pulumi.isSecret(o) }));
  });
}

/**
 * Runs the real program (index.ts under `root`) for a stack under Pulumi's
 * mocks, inside runInPulumiStack as the Node language host does, with no
 * engine, cloud or cluster, and records every resource, option and invoke.
 */
export async function runUnderMocks(
  root: string,
  stack: string,
  config: MockedConfig,
  standIns: StandIns,
): Promise<MockedRun> {
  setAllConfig(config.config, config.secretKeys);
  const run: MockedRun = { stack, resources: [], options: new Map(), invokes: [], outputs: {} };
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        run.resources.push({ type: args.type, name: args.name, inputs: args.inputs, read: Boolean(args.id) });
        return { id: `${args.name}-id`, state: standIns.state(args.type, args.name, args.inputs) };
      },
      call: (args) => {
        run.invokes.push({ token: args.token, inputs: args.inputs });
        const answer = standIns.invokes[args.token];
        if (!answer) {
          throw new Error(`no stand-in for the data source ${args.token}`);
        }
        return answer(args.inputs);
      },
    },
    PROJECT,
    stack,
    false,
  );
  const indexPath = require.resolve(join(root, "index.ts"));
  let exports: Record<string, unknown> = {};
  try {
    await pulumi.runtime.runInPulumiStack(async () => {
      pulumi.runtime.registerStackTransformation((args) => {
        run.options.set(`${args.type}::${args.name}`, args.opts as pulumi.CustomResourceOptions);
        return undefined;
      });
      // A fresh require per run: index.ts builds the stack when loaded, as under `pulumi up`.
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
  // Resources registered inside applies arrive after the exports settle.
  await waitForRPCs();
  return run;
}
