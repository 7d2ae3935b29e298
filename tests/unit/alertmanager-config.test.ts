import { strict as assert } from "assert";
import { parse } from "yaml";
import { buildAlertmanagerConfig, renderAlertmanagerConfig } from "../../src/alertmanager/config";
import { ROUTING, SECRETS } from "../helpers/routing";

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function receiver(config: Json, name: string): Json {
  return config.receivers.find((r: Json) => r.name === name);
}

describe("alertmanager.yml builder", () => {
  it("pages PagerDuty through Events API v2 with the summary, severity, details and a runbook link", () => {
    const pd = receiver(buildAlertmanagerConfig(ROUTING, SECRETS), "pagerduty").pagerduty_configs[0];
    // The key is a file of the credentials Secret: alertmanager.yml holds no key.
    assert.equal(pd.routing_key_file, "/etc/alertmanager/credentials/pagerduty-integration-key");
    assert.equal(pd.routing_key, undefined);
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
      "team",
    ]);
    assert.match(pd.links[0].href, /Annotations\.runbook_url/);
    assert.equal(pd.send_resolved, true);
  });

  it("uses service_key_file and drops the v2-only fields for Events API v1", () => {
    const pd = receiver(
      buildAlertmanagerConfig(
        { ...ROUTING, pagerduty: { eventsApi: "v1", eventsUrl: ROUTING.pagerduty.eventsUrl } },
        SECRETS,
      ),
      "pagerduty",
    ).pagerduty_configs[0];
    assert.equal(pd.service_key_file, "/etc/alertmanager/credentials/pagerduty-integration-key");
    for (const field of ["service_key", "routing_key", "routing_key_file", "url", "severity", "links"]) {
      assert.equal(pd[field], undefined, field);
    }
  });

  it("posts warnings to Slack with resolved messages and the runbook link", () => {
    const slack = receiver(buildAlertmanagerConfig(ROUTING, SECRETS), "slack").slack_configs[0];
    assert.equal(slack.api_url_file, "/etc/alertmanager/credentials/slack-webhook-url");
    assert.equal(slack.api_url, undefined);
    assert.equal(slack.channel, "#sre");
    assert.equal(slack.send_resolved, true);
    assert.match(slack.text, /Runbook: \{\{ \.Annotations\.runbook_url \}\}/);
  });

  it("pages delivery failures through the pipeline service's own key file, Slack through its URL file", () => {
    const pipeline = receiver(buildAlertmanagerConfig(ROUTING, SECRETS), "alerting-pipeline");
    assert.equal(
      pipeline.pagerduty_configs[0].routing_key_file,
      "/etc/alertmanager/credentials/pagerduty-pipeline-integration-key",
    );
    assert.equal(pipeline.pagerduty_configs[0].routing_key, undefined);
    assert.equal(pipeline.slack_configs[0].api_url_file, "/etc/alertmanager/credentials/slack-webhook-url");
    // External-key mode has no pipeline service: the main key is all there is, and Slack carries the news.
    const external = receiver(
      buildAlertmanagerConfig(ROUTING, { ...SECRETS, pipelineKey: false }),
      "alerting-pipeline",
    );
    assert.equal(
      external.pagerduty_configs[0].routing_key_file,
      "/etc/alertmanager/credentials/pagerduty-integration-key",
    );
  });

  it("falls back to the null receiver for warnings and the Watchdog when their URLs are not set", () => {
    const config = buildAlertmanagerConfig(
      { ...ROUTING, slack: undefined, heartbeat: undefined },
      { slack: false, pipelineKey: false },
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

  it("mutes no critical: the warning rule is the only one, so a page's resolve is never dropped", () => {
    assert.equal((buildAlertmanagerConfig(ROUTING, SECRETS).inhibit_rules as Json[]).length, 1);
  });

  it("groups every critical of an SLO, its team, service and stack into one notification group, so one PagerDuty dedup_key", () => {
    const pagerduty = (buildAlertmanagerConfig(ROUTING, SECRETS).route as Json).routes.find(
      (r: Json) => r.receiver === "pagerduty",
    );
    assert.deepEqual([pagerduty.receiver, pagerduty.group_by], ["pagerduty", ["stack", "team", "service", "slo"]]);
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
