// Seed §3 "Tester les alertes", as one command: is Alertmanager up, does its
// config page PagerDuty, and does a test alert of each severity really leave?
//   npm run smoke -- <stack> --alertmanager-url http://localhost:9093 [--alertmanager-url ...] [--timeout 2m]
import { parse } from "yaml";
import { RECEIVERS } from "../src/alertmanager/receivers";
import { durationMs } from "../src/settings/duration";

const ALERT_NAME = "SLOAlertingSmokeTest";
const USAGE = "usage: npm run smoke -- <stack> --alertmanager-url URL [--alertmanager-url URL ...] [--timeout 2m]";
// Beyond group_wait: a clustered replica waits up to two peer timeouts (15s each) before sending.
const DELIVERY_MARGIN_MS = 45_000;
// If this script dies before resolving, Alertmanager resolves the test alerts itself after this.
const SELF_RESOLVE_MS = 10 * 60_000;

class SmokeFailure extends Error {}

interface Options {
  stack: string;
  urls: string[];
  timeoutMs?: number;
}

function parseArgs(argv: string[]): Options {
  const urls: string[] = [];
  let stack: string | undefined;
  let timeoutMs: number | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [flag, inline] = arg.split(/=(.*)/s, 2);
    const value = () => inline ?? argv[++i];
    if (flag === "--alertmanager-url") {
      urls.push(String(value()).replace(/\/+$/, ""));
    } else if (flag === "--timeout") {
      const text = String(value());
      timeoutMs = durationMs(text);
      if (!timeoutMs) {
        throw new SmokeFailure(`--timeout ${text} is not a duration such as 90s or 2m\n${USAGE}`);
      }
    } else if (!arg.startsWith("-") && stack === undefined) {
      stack = arg;
    } else {
      throw new SmokeFailure(`unexpected argument ${arg}\n${USAGE}`);
    }
  }
  if (!stack || !/^[\w.-]+$/.test(stack)) {
    throw new SmokeFailure(`give the stack name first (dev, prod, ...)\n${USAGE}`);
  }
  if (urls.length === 0) {
    throw new SmokeFailure(
      `give Alertmanager's URL, e.g. after \`kubectl -n monitoring port-forward svc/alertmanager 9093\`: --alertmanager-url http://localhost:9093\n${USAGE}`,
    );
  }
  for (const url of urls) {
    if (!/^https?:\/\/[^/]+/.test(url)) {
      throw new SmokeFailure(`--alertmanager-url ${url} is not an http(s) URL\n${USAGE}`);
    }
  }
  return { stack, urls, ...(timeoutMs === undefined ? {} : { timeoutMs }) };
}

async function get(url: string): Promise<Response> {
  try {
    return await fetch(url, { signal: AbortSignal.timeout(5_000) });
  } catch (error) {
    const cause =
      (error as { cause?: { code?: string } }).cause?.code ?? (error instanceof Error ? error.message : String(error));
    throw new SmokeFailure(`cannot reach ${url} (${cause}); is the port-forward running and the URL right?`);
  }
}

async function checkReady(url: string): Promise<void> {
  const response = await get(`${url}/-/ready`);
  if (response.status !== 200) {
    throw new SmokeFailure(
      `Alertmanager at ${url} is not ready (HTTP ${response.status} on /-/ready); see \`kubectl -n <namespace> logs deploy/alertmanager\``,
    );
  }
}

interface RunningConfig {
  groupWaitMs: number;
  groupInterval: string;
  /** Where severity=warning alerts go: "slack" or "null". */
  warningReceiver: string;
  eventsApi: "v1" | "v2";
  clusterPeers: number;
}

type Route = { receiver?: string; matchers?: string[]; routes?: Route[]; group_wait?: string; group_interval?: string };

