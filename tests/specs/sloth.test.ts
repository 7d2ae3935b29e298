import { strict as assert } from "assert";
import { assertProblem, problems, read } from "./support";

const FILE = "slos/payments.yaml";

function sloth(slo: Record<string, unknown> = {}, top: Record<string, unknown> = {}) {
  return {
    version: "prometheus/v1",
    service: "payments",
    labels: { owner: "payments" },
    slos: [
      {
        name: "requests-availability",
        objective: 99.9,
        sli: {
          events: {
            error_query: 'sum(rate(http_requests_total{job="payments",code=~"5.."}[{{.window}}]))',
            total_query: 'sum(rate(http_requests_total{job="payments"}[{{ .window }}]))',
          },
        },
        ...slo,
      },
    ],
    ...top,
  };
}

describe("Sloth prometheus/v1 reader", () => {
  it("reads events queries with {{.window}}, the service labels and the id service-name", () => {
    const [model] = read({ [FILE]: [sloth()] });
    assert.equal(model.name, "payments-requests-availability");
    assert.equal(model.service, "payments");
    assert.equal(model.objective, 0.999);
    assert.equal(model.period, "30d");
    assert.deepEqual(model.labels, { owner: "payments" });
    assert.deepEqual(model.indicator, {
      type: "events",
      counter: true,
      errors: 'sum(sum(rate(http_requests_total{job="payments",code=~"5.."}[{{.window}}]))) or on() vector(0)',
      total: 'sum(sum(rate(http_requests_total{job="payments"}[{{ .window }}])))',
    });
    assert.equal(model.alerting.tiers.length, 4);
    assert.deepEqual(model.origin, { file: FILE, kind: "prometheus/v1", name: "payments-requests-availability" });
  });

  it("reads raw.error_ratio_query as a ratio", () => {
    const q = '1 - avg_over_time(up{job="payments"}[{{.window}}])';
    const [model] = read({ [FILE]: [sloth({ sli: { raw: { error_ratio_query: q } } })] });
    assert.deepEqual(model.indicator, { type: "ratio", errorRatio: q });
  });

  it("keeps alerting name, labels and annotations; page/ticket severity labels go to spec_severity", () => {
    const [model] = read({
      [FILE]: [
        sloth({
          alerting: {
            name: "PaymentsHighErrorRate",
            labels: { category: "availability" },
            annotations: { summary: "High error rate", runbook_url: "https://rb/payments" },
            page_alert: { labels: { severity: "pageteam", routing_key: "payments" } },
            ticket_alert: { labels: { severity: "slack" }, annotations: { channel: "#payments" } },
          },
        }),
      ],
    });
    const a = model.alerting;
    assert.equal(a.name, "PaymentsHighErrorRate");
    assert.deepEqual(a.labels, { category: "availability" });
    assert.deepEqual(a.annotations, { summary: "High error rate" });
    assert.equal(a.runbookUrl, "https://rb/payments");
    assert.deepEqual(a.pageLabels, { spec_severity: "pageteam", routing_key: "payments" });
    assert.deepEqual(a.ticketLabels, { spec_severity: "slack" });
    assert.deepEqual(a.ticketAnnotations, { channel: "#payments" });
  });

  it("drops the page or ticket tiers a disable: true turns off", () => {
    const tiers = (alerting: Record<string, unknown>) =>
      read({ [FILE]: [sloth({ alerting })] })[0].alerting.tiers.map((t) => `${t.severity}/${t.tier}`);
    assert.deepEqual(tiers({ page_alert: { disable: true } }), ["warning/fast", "warning/slow"]);
    assert.deepEqual(tiers({ ticket_alert: { disable: true } }), ["critical/fast", "critical/slow"]);
    assert.deepEqual(tiers({ page_alert: { disable: true }, ticket_alert: { disable: true } }), []);
  });

  const DOC = 'prometheus/v1 "payments"';
  const cases: Array<{ what: string; doc: unknown; document: string; field: string; problem: RegExp }> = [
    {
      what: "another version",
      doc: { ...sloth(), version: "prometheus/v2" },
      document: "document 1",
      field: "version",
      problem: /allowed: prometheus\/v1/,
    },
    {
      what: "a query without {{.window}}",
      doc: sloth({ sli: { events: { error_query: "sum(rate(x[5m]))", total_query: "sum(rate(y[{{.window}}]))" } } }),
      document: DOC,
      field: "slos[0].sli.events.error_query",
      problem: /must contain \{\{\.window\}\}/,
    },
    {
      what: "a query that is not PromQL",
      doc: sloth({ sli: { raw: { error_ratio_query: "1 - avg_over_time(up[{{.window}}]" } } }),
      document: DOC,
      field: "slos[0].sli.raw.error_ratio_query",
      problem: /is not valid PromQL/,
    },
    {
      what: "an objective outside (0, 100)",
      doc: sloth({ objective: 100 }),
      document: DOC,
      field: "slos[0].objective",
      problem: /strictly between 0 and 100/,
    },
    {
      what: "an SLI plugin",
      doc: sloth({ sli: { plugin: { id: "sloth-common/availability" } } }),
      document: DOC,
      field: "slos[0].sli.plugin",
      problem: /plugins are not supported/,
    },
    {
      what: "an unknown field",
      doc: sloth({ window: "28d" }),
      document: DOC,
      field: "slos[0].window",
      problem: /unknown field; allowed here: name, objective, description, labels, sli, alerting/,
    },
    {
      what: "a label the program sets",
      doc: sloth({ alerting: { page_alert: { labels: { tier: "gold" } } } }),
      document: DOC,
      field: "slos[0].alerting.page_alert.labels.tier",
      problem: /is set by the program/,
    },
  ];
  for (const c of cases) {
    it(`refuses ${c.what}`, () => {
      assertProblem(problems({ [FILE]: [c.doc] }), {
        file: FILE,
        document: c.document,
        field: c.field,
        problem: c.problem,
      });
    });
  }

  it("refuses an SLO name used twice across files and formats", () => {
    const openslo = [
      { apiVersion: "openslo/v1", kind: "Service", metadata: { name: "payments" }, spec: {} },
      {
        apiVersion: "openslo/v1",
        kind: "SLO",
        metadata: { name: "payments-requests-availability" },
        spec: {
          service: "payments",
          indicator: {
            metadata: { name: "x" },
            spec: {
              ratioMetric: {
                counter: false,
                rawType: "failure",
                raw: { metricSource: { type: "Prometheus", spec: { query: "x" } } },
              },
            },
          },
          timeWindow: [{ duration: "30d", isRolling: true }],
          objectives: [{ target: 0.99 }],
        },
      },
    ];
    assertProblem(problems({ [FILE]: [sloth()], "slos/a.yaml": openslo }), {
      field: "name",
      problem: /duplicate SLO name "payments-requests-availability"/,
    });
  });
});
