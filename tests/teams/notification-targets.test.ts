import { strict as assert } from "assert";
import { RunError } from "@pulumi/pulumi/errors";
import { sloRuleGroups } from "../../src/slo-rules/generate";
import { sloOwners } from "../../src/teams/owners";
import { CTX } from "../slo-rules/support";
import { assertProblem, problems, ratioSli, read, SERVICE, slo } from "../specs/support";

const FILE = "slos/shop.yaml";

function target(name: string, kind: string, team?: string) {
  return {
    apiVersion: "openslo/v1",
    kind: "AlertNotificationTarget",
    metadata: { name, ...(team === undefined ? {} : { labels: { team } }) },
    spec: { target: kind, description: `${kind} of ${team ?? "the owner"}` },
  };
}

function policy(name: string, targets: string[]) {
  return {
    apiVersion: "openslo/v1",
    kind: "AlertPolicy",
    metadata: { name },
    spec: {
      conditions: [
        {
          kind: "AlertCondition",
          metadata: { name: `${name}-fast` },
          spec: { severity: "page", condition: { kind: "burnrate", op: "gte", threshold: 14.4, lookbackWindow: "1h" } },
        },
        {
          kind: "AlertCondition",
          metadata: { name: `${name}-ticket` },
          spec: { severity: "ticket", condition: { kind: "burnrate", op: "gte", threshold: 1, lookbackWindow: "3d" } },
        },
      ],
      notificationTargets: targets.map((t) => ({ targetRef: t })),
    },
  };
}

/** The shop SLO (owned by payments) with one policy sending to these targets. */
function shop(...targets: ReturnType<typeof target>[]) {
  return [
    SERVICE,
    ratioSli(),
    ...targets,
    policy(
      "shop-alerts",
      targets.map((t) => t.metadata.name),
    ),
    slo("shop-availability", { alertPolicies: [{ alertPolicyRef: "shop-alerts" }] }, { labels: { team: "payments" } }),
  ];
}

function teamsOfAlerts(specs: unknown[]): Record<string, string> {
  const [model] = read({ [FILE]: specs });
  const alerts = sloRuleGroups(model, CTX).flatMap((g) => g.rules.filter((r) => r.alert !== undefined));
  return Object.fromEntries(alerts.map((r) => [String(r.labels?.severity), String(r.labels?.team)]));
}

describe("OpenSLO AlertNotificationTargets mapped onto the teams' routes", () => {
  it("without a team label, pages and tickets go to the SLO's owner", () => {
    assert.deepEqual(teamsOfAlerts(shop(target("oncall", "pagerduty"), target("chat", "Slack"))), {
      critical: "payments",
      warning: "payments",
    });
  });

  it("a pagerduty target's team takes the pages, a slack target's team the tickets", () => {
    const specs = shop(target("oncall", "pagerduty", "search"), target("chat", "slack", "sre"));
    const [model] = read({ [FILE]: specs });
    assert.equal(model.alerting.pageTeam, "search");
    assert.equal(model.alerting.ticketTeam, "sre");
    assert.deepEqual(teamsOfAlerts(specs), { critical: "search", warning: "sre" });
  });

  it("refuses a target this program cannot route, naming the document, the field and what is allowed", () => {
    assertProblem(problems({ [FILE]: shop(target("mail", "email")) }), {
      file: FILE,
      document: 'AlertNotificationTarget "mail"',
      field: "spec.target",
      problem: /"email" is not supported: this program routes pagerduty .* and slack/,
    });
  });

  it("refuses an SLO whose targets send its pages to two teams", () => {
    assertProblem(
      problems({ [FILE]: shop(target("a", "pagerduty", "search"), target("b", "pagerduty", "payments")) }),
      {
        file: FILE,
        document: 'SLO "shop-availability"',
        field: "spec.alertPolicies",
        problem: /send the SLO's pages to several teams \(search, payments\)/,
      },
    );
  });

  it("stops the program when a target names a team the stack does not define", () => {
    const slos = read({ [FILE]: shop(target("oncall", "pagerduty", "billing")) });
    assert.throws(
      () => sloOwners("dev", slos, { defaultTeam: "sre", teams: [{ name: "payments" }] }),
      (e: unknown) =>
        e instanceof RunError &&
        /slos\/shop\.yaml: SLO "shop-availability": an AlertNotificationTarget's metadata\.labels\.team: team "billing" is not defined/.test(
          e.message,
        ) &&
        /teams\.billing\.escalationPolicy/.test(e.message),
    );
  });
});
