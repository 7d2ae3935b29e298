import * as k8s from "@pulumi/kubernetes";
import { strict as assert } from "assert";
import { mkdtempSync, rmSync, writeFileSync } from "fs";
import { basename, join } from "path";
import { stringify } from "yaml";
import { ofType, programFailure, ProgramFailed, ProgramRun, runProgram } from "../helpers/program";
import { unwrapSecrets } from "../helpers/secrets";
import { ROOT } from "../helpers/stack-config";

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const SECRETS = {
  secret: { slackWebhookUrl: "http://127.0.0.1:9/slack", heartbeatWebhookUrl: "http://127.0.0.1:9/hb" },
};
const EXAMPLES = { sloSpecs: JSON.stringify(["slos", "examples/slos"]) };

function dashboardMaps(run: ProgramRun): Json[] {
  return ofType(run, "kubernetes:core/v1:ConfigMap")
    .filter((r) => r.name.startsWith("slo-dashboards-"))
    .map((r) => ({ ...(unwrapSecrets(r.inputs) as Json), resource: r }));
}

function failure(plain: Record<string, string>): Promise<ProgramFailed> {
  return programFailure("dev", { ...SECRETS, plain });
}

function created(run: ProgramRun): string[] {
  return run.resources.filter((r) => r.type !== "pulumi:pulumi:Stack").map((r) => r.type);
}

describe("the program under mocks: Grafana dashboards", function () {
  this.timeout(120_000);

  it("creates one sidecar ConfigMap per team and one for the overview, in the stack's namespace", async () => {
    const run = await runProgram("dev", { ...SECRETS, plain: EXAMPLES });
    const maps = dashboardMaps(run);
    assert.deepEqual(maps.map((m) => m.metadata.name).sort(), [
      "slo-dashboards-dev-slo-overview",
      "slo-dashboards-dev-slo-team-payments",
      "slo-dashboards-dev-slo-team-sre",
    ]);
    for (const m of maps) {
      assert.equal(m.metadata.namespace, "slo-alerting-dev");
      assert.equal(m.metadata.labels.grafana_dashboard, "1");
      const [[key, json]] = Object.entries(m.data as Record<string, string>);
      assert.equal(key, `${m.metadata.name.replace("slo-dashboards-dev-", "")}.json`);
      assert.ok(Buffer.byteLength(json) < 512 * 1024);
      assert.equal(JSON.parse(json).uid.startsWith("slo-dev-"), true);
      // Through the stack's explicit provider, under the Dashboards component.
      const opts = run.options.get(`kubernetes:core/v1:ConfigMap::${m.resource.name}`);
      assert.ok(k8s.Provider.isInstance(opts?.provider));
      assert.equal(opts?.parent?.constructor.name, "Dashboards");
    }
    assert.deepEqual(
      run.outputs.grafanaDashboardConfigMaps.value,
      maps.map((m) => m.metadata.name),
    );
  });

  it("uses the label and namespace the settings name, and none when turned off", async () => {
    const run = await runProgram("dev", {
      ...SECRETS,
      plain: {
        ...EXAMPLES,
        grafanaDashboardLabel: "example.com/dashboard=slo",
        grafanaDashboardNamespace: "monitoring",
      },
    });
    for (const m of dashboardMaps(run)) {
      assert.equal(m.metadata.namespace, "monitoring");
      assert.equal(m.metadata.labels["example.com/dashboard"], "slo");
      assert.equal(m.metadata.labels.grafana_dashboard, undefined);
    }
    const off = await runProgram("dev", { ...SECRETS, plain: { ...EXAMPLES, grafanaDashboards: "false" } });
    assert.deepEqual(dashboardMaps(off), []);
    assert.equal(off.outputs.grafanaDashboardConfigMaps.value, "none: grafanaDashboards is false");
    // The seed family alone records no slo:* series, so the seed SLOs get no dashboard to read nothing from.
    const seedOnly = await runProgram("dev", { ...SECRETS, plain: { ruleFamilies: "seed" } });
    assert.deepEqual(dashboardMaps(seedOnly), []);
  });

  it("refuses a bad label or namespace before any resource, naming the setting and the fix", async () => {
    const unlabelled = await failure({ ...EXAMPLES, grafanaDashboardLabel: "grafana_dashboard" });
    assert.match(unlabelled.message, /grafanaDashboardLabel: "grafana_dashboard" has no value/);
    assert.match(
      unlabelled.message,
      /fix: run `pulumi config set grafanaDashboardLabel grafana_dashboard=1 --stack dev`/,
    );
    assert.deepEqual(created(unlabelled.run), []);
    const namespace = await failure({ ...EXAMPLES, grafanaDashboardNamespace: "Monitoring_NS" });
    assert.match(namespace.message, /grafanaDashboardNamespace: "Monitoring_NS" is not a Kubernetes namespace name/);
    assert.deepEqual(created(namespace.run), []);
  });

  it("refuses a team dashboard over the object limit before any resource", async () => {
    // One team with 120 SLOs: about 7 KB of dashboard JSON each.
    const dir = mkdtempSync(join(ROOT, ".tmp-dashboards-"));
    try {
      const spec = {
        version: "prometheus/v1",
        service: "big",
        labels: { team: "payments" },
        slos: Array.from({ length: 120 }, (_, i) => ({
          name: `slo-${i}`,
          objective: 99.9,
          sli: {
            events: {
              error_query: `sum(rate(http_requests_total{job="big",route="r${i}",code=~"5.."}[{{.window}}]))`,
              total_query: `sum(rate(http_requests_total{job="big",route="r${i}"}[{{.window}}]))`,
            },
          },
        })),
      };
      writeFileSync(join(dir, "big.yaml"), stringify(spec));
      const big = await failure({ sloSpecs: JSON.stringify(["slos", basename(dir)]) });
      assert.match(
        big.message,
        /grafanaDashboards: the dashboard slo-team-payments\.json \(team "payments"\) would be \d+ bytes, over the 524288/,
      );
      assert.match(
        big.message,
        /fix: give some of team "payments"'s SLOs another owner .* grafanaDashboards false --stack dev/,
      );
      assert.deepEqual(created(big.run), []);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
