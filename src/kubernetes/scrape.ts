// How Prometheus scrapes the Alertmanager pods, for the delivery-failure
// rules (src/delivery). Pure builders: no Pulumi import.
import { alertmanagerJob } from "../delivery/rules";
import { replicasDnsName } from "./discovery";
import { AlertmanagerNames, selectorLabels, WEB_PORT } from "./manifests";

/**
 * A `scrape_configs` entry: every Ready replica through the same headless
 * Service Prometheus alerts to (no RBAC), under the job the rules select.
 */
export function alertmanagerScrapeConfig(
  names: AlertmanagerNames,
  clusterDomain: string,
  stack: string,
): Record<string, unknown> {
  return {
    job_name: alertmanagerJob(stack),
    dns_sd_configs: [{ names: [replicasDnsName(names, clusterDomain)], type: "A", port: WEB_PORT }],
  };
}

/**
 * prometheus-operator's PodMonitor for the same pods. The operator names the
 * job after the PodMonitor; the relabeling gives it the job the rules select.
 */
export function podMonitorObject(
  names: AlertmanagerNames,
  stack: string,
): { apiVersion: string; kind: string; metadata: { name: string }; spec: Record<string, unknown> } {
  return {
    apiVersion: "monitoring.coreos.com/v1",
    kind: "PodMonitor",
    metadata: { name: names.base },
    spec: {
      selector: { matchLabels: selectorLabels(names) },
      namespaceSelector: { matchNames: [names.namespace] },
      podMetricsEndpoints: [
        {
          port: "web",
          path: "/metrics",
          relabelings: [{ action: "replace", targetLabel: "job", replacement: alertmanagerJob(stack) }],
        },
      ],
    },
  };
}
