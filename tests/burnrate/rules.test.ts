import { strict as assert } from "assert";
import { CATALOGUE, TUNABLE_ALERTS } from "../../src/alerts/catalogue";
import { buildSeedRuleFiles, PrometheusRule, RuleFile } from "../../src/alerts/rules";
import { SLOS } from "../../src/slo/slos";
import { budgetSpent, ratioWindows, windowMs, WORKBOOK_30D } from "../../src/slo/windows";
import { areaRuleFiles, settingsWith } from "./fixtures";

function rules(files: RuleFile[]): PrometheusRule[] {
  return files.flatMap((f) => f.groups.flatMap((g) => g.rules));
}

function alertNames(files: RuleFile[]): string[] {
  return rules(files).flatMap((r) => (r.alert === undefined ? [] : [r.alert]));
}

function filesFor(ruleFamilies: string, values: Record<string, string> = {}): RuleFile[] {
  return areaRuleFiles(settingsWith({ ruleFamilies, ...values }));
}

// Each name twice: the fast and the slow tier, told apart by the tier label.
const BURN_RATE_ALERTS = [
  "APIAvailabilityBudgetBurnPage",
  "APIAvailabilityBudgetBurnTicket",
  "APILatencyBudgetBurnPage",
  "APILatencyBudgetBurnTicket",
  "DispatchBudgetBurnPage",
  "DispatchBudgetBurnTicket",
];
const BURN_RATE_RULES = BURN_RATE_ALERTS.flatMap((n) => [n, n]);

describe("burn-rate windows", () => {
  it("are the Workbook's: pages at 2% of the 30d budget in 1h or 5% in 6h, tickets at 10% in 1d or in 3d", () => {
    assert.deepEqual(
      WORKBOOK_30D.tiers.map((t) => [
        t.severity,
        t.longWindow,
        t.shortWindow,
        t.factor,
        budgetSpent(t, WORKBOOK_30D.period),
      ]),
      [
        ["critical", "1h", "5m", 14.4, 0.02],
        ["critical", "6h", "30m", 6, 0.05],
        ["warning", "1d", "2h", 3, 0.1],
        ["warning", "3d", "6h", 1, 0.1],
      ],
    );
  });

  it("keep each short window at 1/12 of its long one, so an alert resets about a short window after recovery", () => {
    for (const t of WORKBOOK_30D.tiers) {
      assert.equal(windowMs(t.longWindow) / windowMs(t.shortWindow), 12, `${t.longWindow}/${t.shortWindow}`);
    }
  });

  it("give one fast and one slow tier per severity, which the tier inhibit rule relies on", () => {
    for (const severity of ["critical", "warning"]) {
      assert.deepEqual(
        WORKBOOK_30D.tiers.filter((t) => t.severity === severity).map((t) => t.tier),
        ["fast", "slow"],
      );
    }
  });

  it("read seven error ratios, shortest first", () => {
    assert.deepEqual(ratioWindows(WORKBOOK_30D), ["5m", "30m", "1h", "2h", "6h", "1d", "3d"]);
  });
});

describe("rule families", () => {
  it("seed: exactly the seed's rule files, nothing generated", () => {
    const settings = settingsWith({ ruleFamilies: "seed" });
    assert.deepEqual(areaRuleFiles(settings), buildSeedRuleFiles(settings.rules));
  });

  it("burn-rate: the generated alerts, the absence alerts and the Watchdog, none of the seed's thresholds", () => {
    const names = alertNames(filesFor("burn-rate"));
    // The guards of counters only the seed's thresholds read go with them.
    const seedOnly = ["APILatencyBreachCounterAbsent", "APISLOBreachCountersAbsent"];
    const guards = CATALOGUE.map((a) => a.name).filter((n) => !TUNABLE_ALERTS.includes(n) && !seedOnly.includes(n));
    assert.ok(guards.includes("DispatchBreachCounterAbsent"), "the dispatch burn-rate page reads the breach counter");
    assert.deepEqual(
      names.filter((n) => TUNABLE_ALERTS.includes(n)),
      [],
    );
    assert.deepEqual(names.sort(), [...guards, ...BURN_RATE_RULES].sort());
  });

  it("both, the default: every alert of the catalogue and every generated one", () => {
    const names = alertNames(areaRuleFiles());
    assert.deepEqual(names.sort(), [...CATALOGUE.map((a) => a.name), ...BURN_RATE_RULES].sort());
  });

  // The seed's SLOs come from slos/ through the spec generator: its groups are
  // slo-sli-<slo> (was slo-burn-rate-<slo>). The alerts have no for:, so the
  // rename costs no pending state on upgrade; the files keep their names.
  it("keeps one rule file per SLO area, the burn-rate groups in their service's file", () => {
    assert.deepEqual(
      filesFor("both").map((f) => [f.fileName, f.groups.map((g) => g.name)]),
      [
        [
          "slo-api.rules.yml",
          [
            "slo-api",
            "slo-sli-api-availability",
            "slo-budget-api-availability",
            "slo-sli-api-latency",
            "slo-budget-api-latency",
          ],
        ],
        ["slo-dispatch.rules.yml", ["slo-dispatch", "slo-sli-dispatch", "slo-budget-dispatch"]],
        ["slo-global.rules.yml", ["slo-global"]],
      ],
    );
  });

  it("keeps the generated alerts out of the catalogue, under names of their own, one rule per name and tier", () => {
    const catalogue = new Set(CATALOGUE.map((a) => a.name));
    assert.deepEqual(
      BURN_RATE_ALERTS.filter((n) => catalogue.has(n)),
      [],
    );
    const identities = rules(filesFor("both"))
      .filter((r) => r.alert !== undefined)
      .map((r) => `${r.alert} ${r.labels?.tier ?? ""}`);
    assert.equal(new Set(identities).size, identities.length);
  });

  it("name the tiers of an SLO and severity alike, so Alertmanager groups them into one incident", () => {
    const pages = rules(filesFor("burn-rate")).filter((r) => r.alert === "APIAvailabilityBudgetBurnPage");
    assert.deepEqual(
      pages.map((r) => [r.labels?.severity, r.labels?.tier]),
      [
        ["critical", "fast"],
        ["critical", "slow"],
      ],
    );
  });
});

