import { parse } from "yaml";
import { FakePagerDuty, FakeWebhooks } from "../../helpers/fake-receivers";
import { mockIntegrationKey, ofType, onCallOfType, onlyOfType, ProgramRun, runProgram } from "../../helpers/program";
import { CREDENTIALS_DIR } from "../../../src/alertmanager/credentials";
import { alertmanagerYaml, credentialFiles, ruleFiles } from "../../helpers/rendered";
import { writeTempFiles } from "../../helpers/tools";
import { unwrapSecrets } from "../../helpers/secrets";
import { loadStackConfig, PROJECT, StackName } from "../../helpers/stack-config";

/** The notification timings, set through the program's own settings. */
export interface Timings {
  groupWait: string;
  groupInterval: string;
  repeatInterval: string;
  /** The Watchdog's heartbeat interval, when a test measures it. */
  heartbeatInterval?: string;
  /** `for:` of the delivery-failure alerts, when a test waits for one. */
  deliveryAlertFor?: string;
}

export interface StackOptions {
  stack: StackName;
  timings: Timings;
  /** `for:` per alert name, merged into the stack's alertOverrides. */
  forOverrides?: Record<string, string>;
  /** Other plain settings on top of the stack file's (e.g. sloSpecs). */
  settings?: Record<string, string>;
  /** Other secret settings, given the stand-ins' addresses (e.g. teamSecrets with a team's own webhook). */
  secrets?: (webhooks: FakeWebhooks) => Record<string, string>;
}

/** What the program deployed for a stack, pointed at the fake receivers. */
export interface DeliveryStack {
  stack: StackName;
  timings: Timings;
  /**
   * The alertmanager.yml the program put in its Secret, its `*_file` options
   * pointing where this test wrote the files of the program's credentials
   * Secret instead of the pod's mount path: the only change.
   */
  alertmanagerYml: string;
  /** Rule files by name, as in the program's ConfigMaps. */
  ruleFiles: Record<string, string>;
  /** The key the (mocked) PagerDuty issued for the program's integration. */
  integrationKey: string;
  /** The key of the "alerting pipeline" service's integration, in managed mode. */
  pipelineIntegrationKey?: string;
  /** The keys the (mocked) PagerDuty issued for the other teams' integrations, by team. */
  teamIntegrationKeys: Record<string, string>;
  /** The program's `prometheusScrapeConfig` output, parsed. */
  prometheusScrapeConfig: Record<string, unknown>;
  /** The program's `prometheusAlertingConfig` output, parsed. */
  prometheusAlerting: Record<string, unknown>;
  /** Gossip tuning flags of the program's Deployment, its addresses left out. */
  clusterTuning: string[];
  /** How long the Deployment keeps a new pod Ready before it removes the next old one. */
  minReadySeconds: number;
}

function mergedOverrides(stack: StackName, forOverrides: Record<string, string>): string {
  const raw = loadStackConfig(stack)[`${PROJECT}:alertOverrides`];
  const merged = (raw === undefined ? {} : JSON.parse(raw)) as Record<string, Record<string, unknown>>;
  for (const [alert, duration] of Object.entries(forOverrides)) {
    merged[alert] = { ...merged[alert], for: duration };
  }
  return JSON.stringify(merged);
}

/**
 * Refuses a config that could reach the real PagerDuty: Events API v1
 * (`service_key`, `service_key_file`) ignores `url` and always calls PagerDuty's host.
 */
function assertLoopbackOnly(yml: string): void {
  const config = parse(yml) as {
    receivers: Array<{ name: string; pagerduty_configs?: Array<Record<string, unknown>> }>;
  };
  for (const receiver of config.receivers) {
    for (const pd of receiver.pagerduty_configs ?? []) {
      if (
        pd.service_key !== undefined ||
        pd.service_key_file !== undefined ||
        !/^http:\/\/127\.0\.0\.1:\d+\//.test(String(pd.url))
      ) {
        throw new Error(
          `receiver ${receiver.name} could page the real PagerDuty (url ${String(pd.url)}); refusing to start Alertmanager with it`,
        );
      }
    }
  }
}

type DeploymentInputs = {
  spec: { minReadySeconds?: number; template: { spec: { containers: Array<{ args?: string[] }> } } };
};

function deploymentOf(run: ProgramRun): DeploymentInputs {
  return unwrapSecrets(onlyOfType(run, "kubernetes:apps/v1:Deployment").inputs) as DeploymentInputs;
}

function clusterTuning(run: ProgramRun): string[] {
  const deployment = deploymentOf(run);
  const args = deployment.spec.template.spec.containers[0]?.args ?? [];
  return args.filter((a) => /^--cluster\.(?!listen-address=|advertise-address=|peer=)/.test(a));
}

function pipelineKey(run: ProgramRun): { pipelineIntegrationKey?: string } {
  const integration = ofType(run, "pagerduty:index/serviceIntegration:ServiceIntegration").find(
    (r) => r.name === "pagerduty-pipeline-prometheus",
  );
  return integration
    ? { pipelineIntegrationKey: mockIntegrationKey(String(unwrapSecrets(integration.inputs.name))) }
    : {};
}

function teamKeys(run: ProgramRun): Record<string, string> {
  return Object.fromEntries(
    ofType(run, "pagerduty:index/serviceIntegration:ServiceIntegration").flatMap((r) => {
      const team = /^pagerduty-team-(.+)-prometheus$/.exec(r.name)?.[1];
      return team === undefined ? [] : [[team, mockIntegrationKey(String(unwrapSecrets(r.inputs.name)), team)]];
    }),
  );
}

/**
 * Runs the real program for `stack` with only the receiver URLs moved to the
 * fakes and the timings shortened, all through its settings.
 */
export async function deliveryStack(
  options: StackOptions,
  pagerDuty: FakePagerDuty,
  webhooks: FakeWebhooks,
): Promise<DeliveryStack> {
  const run = await runProgram(options.stack, {
    plain: {
      ...options.settings,
      pagerdutyEventsUrl: pagerDuty.eventsUrl,
      ...options.timings,
      ...(options.forOverrides ? { alertOverrides: mergedOverrides(options.stack, options.forOverrides) } : {}),
    },
    secret: {
      slackWebhookUrl: webhooks.url("/slack"),
      heartbeatWebhookUrl: webhooks.url("/heartbeat"),
      ...options.secrets?.(webhooks),
    },
  });
  const mounted = writeTempFiles(credentialFiles(run).files, "slo-alerting-credentials-");
  const alertmanagerYml = alertmanagerYaml(run).text.split(`${CREDENTIALS_DIR}/`).join(`${mounted}/`);
  assertLoopbackOnly(alertmanagerYml);
  const integration = onCallOfType(run, "pagerduty:index/serviceIntegration:ServiceIntegration");
  const key = mockIntegrationKey(String(unwrapSecrets(integration.inputs.name)));
  return {
    stack: options.stack,
    timings: options.timings,
    alertmanagerYml,
    ruleFiles: ruleFiles(run),
    integrationKey: key,
    ...pipelineKey(run),
    teamIntegrationKeys: teamKeys(run),
    prometheusScrapeConfig: parse(String(run.outputs.prometheusScrapeConfig?.value)) as Record<string, unknown>,
    prometheusAlerting: parse(String(run.outputs.prometheusAlertingConfig?.value)) as Record<string, unknown>,
    clusterTuning: clusterTuning(run),
    minReadySeconds: deploymentOf(run).spec.minReadySeconds ?? 0,
  };
}
