import { strict as assert } from "assert";
import { CATALOGUE, findAlert } from "../../src/alerts/catalogue";
import { SCENARIOS } from "./scenarios";

describe("promtool scenarios", () => {
  it("cover every alert of the catalogue", () => {
    const missing = CATALOGUE.filter((a) => !(a.name in SCENARIOS)).map((a) => a.name);
    assert.deepEqual(missing, [], `add a scenario to tests/rules/scenarios.ts for: ${missing.join(", ")}`);
  });

  it("name only alerts that exist in the catalogue", () => {
    const unknown = Object.keys(SCENARIOS).filter((name) => findAlert(name) === undefined);
    assert.deepEqual(unknown, [], `scenarios for alerts the catalogue does not define: ${unknown.join(", ")}`);
  });

  it("give each alert its own firing value, so a value in a failure points at one alert", () => {
    const values = Object.values(SCENARIOS).flatMap((s) =>
      s.kind === "incident" && s.value !== undefined ? [s.value] : [],
    );
    assert.deepEqual(values, [...new Set(values)]);
  });
});
