import { strict as assert } from "assert";
import { execFile } from "child_process";
import { join } from "path";
import { parse, stringify } from "yaml";
import { Alertmanager, freePort, startAlertmanager } from "../helpers/processes";
import { ROOT } from "../helpers/stack-config";
import { Harness } from "../e2e/support/harness";

interface Exit {
  code: number;
  stdout: string;
  stderr: string;
}

/** `npm run smoke -- <args>`, minus npm; transpile-only because `npm test` type-checks first. */
function smoke(args: string[], timeoutMs = 90_000): Promise<Exit> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ["-r", "ts-node/register", join(ROOT, "scripts", "smoke.ts"), ...args],
      { cwd: ROOT, timeout: timeoutMs, env: { ...process.env, TS_NODE_TRANSPILE_ONLY: "true" } },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe("npm run smoke against a local Alertmanager running the program's config", function () {
  this.timeout(120_000);
  let h: Harness;
  let am: Alertmanager;

  before(async () => {
    h = await Harness.start({ stack: "prod", timings: { groupWait: "1s", groupInterval: "2s", repeatInterval: "1h" } });
    am = await h.alertmanager();
  });

  after(async () => {
    await h?.stop();
  });

  it("sends a labelled test page and a test warning, says what to look for, exits 0, and resolves them", async () => {
    const result = await smoke(["prod", "--alertmanager-url", am.url]);
    assert.equal(result.code, 0, result.stderr + result.stdout);
    assert.match(result.stdout, /PagerDuty accepted the critical test alert/);
    assert.match(result.stdout, /Slack accepted the warning test alert/);
    assert.match(
      result.stdout,
      /Look for, in PagerDuty: an incident "\[SMOKE TEST \d+T\d+\] slo-alerting prod: critical test alert/,
    );

    const trigger = h.pagerDuty.triggers.find((e) => e.payload.class === "SLOAlertingSmokeTest");
    assert.ok(trigger, "PagerDuty got the test page");
    assert.equal(trigger.routing_key, h.stack.integrationKey);
    assert.equal(trigger.payload.severity, "critical");
    assert.equal(trigger.payload.custom_details?.stack, "prod");
    assert.match(
      trigger.payload.summary,
      /^\[SMOKE TEST \d+T\d+\] slo-alerting prod: critical test alert, no action needed$/,
    );
    assert.ok(
      h.webhooks.slack.some((m) => m.attachments[0]?.title === "[FIRING] SLOAlertingSmokeTest (prod)"),
      "Slack got the test warning",
    );
    await h.pagerDuty.waitFor(
      "the test page resolved",
      () => h.pagerDuty.resolves.find((e) => e.dedup_key === trigger.dedup_key),
      15_000,
    );
  });

  it("fails with the reason when PagerDuty refuses every event", async () => {
    h.pagerDuty.failFor({ ms: 60_000, statuses: [500] });
    try {
      const result = await smoke(["prod", "--alertmanager-url", am.url, "--timeout", "40s"]);
      assert.equal(result.code, 1);
      assert.match(
        result.stderr,
        /smoke test FAILED: Alertmanager gave up notifying pagerduty after \d+ failed request/,
      );
      assert.match(result.stdout, /test alerts resolved/, "resolves the test alerts even when failing");
    } finally {
      h.pagerDuty.failFor({ ms: 0, statuses: [500] });
    }
  });

  it("fails with a fix when nothing listens at the URL", async () => {
    const result = await smoke(["prod", "--alertmanager-url", `http://127.0.0.1:${await freePort()}`]);
    assert.equal(result.code, 1);
    assert.match(
      result.stderr,
      /smoke test FAILED: cannot reach http:\/\/127\.0\.0\.1:\d+\/-\/ready \(ECONNREFUSED\); is the port-forward running/,
    );
  });

  it("fails, naming the deploy command, when the running config has no PagerDuty receiver", async () => {
    const config = parse(h.stack.alertmanagerYml) as {
      route: { routes: Array<{ receiver: string }> };
      receivers: Array<{ name: string }>;
    };
    config.route.routes = config.route.routes.filter((r) => r.receiver !== "pagerduty");
    config.receivers = config.receivers.filter((r) => r.name !== "pagerduty");
    const bare = await startAlertmanager(stringify(config));
    try {
      const result = await smoke(["prod", "--alertmanager-url", bare.url]);
      assert.equal(result.code, 1);
      assert.match(result.stderr, /has no "pagerduty" receiver .* Deploy it with `npm run up -- prod`/);
    } finally {
      await bare.process.stop();
    }
  });

  it("sends nothing when the Alertmanager runs another stack's config", async () => {
    const before = h.pagerDuty.received.length;
    const result = await smoke(["dev", "--alertmanager-url", am.url]);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /runs the config of stack "prod", not "dev"; nothing was sent/);
    // Only what this run would have sent counts: the previous test's page may still be resolving (its retry
    // lands once the PagerDuty outage it played ends).
    assert.deepEqual(
      h.pagerDuty.received.slice(before).filter((r) => !String(r.body.payload?.summary).includes("slo-alerting prod")),
      [],
    );
  });

  it("refuses to run without a stack or a URL, with the usage", async () => {
    const result = await smoke(["--alertmanager-url", am.url]);
    assert.equal(result.code, 1);
    assert.match(
      result.stderr,
      /give the stack name first[\s\S]*usage: npm run smoke -- <stack> --alertmanager-url URL/,
    );
  });
});
