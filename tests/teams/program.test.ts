import { strict as assert } from "assert";
import { parse } from "yaml";
import { graphDiff } from "../helpers/graph";
import { mockIntegrationKey, ofType, ProgramFailed, ProgramRun, runProgram } from "../helpers/program";
import { alertmanagerYaml, credentialFiles, ruleFiles } from "../helpers/rendered";
import { unwrapSecrets } from "../helpers/secrets";

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const INTEGRATION = "pagerduty:index/serviceIntegration:ServiceIntegration";
const SERVICE = "pagerduty:index/service:Service";
const POLICY = "pagerduty:index/escalationPolicy:EscalationPolicy";
const SECRET = "kubernetes:core/v1:Secret";
const DEPLOYMENT = "kubernetes:apps/v1:Deployment";
const ONCALL = "slo-alerting:pagerduty:OnCall";
const KEY_NAME = "Prometheus Alertmanager (key v1)";

function policy(schedule: string, levels = 2): Json {
  return {
    levels: Array.from({ length: levels }, (_, i) => ({ delayMinutes: 10 + i, schedules: [`${schedule} ${i}`] })),
  };
}

const TWO_TEAMS = {
  payments: { escalationPolicy: policy("Payments"), slackChannel: "#payments" },
  search: { escalationPolicy: policy("Search"), incidentUrgency: "low" },
};
const SECRETS = { slackWebhookUrl: "http://127.0.0.1:9/slack", heartbeatWebhookUrl: "http://127.0.0.1:9/hb" };
const EXTERNAL_KEY = "e".repeat(32);
const SEARCH_WEBHOOK = "http://127.0.0.1:9/search-own-webhook";

function run(teams: Json, secret: Record<string, string> = {}): Promise<ProgramRun> {
  return runProgram("prod", { plain: { teams: JSON.stringify(teams) }, secret: { ...SECRETS, ...secret } });
}

function names(r: ProgramRun, type: string): string[] {
  return ofType(r, type)
    .map((x) => x.name)
    .sort();
}

