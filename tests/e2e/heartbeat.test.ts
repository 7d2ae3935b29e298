import { strict as assert } from "assert";
import { durationMs } from "../../src/settings/duration";
import { sleep } from "../helpers/processes";
import { Harness } from "./support/harness";
import { EVALUATION_INTERVAL, Replicas, startDiscoveringPrometheus } from "./support/replicas";

// The documented 1m scaled down; the evaluation interval is the tests' 1s.
const HEARTBEAT = "2s";
const INTERVALS = 12;

describe("e2e: the Watchdog heartbeat through 3 DNS-discovered replicas (real Prometheus 2.42 and Alertmanager 0.25)", function () {
  this.timeout(120_000);
  let h: Harness;

  before(async () => {
    h = await Harness.start({
      stack: "prod",
      timings: { groupWait: "1s", groupInterval: "2s", repeatInterval: "1h", heartbeatInterval: HEARTBEAT },
    });
  });

  after(async () => {
    await h?.stop();
  });

  it(`reaches the heartbeat every interval: over ${INTERVALS} intervals no gap exceeds one interval plus one evaluation interval`, async () => {
    const replicas = await Replicas.start(h, 3);
    await startDiscoveringPrometheus(h, replicas, {});
    const intervalMs = durationMs(HEARTBEAT)!;
    await h.webhooks.waitFor(
      "the first heartbeat",
      () => h.webhooks.received.some((r) => r.path === "/heartbeat"),
      30_000,
    );
    const from = Date.now();
    await sleep(INTERVALS * intervalMs + 500);
    const times = h.webhooks.received
      .filter((r) => r.path === "/heartbeat" && r.at >= from - intervalMs)
      .map((r) => r.at);
    const gaps = times.slice(1).map((t, i) => t - times[i]);
    const maxGap = Math.max(...gaps, Date.now() - times[times.length - 1]);
    console.log(
      `      ${times.length} heartbeats over ${INTERVALS} intervals of ${HEARTBEAT}; largest gap ${maxGap} ms`,
    );
    assert.ok(times.length >= INTERVALS, `only ${times.length} heartbeats`);
    assert.ok(maxGap <= intervalMs + durationMs(EVALUATION_INTERVAL)!, `a gap of ${maxGap} ms`);
  });
});
