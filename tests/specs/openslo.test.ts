import { strict as assert } from "assert";
import { assertProblem, problems, read, ratioSli, SERVICE, slo, source } from "./support";

const FILE = "slos/shop.yaml";
const SLO_DOC = 'SLO "shop-availability"';

describe("OpenSLO openslo/v1 reader", () => {
  describe("accepted documents", () => {
    it("reads an SLO with an indicatorRef to a counter ratio SLI (bad/total) into the model", () => {
      const [model] = read({ [FILE]: [SERVICE, ratioSli(), slo()] });
      assert.equal(model.name, "shop-availability");
      assert.equal(model.service, "shop");
      assert.equal(model.objective, 0.999);
      assert.equal(model.period, "30d");
      assert.deepEqual(model.indicator, {
        type: "events",
        counter: true,
        errors: 'sum(rate(http_requests_total{job="shop",code=~"5.."}[{{.window}}])) or on() vector(0)',
        total: 'sum(rate(http_requests_total{job="shop"}[{{.window}}]))',
      });
      assert.deepEqual(model.origin, { file: FILE, kind: "SLO", name: "shop-availability" });
      assert.equal(model.alerting.name, "ShopAvailabilityBudgetBurn");
    });

    it("reads good/total as errors = total - good, and counter: false as gauges summed", () => {
      const sli = ratioSli("shop-errors", {
        counter: false,
        bad: undefined,
        good: source('orders_ok{job="shop"}'),
        total: source('orders{job="shop"}'),
      });
      delete (sli.spec.ratioMetric as Record<string, unknown>).bad;
      const [model] = read({ [FILE]: [SERVICE, sli, slo()] });
      assert.deepEqual(model.indicator, {
        type: "events",
        counter: false,
        errors: 'sum(orders{job="shop"}) - (sum(orders_ok{job="shop"}) or on() vector(0))',
        total: 'sum(orders{job="shop"})',
      });
    });

    it("reads raw with rawType success as 1 - the ratio, failure as the ratio", () => {
      const raw = (rawType: string) => ({
        ...ratioSli(),
        spec: { ratioMetric: { counter: false, rawType, raw: source('job:ok:ratio{job="shop"}') } },
      });
      assert.deepEqual(read({ [FILE]: [SERVICE, raw("success"), slo()] })[0].indicator, {
        type: "ratio",
        errorRatio: '1 - (job:ok:ratio{job="shop"})',
      });
      assert.deepEqual(read({ [FILE]: [SERVICE, raw("failure"), slo()] })[0].indicator, {
        type: "ratio",
        errorRatio: 'job:ok:ratio{job="shop"}',
      });
    });

    it("reads an inline thresholdMetric over histogram buckets: lte selects le, gte counts the bucket as bad", () => {
      const threshold = (op: string, value: number) =>
        slo("shop-latency", {
          indicatorRef: undefined,
          indicator: {
            metadata: { name: "shop-latency" },
            spec: { thresholdMetric: source('http_request_duration_seconds_bucket{job="shop"}') },
          },
          objectives: [{ op, value, target: 0.99 }],
        });
      const lte = read({ [FILE]: [SERVICE, threshold("lte", 0.3)] })[0].indicator;
      assert.deepEqual(lte, {
        type: "events",
        counter: true,
        total: 'sum(rate(http_request_duration_seconds_bucket{job="shop",le="+Inf"}[{{.window}}]))',
        errors:
          'sum(rate(http_request_duration_seconds_bucket{job="shop",le="+Inf"}[{{.window}}])) - ' +
          '(sum(rate(http_request_duration_seconds_bucket{job="shop",le="0.3"}[{{.window}}])) or on() vector(0))',
      });
      const gte = read({ [FILE]: [SERVICE, threshold("gte", 1)] })[0].indicator;
      assert.equal(
        gte.type === "events" && gte.errors,
        'sum(rate(http_request_duration_seconds_bucket{job="shop",le=~"1|1\\\\.0"}[{{.window}}])) or on() vector(0)',
      );
    });

    it("scales the default tiers to the period as Sloth's window tables do (windows kept, factors follow)", () => {
      const tiers = (duration: string) =>
        read({
          [FILE]: [SERVICE, ratioSli(), slo(undefined, { timeWindow: [{ duration, isRolling: true }] })],
        })[0].alerting.tiers.map((t) => [t.severity, t.tier, t.longWindow, t.shortWindow, t.factor]);
      assert.deepEqual(tiers("30d"), [
        ["critical", "fast", "1h", "5m", 14.4],
        ["critical", "slow", "6h", "30m", 6],
        ["warning", "fast", "1d", "2h", 3],
        ["warning", "slow", "3d", "6h", 1],
      ]);
      assert.deepEqual(
        tiers("4w").map((t) => t[4]),
        [13.44, 5.6, 2.8, 0.933333333333],
      );
      assert.deepEqual(
        tiers("7d").map((t) => t[4]),
        [3.36, 1.4, 0.7, 0.233333333333],
      );
    });

    it("replaces the default tiers with AlertPolicy burnrate conditions (refs and inline), fast = shorter lookback", () => {
      const condition = (name: string, severity: string, threshold: number, lookbackWindow: string) => ({
        apiVersion: "openslo/v1",
        kind: "AlertCondition",
        metadata: { name },
        spec: { severity, condition: { kind: "burnrate", op: "gte", threshold, lookbackWindow, alertAfter: "5m" } },
      });
      const policy = {
        apiVersion: "openslo/v1",
        kind: "AlertPolicy",
        metadata: { name: "shop-pages" },
        spec: {
          conditions: [{ conditionRef: "slow-page" }],
          notificationTargets: [{ targetRef: "shop-oncall" }],
        },
      };
      const inline = {
        kind: "AlertPolicy",
        metadata: { name: "shop-fast" },
        spec: { conditions: [{ ...condition("fast-page", "page", 10, "30m"), apiVersion: undefined }] },
      };
      delete (inline.spec.conditions[0] as Record<string, unknown>).apiVersion;
      const target = {
        apiVersion: "openslo/v1",
        kind: "AlertNotificationTarget",
        metadata: { name: "shop-oncall" },
        spec: { target: "pagerduty" },
      };
      const [model] = read({
        [FILE]: [
          SERVICE,
          ratioSli(),
          condition("slow-page", "critical", 4, "4h"),
          policy,
          target,
          slo(undefined, { alertPolicies: [{ alertPolicyRef: "shop-pages" }, inline] }),
        ],
      });
      assert.deepEqual(model.alerting.tiers, [
        { severity: "critical", tier: "fast", longWindow: "30m", shortWindow: "2m30s", factor: 10, for: "5m" },
        { severity: "critical", tier: "slow", longWindow: "4h", shortWindow: "20m", factor: 4, for: "5m" },
      ]);
      assert.deepEqual(model.alerting.notificationTargets, ["shop-oncall"]);
    });

    it("moves a metadata label named severity to spec_severity and keeps the runbook_url annotation", () => {
      const [model] = read({
        [FILE]: [
          SERVICE,
          ratioSli(),
          slo(
            undefined,
            {},
            { labels: { team: "shop", severity: "sev1" }, annotations: { runbook_url: "https://rb/x" } },
          ),
        ],
      });
      assert.deepEqual(model.labels, { team: "shop", spec_severity: "sev1" });
      assert.equal(model.alerting.runbookUrl, "https://rb/x");
    });

    it("takes the alerts' name from the alert_name annotation, as the shipped seed SLOs do", () => {
      const [model] = read({
        [FILE]: [SERVICE, ratioSli(), slo(undefined, {}, { annotations: { alert_name: "ShopErrorsBurn" } })],
      });
      assert.equal(model.alerting.name, "ShopErrorsBurn");
      assert.deepEqual(model.alerting.annotations, {});
    });
  });

  describe("refused documents, each naming file, document and field", () => {
    const cases: Array<{ what: string; docs: unknown[]; document: string; field: string; problem: RegExp }> = [
      {
        what: "an unknown kind",
        docs: [{ apiVersion: "openslo/v1", kind: "DataSource", metadata: { name: "x" }, spec: {} }],
        document: "document 1",
        field: "kind",
        problem:
          /"DataSource" is not allowed; allowed: Service, SLI, SLO, AlertPolicy, AlertCondition, AlertNotificationTarget/,
      },
      {
        what: "another apiVersion",
        docs: [{ ...SERVICE, apiVersion: "openslo/v2alpha" }],
        document: "document 1",
        field: "apiVersion",
        problem: /allowed: openslo\/v1/,
      },
      {
        what: "an unknown field",
        docs: [SERVICE, ratioSli(), slo(undefined, { budget: 3 })],
        document: SLO_DOC,
        field: "spec.budget",
        problem: /unknown field; allowed here: description, service, indicator, indicatorRef/,
      },
      {
        what: "a missing SLI reference",
        docs: [SERVICE, slo()],
        document: SLO_DOC,
        field: "spec.indicatorRef",
        problem: /SLI "shop-errors" is not defined/,
      },
      {
        what: "a missing Service",
        docs: [ratioSli(), slo()],
        document: SLO_DOC,
        field: "spec.service",
        problem: /Service "shop" is not defined/,
      },
      {
        what: "a duplicate name",
        docs: [SERVICE, ratioSli(), ratioSli(), slo()],
        document: 'SLI "shop-errors"',
        field: "metadata.name",
        problem: /duplicate/,
      },
      {
        what: "a target outside (0, 1)",
        docs: [SERVICE, ratioSli(), slo(undefined, { objectives: [{ target: 99.9 }] })],
        document: SLO_DOC,
        field: "spec.objectives[0].target",
        problem: /target in \(0, 1\)/,
      },
      {
        what: "a query that is not PromQL",
        docs: [SERVICE, ratioSli("shop-errors", { total: source("sum(rate(http_requests_total[5m])") }), slo()],
        document: 'SLI "shop-errors"',
        field: "spec.ratioMetric.total.metricSource.spec.query",
        problem: /is not valid PromQL/,
      },
      {
        what: "a counter query that is not a selector",
        docs: [SERVICE, ratioSli("shop-errors", { total: source("sum(http_requests_total)") }), slo()],
        document: 'SLI "shop-errors"',
        field: "spec.ratioMetric.total.metricSource.spec.query",
        problem: /must be a series selector with counter: true/,
      },
      {
        what: "an unsupported source type",
        docs: [
          SERVICE,
          ratioSli("shop-errors", { total: { metricSource: { type: "Datadog", spec: { query: "x" } } } }),
          slo(),
        ],
        document: 'SLI "shop-errors"',
        field: "spec.ratioMetric.total.metricSource.type",
        problem: /"Datadog" is not supported; allowed: Prometheus/,
      },
      {
        what: "Timeslices",
        docs: [SERVICE, ratioSli(), slo(undefined, { budgetingMethod: "Timeslices" })],
        document: SLO_DOC,
        field: "spec.budgetingMethod",
        problem: /"Timeslices" is not supported.*allowed: Occurrences/,
      },
      {
        what: "a calendar window",
        docs: [SERVICE, ratioSli(), slo(undefined, { timeWindow: [{ duration: "1M", isRolling: false }] })],
        document: SLO_DOC,
        field: "spec.timeWindow[0].duration",
        problem: /allowed: Nd or Nw/,
      },
      {
        what: "a period shorter than the default tiers' 3d window",
        docs: [SERVICE, ratioSli(), slo(undefined, { timeWindow: [{ duration: "1d", isRolling: true }] })],
        document: SLO_DOC,
        field: "spec.timeWindow[0].duration",
        problem: /does not fit the default tiers' longest window \(3d\)/,
      },
      {
        what: "a lookbackWindow longer than the period",
        docs: [
          SERVICE,
          ratioSli(),
          slo(undefined, {
            timeWindow: [{ duration: "7d", isRolling: true }],
            alertPolicies: [
              {
                kind: "AlertPolicy",
                metadata: { name: "p" },
                spec: {
                  conditions: [
                    {
                      kind: "AlertCondition",
                      metadata: { name: "c" },
                      spec: {
                        severity: "ticket",
                        condition: { kind: "burnrate", op: "gte", threshold: 1, lookbackWindow: "2w" },
                      },
                    },
                  ],
                },
              },
            ],
          }),
        ],
        document: SLO_DOC,
        field: "spec.alertPolicies",
        problem: /lookbackWindow 2w does not fit the SLO's period 7d/,
      },
      {
        what: "an AlertCondition of another kind and a severity outside the contract",
        docs: [
          {
            apiVersion: "openslo/v1",
            kind: "AlertCondition",
            metadata: { name: "c" },
            spec: { severity: "info", condition: { kind: "threshold", op: "gte", threshold: 1, lookbackWindow: "1h" } },
          },
          SERVICE,
          ratioSli(),
          slo(),
        ],
        document: 'AlertCondition "c"',
        field: "spec.condition.kind",
        problem: /"threshold" is not supported; allowed: burnrate/,
      },
      {
        what: "a label the program sets",
        docs: [SERVICE, ratioSli(), slo(undefined, {}, { labels: { stack: "prod" } })],
        document: SLO_DOC,
        field: "metadata.labels.stack",
        problem: /is set by the program/,
      },
      {
        what: "an alert_name that is not a Prometheus alert name",
        docs: [SERVICE, ratioSli(), slo(undefined, {}, { annotations: { alert_name: "shop errors" } })],
        document: SLO_DOC,
        field: "metadata.annotations.alert_name",
        problem: /"shop errors" is not a Prometheus alert name/,
      },
      {
        what: "raw with counter: true",
        docs: [
          SERVICE,
          ratioSli("shop-errors", { bad: undefined, total: undefined, rawType: "success", raw: source("x") }),
          slo(),
        ],
        document: 'SLI "shop-errors"',
        field: "spec.ratioMetric.counter",
        problem: /must be false with raw/,
      },
    ];
    for (const c of cases) {
      it(`refuses ${c.what}`, () => {
        const docs = c.docs.map((d) => JSON.parse(JSON.stringify(d)) as unknown);
        assertProblem(problems({ [FILE]: docs }), {
          file: FILE,
          document: c.document,
          field: c.field,
          problem: c.problem,
        });
      });
    }

    it("collects the problems of every file and throws once", () => {
      const list = problems({
        "slos/a.yaml": [SERVICE, ratioSli(), slo(undefined, { objectives: [{ target: 2 }] })],
        "slos/b.yaml": [{ ...SERVICE, kind: "Nope", metadata: { name: "b" } }],
      });
      assert.deepEqual([...new Set(list.map((p) => p.file))], ["slos/a.yaml", "slos/b.yaml"]);
    });
  });
});
