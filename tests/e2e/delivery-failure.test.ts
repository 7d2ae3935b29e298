import { strict as assert } from "assert";
import { sleep } from "../helpers/processes";
import { stormRules } from "./support/dns-ha";
import { Harness } from "./support/harness";
import { Replicas, startDiscoveringPrometheus } from "./support/replicas";

const DELIVERY_ALERT = "AlertmanagerPagerDutyNotificationsFailing";
const FOR = "5s";

describe("e2e: PagerDuty refuses the key; the delivery-failure alert reaches Slack and the alerting-pipeline service (real Prometheus 2.42 scraping real Alertmanager 0.25 by the program's outputs)", function () {
  this.timeout(150_000);
  let h: Harness;

  before(async () => {
    h = await Harness.start({
      stack: "prod",
      timings: { groupWait: "1s", groupInterval: "2s", repeatInterval: "1h", deliveryAlertFor: FOR },
    });
  });

  after(async () => {
    await h?.stop();
  });

  it(`pages through the pipeline key and Slack within ${FOR} plus a few evaluations of the first refused page`, async () => {
    const pipelineKey = h.stack.pipelineIntegrationKey;
    assert.ok(pipelineKey, "managed mode has an alerting-pipeline integration");
    assert.notEqual(pipelineKey, h.stack.integrationKey);
    h.pagerDuty.revoke(h.stack.integrationKey);

    const replicas = await Replicas.start(h, 3);
    const { file } = stormRules(h.stack.stack, [Date.now()], 1);
    await startDiscoveringPrometheus(h, replicas, {
      ruleFiles: { "page.rules.yml": file },
      // The program's scrape config for the Alertmanager pods, unchanged: the delivery rules select its job.
      scrapeConfigs: [h.stack.prometheusScrapeConfig],
    });

    const refused = await h.pagerDuty.waitFor(
      "a page refused for the revoked key",
      () => h.pagerDuty.refused(400).find((r) => r.body.routing_key === h.stack.integrationKey),
      30_000,
    );
    const viaPipeline = await h.pagerDuty.waitFor(
      `${DELIVERY_ALERT} accepted by the alerting-pipeline integration`,
      () =>
        h.pagerDuty.accepted.find(
          (r) =>
            r.body.routing_key === pipelineKey &&
            r.body.payload.summary.includes("fails to deliver pages to PagerDuty"),
        ),
      60_000,
    );
    const inSlack = await h.webhooks.waitFor(
      `${DELIVERY_ALERT} in Slack`,
      () => h.webhooks.received.find((r) => r.path === "/slack" && JSON.stringify(r.body).includes(DELIVERY_ALERT)),
      30_000,
    );
    console.log(
      `      first refused page → pipeline PagerDuty ${(viaPipeline.at - refused.at) / 1000} s, → Slack ${(inSlack.at - refused.at) / 1000} s (for ${FOR}, scrape/eval 1s)`,
    );
    // for: plus scrape, rate and evaluation (a few 1s intervals), resend and group_wait.
    assert.ok(viaPipeline.at - refused.at <= 5_000 + 10_000, `${viaPipeline.at - refused.at} ms`);
    assert.ok(inSlack.at - refused.at <= 5_000 + 10_000, `${inSlack.at - refused.at} ms`);
    // Never through the key that fails.
    await sleep(2_000);
    assert.equal(
      h.pagerDuty.received.filter(
        (r) => r.body.routing_key === h.stack.integrationKey && r.body.payload?.summary?.includes("fails to deliver"),
      ).length,
      0,
    );
  });
});
