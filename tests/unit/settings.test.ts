import { strict as assert } from "assert";
import { parseSettings } from "../../src/settings/parse";
import { settingsProblems as problemsOf, sourceOf, VALID } from "./settings-source";

const KEY = "0123456789abcdef0123456789ABCDEF";

describe("settings", () => {
  it("gives the documented defaults when only the required settings are set", () => {
    const s = parseSettings(sourceOf(VALID));
    assert.equal(s.pagerduty?.serviceName, "SLO alerts (dev)");
    assert.equal(s.pagerduty?.urgency, "high");
    assert.equal(s.pagerduty?.integrationKeyVersion, 1);
    assert.equal(s.pagerduty?.escalation.numLoops, 2);
    assert.deepEqual(s.routing.pagerduty, { eventsApi: "v2", eventsUrl: "https://events.pagerduty.com/v2/enqueue" });
    assert.deepEqual(s.routing.groupBy, ["alertname", "stack", "service", "slo"]);
    assert.equal(s.routing.slack, undefined);
    assert.equal(s.routing.heartbeat, undefined);
    assert.equal(s.alertmanager.namespace, "slo-alerting-dev");
    assert.equal(s.alertmanager.replicas, 1);
    assert.equal(s.alertmanager.externalUrl, "http://alertmanager.slo-alerting-dev.svc:9093");
    assert.deepEqual(s.rules.overrides, {});
  });

  it('treats a blank value as unset, since `pulumi config set key ""` is how one clears it', () => {
    const s = parseSettings(sourceOf({ ...VALID, slackChannel: "", alertmanagerExternalUrl: " " }));
    assert.equal(s.alertmanager.externalUrl, "http://alertmanager.slo-alerting-dev.svc:9093");
  });

  it("reads escalation levels with users and schedules", () => {
    const s = parseSettings(
      sourceOf({
        ...VALID,
        escalationPolicy: JSON.stringify({
          numLoops: 0,
          levels: [
            { delayMinutes: 5, schedules: ["SRE Primary"] },
            { delayMinutes: 20, users: ["lead@example.org"], schedules: ["SRE Secondary"] },
          ],
        }),
      }),
    );
    assert.deepEqual(s.pagerduty?.escalation, {
      numLoops: 0,
      levels: [
        { delayMinutes: 5, userEmails: [], scheduleNames: ["SRE Primary"] },
        { delayMinutes: 20, userEmails: ["lead@example.org"], scheduleNames: ["SRE Secondary"] },
      ],
    });
  });

  it("enables Slack and the heartbeat only when their secret URLs are set", () => {
    const s = parseSettings(
      sourceOf(
        {
          ...VALID,
          slackWebhookUrl: "https://hooks.slack.com/services/T/B/X",
          heartbeatWebhookUrl: "https://hc-ping.com/abc",
          slackChannel: "#sre",
        },
        ["slackWebhookUrl", "heartbeatWebhookUrl"],
      ),
    );
    assert.deepEqual(s.routing.slack, { channel: "#sre" });
    assert.deepEqual(s.routing.heartbeat, { interval: "1m" });
  });

  it("switches to external-key mode, with no PagerDuty resources to manage, when pagerdutyIntegrationKey is set", () => {
    const s = parseSettings(
      sourceOf({ runbookBaseUrl: VALID.runbookBaseUrl, kubeContext: "dev", pagerdutyIntegrationKey: KEY }, [
        "pagerdutyIntegrationKey",
      ]),
    );
    assert.equal(s.pagerduty, undefined);
  });

  it("accepts plain http only for loopback receivers", () => {
    const s = parseSettings(sourceOf({ ...VALID, pagerdutyEventsUrl: "http://127.0.0.1:8080/v2/enqueue" }));
    assert.equal(s.routing.pagerduty.eventsUrl, "http://127.0.0.1:8080/v2/enqueue");
  });

  it("keeps threshold and for: overrides per alert", () => {
    const s = parseSettings(
      sourceOf({ ...VALID, alertOverrides: JSON.stringify({ APISLOErrorRateBreach: { threshold: 10, for: "10m" } }) }),
    );
    assert.deepEqual(s.rules.overrides, { APISLOErrorRateBreach: { threshold: 10, for: "10m" } });
  });

  // Each row: the bad values, then what the one error must say (setting, problem, fix).
  const BAD: Array<[string, Record<string, string | undefined>, string[], RegExp[]]> = [
    [
      "a missing runbook base URL",
      { runbookBaseUrl: undefined },
      [],
      [/runbookBaseUrl: is required/, /pulumi config set runbookBaseUrl/],
    ],
    [
      "a missing escalation policy",
      { escalationPolicy: undefined },
      [],
      [/escalationPolicy: is required/, /pagerdutyIntegrationKey/],
    ],
    [
      "an escalation level without targets",
      { escalationPolicy: JSON.stringify({ levels: [{ delayMinutes: 5 }] }) },
      [],
      [/escalationPolicy.levels\[0\]: has no target/],
    ],
    [
      "an email that is not one",
      { escalationPolicy: JSON.stringify({ levels: [{ delayMinutes: 5, users: ["bob"] }] }) },
      [],
      [/escalationPolicy.levels\[0\].users: "bob" is not an email address/],
    ],
    [
      "a zero escalation delay",
      { escalationPolicy: JSON.stringify({ levels: [{ delayMinutes: 0, schedules: ["S"] }] }) },
      [],
      [/delayMinutes: 0 is not a whole number of minutes >= 1/],
    ],
    [
      "negative loops",
      { escalationPolicy: JSON.stringify({ numLoops: -1, levels: [{ delayMinutes: 5, schedules: ["S"] }] }) },
      [],
      [/escalationPolicy.numLoops: -1 is not a whole number from 0 to 9/],
    ],
    [
      "an empty level list",
      { escalationPolicy: JSON.stringify({ levels: [] }) },
      [],
      [/escalationPolicy.levels: must list at least one escalation level/],
    ],
    [
      "replicas below 1",
      { alertmanagerReplicas: "0" },
      [],
      [
        /alertmanagerReplicas: "0" is not a whole number from 1 to 9/,
        /pulumi config set alertmanagerReplicas 1 --stack dev/,
      ],
    ],
    [
      "replicas that are not a number",
      { alertmanagerReplicas: "three" },
      [],
      [/alertmanagerReplicas: "three" is not a whole number/],
    ],
    [
      "a zero duration",
      { groupWait: "0s" },
      [],
      [/groupWait: "0s" is not a positive duration/, /pulumi config set groupWait 30s/],
    ],
    ["a negative duration", { repeatInterval: "-4h" }, [], [/repeatInterval: "-4h" is not a positive duration/]],
    [
      "a repeat interval shorter than the group interval",
      { groupInterval: "10m", repeatInterval: "5m" },
      [],
      [/repeatInterval: 5m is shorter than groupInterval 10m/],
    ],
    [
      "an unknown urgency",
      { incidentUrgency: "urgent" },
      [],
      [/incidentUrgency: "urgent" is not one of high, low, severityBased/],
    ],
    ["an unknown events API", { pagerdutyEventsApi: "v3" }, [], [/pagerdutyEventsApi: "v3" is not one of v2, v1/]],
    [
      "a custom events URL with Events API v1",
      { pagerdutyEventsApi: "v1", pagerdutyEventsUrl: "https://events.eu.pagerduty.com/v2/enqueue" },
      [],
      [/pagerdutyEventsUrl: has no effect with pagerdutyEventsApi=v1/],
    ],
    [
      "a non-https events URL",
      { pagerdutyEventsUrl: "http://events.pagerduty.com/v2/enqueue" },
      [],
      [/pagerdutyEventsUrl: "http:\/\/events.pagerduty.com\/v2\/enqueue" must use https/],
    ],
    [
      "a non-https Slack webhook",
      { slackWebhookUrl: "http://hooks.slack.com/services/T/B/X" },
      ["slackWebhookUrl"],
      [/slackWebhookUrl: the value must use https/],
    ],
    [
      "a Slack webhook stored in plain text",
      { slackWebhookUrl: "https://hooks.slack.com/services/T/B/X" },
      [],
      [/slackWebhookUrl: is stored in plain text but holds a secret/, /pulumi config set --secret slackWebhookUrl/],
    ],
    [
      "a heartbeat URL that is not a URL",
      { heartbeatWebhookUrl: "hc-ping" },
      ["heartbeatWebhookUrl"],
      [/heartbeatWebhookUrl: the value is not a URL/],
    ],
    [
      "an integration key stored in plain text",
      { pagerdutyIntegrationKey: KEY },
      [],
      [/pagerdutyIntegrationKey: is stored in plain text/],
    ],
    [
      "an integration key of the wrong shape",
      { pagerdutyIntegrationKey: "abc" },
      ["pagerdutyIntegrationKey"],
      [/pagerdutyIntegrationKey: is not a PagerDuty integration key/],
    ],
    [
      "an unpinned image",
      { alertmanagerImage: "quay.io/prometheus/alertmanager" },
      [],
      [/alertmanagerImage: .* is not a pinned image/],
    ],
    [
      "the latest tag",
      { alertmanagerImage: "prom/alertmanager:latest" },
      [],
      [/alertmanagerImage: "prom\/alertmanager:latest" is not a pinned image/],
    ],
    [
      "a namespace with capitals",
      { namespace: "Monitoring" },
      [],
      [/namespace: "Monitoring" is not a Kubernetes namespace name/],
    ],
    [
      "a bad memory quantity",
      { alertmanagerMemoryLimit: "lots" },
      [],
      [/alertmanagerMemoryLimit: "lots" is not a Kubernetes quantity/],
    ],
    [
      "createNamespace that is not a boolean",
      { createNamespace: "yes" },
      [],
      [/createNamespace: "yes" is not true or false/],
    ],
    [
      "a label name with a dash",
      { httpStatusLabel: "status-code" },
      [],
      [/httpStatusLabel: "status-code" is not a Prometheus label name/],
    ],
    [
      "an override for an unknown alert",
      { alertOverrides: JSON.stringify({ NoSuchAlert: { threshold: 1 } }) },
      [],
      [/alertOverrides.NoSuchAlert: "NoSuchAlert" is not an alert with a threshold/, /APISLOErrorRateBreach/],
    ],
    [
      "a percent threshold above 100",
      { alertOverrides: JSON.stringify({ APISLOAvailabilityBreach: { threshold: 150 } }) },
      [],
      [/alertOverrides.APISLOAvailabilityBreach.threshold: 150 is not a number above 0 and at most 100/],
    ],
    [
      "a zero threshold",
      { alertOverrides: JSON.stringify({ APILatencyP95High: { threshold: 0 } }) },
      [],
      [/alertOverrides.APILatencyP95High.threshold: 0 is not a number above 0/],
    ],
    [
      "a bad for: duration",
      { alertOverrides: JSON.stringify({ APILatencyP95High: { for: "soon" } }) },
      [],
      [/alertOverrides.APILatencyP95High.for: "soon" is not a positive duration/],
    ],
    [
      "an unknown override field",
      { alertOverrides: JSON.stringify({ APILatencyP95High: { severity: "warning" } }) },
      [],
      [/only "threshold" and "for" can be set/],
    ],
    [
      "group_by with a bad label",
      { groupBy: JSON.stringify(["alertname", "a-b"]) },
      [],
      [/groupBy: "a-b" is not a label name/],
    ],
    [
      "a Slack channel with spaces",
      { slackChannel: "sre alerts" },
      [],
      [/slackChannel: "sre alerts" is not a Slack channel name/],
    ],
  ];

  for (const [what, values, secret, expected] of BAD) {
    it(`refuses ${what} with one error naming the setting and the fix`, () => {
      const message = problemsOf(values, secret);
      assert.match(message, /^slo-alerting: the settings of stack "dev" are not valid; nothing was created\./);
      for (const pattern of expected) {
        assert.match(message, pattern);
      }
      assert.match(message, /fix: /);
    });
  }

  it("reports every problem of a stack in the same error", () => {
    const message = problemsOf({ alertmanagerReplicas: "0", groupWait: "never", namespace: "A_B" });
    assert.match(message, /alertmanagerReplicas/);
    assert.match(message, /groupWait/);
    assert.match(message, /namespace/);
  });

  it("never echoes a secret value in its error", () => {
    const webhook = "http://hooks.slack.com/services/T0/B0/s3cr3tT0k3n";
    const message = problemsOf({ slackWebhookUrl: webhook, heartbeatWebhookUrl: "not a url s3cr3t" }, []);
    assert.doesNotMatch(message, /s3cr3t/);
  });
});

describe("autoResolveTimeoutSeconds", () => {
  it("is off by default, so an incident closes on Alertmanager's resolve", () => {
    assert.equal(parseSettings(sourceOf(VALID)).pagerduty?.autoResolveTimeoutSeconds, 0);
  });

  it("refuses an auto-resolve not above repeatInterval, naming both settings and the fix", () => {
    const message = problemsOf({ autoResolveTimeoutSeconds: "14400", repeatInterval: "4h" });
    assert.match(message, /autoResolveTimeoutSeconds.*14400 is not above repeatInterval \(4h, 14400 s\)/);
    assert.match(message, /pulumi config set autoResolveTimeoutSeconds 0 --stack dev/);
    assert.equal(
      parseSettings(sourceOf({ ...VALID, autoResolveTimeoutSeconds: "14401", repeatInterval: "4h" })).pagerduty
        ?.autoResolveTimeoutSeconds,
      14401,
    );
  });
});
