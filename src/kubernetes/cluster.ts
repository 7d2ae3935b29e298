import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { ClusterSettings } from "../settings/cluster";
import { readSecret } from "../settings/read";
import { AlertmanagerSettings } from "../settings/types";

/**
 * The stack's one Kubernetes provider. Every Kubernetes resource names it, and
 * the stack files disable the default kubernetes provider
 * (`pulumi:disable-default-providers`), so nothing lands in the cluster of the
 * current kube context by accident.
 */
export function clusterProvider(settings: ClusterSettings): k8s.Provider {
  return new k8s.Provider("kubernetes", {
    ...(settings.kubeContext === undefined ? {} : { context: settings.kubeContext }),
    ...(settings.kubeconfig ? { kubeconfig: readSecret("kubeconfig") } : {}),
    // pulumi-kubernetes replaces a ConfigMap whose data changes unless this is
    // on, and a ConfigMap with a fixed name is replaced delete-first: Prometheus
    // would mount no rules in between. With it, the rule ConfigMaps are patched
    // in place under their stable names.
    enableConfigMapMutable: true,
  });
}

/**
 * The namespace: created only when `createNamespace` asks for it, and never
 * deleted by the engine. retainOnDelete: a destroy, or createNamespace=false
 * dropping it from the state, leaves it in the cluster with whatever else runs
 * there (a namespace delete cascades to every object in it). protect (prod by
 * default): the engine refuses any plan that would drop it until someone runs
 * `pulumi state unprotect`.
 */
export function stackNamespace(
  settings: AlertmanagerSettings,
  cluster: ClusterSettings,
  provider: k8s.Provider,
): pulumi.Output<string> {
  if (!settings.createNamespace) {
    return pulumi.output(settings.namespace);
  }
  return new k8s.core.v1.Namespace(
    "namespace",
    { metadata: { name: settings.namespace, labels: { "app.kubernetes.io/part-of": "slo-alerting" } } },
    { provider, retainOnDelete: true, protect: cluster.protectNamespace },
  ).metadata.name;
}
