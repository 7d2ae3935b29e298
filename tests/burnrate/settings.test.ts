import { strict as assert } from "assert";
import { settingsProblems as problemsOf } from "../unit/settings-source";
import { settingsWith } from "./fixtures";

const json = (value: unknown): string => JSON.stringify(value);

describe("burn-rate settings", () => {
  it("default to both families, the Workbook's 99.9% availability, 99% within 0.5s, 99% for dispatch, and 10 requests a minute", () => {
    const rules = settingsWith().rules;
    assert.equal(rules.ruleFamilies, "both");
    assert.deepEqual(rules.burnRate, {
      apiAvailability: { target: 99.9 },
      apiLatency: { target: 99, thresholdSeconds: 0.5 },
      dispatch: { target: 99 },
      minRequestsPerMinute: 10,
      retention: "15d",
      objectivesSet: [],
    });
  });

  it("read objectives given in full or in part, keeping the default of a field left out", () => {
    const rules = settingsWith({
      apiAvailabilityObjective: json({ target: 99.95 }),
      apiLatencyObjective: json({ thresholdSeconds: 1 }),
      dispatchObjective: json({ target: 99.5 }),
      burnRateMinRequestsPerMinute: "0",
      ruleFamilies: "burn-rate",
    }).rules;
    assert.equal(rules.ruleFamilies, "burn-rate");
    assert.deepEqual(rules.burnRate, {
      apiAvailability: { target: 99.95 },
      apiLatency: { target: 99, thresholdSeconds: 1 },
      dispatch: { target: 99.5 },
      minRequestsPerMinute: 0,
      retention: "15d",
      objectivesSet: ["apiAvailabilityObjective", "apiLatencyObjective", "dispatchObjective"],
    });
  });

  it("refuses a family other than seed, burn-rate or both, with the command that sets the default", () => {
    const message = problemsOf({ ruleFamilies: "burnrate" });
    assert.match(message, /ruleFamilies: "burnrate" is not one of seed, burn-rate, both/);
    assert.match(message, /pulumi config set ruleFamilies both --stack dev/);
  });

  for (const [target, accepted] of [
    [0, false],
    [0.01, false],
    [93.05, false],
    [93.06, true],
    [99.999, true],
    [100, false],
  ] as const) {
    it(`${accepted ? "accepts" : "refuses"} an availability target of ${target}`, () => {
      const values = { apiAvailabilityObjective: json({ target }) };
      if (accepted) {
        assert.equal(settingsWith(values).rules.burnRate.apiAvailability.target, target);
      } else {
        assert.match(problemsOf(values), /apiAvailabilityObjective\.target: /);
      }
    });
  }

  it("says why a target below 93.06 is refused: the fast page would need more than all requests to fail", () => {
    const message = problemsOf({ apiLatencyObjective: json({ target: 90, thresholdSeconds: 0.5 }) });
    assert.match(
      message,
      /apiLatencyObjective\.target: 90% leaves an error budget of 10%, too large for the burn-rate alerts/,
    );
    assert.match(message, /pulumi config set --path 'apiLatencyObjective\.target' 99 --stack dev/);
  });

  it("lets dispatch go below 93.06, since several breaches a minute burn more than 100% of it; not to 0 or 100", () => {
    assert.equal(settingsWith({ dispatchObjective: json({ target: 90 }) }).rules.burnRate.dispatch.target, 90);
    assert.match(
      problemsOf({ dispatchObjective: json({ target: 100 }) }),
      /dispatchObjective\.target: 100 is not a percentage strictly between 0 and 100/,
    );
    assert.match(problemsOf({ dispatchObjective: json({ target: 0 }) }), /dispatchObjective\.target: 0 is not/);
  });

  it("refuses a latency threshold between two buckets: no le series would count the good requests", () => {
    const message = problemsOf({ apiLatencyObjective: json({ target: 99, thresholdSeconds: 0.3 }) });
    assert.match(
      message,
      /apiLatencyObjective\.thresholdSeconds: 0\.3 is not a bucket bound of apiLatencyBuckets \(0\.005, .*, 0\.25, 0\.5, .*\)/,
    );
    assert.match(message, /le="0\.3"/);
    assert.match(message, /pulumi config set --path 'apiLatencyObjective\.thresholdSeconds' 0\.5 --stack dev/);
  });

  it("accepts that threshold once the app's buckets are declared in apiLatencyBuckets", () => {
    const rules = settingsWith({
      apiLatencyObjective: json({ target: 99, thresholdSeconds: 0.3 }),
      apiLatencyBuckets: json([0.1, 0.3, 1, 3]),
    }).rules;
    assert.equal(rules.burnRate.apiLatency.thresholdSeconds, 0.3);
  });

  for (const buckets of [[], [0.5, 0.1], [0, 1], [0.1, "0.5"], "0.5"]) {
    it(`refuses apiLatencyBuckets ${json(buckets)}: bucket bounds are positive, ascending numbers`, () => {
      assert.match(
        problemsOf({ apiLatencyBuckets: json(buckets) }),
        /apiLatencyBuckets: .* is not a list of bucket bounds in seconds/,
      );
    });
  }

  it("refuses unknown fields and non-numbers in an objective, naming the field", () => {
    const message = problemsOf({
      apiAvailabilityObjective: json({ target: "99.9", window: "28d" }),
      dispatchObjective: json([99]),
    });
    assert.match(message, /apiAvailabilityObjective\.target: "99\.9" is not a number/);
    assert.match(message, /apiAvailabilityObjective\.window: is not a field of apiAvailabilityObjective \(target\)/);
    assert.match(message, /dispatchObjective: must be an object like \{"target":99\}/);
  });

  for (const [value, accepted] of [
    ["-1", false],
    ["0", true],
    ["2.5", false],
    ["60", true],
  ] as const) {
    it(`${accepted ? "accepts" : "refuses"} burnRateMinRequestsPerMinute ${value}`, () => {
      const values = { burnRateMinRequestsPerMinute: value };
      if (accepted) {
        assert.equal(settingsWith(values).rules.burnRate.minRequestsPerMinute, Number(value));
      } else {
        assert.match(problemsOf(values), /burnRateMinRequestsPerMinute: ".*" is not a whole number >= 0/);
      }
    });
  }

  it("reports every bad burn-rate setting at once", () => {
    const message = problemsOf({
      ruleFamilies: "all",
      apiAvailabilityObjective: json({ target: 100 }),
      apiLatencyObjective: json({ target: 99, thresholdSeconds: 0.3 }),
      burnRateMinRequestsPerMinute: "-5",
    });
    for (const setting of [
      "ruleFamilies",
      "apiAvailabilityObjective.target",
      "apiLatencyObjective.thresholdSeconds",
      "burnRateMinRequestsPerMinute",
    ]) {
      assert.match(message, new RegExp(`  - ${setting.replace(".", "\\.")}: `));
    }
  });
});
