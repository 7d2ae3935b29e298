import { strict as assert } from "assert";
import { criticalAlertsPage } from "../../policy/critical-alerts-page";
import { isUnknownValueError, whenKnown } from "../../policy/lib/resources";
import { secretsStaySecret } from "../../policy/secrets-stay-secret";
import { runProgram } from "../helpers/program";
import { checkStack, Resource, resourcesOf, UNKNOWN_STRING } from "./harness";

const SECRETS = {
  slackWebhookUrl: "https://hooks.slack.com/services/T0/B0/previewSlackToken",
  heartbeatWebhookUrl: "https://hc-ping.example/preview-heartbeat-token",
};

/**
 * The program's resources as a first preview (or a rotation) shows them to
 * the policies: the key PagerDuty has not issued yet is unknown, in the
 * integration and in the credentials Secret, and nowhere else.
 */
function firstPreview(resources: Resource[]): Resource[] {
  return resources.map((r) => {
    if (r.type === "pagerduty:index/serviceIntegration:ServiceIntegration") {
      return { ...r, props: { ...r.props, integrationKey: UNKNOWN_STRING } };
    }
    if (r.type === "kubernetes:core/v1:Secret" && r.name === "alertmanager-credentials") {
      return { ...r, props: { ...r.props, stringData: UNKNOWN_STRING } };
    }
    return r;
  });
}

describe("policies during a preview that creates the integration key", () => {
  let preview: Resource[];
  before(async () => {
    preview = firstPreview(resourcesOf(await runProgram("prod", { secret: SECRETS })));
  });

  it("check the routing: alertmanager.yml is known, only the credentials are not", async () => {
    assert.deepEqual(await checkStack(criticalAlertsPage, preview), { violations: [] });
  });

  it("would report a critical alert routed away from PagerDuty in that same preview", async () => {
    const broken = preview.map((r) => {
      if (r.type !== "kubernetes:core/v1:Secret" || r.name !== "alertmanager-config") {
        return r;
      }
      const stringData = r.props.stringData as Record<string, string>;
      const text = stringData["alertmanager.yml"].replace(/receiver: pagerduty/g, "receiver: slack");
      return { ...r, props: { ...r.props, stringData: { "alertmanager.yml": text } } };
    });
    const outcome = await checkStack(criticalAlertsPage, broken);
    assert.equal(outcome.cannotRunInPreview, undefined);
    assert.ok(outcome.violations.length > 0);
    assert.match(outcome.violations[0], /to receiver "slack", which does not page through PagerDuty/);
  });

  it("find the Slack URL through api_url_file in the credentials Secret once it is known", async () => {
    const known = resourcesOf(await runProgram("prod", { secret: SECRETS }));
    const leaked = known.map((r) =>
      r.type === "kubernetes:core/v1:ConfigMap" && r.name === "slo-rules-api"
        ? { ...r, props: { ...r.props, metadata: { annotations: { note: SECRETS.slackWebhookUrl } } } }
        : r,
    );
    const outcome = await checkStack(secretsStaySecret, leaked);
    assert.equal(outcome.violations.length, 1);
    // The same webhook serves warnings and the alerting pipeline: either receiver names it.
    assert.match(outcome.violations[0], /the Slack webhook URL of receiver "(slack|alerting-pipeline)"/);
    assert.ok(!outcome.violations[0].includes(SECRETS.slackWebhookUrl), "never the value");
  });
});

describe("unknown values from another copy of @pulumi/policy", () => {
  // With policy/node_modules installed (CI runs `npm ci --prefix policy`), the
  // pack's @pulumi/policy and the one that built the proxy are two copies:
  // `instanceof UnknownValueError` is false across them.
  function otherCopysError(): Error {
    const path = require.resolve("@pulumi/policy/proxy");
    const saved = require.cache[path];
    delete require.cache[path];
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const other = require(path) as { UnknownValueError: new (sentinel: unknown, props: string[]) => Error };
      return new other.UnknownValueError(UNKNOWN_STRING, ["stringData"]);
    } finally {
      require.cache[path] = saved;
    }
  }

  it("are recognised all the same", () => {
    const error = otherCopysError();
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { UnknownValueError } = require("@pulumi/policy/proxy") as { UnknownValueError: new () => Error };
    assert.ok(!(error instanceof UnknownValueError), "the test really has two classes");
    assert.ok(isUnknownValueError(error));
    assert.equal(
      whenKnown(() => {
        throw error;
      }, "fallback"),
      "fallback",
    );
    assert.ok(!isUnknownValueError(new Error("unknown")));
  });
});
