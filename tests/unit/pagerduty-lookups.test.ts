import { strict as assert } from "assert";
import { prometheusVendorId } from "../../src/pagerduty/shape";
import { renderAsLanguageHost } from "../helpers/language-host";

describe("PagerDuty lookups", () => {
  it("takes the vendor the lookup found only when it is Prometheus (the provider's exact match ignores case)", () => {
    assert.equal(prometheusVendorId({ id: "PVENDOR", name: "Prometheus" }), "PVENDOR");
    assert.equal(prometheusVendorId({ id: "PVENDOR", name: "prometheus" }), "PVENDOR");
  });

  it("refuses the provider's regular-expression fallback to another vendor, with a message the CLI prints as is", () => {
    let thrown: unknown;
    try {
      prometheusVendorId({ id: "POTHER", name: "Prometheus Alertmanager Legacy" });
    } catch (e) {
      thrown = e;
    }
    assert.ok(thrown instanceof Error);
    const shown = renderAsLanguageHost(thrown);
    assert.match(
      shown,
      /^slo-alerting: PagerDuty has no vendor named "Prometheus"; the lookup fell back to "Prometheus Alertmanager Legacy"/,
    );
    assert.doesNotMatch(shown, /^\s+at /m);
  });
});
