import { SettingReader } from "./reader";

/** Where the stack deploys, and how it holds the namespace it may create. */
export interface ClusterSettings {
  /** kubeconfig context of the stack's cluster. */
  kubeContext?: string;
  /** Whether the secret setting `kubeconfig` (the kubeconfig itself) is set. */
  kubeconfig: boolean;
  /** Engine `protect` on a namespace the stack creates: deleting it then needs an explicit unprotect. */
  protectNamespace: boolean;
}

/** A namespace of the stack's own: two stacks never share one, nor a cluster's own `monitoring`. */
export function defaultNamespace(stack: string): string {
  return `slo-alerting-${stack}`;
}

/** Protected by default in prod, where losing the namespace silences paging. */
export function defaultProtectNamespace(stack: string): boolean {
  return stack === "prod";
}

/**
 * The cluster comes from the stack's settings, never from whichever kube
 * context is current on the machine that runs `pulumi up`: with no explicit
 * provider, `npm run up -- prod` under the dev context deploys prod into dev.
 */
export function parseCluster(r: SettingReader): ClusterSettings {
  const stack = r.source.stack;
  const kubeContext = r.optionalString("kubeContext");
  const kubeconfig = r.raw("kubeconfig") !== undefined;
  if (kubeconfig && !r.source.isSecret("kubeconfig")) {
    r.fail("kubeconfig", "is stored in plain text but holds cluster credentials", kubeconfigFix(stack));
  }
  if (kubeContext === undefined && !kubeconfig) {
    r.fail(
      "kubeContext",
      "is required (or kubeconfig): without it the stack would deploy to whatever cluster the current kube context points at",
      `${r.fixWith("kubeContext", `<context of the ${stack} cluster>`)}, or ${kubeconfigFix(stack)}`,
    );
  }
  return {
    ...(kubeContext === undefined ? {} : { kubeContext }),
    kubeconfig,
    protectNamespace: r.boolean("protectNamespace", defaultProtectNamespace(stack)),
  };
}

function kubeconfigFix(stack: string): string {
  return `run \`pulumi config set --secret kubeconfig "$(cat <kubeconfig file>)" --stack ${stack}\``;
}