describe("generated burn-rate rules", () => {
  const generated = rules(filesFor("burn-rate")).filter(
    (r) => r.alert === undefined || BURN_RATE_ALERTS.includes(r.alert),
  );
  const alerts = generated.filter((r) => r.alert !== undefined);
  const byName = (name: string, tier: string): PrometheusRule => {
    const rule = alerts.find((r) => r.alert === name && r.labels?.tier === tier);
    assert.ok(rule, `no rule ${name} of tier ${tier}`);
    return rule;
  };

  it("give every alert the same labels and annotations: team, severity, slo, service, stack, tier; summary, description, runbook_url", () => {
    for (const rule of alerts) {
      assert.deepEqual(
        Object.keys(rule.labels ?? {}),
        ["team", "severity", "slo", "service", "stack", "tier"],
        rule.alert,
      );
      assert.deepEqual(Object.keys(rule.annotations ?? {}), ["summary", "description", "runbook_url"], rule.alert);
      assert.equal(rule.for, undefined, `${rule.alert}: the short window, not for:, confirms the burn`);
    }
  });

  it("label each alert with its SLO, the seed's slo names, and link the SLO's runbook", () => {
    for (const slo of SLOS) {
      for (const rule of alerts.filter((r) => r.alert?.startsWith(`${slo.alertPrefix}BudgetBurn`))) {
        assert.equal(rule.labels?.slo, slo.slo);
        assert.equal(rule.labels?.service, slo.service);
        assert.equal(
          rule.annotations?.runbook_url,
          `https://git.example.org/sre/slo-alerting/blob/main/runbooks/${slo.runbook}`,
        );
      }
    }
  });

  // From slos/api.yaml: the guard reads the recorded 1m rates of the
  // SLI's total (was the raw series over the long window), and the
  // description is the spec generator's (tests/golden compares behaviour).
  it("write the fast page of API availability as the Workbook does, with the low-traffic guard", () => {
    const rule = byName("APIAvailabilityBudgetBurnPage", "fast");
    assert.equal(
      rule.expr,
      'slo:sli_error:ratio_rate1h{slo="api-availability",stack="dev"} / 0.001 >= 14.4' +
        ' and slo:sli_error:ratio_rate5m{slo="api-availability",stack="dev"} / 0.001 >= 14.4' +
        ' and on() avg_over_time(slo:sli_total_events:rate1m{slo="api-availability",stack="dev"}[59m]) * 60 >= 10',
    );
    assert.deepEqual(rule.labels, {
      // The seed's SLOs belong to the default team (defaultTeam, sre by default).
      team: "sre",
      severity: "critical",
      slo: "api-availability",
      service: "api",
      stack: "dev",
      tier: "fast",
    });
    assert.equal(
      rule.annotations?.summary,
      'API availability is burning its error budget at {{ printf "%.1f" $value }}x over 1h on dev; ' +
        '{{ with query `slo:period_error_budget_remaining:ratio{slo="api-availability",stack="dev"}` }}' +
        "{{ $left := . | first | value }}{{ if le $left 0.0 }}none{{ else }}{{ humanizePercentage $left }}{{ end }}" +
        "{{ else }}unknown{{ end }} of the budget left at the error ratio of the last 15d (Prometheus keeps 15d of the 30d period)",
    );
    assert.equal(
      rule.annotations?.description,
      "API requests from users answered with a status other than 5xx (health checks left out): the objective is " +
        "99.9% over 30d. Over both the last 1h and 5m the error ratio burned the budget at 14.4x or more, 2% of it " +
        "every 1h, with at least 10 events a minute over the 1h, on stack dev.",
    );
  });

  it("guard only the API pages: tickets and the time-based dispatch SLO are not held back", () => {
    const guarded = alerts.filter((r) => r.expr.includes(" and on() ")).map((r) => `${r.alert} ${r.labels?.tier}`);
    assert.deepEqual(guarded, [
      "APIAvailabilityBudgetBurnPage fast",
      "APIAvailabilityBudgetBurnPage slow",
      "APILatencyBudgetBurnPage fast",
      "APILatencyBudgetBurnPage slow",
    ]);
    assert.match(byName("APIAvailabilityBudgetBurnPage", "slow").expr, /\[5h59m\]\) \* 60 >= 10$/);
  });

  it("drop the guard when burnRateMinRequestsPerMinute is 0", () => {
    const unguarded = rules(filesFor("burn-rate", { burnRateMinRequestsPerMinute: "0" }));
    assert.equal(unguarded.filter((r) => r.expr.includes(" and on() ")).length, 0);
  });

  it("write budgets and factors as set, without float noise: 99.95% gives 0.0005, 99% 0.01", () => {
    const files = filesFor("burn-rate", {
      apiAvailabilityObjective: JSON.stringify({ target: 99.95 }),
      apiLatencyObjective: JSON.stringify({ target: 99, thresholdSeconds: 0.25 }),
    });
    const all = rules(files);
    const expr = (name: string, tier: string): string =>
      all.find((r) => r.alert === name && r.labels?.tier === tier)?.expr ?? "";
    assert.match(
      expr("APIAvailabilityBudgetBurnPage", "slow"),
      /^slo:sli_error:ratio_rate6h\{[^}]+\} \/ 0\.0005 >= 6 and /,
    );
    assert.match(expr("APILatencyBudgetBurnTicket", "slow"), /\/ 0\.01 >= 1 and /);
    // Requests within the threshold read the setting's bucket; all requests the +Inf bucket (was _count: equal).
    const latency = all.find((r) => r.record === "slo:sli_bad_events:rate1m" && r.labels?.slo === "api-latency");
    assert.equal(
      latency?.expr,
      'sum(rate(api_slo_request_duration_seconds_bucket{le="+Inf"}[1m])) - (sum(rate(api_slo_request_duration_seconds_bucket{le="0.25"}[1m])) or on() vector(0))',
    );
  });

  // The spec generator's recordings (docs/slo-specs.md, "Output"): bad and
  // total rates over 1m and 5m read the raw series once, longer windows sum
  // the 1m rates; Sloth's metadata series; the budget from the 5m rates.
  // Was: every window's ratio from the raw series, and slo:sli_events:rate5m.
  it("record one error ratio per window and the budget left for each SLO, labelled with slo, service and stack", () => {
    const recorded = generated.filter((r) => r.record !== undefined);
    const windows = ["5m", "30m", "1h", "2h", "6h", "1d", "3d"].map((w) => `slo:sli_error:ratio_rate${w}`);
    const budget = [
      "slo:current_burn_rate:ratio",
      "slo:objective:ratio",
      "slo:error_budget:ratio",
      "slo:time_period:days",
      "slo:sli_error:ratio_rate30d",
      "slo:period_burn_rate:ratio",
      "slo:period_error_budget_remaining:ratio",
      "sloth_slo_info",
    ];
    const rates = ["1m", "5m"].flatMap((w) => [`slo:sli_bad_events:rate${w}`, `slo:sli_total_events:rate${w}`]);
    assert.deepEqual(
      recorded.map((r) => `${r.labels?.slo} ${r.record}`),
      SLOS.flatMap((s) =>
        [
          ...(s.slo === "dispatch" ? ["slo:sli_bad_events:gauge", "slo:sli_total_events:gauge"] : rates),
          ...windows,
          ...budget,
        ].map((r) => `${s.slo} ${r}`),
      ),
    );
    for (const r of recorded) {
      assert.deepEqual(
        [r.labels?.slo, r.labels?.service, r.labels?.stack],
        [r.labels?.sloth_slo, r.labels?.sloth_service, "dev"],
      );
    }
    // Time-based: one bad minute per breach, out of the minutes that pass.
    const dispatch = recorded.find((r) => r.labels?.slo === "dispatch" && r.record === "slo:sli_bad_events:gauge");
    assert.equal(dispatch?.expr, "sum(rate(dispatch_slo_breaches_total[1m]) * 60) or on() vector(0)");
  });
});
