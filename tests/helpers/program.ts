import { withKubernetesAutoName } from "../../src/offline/auto-name";
import { createHash } from "crypto";
import { join } from "path";
import {
  MockedRun,
  ProgramFailed,
  RecordedResource,
  runUnderMocks,
  StandIns,
  unwrapSecrets,
} from "../../src/offline/run";
import { offlineConfig, Overrides } from "../../src/offline/stack-config";
import { ROOT } from "./stack-config";

export { ProgramFailed };
export type { Overrides, RecordedResource };
export type ProgramRun = MockedRun;

/**
 * What a fake PagerDuty would answer for each integration: distinct per
 * integration name and, for a team's (whose integrations share the default
 * team's name), per team as the real PagerDuty's would be.
 */
export function mockIntegrationKey(integrationName: string, team?: string): string {
  const seed = team === undefined ? integrationName : `${team}/${integrationName}`;
  return createHash("sha256").update(seed).digest("hex").slice(0, 32);
}

/** The team of a resource of a team's OnCall (`pagerduty-team-<team>-...`). */
const TEAM_RESOURCE = /^pagerduty-team-(.+)-prometheus$/;

// Data sources the program may call; anything else is a bug the test must see.
const TEST_STAND_INS: StandIns = {
  state: (type, name, inputs) => {
    switch (type) {
      case "pagerduty:index/serviceIntegration:ServiceIntegration":
        return {
          ...inputs,
          integrationKey: mockIntegrationKey(String(unwrapSecrets(inputs.name)), TEAM_RESOURCE.exec(name)?.[1]),
        };
      case "pagerduty:index/service:Service":
        return { ...inputs, htmlUrl: `https://example.pagerduty.com/service-directory/${name}` };
      default:
        return withKubernetesAutoName(type, name, inputs);
    }
  },
  invokes: {
    "pagerduty:index/getVendor:getVendor": (i) => ({
      id: `PVENDOR-${i.name}`,
      name: i.name,
      type: "generic_events_api_inbound_integration",
    }),
    "pagerduty:index/getUser:getUser": (i) => ({ id: `PUSER-${i.email}`, email: i.email, name: i.email }),
    "pagerduty:index/getSchedule:getSchedule": (i) => ({ id: `PSCHEDULE-${i.name}`, name: i.name }),
  },
};

/**
 * Runs the real index.ts for a committed stack under Pulumi's mocks, with the
 * stack file's config plus overrides, and records every resource, option and invoke.
 */
export function runProgram(stack: string, overrides: Overrides = {}): Promise<ProgramRun> {
  const config = offlineConfig(join(ROOT, `Pulumi.${stack}.yaml`), overrides);
  if (config.encrypted.length > 0) {
    throw new Error(
      `Pulumi.${stack}.yaml holds encrypted values (${config.encrypted.join(", ")}); tests pass secrets as overrides`,
    );
  }
  return runUnderMocks(ROOT, stack, config, TEST_STAND_INS);
}

/** The program's failure under these overrides; fails the test when the program runs. */
export async function programFailure(stack: string, overrides: Overrides): Promise<ProgramFailed> {
  try {
    await runProgram(stack, overrides);
  } catch (error) {
    if (error instanceof ProgramFailed) {
      return error;
    }
    throw error;
  }
  throw new Error(`the program ran for stack ${stack}; a failure was expected`);
}

export function ofType(run: ProgramRun, type: string): RecordedResource[] {
  return run.resources.filter((r) => r.type === type);
}

/**
 * The one resource of `type` on the default team's on-call path, leaving out
 * the "alerting pipeline" PagerDuty service and integration
 * (pagerduty-pipeline-*) and the other teams' (pagerduty-team-*).
 */
export function onCallOfType(run: ProgramRun, type: string): RecordedResource {
  const found = ofType(run, type).filter(
    (r) => !r.name.startsWith("pagerduty-pipeline-") && !r.name.startsWith("pagerduty-team-"),
  );
  if (found.length !== 1) {
    throw new Error(`expected one on-call ${type}, found ${found.length}: ${found.map((r) => r.name).join(", ")}`);
  }
  return found[0];
}

export function onlyOfType(run: ProgramRun, type: string): RecordedResource {
  const found = ofType(run, type);
  if (found.length !== 1) {
    throw new Error(`expected one ${type}, found ${found.length}: ${found.map((r) => r.name).join(", ")}`);
  }
  return found[0];
}
