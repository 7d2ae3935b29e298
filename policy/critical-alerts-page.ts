import { StackValidationPolicy } from "@pulumi/policy";
import { parse } from "yaml";
import { ALERTMANAGER_CONFIG_FILE, asArray, asObject, filesOf, isObject, Json, TYPES } from "./lib/resources";
import { receiversFor } from "./lib/routing";
import { AlertRule, rulesOf } from "./lib/rules";

function pagesPagerDuty(receiver: Json | undefined): boolean {
  const configs = asArray(receiver?.pagerduty_configs).map(asObject);
  return (
    configs.length > 0 && configs.every((c) => [c.routing_key, c.service_key].some((k) => k !== undefined && k !== ""))
  );
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
    // Reading the config of a Secret whose content is unknown (its key is
    // created in this update) throws, and the SDK reports "can't run during
    // preview" instead; `pulumi up` runs the policy again on the real values.
    const configs = args.resources
      .filter((r) => r.type === TYPES.secret)
      .map((r) => ({ r, text: filesOf(r.props, r.type)[ALERTMANAGER_CONFIG_FILE] }))
      .filter((c) => c.text !== undefined);
    if (configs.length === 0) {
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
