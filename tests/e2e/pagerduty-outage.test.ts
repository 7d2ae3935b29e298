import { strict as assert } from "assert";
import { useAlertmanager } from "./support/suite";
import { runOutage } from "./support/outage";

const TIMINGS = { groupWait: "1s", groupInterval: "2s", repeatInterval: "1h" };
const OUTAGE_MS = 32_000;
const RETRY_WINDOW_MS = 15_000;

describe("e2e: PagerDuty failing, then recovering, behind the real Alertmanager 0.25", function () {
  this.timeout(120_000);
  const suite = useAlertmanager(TIMINGS);

  it("delivers every page fired before or during 30 s of 500 and 429 answers once PagerDuty answers again, none lost, none twice", async () => {
    const result = await runOutage(suite.h, suite.am, {
      outageMs: OUTAGE_MS,
      statuses: [500, 429],
      services: ["api", "dispatch", "checkout"],
      timeoutMs: 30_000,
    });
    console.log(
      `      ${result.groups} groups; refused during the outage: ${JSON.stringify(result.refused)}; ` +
        `all delivered ${result.recoveryToAllDeliveredMs / 1000} s after PagerDuty recovered; duplicates ${result.duplicates}`,
    );
    assert.ok(result.refused[500] > 0 && result.refused[429] > 0, "Alertmanager met both errors and retried");
    assert.equal(result.delivered, result.groups, "every group reached PagerDuty");
    assert.equal(result.duplicates, 0);
    // Alertmanager retries a notification with backoff for at least 10 s,
    // then again at every group_interval: recovery is seen within that.
    assert.ok(
      result.recoveryToAllDeliveredMs <= RETRY_WINDOW_MS,
      `delivered ${result.recoveryToAllDeliveredMs} ms after recovery`,
    );
  });
});
