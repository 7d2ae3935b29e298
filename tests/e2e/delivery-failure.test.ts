import { strict as assert } from "assert";
import { sleep } from "../helpers/processes";
import { DELIVERY_ALERT, revokedKey } from "./support/delivery-failure";
import { Harness } from "./support/harness";

const FOR_MS = 5_000;

describe("e2e: PagerDuty refuses the key; the delivery-failure alert reaches Slack and the alerting-pipeline service (real Prometheus 2.42 scraping real Alertmanager 0.25 by the program's outputs)", function () {
  this.timeout(150_000);
  let h: Harness;

  before(async () => {
    h = await Harness.start({
      stack: "prod",
      timings: { groupWait: "1s", groupInterval: "2s", repeatInterval: "1h", deliveryAlertFor: `${FOR_MS / 1000}s` },
    });
  });

  after(async () => {
    await h?.stop();
  });

  it(`pages ${DELIVERY_ALERT} through the pipeline key and Slack within its for: plus a few evaluations of the first refused page`, async () => {
    const r = await revokedKey(h);
    const toPipeline = r.viaPipeline.at - r.refused.at;
    const toSlack = r.inSlackAt - r.refused.at;
    console.log(
      `      first refused page → pipeline PagerDuty ${toPipeline / 1000} s, → Slack ${toSlack / 1000} s (for ${FOR_MS / 1000}s, scrape/eval 1s)`,
    );
    // for: plus scrape, rate and evaluation (a few 1s intervals), resend and group_wait.
    assert.ok(toPipeline <= FOR_MS + 10_000, `${toPipeline} ms`);
    assert.ok(toSlack <= FOR_MS + 10_000, `${toSlack} ms`);
    assert.ok(r.refused.at < r.viaPipeline.at, "the alert follows the failure, it does not fire on its own");
    await sleep(2_000);
    // Never through the key that fails.
    assert.equal(
      h.pagerDuty.received.filter(
        (x) => x.body.routing_key === h.stack.integrationKey && x.body.payload?.summary?.includes("fails to deliver"),
      ).length,
      0,
    );
  });
});
