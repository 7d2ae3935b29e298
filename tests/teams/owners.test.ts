import { strict as assert } from "assert";
import { SloModel } from "../../src/specs/model";
import { ownerTeam } from "../../src/teams/owner";
import { ownershipNotices, sloOwners, UnknownTeamError } from "../../src/teams/owners";
import { RunError } from "@pulumi/pulumi/errors";
import { TeamsSettings } from "../../src/settings/types";

function slo(name: string, labels: Record<string, string>, kind = "SLO"): SloModel {
  return { name, labels, alerting: {}, origin: { file: `slos/${name}.yaml`, kind, name } } as unknown as SloModel;
}

const TEAMS: TeamsSettings = { defaultTeam: "sre", teams: [{ name: "payments" }, { name: "search" }] };

describe("ownership of spec SLOs", () => {
  it("reads team, else owner, else the default team", () => {
    assert.equal(ownerTeam(slo("a", { team: "payments", owner: "x" }), "sre"), "payments");
    assert.equal(ownerTeam(slo("b", { owner: "search" }), "sre"), "search");
    assert.equal(ownerTeam(slo("c", {}), "sre"), "sre");
  });

  it("maps every SLO to a known team and notes the ones without a label in the preview", () => {
    const o = sloOwners("dev", [slo("a", { team: "payments" }), slo("b", {}), slo("c", { owner: "sre" })], TEAMS);
    assert.deepEqual(
      [...o.owners],
      [
        ["a", "payments"],
        ["b", "sre"],
        ["c", "sre"],
      ],
    );
    assert.deepEqual(o.unlabelled, ["b"]);
    const [notice] = ownershipNotices(o, TEAMS);
    assert.match(notice, /1 spec SLO\(s\) carry no team label and page the default team "sre": b\./);
    assert.deepEqual(ownershipNotices(o, { defaultTeam: "sre", teams: [] }), []);
  });

  it("stops on a team the stack does not define, naming the file, document, label and fix, as a RunError", () => {
    assert.throws(
      () =>
        sloOwners(
          "dev",
          [slo("a", { team: "Payments" }), slo("b", { owner: "billing" }, "prometheus/v1"), slo("c", {})],
          TEAMS,
        ),
      (e: Error) => {
        assert.ok(e instanceof UnknownTeamError && e instanceof RunError);
        assert.match(e.message, /nothing was created/);
        assert.match(
          e.message,
          /slos\/a\.yaml: SLO "a": metadata\.labels\.team \(of the SLO or its Service\): team "Payments" is not defined in the setting teams \(known: payments, search, sre\); fix: write it "payments" as the stack does/,
        );
        assert.match(
          e.message,
          /slos\/b\.yaml: prometheus\/v1 "b": labels\.owner \(of the service or the SLO\): team "billing" .*fix: add it with `pulumi config set --path 'teams\.billing\.escalationPolicy/,
        );
        assert.doesNotMatch(e.message, /"c"/);
        return true;
      },
    );
  });
});
