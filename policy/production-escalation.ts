import { StackValidationPolicy } from "@pulumi/policy";
import { asArray, stackOf, TYPES } from "./lib/resources";

interface ProductionEscalationConfig {
  productionStacks: string[];
  /** Lower it only with the reason beside it in the pack's config (e.g. a team whose schedule rotates itself). */
  minLevels: number;
}

const DEFAULTS: ProductionEscalationConfig = { productionStacks: ["prod"], minLevels: 2 };

export const productionEscalation: StackValidationPolicy = {
  name: "production-escalation-depth",
  description:
    "In production stacks every team's PagerDuty escalation policy has at least 2 levels, so a page nobody acknowledges reaches a second person.",
  remediationSteps:
    "Add a level: `pulumi config set --path 'teams.<team>.escalationPolicy.levels[1].schedules[0]' '<schedule>' --stack <stack>` " +
    "(`escalationPolicy.levels[1]` for the default team).",
  configSchema: {
    properties: {
      productionStacks: { type: "array", items: { type: "string" }, default: DEFAULTS.productionStacks },
      minLevels: { type: "integer", minimum: 1, default: DEFAULTS.minLevels },
    },
  },
  validateStack: (args, reportViolation) => {
    const config = { ...DEFAULTS, ...args.getConfig<Partial<ProductionEscalationConfig>>() };
    const stack = args.resources.length > 0 ? stackOf(args.resources[0].urn) : undefined;
    if (stack === undefined || !config.productionStacks.includes(stack)) {
      args.notApplicable(
        `stack "${stack}" is not one of the production stacks (${config.productionStacks.join(", ")})`,
      );
    }
    for (const policy of args.resources.filter((r) => r.type === TYPES.escalationPolicy)) {
      const levels = asArray(policy.props.rules).length;
      if (levels < config.minLevels) {
        reportViolation(
          `escalation policy "${String(policy.props.name)}" has ${levels} level(s) in production stack "${stack}"; ` +
            `at least ${config.minLevels} are needed so an unacknowledged page reaches someone else.`,
          policy.urn,
        );
      }
    }
  },
};
