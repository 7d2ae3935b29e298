import { ResourceValidationPolicy } from "@pulumi/policy";
import { markersIn } from "./lib/markers";
import { filesOf, TYPES } from "./lib/resources";

export const configMapsHoldNoSecrets: ResourceValidationPolicy = {
  name: "configmaps-hold-no-secrets",
  description:
    "No ConfigMap holds receiver credentials (routing_key, service_key, api_url, Slack or other webhooks): ConfigMaps are readable by anyone who can read the namespace and are stored unencrypted.",
  remediationSteps:
    "Keep alertmanager.yml in the Alertmanager Secret (src/kubernetes/alertmanager.ts) and pass credentials as Pulumi secrets.",
  validateResource: (args, reportViolation) => {
    if (args.type !== TYPES.configMap) {
      return;
    }
    for (const [file, text] of Object.entries(filesOf(args.props, args.type))) {
      const found = markersIn(text);
      if (found.length > 0) {
        reportViolation(
          `ConfigMap ${args.name}, file ${file}, contains ${found.map((m) => `"${m}"`).join(", ")}: ` +
            "that is where a PagerDuty key or webhook URL goes, and it belongs in a Secret.",
        );
      }
    }
  },
};
