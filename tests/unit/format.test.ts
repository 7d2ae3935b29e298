import { strict as assert } from "assert";
import { formatNumber, percentToRatio } from "../../src/alerts/format";
import { durationMs, formatSeconds } from "../../src/settings/duration";

describe("numbers and durations written into rules", () => {
  it("writes a percent target as the ratio a reviewer expects, without float noise", () => {
    assert.equal(formatNumber(percentToRatio(99.9)), "0.999");
    assert.equal(formatNumber(percentToRatio(5)), "0.05");
    assert.equal(formatNumber(14.4 * 0.001), "0.0144");
  });

  it("refuses to write a non-finite number into a rule", () => {
    assert.throws(() => formatNumber(Number.NaN), /cannot write NaN/);
  });

  it("reads Prometheus durations and refuses other text", () => {
    assert.equal(durationMs("1h30m"), 5_400_000);
    assert.equal(durationMs("250ms"), 250);
    assert.equal(durationMs("0s"), 0);
    assert.equal(durationMs(""), undefined);
    assert.equal(durationMs("5 minutes"), undefined);
    assert.equal(durationMs("-5m"), undefined);
  });

  it("formats whole seconds as the shortest duration", () => {
    assert.equal(formatSeconds(0), "0s");
    assert.equal(formatSeconds(90), "1m30s");
    assert.equal(formatSeconds(86400 + 3600), "1d1h");
    assert.throws(() => formatSeconds(1.5));
  });
});
