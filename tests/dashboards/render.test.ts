import { strict as assert } from "assert";
import type { Dashboard, Panel, RowPanel } from "@grafana/schema";
import { DashboardFile, renderDashboards } from "../../src/dashboards/render";
import { oversizedDashboards } from "../../src/dashboards/stack";
import { sloRuleGroups } from "../../src/slo-rules/generate";
import { SloModel } from "../../src/specs";
import { CONTEXT, exampleSlos, RULES, teamOptions } from "./support";

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function panels(d: Dashboard): Panel[] {
  return (d.panels ?? []).filter((p): p is Panel => p.type !== "row");
}

function rows(d: Dashboard): string[] {
  return (d.panels ?? []).filter((p): p is RowPanel => p.type === "row").map((r) => r.title ?? "");
}

function team(files: DashboardFile[], name: string): Dashboard {
  const file = files.find((f) => f.team === name);
  assert.ok(file, `no dashboard for team ${name}: ${files.map((f) => f.fileName).join(", ")}`);
  return file.dashboard;
}

describe("dashboards rendered from the SLO model", () => {
  const slos = exampleSlos();
  const files = renderDashboards(slos, CONTEXT);

  it("gives each owner one dashboard holding its SLOs, and one overview", () => {
    assert.deepEqual(
      files.map((f) => f.fileName),
      ["slo-overview.json", "slo-team-payments.json", "slo-team-sre.json"],
    );
    // OpenSLO metadata.labels.team, Sloth labels.owner, and the default team for the rest.
    assert.deepEqual(rows(team(files, "payments"))[0], "Checkout availability (checkout-availability)");
    assert.deepEqual(rows(team(files, "payments")).length, 3);
    assert.deepEqual(rows(team(files, "sre")), [
      "Checkout latency (checkout-latency)",
      "checkout-queue (checkout-queue)",
    ]);
    assert.equal(new Set(files.map((f) => f.uid)).size, files.length);
    assert.ok(
      files.every((f) => f.uid.length <= 40 && /^[a-zA-Z0-9_-]+$/.test(f.uid)),
      files.map((f) => f.uid).join(),
    );
  });

  it("puts a new SLO on its team's dashboard and the overview without other changes", () => {
    const added: SloModel = {
      ...slos[0],
      name: "search-availability",
      displayName: "Search",
      labels: { team: "search" },
    };
    const more = renderDashboards([...slos, added], CONTEXT);
    assert.deepEqual(rows(team(more, "search")), ["Search (search-availability)"]);
    assert.deepEqual(
      teamOptions(more[0].dashboard).find((o) => o.text === "search"),
      { text: "search", value: "search-availability" },
    );
    for (const f of files.filter((x) => x.team !== undefined)) {
      assert.deepEqual(more.find((m) => m.fileName === f.fileName)?.dashboard.panels, f.dashboard.panels);
    }
  });

  it("offers stack and team variables; the team's value selects its SLOs", () => {
    const overview = files[0].dashboard;
    const names = (overview.templating?.list ?? []).map((v) => v.name);
    assert.deepEqual(names, ["datasource", "stack", "team"]);
    assert.deepEqual(teamOptions(overview), [
      {
        text: "All teams",
        value:
          "checkout-availability|payments-ledger-freshness|payments-requests-availability|checkout-latency|checkout-queue",
      },
      { text: "payments", value: "checkout-availability|payments-ledger-freshness|payments-requests-availability" },
      { text: "sre", value: "checkout-latency|checkout-queue" },
    ]);
    assert.deepEqual(teamOptions(team(files, "sre")), [{ text: "sre", value: "checkout-latency|checkout-queue" }]);
    const teamVariable = (overview.templating?.list ?? []).find((v) => v.name === "team") as Json;
    assert.match(
      teamVariable.query,
      /^All teams : checkout-availability\|.*,payments : checkout-availability\|payments-ledger-freshness/,
    );
    const commas = renderDashboards([{ ...slos[0], labels: { team: "a, b" } }], CONTEXT)[0].dashboard;
    const commaTeam = (commas.templating?.list ?? []).find((v) => v.name === "team") as Json;
    assert.equal(commaTeam.query, "All teams : checkout-availability,a\\, b : checkout-availability");
    const stack = (overview.templating?.list ?? []).find((v) => v.name === "stack") as Json;
    assert.equal(stack.current.value, RULES.stack);
  });

  it("shows one burn-rate panel per tier with its factor as the threshold", () => {
    const sre = panels(team(files, "sre"));
    const latency = slos.find((s) => s.name === "checkout-latency");
    assert.ok(latency);
    const burn = sre.filter(
      (p) => p.type === "timeseries" && (p.targets ?? []).some((t) => /checkout-latency/.test(String(t.expr))),
    );
    assert.equal(burn.length, latency.alerting.tiers.length);
    for (const [i, tier] of latency.alerting.tiers.entries()) {
      const steps = burn[i].fieldConfig?.defaults.thresholds?.steps ?? [];
      assert.equal(steps[steps.length - 1].value, tier.factor);
      assert.deepEqual(
        (burn[i].targets ?? []).map((t) => t.legendFormat),
        [tier.longWindow, tier.shortWindow],
      );
    }
    // The queue SLO has one tier of its own policy: one panel.
    const queue = sre.filter(
      (p) => p.type === "timeseries" && (p.targets ?? []).some((t) => /checkout-queue/.test(String(t.expr))),
    );
    assert.equal(queue.length, 1);
  });

  it("titles the budget with the window Prometheus really holds", () => {
    const titles = panels(team(files, "sre")).map((p) => p.title);
    assert.ok(titles.includes("Error budget left (last 15d of 28d)"), titles.join("\n"));
    assert.ok(titles.includes("Error budget left (1w)"), titles.join("\n"));
    const long = renderDashboards(slos, { ...CONTEXT, retention: "90d" });
    assert.ok(panels(team(long, "sre")).some((p) => p.title === "Error budget left (28d)"));
  });

  it("links the runbooks the alert rules link", () => {
    for (const slo of slos) {
      const urls = sloRuleGroups(slo, RULES)
        .flatMap((g) => g.rules)
        .flatMap((r) => (r.alert ? [r.annotations?.runbook_url ?? ""] : []));
      const text = files
        .flatMap((f) => panels(f.dashboard))
        .filter((p) => p.type === "text" && String((p.options as Json).content).includes(`${slo.origin.name})`))
        .map((p) => String((p.options as Json).content))
        .join("\n");
      assert.ok(urls.length > 0 && urls.every((u) => text.includes(`(${u})`)), `${slo.name}: ${urls} in ${text}`);
    }
  });

  it("gives teams whose names differ only in case or punctuation their own files and uids", () => {
    const two = renderDashboards(
      [
        { ...slos[0], labels: { team: "Payments Team" } },
        { ...slos[1], labels: { team: "payments-team" } },
        { ...slos[2], labels: { team: "x".repeat(60) } },
      ],
      CONTEXT,
    );
    assert.equal(new Set(two.map((f) => f.fileName)).size, 4);
    assert.equal(new Set(two.map((f) => f.uid)).size, 4);
    assert.ok(
      two.every((f) => /^slo-[a-z0-9-]+\.json$/.test(f.fileName) && f.uid.length <= 40),
      two.map((f) => f.fileName).join(),
    );
  });

  it("names the setting and the fix for a dashboard too large for its ConfigMap", () => {
    const [overview] = oversizedDashboards(files.slice(0, 1), "prod", 100);
    assert.equal(overview.setting, "grafanaDashboards");
    assert.match(overview.problem, /slo-overview\.json \(the overview\) would be \d+ bytes, over the 100/);
    assert.match(overview.fix, /pulumi config set grafanaDashboards false --stack prod/);
    assert.deepEqual(oversizedDashboards(files, "prod"), []);
  });

  it("renders nothing without SLOs", () => {
    assert.deepEqual(renderDashboards([], CONTEXT), []);
  });
});
