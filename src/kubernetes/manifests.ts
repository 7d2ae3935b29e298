// Type-only imports: these builders return plain objects, tested without Pulumi.
import type * as k8s from "@pulumi/kubernetes";
import type { Input } from "@pulumi/pulumi";
import { CREDENTIALS_DIR } from "../alertmanager/credentials";
import { AlertmanagerSettings } from "../settings/types";

export const WEB_PORT = 9093;
export const CLUSTER_PORT = 9094;
/**
 * A new pod must stay Ready this long before the next old one goes: longer
 * than Prometheus' DNS refresh (discovery.ts), so Prometheus has found the
 * replacement before a rolling update removes another replica.
 */
export const MIN_READY_SECONDS = 15;
export const CONFIG_FILE = "alertmanager.yml";
// Beside the credentials, not above them: a mount point inside a read-only Secret volume cannot be created.
const CONFIG_DIR = "/etc/alertmanager/config";

/** The Kubernetes names of one Alertmanager; DNS names in its flags and outputs derive from them. */
export interface AlertmanagerNames {
  base: string;
  namespace: string;
  service: string;
  clusterService: string;
  /** Headless, Ready pods only, web port: what Prometheus discovers. */
  replicasService: string;
}

export function alertmanagerNames(base: string, namespace: string): AlertmanagerNames {
  return {
    base,
    namespace,
    service: base,
    clusterService: `${base}-cluster`,
    replicasService: `${base}-replicas`,
  };
}

export function selectorLabels(names: AlertmanagerNames): Record<string, string> {
  return { "app.kubernetes.io/name": "alertmanager", "app.kubernetes.io/instance": names.base };
}

export function commonLabels(names: AlertmanagerNames, stack: string): Record<string, string> {
  return { ...selectorLabels(names), "app.kubernetes.io/part-of": "slo-alerting", "slo-alerting/stack": stack };
}

export function clustered(settings: AlertmanagerSettings): boolean {
  return settings.replicas > 1;
}

function alertmanagerArgs(settings: AlertmanagerSettings, names: AlertmanagerNames): string[] {
  const args = [
    `--config.file=${CONFIG_DIR}/${CONFIG_FILE}`,
    "--storage.path=/alertmanager",
    `--data.retention=${settings.retention}`,
    `--web.listen-address=:${WEB_PORT}`,
    `--web.external-url=${settings.externalUrl}`,
    // Probes and Prometheus talk to `/` whatever path the external URL has.
    "--web.route-prefix=/",
  ];
  if (!clustered(settings)) {
    // An empty listen address turns gossip off: one replica has nobody to talk to.
    return [...args, "--cluster.listen-address="];
  }
  return [
    ...args,
    `--cluster.listen-address=0.0.0.0:${CLUSTER_PORT}`,
    // Deployment pods have no stable names; the headless Service resolves to every peer's IP.
    `--cluster.peer=${names.clusterService}.${names.namespace}.svc:${CLUSTER_PORT}`,
    `--cluster.advertise-address=$(POD_IP):${CLUSTER_PORT}`,
    // A full state sync every 10s, inside the 15s peer timeout: under a storm,
    // gossip alone sometimes missed a "page sent" and a second replica paged
    // again (0-6 duplicates a run in tests/e2e/pod-loss; 0 in 14 runs with this).
    "--cluster.pushpull-interval=10s",
  ];
}

export function deploymentSpec(
  settings: AlertmanagerSettings,
  names: AlertmanagerNames,
  stack: string,
  /** The Secrets' generated names: a new config or credential is a new Secret, so the pods roll without a checksum. */
  secretNames: { config: Input<string>; credentials: Input<string> },
): k8s.types.input.apps.v1.DeploymentSpec {
  const labels = commonLabels(names, stack);
  const probe = (path: string, periodSeconds: number) => ({
    httpGet: { path, port: "web" },
    periodSeconds,
    timeoutSeconds: 3,
    failureThreshold: 10,
  });
  return {
    replicas: settings.replicas,
    minReadySeconds: MIN_READY_SECONDS,
    selector: { matchLabels: selectorLabels(names) },
    // Surge before removing: a single replica must not leave a gap in which no page can go out.
    // minReadySeconds (above) holds the next pod back until Prometheus has re-resolved the replicas.
    strategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } },
    template: {
      metadata: { labels },
      spec: {
        securityContext: {
          runAsNonRoot: true,
          runAsUser: 65534,
          runAsGroup: 65534,
          fsGroup: 65534,
          seccompProfile: { type: "RuntimeDefault" },
        },
        ...(clustered(settings)
          ? {
              topologySpreadConstraints: [
                {
                  maxSkew: 1,
                  topologyKey: "kubernetes.io/hostname",
                  whenUnsatisfiable: "ScheduleAnyway",
                  labelSelector: { matchLabels: selectorLabels(names) },
                },
              ],
            }
          : {}),
        containers: [
          {
            name: "alertmanager",
            image: settings.image,
            args: alertmanagerArgs(settings, names),
            env: [{ name: "POD_IP", valueFrom: { fieldRef: { fieldPath: "status.podIP" } } }],
            ports: [
              { name: "web", containerPort: WEB_PORT, protocol: "TCP" },
              ...(clustered(settings)
                ? [
                    { name: "mesh-tcp", containerPort: CLUSTER_PORT, protocol: "TCP" },
                    { name: "mesh-udp", containerPort: CLUSTER_PORT, protocol: "UDP" },
                  ]
                : []),
            ],
            livenessProbe: probe("/-/healthy", 10),
            readinessProbe: probe("/-/ready", 5),
            resources: {
              requests: { cpu: settings.resources.cpuRequest, memory: settings.resources.memoryRequest },
              limits: { cpu: settings.resources.cpuLimit, memory: settings.resources.memoryLimit },
            },
            securityContext: {
              allowPrivilegeEscalation: false,
              readOnlyRootFilesystem: true,
              capabilities: { drop: ["ALL"] },
            },
            volumeMounts: [
              { name: "config", mountPath: CONFIG_DIR, readOnly: true },
              { name: "credentials", mountPath: CREDENTIALS_DIR, readOnly: true },
              { name: "storage", mountPath: "/alertmanager" },
            ],
          },
        ],
        volumes: [
          { name: "config", secret: { secretName: secretNames.config } },
          { name: "credentials", secret: { secretName: secretNames.credentials } },
          { name: "storage", emptyDir: {} },
        ],
      },
    },
  };
}

export function serviceSpec(names: AlertmanagerNames): k8s.types.input.core.v1.ServiceSpec {
  return {
    selector: selectorLabels(names),
    ports: [{ name: "web", port: WEB_PORT, targetPort: "web", protocol: "TCP" }],
  };
}

export function clusterServiceSpec(names: AlertmanagerNames): k8s.types.input.core.v1.ServiceSpec {
  return {
    clusterIP: "None",
    // Peers must find each other before they are ready, or the cluster never forms.
    publishNotReadyAddresses: true,
    selector: selectorLabels(names),
    ports: [
      { name: "mesh-tcp", port: CLUSTER_PORT, targetPort: "mesh-tcp", protocol: "TCP" },
      { name: "mesh-udp", port: CLUSTER_PORT, targetPort: "mesh-udp", protocol: "UDP" },
    ],
  };
}

export function disruptionBudgetSpec(names: AlertmanagerNames): k8s.types.input.policy.v1.PodDisruptionBudgetSpec {
  return { maxUnavailable: 1, selector: { matchLabels: selectorLabels(names) } };
}
