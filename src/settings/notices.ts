import { p95Notice } from "../alerts/latency-p95";
import { p95Threshold } from "./latency-p95";
import { Settings } from "./types";

/** What a reviewer of the preview must know: settings left as they are that weaken paging. */
export function notices(settings: Settings): string[] {
  const stack = settings.stack;
  const result: string[] = [];
  if (!settings.routing.slack) {
    result.push(
      `slackWebhookUrl is not set: warning alerts go to the "null" receiver and nobody sees them. ` +
        `Set it with \`pulumi config set --secret slackWebhookUrl <url> --stack ${stack}\`.`,
    );
  }
  if (!settings.routing.heartbeat) {
    result.push(
      `heartbeatWebhookUrl is not set: the Watchdog alert goes nowhere, so nobody learns when Prometheus or ` +
        `Alertmanager is down. Set it with \`pulumi config set --secret heartbeatWebhookUrl <url> --stack ${stack}\`.`,
    );
  }
  if (new URL(settings.alertmanager.externalUrl).hostname.endsWith(".svc")) {
    result.push(
      `alertmanagerExternalUrl is cluster-internal (${settings.alertmanager.externalUrl}): the links from PagerDuty ` +
        `incidents and Slack back to Alertmanager, to see or silence an alert, will not open for on-call. Set the URL ` +
        `people reach it at with \`pulumi config set alertmanagerExternalUrl <url> --stack ${stack}\`.`,
    );
  }
  if (settings.rules.emitPrometheusRule && Object.keys(settings.rules.prometheusRuleLabels).length === 0) {
    result.push(
      `emitPrometheusRule is on but prometheusRuleLabels is empty: a Prometheus whose ruleSelector matches labels ` +
        `(kube-prometheus-stack's selects release: <Helm release> by default) ignores the rules, without any error. ` +
        `Set it with \`pulumi config set --path 'prometheusRuleLabels.release' <release> --stack ${stack}\`.`,
    );
  }
  const p95 = p95Notice(p95Threshold(settings.rules.overrides), settings.rules.latencyBuckets, stack);
  if (p95 !== undefined) {
    result.push(p95);
  }
  return result;
}
