import { strict as assert } from "assert";
import { sloRuleGroups } from "../../src/slo-rules/generate";
import { ownerTeam } from "../../src/teams/owner";
import { CTX } from "../slo-rules/support";
import { problems, ratioSli, read, SERVICE, slo } from "../specs/support";

const TEAM_SERVICE = { ...SERVICE, metadata: { name: "shop", labels: { team: "payments" } } };

describe("the owner in the spec, read into the model and onto every generated alert", () => {
  it("OpenSLO: an SLO without a team label takes its Service's; its own label wins", () => {
    const slos = read({
      "slos/shop.yaml": [
        TEAM_SERVICE,
        ratioSli(),
        slo("shop-availability"),
        slo("shop-latency", {}, { labels: { team: "search" } }),
      ],
    });
    assert.deepEqual(
      slos.map((s) => [s.name, ownerTeam(s, "sre")]),
      [
        ["shop-availability", "payments"],
        ["shop-latency", "search"],
      ],
    );
  });

  it("OpenSLO: a Service team that is not a string is refused on the SLO that reads it", () => {
    const found = problems({
      "slos/shop.yaml": [{ ...SERVICE, metadata: { name: "shop", labels: { team: ["a", "b"] } } }, ratioSli(), slo()],
    });
    assert.ok(
      found.some((p) => p.field === "spec.service" && /metadata\.labels\.team that is not a team name/.test(p.problem)),
      JSON.stringify(found),
    );
  });

  it("Sloth: labels.owner as Sloth's examples write it", () => {
    const [s] = read({
      "slos/pay.yaml":
        "version: prometheus/v1\nservice: pay\nlabels:\n  owner: payments\nslos:\n  - name: ok\n    objective: 99.9\n" +
        "    sli:\n      raw:\n        error_ratio_query: rate(errors_total[{{.window}}])\n",
    });
    assert.equal(ownerTeam(s, "sre"), "payments");
  });

  it("every alert and recording of a spec SLO carries team: the owner, or the default team without one", () => {
    const [owned, unowned] = read({
      "slos/shop.yaml": [SERVICE, ratioSli(), slo("a-owned", {}, { labels: { team: "payments" } }), slo("b-unowned")],
    });
    for (const [model, team] of [
      [owned, "payments"],
      [unowned, CTX.defaultTeam],
    ] as const) {
      const rules = sloRuleGroups(model, CTX).flatMap((g) => g.rules);
      assert.ok(rules.some((r) => r.alert));
      for (const rule of rules) {
        assert.equal(rule.labels?.team, team, `${model.name} ${rule.alert ?? rule.record}`);
      }
    }
  });
});