async function runningConfig(url: string, stack: string): Promise<RunningConfig> {
  const response = await get(`${url}/api/v2/status`);
  const status = (await response.json()) as { config?: { original?: string }; cluster?: { peers?: unknown[] } };
  const config = parse(status.config?.original ?? "") as {
    route?: Route;
    receivers?: Array<{ name: string; pagerduty_configs?: Array<Record<string, unknown>> }>;
  } | null;
  const pagerduty = config?.receivers?.find((r) => r.name === RECEIVERS.pagerduty)?.pagerduty_configs?.[0];
  if (!pagerduty) {
    throw new SmokeFailure(
      `Alertmanager at ${url} has no "${RECEIVERS.pagerduty}" receiver with pagerduty_configs: it is not running the config slo-alerting renders. ` +
        `Deploy it with \`npm run up -- ${stack}\`.`,
    );
  }
  // The receiver names its stack: smoke-testing the wrong cluster would page another team's on-call.
  const deployedStack = /\(slo-alerting ([^)]+)\)/.exec(String(pagerduty.client ?? ""))?.[1];
  if (deployedStack !== undefined && deployedStack !== stack) {
    throw new SmokeFailure(
      `Alertmanager at ${url} runs the config of stack "${deployedStack}", not "${stack}"; nothing was sent. Check the URL or the stack name.`,
    );
  }
  const routes = config?.route?.routes ?? [];
  const warningRoute = routes.find((r) => r.matchers?.includes('severity="warning"'));
  return {
    groupWaitMs: durationMs(config?.route?.group_wait ?? "30s") ?? 30_000,
    groupInterval: config?.route?.group_interval ?? "5m",
    warningReceiver: warningRoute?.receiver ?? config?.route?.receiver ?? RECEIVERS.none,
    eventsApi: pagerduty.service_key === undefined && pagerduty.service_key_file === undefined ? "v2" : "v1",
    clusterPeers: status.cluster?.peers?.length ?? 0,
  };
}

/** Alertmanager's notification counters for one integration, summed over the given replicas. */
interface Counters {
  requests: number;
  failedRequests: number;
  failedNotifications: number;
}

async function counters(urls: string[], integration: string): Promise<Counters> {
  const sum: Counters = { requests: 0, failedRequests: 0, failedNotifications: 0 };
  for (const url of urls) {
    const text = await (await get(`${url}/metrics`)).text();
    const value = (metric: string) => {
      const line = text.split("\n").find((l) => l.startsWith(`${metric}{integration="${integration}"} `));
      return Number(line?.split(" ")[1] ?? 0);
    };
    sum.requests += value("alertmanager_notification_requests_total");
    sum.failedRequests += value("alertmanager_notification_requests_failed_total");
    sum.failedNotifications += value("alertmanager_notifications_failed_total");
  }
  return sum;
}

interface TestAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: string;
  endsAt: string;
}

function testAlert(stack: string, severity: "critical" | "warning", run: string, url: string): TestAlert {
  const now = Date.now();
  return {
    // Each severity has its own slo: the same one would let the critical inhibit the warning.
    labels: { alertname: ALERT_NAME, stack, slo: `smoke-test-${severity}`, service: "smoke", severity, smoke_run: run },
    annotations: {
      summary: `[SMOKE TEST ${run}] slo-alerting ${stack}: ${severity} test alert, no action needed`,
      description: `Sent by \`npm run smoke\` at ${new Date(now).toISOString()} to prove that Alertmanager delivers ${severity} alerts. It resolves by itself.`,
      runbook_url: `${url}/#/alerts?filter=${encodeURIComponent(`{alertname="${ALERT_NAME}"}`)}`,
    },
    startsAt: new Date(now).toISOString(),
    endsAt: new Date(now + SELF_RESOLVE_MS).toISOString(),
  };
}

