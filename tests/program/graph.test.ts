import { strict as assert } from "assert";
import { parse } from "yaml";
import {
  onCallOfType,
  mockIntegrationKey,
  ofType,
  onlyOfType,
  ProgramFailed,
  ProgramRun,
  runProgram,
} from "../helpers/program";
import { alertmanagerYaml } from "../helpers/rendered";
import { plaintextPaths, unwrapSecrets } from "../helpers/secrets";
import { STACKS } from "../helpers/stack-config";

const SLACK = "http://127.0.0.1:9/slack/T0/B0/slackSecretToken";
const HEARTBEAT = "http://127.0.0.1:9/heartbeat/heartbeatSecretToken";

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function deployment(run: ProgramRun): Json {
  return unwrapSecrets(onlyOfType(run, "kubernetes:apps/v1:Deployment").inputs) as Json;
}

function integrationKeyOf(run: ProgramRun): string {
  const integration = onCallOfType(run, "pagerduty:index/serviceIntegration:ServiceIntegration");
  return mockIntegrationKey(String(integration.inputs.name));
}

describe("the program under mocks", () => {
  const runs: Record<string, ProgramRun> = {};
  before(async () => {
    for (const stack of STACKS) {
      runs[stack] = await runProgram(stack, { secret: { slackWebhookUrl: SLACK, heartbeatWebhookUrl: HEARTBEAT } });
    }
  });

  for (const stack of STACKS) {
    describe(`stack ${stack}`, () => {
      it("creates one escalation policy, service and Prometheus integration, parented to the OnCall component", () => {
        const run = runs[stack];
        const component = onlyOfType(run, "slo-alerting:pagerduty:OnCall");
        assert.equal(component.name, "pagerduty");
        for (const type of ["EscalationPolicy", "Service", "ServiceIntegration"]) {
          const token = `pagerduty:index/${type[0].toLowerCase()}${type.slice(1)}:${type}`;
          const resource = onCallOfType(run, token);
          assert.ok(resource.name.startsWith("pagerduty-"), `${type} is named after its component`);
          assert.equal(run.options.get(`${token}::${resource.name}`)?.parent?.constructor.name, "OnCall");
        }
      });

      it("looks up the Prometheus vendor and every escalation target, and nothing else", () => {
        const tokens = runs[stack].invokes.map((i) => `${i.token} ${JSON.stringify(i.inputs)}`).sort();
        const expected =
          stack === "prod"
            ? [
                'pagerduty:index/getSchedule:getSchedule {"name":"SRE Primary"}',
                'pagerduty:index/getSchedule:getSchedule {"name":"SRE Secondary"}',
                'pagerduty:index/getUser:getUser {"email":"sre-lead@example.com"}',
                // The on-call service's integration and the alerting pipeline's.
                'pagerduty:index/getVendor:getVendor {"name":"Prometheus"}',
                'pagerduty:index/getVendor:getVendor {"name":"Prometheus"}',
              ]
            : [
                'pagerduty:index/getSchedule:getSchedule {"name":"SRE Primary"}',
                'pagerduty:index/getVendor:getVendor {"name":"Prometheus"}',
                'pagerduty:index/getVendor:getVendor {"name":"Prometheus"}',
              ];
        assert.deepEqual(tokens, expected);
      });

      it("builds the escalation policy from the stack's levels", () => {
        const policy = unwrapSecrets(
          onlyOfType(runs[stack], "pagerduty:index/escalationPolicy:EscalationPolicy").inputs,
        ) as Json;
        if (stack === "prod") {
          assert.equal(policy.numLoops, 2);
          assert.deepEqual(policy.rules, [
            { escalationDelayInMinutes: 10, targets: [{ type: "schedule_reference", id: "PSCHEDULE-SRE Primary" }] },
            {
              escalationDelayInMinutes: 15,
              targets: [
                { type: "user_reference", id: "PUSER-sre-lead@example.com" },
                { type: "schedule_reference", id: "PSCHEDULE-SRE Secondary" },
              ],
            },
          ]);
        } else {
          assert.equal(policy.numLoops, 0);
          assert.deepEqual(policy.rules, [
            { escalationDelayInMinutes: 30, targets: [{ type: "schedule_reference", id: "PSCHEDULE-SRE Primary" }] },
          ]);
        }
      });

      it("gives the service its stack's urgency and timeouts", () => {
        const service = unwrapSecrets(onCallOfType(runs[stack], "pagerduty:index/service:Service").inputs) as Json;
        assert.equal(service.name, `SLO alerts (${stack})`);
        assert.deepEqual(service.incidentUrgencyRule, { type: "constant", urgency: stack === "prod" ? "high" : "low" });
        assert.equal(service.acknowledgementTimeout, "1800");
        assert.equal(service.autoResolveTimeout, "14400");
        assert.equal(service.escalationPolicy, "pagerduty-escalation-id");
      });

      it("attaches the integration to the service with the Prometheus vendor and marks its key secret", () => {
        const run = runs[stack];
        const integration = onCallOfType(run, "pagerduty:index/serviceIntegration:ServiceIntegration");
        assert.deepEqual(unwrapSecrets(integration.inputs), {
          name: "Prometheus Alertmanager (key v1)",
          service: "pagerduty-service-id",
          vendor: "PVENDOR-Prometheus",
        });
        const opts = run.options.get(`pagerduty:index/serviceIntegration:ServiceIntegration::${integration.name}`);
        assert.deepEqual(opts?.additionalSecretOutputs, ["integrationKey"]);
      });

      it("puts the integration key into the Alertmanager Secret, as a secret, and nowhere else in plain text", () => {
        const run = runs[stack];
        const key = integrationKeyOf(run);
        const { text, wasSecret } = alertmanagerYaml(run);
        assert.ok(wasSecret, "alertmanager.yml must reach the engine as a secret");
        const config = parse(text) as Json;
        assert.equal(config.receivers.find((r: Json) => r.name === "pagerduty").pagerduty_configs[0].routing_key, key);
        for (const resource of run.resources) {
          for (const secret of [key, SLACK, HEARTBEAT]) {
            assert.deepEqual(
              plaintextPaths(resource.inputs, secret),
              [],
              `${resource.type} ${resource.name} holds a secret in plain text`,
            );
          }
        }
        for (const [name, output] of Object.entries(run.outputs)) {
          const holds = [key, SLACK, HEARTBEAT].some((s) => JSON.stringify(output.value ?? "").includes(s));
          assert.ok(!holds || output.secret, `stack output ${name} holds a secret but is not marked secret`);
        }
      });

      it("exports the integration key only as a secret output", () => {
        const output = runs[stack].outputs.pagerdutyIntegrationKey;
        assert.equal(output.value, integrationKeyOf(runs[stack]));
        assert.equal(output.secret, true);
      });

      it("never puts a secret in a ConfigMap or an annotation", () => {
        const run = runs[stack];
        for (const cm of ofType(run, "kubernetes:core/v1:ConfigMap")) {
          assert.ok(
            !JSON.stringify(unwrapSecrets(cm.inputs)).match(
              /routing_key|service_key|api_url|slackSecretToken|heartbeatSecretToken/,
            ),
          );
        }
        const annotations = JSON.stringify(deployment(run).spec.template.metadata.annotations);
        assert.ok(!annotations.includes(integrationKeyOf(run)));
      });

      it("pins the Alertmanager image and runs it non-root on a read-only root filesystem with probes and resources", () => {
        const pod = deployment(runs[stack]).spec.template.spec;
        const container = pod.containers[0];
        assert.match(container.image, /^quay\.io\/prometheus\/alertmanager:v\d+\.\d+\.\d+$/);
        assert.equal(pod.securityContext.runAsNonRoot, true);
        assert.equal(container.securityContext.readOnlyRootFilesystem, true);
        assert.equal(container.securityContext.allowPrivilegeEscalation, false);
        assert.equal(container.livenessProbe.httpGet.path, "/-/healthy");
        assert.equal(container.readinessProbe.httpGet.path, "/-/ready");
        assert.ok(container.resources.requests.memory && container.resources.limits.memory);
        assert.deepEqual(pod.volumes, [
          { name: "config", secret: { secretName: "alertmanager-config" } },
          { name: "storage", emptyDir: {} },
        ]);
      });

      it("rolls the pods when the config changes, through a checksum of it on the pod template", () => {
        const annotations = deployment(runs[stack]).spec.template.metadata.annotations;
        assert.match(annotations["slo-alerting/config-checksum"], /^[0-9a-f]{64}$/);
        const opts = runs[stack].options.get("kubernetes:apps/v1:Deployment::alertmanager-deployment");
        assert.equal((opts?.dependsOn as unknown[]).length, 1, "the Deployment waits for its Secret");
      });

      it("exposes every Ready replica on 9093 through a headless Service and points Prometheus at all of them", () => {
        const run = runs[stack];
        const service = (name: string) =>
          unwrapSecrets(ofType(run, "kubernetes:core/v1:Service").find((s) => s.name === name)!.inputs) as Json;
        const web = [{ name: "web", port: 9093, targetPort: "web", protocol: "TCP" }];
        assert.deepEqual(service("alertmanager-service").spec.ports, web, "the ClusterIP Service stays, for humans");
        const replicas = service("alertmanager-replicas");
        assert.equal(replicas.metadata.name, "alertmanager-replicas");
        assert.equal(replicas.spec.clusterIP, "None", "headless: one A record per pod, no load balancing");
        assert.equal(replicas.spec.publishNotReadyAddresses, false, "only Ready pods receive alerts");
        assert.deepEqual(replicas.spec.ports, web);
        assert.deepEqual(replicas.spec.selector, deployment(run).spec.selector.matchLabels);
        const dnsName = "alertmanager-replicas.monitoring.svc.cluster.local.";
        assert.equal(run.outputs.alertmanagerReplicasDnsName.value, dnsName);
        assert.equal(run.outputs.alertmanagerTarget, undefined, "no output suggests one address is enough");
        assert.deepEqual(parse(String(run.outputs.prometheusAlertingConfig.value)), {
          alerting: {
            alertmanagers: [
              {
                api_version: "v2",
                dns_sd_configs: [{ names: [dnsName], type: "A", port: 9093, refresh_interval: "10s" }],
              },
            ],
          },
        });
        assert.deepEqual(parse(String(run.outputs.prometheusOperatorAlertmanagers.value)), [
          { namespace: "monitoring", name: "alertmanager-replicas", port: "web", apiVersion: "v2" },
        ]);
      });

      it("pages delivery failures through a separate alerting-pipeline service and key, with the on-call escalation policy", () => {
        const run = runs[stack];
        const integrations = ofType(run, "pagerduty:index/serviceIntegration:ServiceIntegration");
        const pipeline = integrations.find((r) => r.name === "pagerduty-pipeline-prometheus")!;
        const onCall = integrations.find((r) => r.name === "pagerduty-prometheus")!;
        const key = (r: typeof pipeline) => mockIntegrationKey(String((unwrapSecrets(r.inputs) as Json).name));
        assert.notEqual(key(pipeline), key(onCall));
        const config = parse(alertmanagerYaml(run).text) as {
          receivers: Array<{
            name: string;
            pagerduty_configs?: Array<{ routing_key: string }>;
            slack_configs?: unknown[];
          }>;
        };
        const receiver = config.receivers.find((r) => r.name === "alerting-pipeline")!;
        assert.equal(receiver.pagerduty_configs?.[0].routing_key, key(pipeline));
        assert.equal(receiver.slack_configs?.length, 1, "and Slack, which needs no PagerDuty key");
        const services = ofType(run, "pagerduty:index/service:Service").map((s) => unwrapSecrets(s.inputs) as Json);
        assert.equal(services.length, 2);
        assert.equal(services[0].escalationPolicy, services[1].escalationPolicy);
        assert.match(String(run.outputs.pagerdutyPipelineServiceUrl.value), /pagerduty-pipeline-service$/);
      });

      it("ships the rule files as one ConfigMap per SLO area", () => {
        const run = runs[stack];
        const names = ofType(run, "kubernetes:core/v1:ConfigMap").map(
          (cm) => (unwrapSecrets(cm.inputs) as Json).metadata.name,
        );
        assert.deepEqual(names.sort(), ["slo-rules-api", "slo-rules-dispatch", "slo-rules-global"]);
        assert.deepEqual(run.outputs.ruleConfigMaps.value, ["slo-rules-api", "slo-rules-dispatch", "slo-rules-global"]);
      });
    });
  }

  it("runs prod with 3 clustered replicas behind a headless Service and a PodDisruptionBudget", () => {
    const run = runs.prod;
    const spec = deployment(run).spec;
    assert.equal(spec.replicas, 3);
    const args: string[] = spec.template.spec.containers[0].args;
    assert.ok(args.includes("--cluster.peer=alertmanager-cluster.monitoring.svc:9094"));
    assert.ok(args.includes("--cluster.listen-address=0.0.0.0:9094"));
    assert.ok(
      args.includes("--cluster.pushpull-interval=10s"),
      "a full sync within the peer timeout keeps replicas from paging twice",
    );
    const headless = unwrapSecrets(
      ofType(run, "kubernetes:core/v1:Service").find((s) => s.name === "alertmanager-cluster")!.inputs,
    ) as Json;
    assert.equal(headless.spec.clusterIP, "None");
    assert.equal(headless.spec.publishNotReadyAddresses, true);
    const pdb = unwrapSecrets(onlyOfType(run, "kubernetes:policy/v1:PodDisruptionBudget").inputs) as Json;
    assert.equal(pdb.spec.maxUnavailable, 1);
  });

  it("runs dev with 1 replica, clustering off, and neither gossip Service nor PodDisruptionBudget", () => {
    const run = runs.dev;
    const spec = deployment(run).spec;
    assert.equal(spec.replicas, 1);
    assert.ok(spec.template.spec.containers[0].args.includes("--cluster.listen-address="));
    assert.ok(!spec.template.spec.containers[0].args.some((a: string) => a.startsWith("--cluster.peer")));
    assert.deepEqual(
      ofType(run, "kubernetes:core/v1:Service")
        .map((s) => s.name)
        .sort(),
      ["alertmanager-replicas", "alertmanager-service"],
    );
    assert.equal(ofType(run, "kubernetes:policy/v1:PodDisruptionBudget").length, 0);
  });

  it("says at preview when warnings and the Watchdog have nowhere to go", async () => {
    const run = await runProgram("dev");
    const notices = run.outputs.notices.value as string[];
    assert.equal(notices.length, 3);
    assert.match(notices[0], /slackWebhookUrl is not set: warning alerts go to the "null" receiver/);
    assert.match(notices[1], /heartbeatWebhookUrl is not set/);
    assert.match(
      notices[2],
      /alertmanagerExternalUrl is cluster-internal \(http:\/\/alertmanager\.monitoring\.svc:9093\)/,
    );
    assert.equal(
      (runs.dev.outputs.notices.value as string[]).length,
      1,
      "Slack and heartbeat set: only the URL notice",
    );
  });

  it("says nothing at preview once Slack, the heartbeat and a reachable Alertmanager URL are set", async () => {
    const run = await runProgram("dev", {
      plain: { alertmanagerExternalUrl: "https://alertmanager.example.org" },
      secret: { slackWebhookUrl: SLACK, heartbeatWebhookUrl: HEARTBEAT },
    });
    assert.deepEqual(run.outputs.notices.value, []);
  });

  it("uses an existing namespace when createNamespace is false", async () => {
    const run = await runProgram("dev", { plain: { createNamespace: "false", namespace: "observability" } });
    assert.equal(ofType(run, "kubernetes:core/v1:Namespace").length, 0);
    const secret = unwrapSecrets(onlyOfType(run, "kubernetes:core/v1:Secret").inputs) as Json;
    assert.equal(secret.metadata.namespace, "observability");
    assert.equal(
      run.outputs.alertmanagerReplicasDnsName.value,
      "alertmanager-replicas.observability.svc.cluster.local.",
    );
  });

  it("stops on bad settings before registering any resource", async () => {
    const failure = await runProgram("prod", { plain: { alertmanagerReplicas: "0" } }).then(
      () => assert.fail("the program accepted alertmanagerReplicas=0"),
      (e: unknown) => e,
    );
    assert.ok(failure instanceof ProgramFailed);
    assert.match(failure.message, /alertmanagerReplicas: "0" is not a whole number from 1 to 9/);
    assert.deepEqual(
      failure.run.resources.filter((r) => r.type !== "pulumi:pulumi:Stack").map((r) => r.type),
      [],
    );
  });
});
