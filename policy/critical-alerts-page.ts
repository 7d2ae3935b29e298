import { StackValidationPolicy } from "@pulumi/policy";
import { parse } from "yaml";
import {
  ALERTMANAGER_CONFIG_FILE,
  asArray,
  asObject,
  filesOf,
  isObject,
  Json,
  TYPES,
  whenKnown,
} from "./lib/resources";
import { receiversFor } from "./lib/routing";
import { AlertRule, rulesOf } from "./lib/rules";

// The key inline, or (Alertmanager >= 0.25) a file holding it.
const KEY_FIELDS = ["routing_key", "service_key", "routing_key_file", "service_key_file"];

function pagesPagerDuty(receiver: Json | undefined): boolean {
  const configs = asArray(receiver?.pagerduty_configs).map(asObject);
  return configs.length > 0 && configs.every((c) => KEY_FIELDS.some((k) => c[k] !== undefined && c[k] !== ""));
}

export const criticalAlertsPage: StackValidationPolicy = {
  name: "critical-alerts-page",
  description:
    "There are critical alert rules, and Alertmanager routes every one of them (by its labels) only to receivers that page through PagerDuty with a key.",
  remediationSteps:
    'Keep the severity="critical" route pointing at the pagerduty receiver (src/alertmanager/config.ts) and give every critical rule a severity label.',
  validateStack: (args, reportViolation) => {
    const rules: AlertRule[] = [];
    for (const r of args.resources) {
      const found = rulesOf(r);
      rules.push(...found.rules);
      for (const u of found.unreadable) {
        reportViolation(`${u.where} ${u.problem}.`, r.urn);
      }
    }
    const critical = rules.filter((rule) => rule.labels.severity === "critical");
    if (critical.length === 0) {
      reportViolation(`no alert rule has severity "critical" (${rules.length} rules found): nothing would ever page.`);
    }
    // A Secret whose content is unknown at preview (the credentials, when the
    // key is created in this update) cannot hold the config, which is known.
    // Only when no config is readable does reading an unknown Secret again
    // throw, and the SDK report "can't run during preview".
    const secrets = args.resources.filter((r) => r.type === TYPES.secret);
    const configs = secrets
      .map((r) => ({ r, text: whenKnown(() => filesOf(r.props, r.type)[ALERTMANAGER_CONFIG_FILE], undefined) }))
      .filter((c): c is { r: (typeof secrets)[number]; text: string } => c.text !== undefined);
    if (configs.length === 0) {
      secrets.forEach((r) => filesOf(r.props, r.type));
      reportViolation(`no Kubernetes Secret holds an ${ALERTMANAGER_CONFIG_FILE}: critical alerts have nowhere to go.`);
    }
    for (const { r, text } of configs) {
      let config: Json;
      try {
        config = asObject(parse(text));
      } catch (e) {
        reportViolation(
          `Secret ${r.name}: ${ALERTMANAGER_CONFIG_FILE} is not valid YAML (${(e as Error).message.split("\n")[0]}).`,
          r.urn,
        );
        continue;
      }
      const receivers = new Map(
        asArray(config.receivers)
          .filter(isObject)
          .map((rcv) => [String(rcv.name), rcv]),
      );
      for (const rule of critical) {
        let names: string[];
        try {
          names = receiversFor(config, { ...rule.labels, alertname: rule.alert });
        } catch (e) {
          reportViolation(`Secret ${r.name}: ${(e as Error).message}; cannot tell where ${rule.alert} goes.`, r.urn);
          continue;
        }
        for (const name of names.filter((n) => !pagesPagerDuty(receivers.get(n)))) {
          reportViolation(
            `${rule.alert} (severity critical, ${rule.where}) is routed by Secret ${r.name} to receiver "${name}", ` +
              "which does not page through PagerDuty with a key.",
            r.urn,
          );
        }
      }
    }
  },
};