async function post(urls: string[], alerts: TestAlert[]): Promise<void> {
  for (const url of urls) {
    let response: Response;
    try {
      response = await fetch(`${url}/api/v2/alerts`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(alerts),
        signal: AbortSignal.timeout(5_000),
      });
    } catch (error) {
      throw new SmokeFailure(`cannot post alerts to ${url}: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (response.status !== 200) {
      throw new SmokeFailure(
        `Alertmanager at ${url} refused the test alerts (HTTP ${response.status}): ${await response.text()}`,
      );
    }
  }
}

/** Fails when a silence or inhibition would keep the test alert from being sent. */
async function checkNotSuppressed(urls: string[], run: string): Promise<void> {
  const filter = encodeURIComponent(`smoke_run="${run}"`);
  for (const url of urls) {
    const alerts = (await (await get(`${url}/api/v2/alerts?filter=${filter}`)).json()) as Array<{
      labels: Record<string, string>;
      status: { state: string };
    }>;
    for (const a of alerts.filter((x) => x.status.state === "suppressed")) {
      throw new SmokeFailure(
        `the ${a.labels.severity} test alert is suppressed by a silence or inhibition at ${url}; expire the silence (amtool silence query) and retry`,
      );
    }
  }
}

/** Waits until a request to `integration` succeeds; fails at once if Alertmanager gives up on one. */
async function waitDelivered(
  urls: string[],
  integration: string,
  before: Counters,
  timeoutMs: number,
): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    const now = await counters(urls, integration);
    const delivered = now.requests - now.failedRequests - (before.requests - before.failedRequests);
    if (delivered > 0) {
      return Date.now() - started;
    }
    if (now.failedNotifications > before.failedNotifications) {
      throw new SmokeFailure(
        `Alertmanager gave up notifying ${integration} after ${now.failedRequests - before.failedRequests} failed request(s). ` +
          `Its log says why: \`kubectl -n <namespace> logs deploy/alertmanager | grep ${integration}\` ` +
          (integration === "pagerduty"
            ? "(a 400 means a wrong integration key; a timeout means no egress to events.pagerduty.com)."
            : "(check the webhook URL)."),
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
  const now = await counters(urls, integration);
  throw new SmokeFailure(
    `no ${integration} notification succeeded within ${timeoutMs / 1000} s (${now.failedRequests - before.failedRequests} failed request(s)). ` +
      `Check the route with \`amtool config routes test --config.file=alertmanager.yml severity=critical\` and Alertmanager's log.`,
  );
}

async function smoke(options: Options, log: (line: string) => void): Promise<void> {
  const { stack, urls } = options;
  for (const url of urls) {
    await checkReady(url);
  }
  log(`✔ Alertmanager ready at ${urls.join(", ")}`);
  const config = await runningConfig(urls[0], stack);
  log(`✔ its config pages PagerDuty (Events API ${config.eventsApi}); warnings go to "${config.warningReceiver}"`);
  if (config.clusterPeers > 1 && urls.length < config.clusterPeers) {
    log(
      `! ${config.clusterPeers} replicas gossip, but alerts are not shared between them: give each replica's URL ` +
        `(kubectl port-forward pod/<name>) or the counters read here may miss the one that sends.`,
    );
  }
  const expectSlack = config.warningReceiver === RECEIVERS.slack;
  const timeoutMs = options.timeoutMs ?? config.groupWaitMs + DELIVERY_MARGIN_MS;
  const run = new Date().toISOString().replace(/[-:.]/g, "").slice(0, 15);
  const alerts = [testAlert(stack, "critical", run, urls[0]), testAlert(stack, "warning", run, urls[0])];

  const beforePd = await counters(urls, "pagerduty");
  const beforeSlack = await counters(urls, "slack");
  await post(urls, alerts);
  log(
    `✔ test alerts ${ALERT_NAME} (critical and warning, smoke_run=${run}) posted; waiting up to ${timeoutMs / 1000} s for delivery`,
  );
  try {
    await checkNotSuppressed(urls, run);
    const pdMs = await waitDelivered(urls, "pagerduty", beforePd, timeoutMs);
    log(`✔ PagerDuty accepted the critical test alert after ${pdMs / 1000} s`);
    if (expectSlack) {
      const slackMs = await waitDelivered(urls, "slack", beforeSlack, timeoutMs);
      log(`✔ Slack accepted the warning test alert after ${slackMs / 1000} s`);
    } else {
      log(
        `! no Slack webhook in this stack: warnings go to the "null" receiver and nobody sees them (set slackWebhookUrl)`,
      );
    }
    log("");
    log(
      `Look for, in PagerDuty: an incident "[SMOKE TEST ${run}] slo-alerting ${stack}: critical test alert, no action needed",`,
    );
    log("  with description and runbook_url in its details and a Runbook link; it resolves by itself.");
    if (expectSlack) {
      log(
        `In Slack: "[FIRING] ${ALERT_NAME} (${stack})" with the warning summary and a Runbook button, then "[RESOLVED]".`,
      );
    }
  } finally {
    const now = new Date().toISOString();
    await post(
      urls,
      alerts.map((a) => ({ ...a, endsAt: now })),
    );
    log(`✔ test alerts resolved; PagerDuty and Slack hear of it within group_interval (${config.groupInterval})`);
  }
}

Promise.resolve()
  .then(() => smoke(parseArgs(process.argv.slice(2)), (line) => console.log(line)))
  .catch((error: unknown) => {
    console.error(
      `smoke test FAILED: ${error instanceof SmokeFailure ? error.message : error instanceof Error ? error.stack : String(error)}`,
    );
    process.exitCode = 1;
  });
