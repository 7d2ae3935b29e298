import { strict as assert } from "assert";
import { join } from "path";
import { parse } from "yaml";
import { ofType, programFailure, ProgramFailed, ProgramRun, runProgram } from "../helpers/program";
import { unwrapSecrets } from "../helpers/secrets";
import { runTool, writeTempFiles } from "../helpers/tools";

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const SECRETS = {
  secret: { slackWebhookUrl: "http://127.0.0.1:9/slack", heartbeatWebhookUrl: "http://127.0.0.1:9/hb" },
};

/** The rule files of spec SLOs the program put into ConfigMaps: file name → YAML. */
function specConfigMaps(run: ProgramRun): Record<string, string> {
  const data = ofType(run, "kubernetes:core/v1:ConfigMap")
    .map((r) => unwrapSecrets(r.inputs) as Json)
    .filter((cm) => String(cm.metadata.name).startsWith("slo-rules-specs-"))
    .map((cm) => cm.data as Record<string, string>);
  return Object.assign({}, ...data);
}

/** Resources the run created besides Pulumi's own stack resource. */
function created(run: ProgramRun): string[] {
  return run.resources.filter((r) => r.type !== "pulumi:pulumi:Stack").map((r) => r.type);
}

function failure(plain: Record<string, string>): Promise<ProgramFailed> {
  return programFailure("dev", { ...SECRETS, plain });
}

describe("the program under mocks, with SLO spec files", () => {
  it("creates no spec ConfigMap for the shipped slos/: the seed's SLOs join their areas' rule files", async () => {
    const run = await runProgram("dev", SECRETS);
    assert.deepEqual(specConfigMaps(run), {});
  });

  it("deploys the examples' rules (OpenSLO and Sloth) as sharded ConfigMaps and PrometheusRules promtool accepts", async () => {
    const run = await runProgram("dev", {
      ...SECRETS,
      plain: {
        // slos/ too: the dev stack sets apiAvailabilityObjective, which needs the seed's SLO to override.
        sloSpecs: JSON.stringify(["slos", "examples/slos/openslo", "examples/slos/sloth/*.yaml"]),
        emitPrometheusRule: "true",
      },
    });
    const files = specConfigMaps(run);
    const alerts = Object.values(files).flatMap((text) =>
      (parse(text) as Json).groups.flatMap((g: Json) => g.rules.filter((r: Json) => r.alert)),
    );
    assert.deepEqual([...new Set(alerts.map((a: Json) => a.alert))].sort(), [
      "CheckoutAvailabilityBudgetBurnPage",
      "CheckoutAvailabilityBudgetBurnTicket",
      "CheckoutLatencyBudgetBurnPage",
      "CheckoutLatencyBudgetBurnTicket",
      "CheckoutQueueBudgetBurnPage",
      "PaymentsHighErrorRatePage",
      "PaymentsHighErrorRateTicket",
      "PaymentsLedgerFreshnessBudgetBurnTicket",
    ]);
    for (const a of alerts) {
      assert.equal(a.labels.severity, a.alert.endsWith("Page") ? "critical" : "warning", a.alert);
      assert.equal(a.labels.stack, "dev");
    }
    const rules = ofType(run, "kubernetes:monitoring.coreos.com/v1:PrometheusRule").filter((r) =>
      String(r.name).startsWith("slo-rules-specs-"),
    );
    assert.equal(rules.length, Object.keys(files).length);
    const dir = writeTempFiles(files);
    const check = await runTool("promtool", ["check", "rules", ...Object.keys(files).map((f) => join(dir, f))]);
    assert.equal(check.code, 0, check.stdout + check.stderr);
  });

  it("applies sloOverrides to the objective of a spec SLO", async () => {
    const run = await runProgram("dev", {
      ...SECRETS,
      plain: {
        sloSpecs: JSON.stringify(["slos", "examples/slos"]),
        sloOverrides: JSON.stringify({ "checkout-availability": { target: 99 } }),
      },
    });
    const budget = Object.values(specConfigMaps(run))
      .flatMap((text) => (parse(text) as Json).groups.flatMap((g: Json) => g.rules))
      .find((r: Json) => r.record === "slo:error_budget:ratio" && r.labels.slo === "checkout-availability");
    assert.equal(budget.expr, "vector(0.01)");
  });

  it("stops before any resource on a spec error, an unknown override or a path that matches nothing", async () => {
    const unknown = await failure({
      sloSpecs: JSON.stringify(["slos", "examples/slos"]),
      sloOverrides: JSON.stringify({ nope: { target: 99 } }),
    });
    assert.match(unknown.message, /sloOverrides\.nope: no SLO of that name in sloSpecs/);
    assert.deepEqual(created(unknown.run), []);
    const missing = await failure({ sloSpecs: "slos-typo" });
    assert.match(missing.message, /slos-typo: -: sloSpecs: matches no \*\.yaml or \*\.yml file/);
    assert.deepEqual(created(missing.run), []);
    const bad = await failure({ sloSpecs: "tests/program/fixtures/bad-spec.yaml" });
    assert.match(bad.message, /tests\/program\/fixtures\/bad-spec\.yaml: SLO "broken": spec\.objectives\[0\]\.target/);
    assert.deepEqual(created(bad.run), []);
    const setting = await failure({ sloOverrides: JSON.stringify({ x: { target: 100 } }) });
    assert.match(setting.message, /sloOverrides\.x\.target: 100 is not a percentage strictly between 0 and 100/);
  });
});
