import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { DashboardFile } from "../dashboards/render";

export interface DashboardsArgs {
  readonly files: DashboardFile[];
  readonly stack: string;
  readonly namespace: pulumi.Input<string>;
  /** The label Grafana's dashboard sidecar selects ConfigMaps by. */
  readonly label: { name: string; value: string };
  /** The stack's explicit provider (mutable ConfigMaps: a changed dashboard is patched in place). */
  readonly provider: k8s.Provider;
}

/** ConfigMap name of a dashboard file: the stack in it, since Grafana's namespace may hold several stacks'. */
export function dashboardConfigMapName(base: string, stack: string, file: Pick<DashboardFile, "fileName">): string {
  return `${base}-${stack}-${file.fileName.replace(/\.json$/, "")}`;
}

/** One ConfigMap per dashboard, labelled for Grafana's sidecar, which loads the JSON key it holds. */
export class Dashboards extends pulumi.ComponentResource {
  readonly configMapNames: string[];

  constructor(name: string, args: DashboardsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("slo-alerting:dashboards:Dashboards", name, {}, opts);
    const labels = {
      [args.label.name]: args.label.value,
      "app.kubernetes.io/part-of": "slo-alerting",
      "slo-alerting/stack": args.stack,
    };
    this.configMapNames = args.files.map((file) => {
      const cmName = dashboardConfigMapName(name, args.stack, file);
      new k8s.core.v1.ConfigMap(
        `${name}-${file.fileName.replace(/\.json$/, "")}`,
        {
          metadata: { name: cmName, namespace: args.namespace, labels },
          data: { [file.fileName]: file.json },
        },
        { parent: this, provider: args.provider },
      );
      return cmName;
    });
    this.registerOutputs({ configMapNames: this.configMapNames });
  }
}
