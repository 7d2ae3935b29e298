import { ResourceValidationPolicy } from "@pulumi/policy";
import { rulesOf } from "./lib/rules";

const REQUIRED = ["summary", "description", "runbook_url"] as const;

/** What is wrong with one rule's annotations, empty when nothing is. */
function annotationProblems(annotations: Record<string, string>): string[] {
  const problems: string[] = REQUIRED.filter((a) => (annotations[a] ?? "").trim() === "").map((a) => `no ${a}`);
  const url = annotations.runbook_url;
  if (url !== undefined && url.trim() !== "" && !/^https?:\/\/\S+$/.test(url)) {
    problems.push(`a runbook_url that is not an http(s) URL ("${url}")`);
  }
  return problems;
}

export const rulesAnnotated: ResourceValidationPolicy = {
  name: "alert-rules-annotated",
  description:
    "Every alerting rule (in rule-file ConfigMaps and PrometheusRule objects) has summary, description and an http(s) runbook_url annotation, so a page tells on-call what broke and what to do.",
  remediationSteps: "Add the alert to the catalogue (src/alerts/catalogue.ts), which writes all three annotations.",
  validateResource: (args, reportViolation) => {
    const { rules, unreadable } = rulesOf({ type: args.type, name: args.name, urn: args.urn, props: args.props });
    for (const u of unreadable) {
      reportViolation(`${u.where} ${u.problem}.`);
    }
    for (const rule of rules) {
      const problems = annotationProblems(rule.annotations);
      if (problems.length > 0) {
        reportViolation(`alert ${rule.alert} (${rule.where}) has ${problems.join(", ")}.`);
      }
    }
  },
};
