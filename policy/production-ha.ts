import { StackValidationPolicy } from "@pulumi/policy";
import { asObject, Json, podLabels, stackOf, TYPES, WORKLOAD_TYPES } from "./lib/resources";

interface ProductionHaConfig {
  /** Stacks held to the rule; others are not applicable. */
  productionStacks: string[];
  minReplicas: number;
}

const DEFAULTS: ProductionHaConfig = { productionStacks: ["prod"], minReplicas: 2 };

function namespaceOf(props: Json): string {
  return String(asObject(props.metadata).namespace ?? "default");
}

/** A budget covers a workload when its selector is non-empty and every selector label is on the workload's pods. */
function covers(budget: Json, pods: Json): boolean {
  const selector = asObject(asObject(asObject(budget.spec).selector).matchLabels);
  const entries = Object.entries(selector);
  return entries.length > 0 && entries.every(([k, v]) => pods[k] === v);
}

export const productionHa: StackValidationPolicy = {
  name: "production-alertmanager-ha",
  description:
    "In production stacks Alertmanager runs at least 2 replicas with a PodDisruptionBudget, so a node drain cannot stop paging.",
  remediationSteps:
    "Set `pulumi config set alertmanagerReplicas 3 --stack <stack>`; the program adds the budget itself.",
  configSchema: {
    properties: {
      productionStacks: { type: "array", items: { type: "string" }, default: DEFAULTS.productionStacks },
      minReplicas: { type: "integer", minimum: 1, default: DEFAULTS.minReplicas },
    },
  },
  validateStack: (args, reportViolation) => {
    const config = { ...DEFAULTS, ...args.getConfig<Partial<ProductionHaConfig>>() };
    const stack = args.resources.length > 0 ? stackOf(args.resources[0].urn) : undefined;
    if (stack === undefined || !config.productionStacks.includes(stack)) {
      args.notApplicable(
        `stack "${stack}" is not one of the production stacks (${config.productionStacks.join(", ")})`,
      );
    }
    const alertmanagers = args.resources.filter(
      (r) => WORKLOAD_TYPES.includes(r.type) && podLabels(r.props)["app.kubernetes.io/name"] === "alertmanager",
    );
    if (alertmanagers.length === 0) {
      reportViolation(
        `production stack "${stack}" runs no Alertmanager (no workload with pod label app.kubernetes.io/name=alertmanager): nothing would page.`,
      );
    }
    const budgets = args.resources.filter((r) => r.type === TYPES.disruptionBudget);
    for (const am of alertmanagers) {
      const replicas = Number(asObject(am.props.spec).replicas ?? 1);
      if (replicas < config.minReplicas) {
        reportViolation(
          `Alertmanager ${am.name} runs ${replicas} replica(s) in production stack "${stack}"; at least ${config.minReplicas} ` +
            "are needed so that one pod restarting does not stop paging.",
          am.urn,
        );
      }
      const pods = podLabels(am.props);
      const covered = budgets.some((b) => namespaceOf(b.props) === namespaceOf(am.props) && covers(b.props, pods));
      if (!covered) {
        reportViolation(
          `Alertmanager ${am.name} has no PodDisruptionBudget selecting its pods in namespace ${namespaceOf(am.props)}: ` +
            "a node drain could evict every replica at once.",
          am.urn,
        );
      }
    }
  },
};
