// How Prometheus finds every Alertmanager replica. Pure builders: no Pulumi import.
import type * as k8s from "@pulumi/kubernetes";
import { AlertmanagerNames, selectorLabels, WEB_PORT } from "./manifests";

/** How often Prometheus re-resolves the replicas: below the Deployment's minReadySeconds. */
export const DNS_REFRESH_SECONDS = 10;

/**
 * The headless Service's DNS name, fully qualified with a trailing dot: one
 * query, whatever the resolver's search list and ndots (a pod's resolv.conf
 * has ndots:5, so a 4-dot name would first be tried under every search
 * domain), and valid for a Prometheus outside the namespace or the cluster DNS.
 */
export function replicasDnsName(names: AlertmanagerNames, clusterDomain: string): string {
  return `${names.replicasService}.${names.namespace}.svc.${clusterDomain}.`;
}

/**
 * Lists only Ready pods, one A record each, on the web port: what Prometheus
 * must send every alert to. Alertmanager expects each alert from each
 * Prometheus at every replica; a ClusterIP Service would deliver it to one.
 */
export function replicasServiceSpec(names: AlertmanagerNames): k8s.types.input.core.v1.ServiceSpec {
  return {
    clusterIP: "None",
    publishNotReadyAddresses: false,
    selector: selectorLabels(names),
    ports: [{ name: "web", port: WEB_PORT, targetPort: "web", protocol: "TCP" }],
  };
}

/** The `alerting:` block for prometheus.yml: DNS discovery of every Ready replica, no RBAC needed. */
export function prometheusAlertingBlock(dnsName: string): { alerting: { alertmanagers: AlertmanagerSet[] } } {
  return {
    alerting: {
      alertmanagers: [
        {
          api_version: "v2",
          dns_sd_configs: [
            { names: [dnsName], type: "A", port: WEB_PORT, refresh_interval: `${DNS_REFRESH_SECONDS}s` },
          ],
        },
      ],
    },
  };
}

export interface AlertmanagerSet {
  api_version?: string;
  static_configs?: Array<{ targets?: string[] }>;
  dns_sd_configs?: Array<{ names?: string[]; type?: string; port?: number; refresh_interval?: string }>;
  [key: string]: unknown;
}

/**
 * prometheus-operator's form: the entry of a Prometheus resource's
 * `spec.alerting.alertmanagers`. The operator turns it into endpoints
 * discovery of the Service, so it reaches every Ready replica too.
 */
export function prometheusOperatorAlertmanagers(names: AlertmanagerNames): Array<Record<string, string>> {
  return [{ namespace: names.namespace, name: names.replicasService, port: "web", apiVersion: "v2" }];
}

/**
 * Why `block` would not reach every one of `replicas` Alertmanagers, or
 * undefined. A single static target is one address: behind it a Service
 * balances each alert to one replica, which delays pages, resolves falsely
 * when the Service moves to another pod and splits inhibition.
 */
export function singleTargetProblem(
  block: { alerting: { alertmanagers: AlertmanagerSet[] } },
  replicas: number,
  names: AlertmanagerNames,
): string | undefined {
  if (replicas <= 1) {
    return undefined;
  }
  const balanced = `${names.service}.${names.namespace}.svc`;
  for (const set of block.alerting.alertmanagers) {
    const targets = (set.static_configs ?? []).flatMap((c) => c.targets ?? []);
    if (set.dns_sd_configs === undefined && targets.length < replicas) {
      return `${replicas} Alertmanager replicas but the alerting block names ${targets.length} static target(s) (${targets.join(", ")})`;
    }
    for (const dns of set.dns_sd_configs ?? []) {
      const name = (dns.names ?? []).find((n) => n === balanced || n.startsWith(`${balanced}.`));
      if (name !== undefined) {
        return `${replicas} Alertmanager replicas but the alerting block resolves ${name}, the load-balanced ClusterIP Service`;
      }
      if (dns.type !== "A" && dns.type !== "SRV") {
        return `dns_sd_configs type ${String(dns.type)} does not list one address per replica`;
      }
    }
  }
  return undefined;
}
