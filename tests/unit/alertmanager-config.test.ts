import { strict as assert } from "assert";
import { parse } from "yaml";
import { buildAlertmanagerConfig, renderAlertmanagerConfig } from "../../src/alertmanager/config";
import { RoutingSettings } from "../../src/settings/types";

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const ROUTING: RoutingSettings = {
  stack: "prod",
  groupBy: ["alertname", "stack", "service", "slo"],
  groupWait: "30s",
  groupInterval: "5m",
  repeatInterval: "4h",
  pagerduty: { eventsApi: "v2", eventsUrl: "https://events.pagerduty.com/v2/enqueue" },
  slack: { channel: "#sre" },
  heartbeat: { interval: "2m" },
  alertmanagerExternalUrl: "https://am.example.org",
};
const SECRETS = {
  integrationKey: "k".repeat(32),
  slackWebhookUrl: "https://hooks.slack.com/x",
  heartbeatWebhookUrl: "https://hc-ping.com/y",
};

function receiver(config: Json, name: string): Json {
  return config.receivers.find((r: Json) => r.name === name);
}

describe("alertmanager.yml builder", () => {
  it("pages PagerDuty through Events API v2 with the summary, severity, details and a runbook link", () => {
    const pd = receiver(buildAlertmanagerConfig(ROUTING, SECRETS), "pagerduty").pagerduty_configs[0];
    assert.equal(pd.routing_key, SECRETS.integrationKey);
    assert.equal(pd.url, "https://events.pagerduty.com/v2/enqueue");
    assert.equal(pd.severity, "{{ .CommonLabels.severity }}");
    assert.match(pd.description, /Annotations\.summary/);
    assert.deepEqual(Object.keys(pd.details).sort(), [
      "alertname",
      "description",
      "runbook_url",
      "service",
      "slo",
      "stack",
    ]);
    assert.match(pd.links[0].href, /Annotations\.runbook_url/);
    assert.equal(pd.send_resolved, true);
  });

  it("uses service_key and drops the v2-only fields for Events API v1", () => {
    const pd = receiver(
      buildAlertmanagerConfig(
        { ...ROUTING, pagerduty: { eventsApi: "v1", eventsUrl: ROUTING.pagerduty.eventsUrl } },
        SECRETS,
      ),
      "pagerduty",
    ).pagerduty_configs[0];
    assert.equal(pd.service_key, SECRETS.integrationKey);
    for (const field of ["routing_key", "url", "severity", "links"]) {
      assert.equal(pd[field], undefined, field);
    }
  });

  it("posts warnings to Slack with resolved messages and the runbook link", () => {
    const slack = receiver(buildAlertmanagerConfig(ROUTING, SECRETS), "slack").slack_configs[0];
    assert.equal(slack.api_url, SECRETS.slackWebhookUrl);
    assert.equal(slack.channel, "#sre");
    assert.equal(slack.send_resolved, true);
    assert.match(slack.text, /Runbook: \{\{ \.Annotations\.runbook_url \}\}/);
  });

  it("falls back to the null receiver for warnings and the Watchdog when their URLs are not set", () => {
    const config = buildAlertmanagerConfig(
      { ...ROUTING, slack: undefined, heartbeat: undefined },
      { integrationKey: SECRETS.integrationKey },
    ) as Json;
    assert.deepEqual(
      config.receivers.map((r: Json) => r.name),
      ["pagerduty", "alerting-pipeline", "null"],
    );
    assert.equal((config.route as Json).receiver, "null");
    assert.deepEqual(
      (config.route as Json).routes.map((r: Json) => r.receiver),
      ["null", "null", "alerting-pipeline", "pagerduty", "null"],
    );
  });

  it("notifies the heartbeat every heartbeatInterval without waiting, repeat below group interval so no flush skips", () => {
    const [watchdog, foreign] = (buildAlertmanagerConfig(ROUTING, SECRETS).route as Json).routes;
    assert.deepEqual(watchdog, {
      receiver: "heartbeat",
      matchers: ['alertname="Watchdog"', `stack="${ROUTING.stack}"`, 'slo="watchdog"'],
      group_wait: "0s",
      group_interval: "2m",
      repeat_interval: "1m",
    });
    assert.deepEqual(foreign, { receiver: "null", matchers: ['alertname="Watchdog"'] });
    const odd = (buildAlertmanagerConfig({ ...ROUTING, heartbeat: { interval: "1s" } }, SECRETS).route as Json).routes;
    assert.equal(odd[0].repeat_interval, "500ms");
  });

  it("mutes warnings of the same SLO and stack while a critical fires, and only from alerts that name an SLO", () => {
    assert.deepEqual((buildAlertmanagerConfig(ROUTING, SECRETS).inhibit_rules as Json[])[0], {
      source_matchers: ['severity="critical"', 'slo=~".+"'],
      target_matchers: ['severity="warning"'],
      equal: ["stack", "slo"],
    });
  });

  it("lets a burn-rate page mute the slow tier and the seed criticals of the same SLO, so one outage pages once", () => {
    const rules = (buildAlertmanagerConfig(ROUTING, SECRETS).inhibit_rules as Json[]).slice(1);
    assert.deepEqual(rules, [
      {
        source_matchers: ['tier="fast"', 'slo=~".+"'],
        target_matchers: ['tier="slow"'],
        equal: ["stack", "slo", "severity"],
      },
      {
        source_matchers: ['tier=~".+"', 'severity="critical"', 'slo=~".+"'],
        target_matchers: ['severity="critical"', 'tier=""'],
        equal: ["stack", "slo"],
      },
    ]);
  });

  it("carries the stack's grouping and timings", () => {
    const route = buildAlertmanagerConfig(ROUTING, SECRETS).route as Json;
    assert.deepEqual(
      [route.group_by, route.group_wait, route.group_interval, route.repeat_interval],
      [ROUTING.groupBy, "30s", "5m", "4h"],
    );
  });

  it("renders YAML that parses back to the same object", () => {
    assert.deepEqual(parse(renderAlertmanagerConfig(ROUTING, SECRETS)), buildAlertmanagerConfig(ROUTING, SECRETS));
  });
});
