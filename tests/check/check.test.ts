import { strict as assert } from "assert";
import { execFile } from "child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { parse, stringify } from "yaml";
import { checkStack, CheckResult } from "../../src/offline/check";
import { PLACEHOLDERS } from "../../src/offline/redaction";
import { checkFiles } from "../../src/offline/tools";
import { mockIntegrationKey, ofType, ProgramRun, runProgram } from "../helpers/program";
import { alertmanagerYaml, dashboardFiles, ruleFiles } from "../helpers/rendered";
import { unwrapSecrets } from "../helpers/secrets";
import { ROOT, STACKS } from "../helpers/stack-config";

const SLACK = "https://hooks.slack.com/services/T0/B0/checkSlackSecretToken";
const HEARTBEAT = "https://hc-ping.example/check-heartbeat-secret-token";
const SECRETS = { slackWebhookUrl: SLACK, heartbeatWebhookUrl: HEARTBEAT };

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), "slo-alerting-check-"));
}

/** Every file under dir, by path relative to it (dot files too). */
function filesUnder(dir: string, prefix = ""): string[] {
  return readdirSync(dir).flatMap((name) =>
    statSync(join(dir, name)).isDirectory() ? filesUnder(join(dir, name), `${prefix}${name}/`) : [`${prefix}${name}`],
  );
}

function read(dir: string, file: string): string {
  return readFileSync(join(dir, file), "utf8");
}