describe("the program with teams: one OnCall, key and route per team", () => {
  let base: ProgramRun;
  let rotated: ProgramRun;
  let withoutSearch: ProgramRun;
  let external: ProgramRun;
  before(async () => {
    base = await run(TWO_TEAMS);
    rotated = await run({ ...TWO_TEAMS, payments: { ...TWO_TEAMS.payments, integrationKeyVersion: 2 } });
    withoutSearch = await run({ payments: TWO_TEAMS.payments });
    external = await run(
      { payments: TWO_TEAMS.payments, search: { slackChannel: "#search" } },
      {
        teamSecrets: JSON.stringify({
          search: { pagerdutyIntegrationKey: EXTERNAL_KEY, slackWebhookUrl: SEARCH_WEBHOOK },
        }),
      },
    );
  });

  it("creates an escalation policy, service and integration per team, named after the team", () => {
    assert.deepEqual(names(base, ONCALL), ["pagerduty", "pagerduty-team-payments", "pagerduty-team-search"]);
    assert.deepEqual(names(base, SERVICE), [
      "pagerduty-pipeline-service",
      "pagerduty-service",
      "pagerduty-team-payments-service",
      "pagerduty-team-search-service",
    ]);
    const service = (name: string) => unwrapSecrets(ofType(base, SERVICE).find((s) => s.name === name)?.inputs) as Json;
    assert.equal(service("pagerduty-team-payments-service").name, "SLO alerts (prod, payments)");
    assert.equal(service("pagerduty-team-search-service").incidentUrgencyRule.urgency, "low");
    const searchPolicy = unwrapSecrets(
      ofType(base, POLICY).find((p) => p.name === "pagerduty-team-search-escalation")?.inputs,
    ) as Json;
    assert.deepEqual(
      searchPolicy.rules.map((r: Json) => r.targets.map((t: Json) => t.id)),
      [["PSCHEDULE-Search 0"], ["PSCHEDULE-Search 1"]],
    );
  });

  it("puts each team's own key in its own file of the credentials Secret, which stays a secret", () => {
    const { files, wasSecret } = credentialFiles(base);
    assert.ok(wasSecret);
    assert.equal(files["pagerduty-integration-key.team-payments"], mockIntegrationKey(KEY_NAME, "payments"));
    assert.equal(files["pagerduty-integration-key.team-search"], mockIntegrationKey(KEY_NAME, "search"));
    assert.equal(new Set(Object.values(files)).size, Object.values(files).length, "every key differs");
    const yml = alertmanagerYaml(base).text;
    for (const key of Object.values(files)) {
      assert.ok(!yml.includes(key), "alertmanager.yml holds no key");
    }
  });

  it("rotates one team's key alone: its integration, the credentials Secret and the pods' Secret name, nothing of the other team", () => {
    assert.deepEqual(graphDiff(base, rotated), [
      `${DEPLOYMENT}::alertmanager-deployment $.spec.template.spec.volumes["1"].secret.secretName`,
      `${SECRET}::alertmanager-credentials $.stringData["pagerduty-integration-key.team-payments"]`,
      `${INTEGRATION}::pagerduty-team-payments-prometheus $.name`,
    ]);
    const opts = rotated.options.get(`${INTEGRATION}::pagerduty-team-payments-prometheus`);
    // Create-before-delete, as the default team's (src/pagerduty/oncall.ts): the old key pages until the pods roll.
    assert.deepEqual([opts?.replaceOnChanges, opts?.deleteBeforeReplace], [["name"], false]);
  });

  it("removing a team removes its resources, key file and routes, and changes nothing of the other team", () => {
    const diff = graphDiff(base, withoutSearch);
    assert.deepEqual(
      diff.filter((d) => d.startsWith("- ") || d.startsWith("+ ")),
      [
        "- pagerduty:index/escalationPolicy:EscalationPolicy::pagerduty-team-search-escalation",
        "- pagerduty:index/service:Service::pagerduty-team-search-service",
        "- pagerduty:index/serviceIntegration:ServiceIntegration::pagerduty-team-search-prometheus",
        `- ${ONCALL}::pagerduty-team-search`,
      ],
    );
    assert.deepEqual(
      diff.filter((d) => !d.startsWith("- ")),
      [
        `${DEPLOYMENT}::alertmanager-deployment $.spec.template.spec.volumes["0"].secret.secretName`,
        `${DEPLOYMENT}::alertmanager-deployment $.spec.template.spec.volumes["1"].secret.secretName`,
        `${SECRET}::alertmanager-config $.stringData["alertmanager.yml"]`,
        `${SECRET}::alertmanager-credentials $.stringData["pagerduty-integration-key.team-search"]`,
      ],
    );
  });

  it("takes an external team's key and own webhook from teamSecrets, creates no PagerDuty resource for it, and keeps both secret", () => {
    assert.deepEqual(names(external, ONCALL), ["pagerduty", "pagerduty-team-payments"]);
    const { files, wasSecret } = credentialFiles(external);
    assert.ok(wasSecret);
    assert.equal(files["pagerduty-integration-key.team-search"], EXTERNAL_KEY);
    assert.equal(files["slack-webhook-url.team-search"], SEARCH_WEBHOOK);
    const text = JSON.stringify({
      outputs: external.outputs,
      configMaps: ofType(external, "kubernetes:core/v1:ConfigMap").map((c) => c.inputs),
      yml: alertmanagerYaml(external).text,
    });
    assert.ok(
      !text.includes(EXTERNAL_KEY) && !text.includes(SEARCH_WEBHOOK),
      "no secret in outputs, ConfigMaps or alertmanager.yml",
    );
    assert.match(
      String((external.outputs.teamPagerdutyServiceUrls?.value as Json).search),
      /managed outside this stack/,
    );
  });

  it("exports each managed team's service URL", () => {
    const urls = base.outputs.teamPagerdutyServiceUrls?.value as Record<string, string>;
    assert.deepEqual(Object.keys(urls).sort(), ["payments", "search"]);
    assert.match(urls.payments, /pagerduty-team-payments-service$/);
  });

  it("labels every alert of the program's own rule files with the default team", () => {
    const alerts = Object.values(ruleFiles(base)).flatMap((text) =>
      (parse(text) as Json).groups.flatMap((g: Json) => g.rules.filter((r: Json) => r.alert)),
    );
    assert.ok(alerts.length > 10);
    assert.deepEqual([...new Set(alerts.map((a: Json) => a.labels.team))], ["sre"]);
  });

  it("stops before any resource when a spec SLO names a team the stack does not define", async () => {
    await assert.rejects(
      runProgram("prod", { plain: { sloSpecs: JSON.stringify(["slos", "examples/slos"]) }, secret: SECRETS }),
      (e: unknown) => {
        assert.ok(e instanceof ProgramFailed);
        assert.match(
          e.message,
          /examples\/slos\/openslo\/checkout\.yaml: SLO "checkout-availability": metadata\.labels\.team/,
        );
        assert.deepEqual(
          e.run.resources.filter((r) => r.type !== "pulumi:pulumi:Stack"),
          [],
        );
        return true;
      },
    );
  });
});