describe("npm run check (offline rendering and tool checks)", () => {
  for (const stack of STACKS) {
    describe(`stack ${stack}, given secret webhooks`, () => {
      let out: string;
      let result: CheckResult;
      let run: ProgramRun;
      before(async () => {
        out = tempDir();
        result = await checkStack({ root: ROOT, stack, outDir: out, overrides: { secret: SECRETS } });
        run = await runProgram(stack, { secret: SECRETS });
      });

      it("writes alertmanager.yml, every rule file and one manifest per Kubernetes object of the program", () => {
        const manifests = run.resources
          .filter((r) => r.type.startsWith("kubernetes:") && !r.read)
          .map((r) => {
            const { kind, metadata } = unwrapSecrets(r.inputs) as { kind: string; metadata: { name: string } };
            // An auto-named object (the config Secret) has no name until the provider generates one.
            return `manifests/${kind.toLowerCase()}-${metadata.name ?? r.name}.yaml`;
          });
        const rules = Object.keys(ruleFiles(run)).map((f) => `rules/${f}`);
        const dashboards = Object.keys(dashboardFiles(run)).map((f) => `dashboards/${f}`);
        assert.deepEqual(result.files, [
          "alertmanager.yml",
          ...dashboards.sort(),
          ...manifests.sort(),
          ...rules.sort(),
        ]);
        for (const expected of ["manifests/deployment-alertmanager.yaml", "rules/slo-api.rules.yml"]) {
          assert.ok(result.files.includes(expected), expected);
        }
        assert.equal(result.files.includes("manifests/poddisruptionbudget-alertmanager.yaml"), stack === "prod");
        assert.deepEqual(filesUnder(out).sort(), [".written-by-npm-run-check", ...result.files].sort());
      });

      it("shows none of the secrets anywhere under out/, only their placeholders", () => {
        for (const file of filesUnder(out)) {
          for (const secret of [SLACK, HEARTBEAT, "checkSlackSecretToken", "check-heartbeat-secret-token"]) {
            assert.ok(!read(out, file).includes(secret), `${file} shows a secret`);
          }
        }
        // The heartbeat URL is inline in alertmanager.yml; the keys and the Slack URL are files of the credentials Secret.
        assert.ok(read(out, "alertmanager.yml").includes(PLACEHOLDERS.heartbeatWebhookUrl));
        const credentials = parse(read(out, "manifests/secret-alertmanager-credentials.yaml"));
        assert.deepEqual(credentials.stringData, {
          "pagerduty-integration-key": PLACEHOLDERS.pagerdutyIntegrationKey,
          "pagerduty-pipeline-integration-key": PLACEHOLDERS.pagerdutyIntegrationKey,
          "slack-webhook-url": PLACEHOLDERS.slackWebhookUrl,
          // dev's second team, payments (Pulumi.dev.yaml).
          ...(stack === "dev"
            ? { "pagerduty-integration-key.team-payments": PLACEHOLDERS.pagerdutyIntegrationKey }
            : {}),
        });
      });

      it("writes exactly what the program deploys, secrets aside", () => {
        // Both integrations' keys (on-call and alerting pipeline): offline, PagerDuty issues neither.
        let text = alertmanagerYaml(run).text;
        for (const integration of ofType(run, "pagerduty:index/serviceIntegration:ServiceIntegration")) {
          text = text
            .split(mockIntegrationKey(String(integration.inputs.name)))
            .join(PLACEHOLDERS.pagerdutyIntegrationKey);
        }
        const deployed = text
          .split(SLACK)
          .join(PLACEHOLDERS.slackWebhookUrl)
          .split(HEARTBEAT)
          .join(PLACEHOLDERS.heartbeatWebhookUrl);
        assert.equal(read(out, "alertmanager.yml"), deployed);
        for (const [name, content] of Object.entries(ruleFiles(run))) {
          assert.equal(read(out, `rules/${name}`), content, name);
        }
        const deployment = parse(read(out, "manifests/deployment-alertmanager.yaml"));
        assert.equal(deployment.kind, "Deployment");
        assert.equal(deployment.spec.replicas, stack === "prod" ? 3 : 1);
      });

      it("passes amtool check-config and promtool check rules", () => {
        assert.deepEqual(
          result.reports.map((r) => [r.command.split(" ").slice(0, 2).join(" "), r.ok]),
          [
            ["amtool check-config", true],
            ["promtool check", true],
          ],
        );
        assert.match(result.reports[1].output, /SUCCESS: \d+ rules found/);
        assert.ok(result.ok);
      });
    });
  }

  it("writes the Grafana dashboards as the sidecar ConfigMaps hold them, for import by hand", async () => {
    const out = tempDir();
    const overrides = { secret: SECRETS, plain: { sloSpecs: JSON.stringify(["slos", "examples/slos"]) } };
    const result = await checkStack({ root: ROOT, stack: "dev", outDir: out, overrides });
    const deployed = dashboardFiles(await runProgram("dev", overrides));
    assert.deepEqual(
      result.files.filter((f) => f.startsWith("dashboards/")),
      Object.keys(deployed)
        .sort()
        .map((f) => `dashboards/${f}`),
    );
    assert.ok(Object.keys(deployed).includes("slo-overview.json"));
    for (const [name, json] of Object.entries(deployed)) {
      assert.equal(read(out, `dashboards/${name}`), json);
      assert.equal(JSON.parse(json).schemaVersion > 0, true);
    }
  });

  it("checks a stack whose secrets are encrypted, with placeholders, and says so", async () => {
    const dir = tempDir();
    const prod = parse(readFileSync(join(ROOT, "Pulumi.prod.yaml"), "utf8"));
    prod.config["slo-alerting:slackWebhookUrl"] = { secure: "v1:AAAAAAAAAAAAAAAAAAAAAA==:notDecryptableOffline" };
    const stackFile = join(dir, "Pulumi.prod.yaml");
    writeFileSync(stackFile, stringify(prod));
    const out = join(dir, "out");
    const result = await checkStack({ root: ROOT, stack: "prod", outDir: out, stackFile });
    assert.deepEqual(result.encrypted, ["slackWebhookUrl"]);
    assert.ok(result.ok);
    const receivers = parse(read(out, "alertmanager.yml")).receivers as Array<{
      name: string;
      slack_configs?: Array<{ api_url_file: string }>;
    }>;
    const slack = receivers.find((r) => r.name === "slack");
    assert.equal(slack?.slack_configs?.[0].api_url_file, "/etc/alertmanager/credentials/slack-webhook-url");
    const credentials = parse(read(out, "manifests/secret-alertmanager-credentials.yaml"));
    assert.equal(credentials.stringData["slack-webhook-url"], PLACEHOLDERS.slackWebhookUrl);
  });

  it("fails with the tool's own words when a file is refused", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "alertmanager.yml"), "route:\n  receiver: nowhere\nreceivers: []\n");
    mkdirSync(join(dir, "rules"));
    writeFileSync(
      join(dir, "rules", "bad.rules.yml"),
      "groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: rate(\n",
    );
    const reports = await checkFiles(dir, "alertmanager.yml", ["rules/bad.rules.yml"]);
    assert.deepEqual(
      reports.map((r) => r.ok),
      [false, false],
    );
    assert.match(reports[0].output, /undefined receiver "nowhere"/);
    assert.match(reports[1].output, /bad\.rules\.yml/);
  });

  it("refuses settings the program refuses, before writing anything", async () => {
    const out = join(tempDir(), "out");
    await assert.rejects(
      checkStack({ root: ROOT, stack: "dev", outDir: out, overrides: { plain: { alertmanagerReplicas: "0" } } }),
      /alertmanagerReplicas: "0" is not a whole number from 1 to 9/,
    );
    assert.throws(() => readdirSync(out), /ENOENT/);
  });

  it("does not empty a directory it did not write", async () => {
    const out = tempDir();
    writeFileSync(join(out, "precious.txt"), "keep me");
    await assert.rejects(checkStack({ root: ROOT, stack: "dev", outDir: out }), /was not written by this check/);
    assert.equal(read(out, "precious.txt"), "keep me");
  });

  it("runs as a command: exit 0 and a summary for a good stack, exit 2 and a hint for an unknown one", async () => {
    const run = (args: string[]) =>
      new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
        // Type checking is tsc's job in npm test; the command's behaviour is what is under test here.
        const env = { ...process.env, TS_NODE_TRANSPILE_ONLY: "true" };
        execFile(
          process.execPath,
          ["-r", "ts-node/register", "scripts/check.ts", ...args],
          { cwd: ROOT, env },
          (error, stdout, stderr) => resolve({ code: error ? Number(error.code) : 0, stdout, stderr }),
        );
      });
    const out = join(tempDir(), "dev");
    const good = await run(["dev", "--out", out]);
    assert.equal(good.code, 0, good.stderr);
    assert.match(good.stdout, /Wrote \d+ files to .*dev\//);
    assert.match(good.stdout, /ok {4}\(cd .* && amtool check-config alertmanager\.yml\)/);
    const unknown = await run(["staging", "--out", out]);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /no stack file .*Pulumi\.staging\.yaml; create the stack first/);
  });
});
