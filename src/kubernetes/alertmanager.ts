import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { createHash } from "crypto";
import { AlertmanagerSettings } from "../settings/types";
import { replicasDnsName, replicasServiceSpec } from "./discovery";
import { podMonitorObject } from "./scrape";
import {
  alertmanagerNames,
  AlertmanagerNames,
  clustered,
  clusterServiceSpec,
  commonLabels,
  CONFIG_FILE,
  deploymentSpec,
  disruptionBudgetSpec,
  serviceSpec,
} from "./manifests";

export interface AlertmanagerArgs {
  readonly settings: AlertmanagerSettings;
  readonly stack: string;
  /** Rendered alertmanager.yml; holds the integration key and webhooks, so it must be a secret. */
  readonly config: pulumi.Output<string>;
  /** Namespace to run in (created or existing). */
  readonly namespace: pulumi.Input<string>;
}

/** Alertmanager on Kubernetes: config Secret, Deployment, Services and, when clustered, a PodDisruptionBudget. */
export class Alertmanager extends pulumi.ComponentResource {
  readonly names: AlertmanagerNames;
  /** The DNS name that resolves to every Ready replica, for Prometheus' discovery. */
  readonly replicasDnsName: string;
  readonly externalUrl: string;
  readonly secretName: pulumi.Output<string>;

  constructor(name: string, args: AlertmanagerArgs, opts?: pulumi.ComponentResourceOptions) {
    super("slo-alerting:kubernetes:Alertmanager", name, {}, opts);
    const names = alertmanagerNames(name, args.settings.namespace);
    const labels = commonLabels(names, args.stack);
    const meta = (metaName: string) => ({ name: metaName, namespace: args.namespace, labels });

    const secret = new k8s.core.v1.Secret(
      `${name}-config`,
      { metadata: meta(names.secret), type: "Opaque", stringData: { [CONFIG_FILE]: pulumi.secret(args.config) } },
      { parent: this },
    );

    // A digest of a config whose secrets are long random keys reveals none of
    // them; left plain so a preview shows that the pods will roll.
    const checksum = pulumi.unsecret(args.config.apply((c) => createHash("sha256").update(c).digest("hex")));

    new k8s.core.v1.Service(
      `${name}-service`,
      { metadata: meta(names.service), spec: serviceSpec(names) },
      { parent: this },
    );
    new k8s.core.v1.Service(
      `${name}-replicas`,
      { metadata: meta(names.replicasService), spec: replicasServiceSpec(names) },
      { parent: this },
    );
    if (clustered(args.settings)) {
      new k8s.core.v1.Service(
        `${name}-cluster`,
        { metadata: meta(names.clusterService), spec: clusterServiceSpec(names) },
        { parent: this },
      );
      new k8s.policy.v1.PodDisruptionBudget(
        `${name}-pdb`,
        { metadata: meta(names.base), spec: disruptionBudgetSpec(names) },
        { parent: this },
      );
    }
    if (args.settings.emitPodMonitor) {
      const podMonitor = podMonitorObject(names, args.stack);
      new k8s.apiextensions.CustomResource(
        `${name}-podmonitor`,
        { ...podMonitor, metadata: { ...podMonitor.metadata, namespace: args.namespace, labels } },
        { parent: this },
      );
    }
    new k8s.apps.v1.Deployment(
      `${name}-deployment`,
      { metadata: meta(names.base), spec: deploymentSpec(args.settings, names, args.stack, checksum) },
      // The pods mount the Secret by name: it must hold the new config before they roll.
      { parent: this, dependsOn: [secret] },
    );

    this.names = names;
    this.replicasDnsName = replicasDnsName(names, args.settings.clusterDomain);
    this.externalUrl = args.settings.externalUrl;
    this.secretName = secret.metadata.name;
    this.registerOutputs({
      replicasDnsName: this.replicasDnsName,
      externalUrl: this.externalUrl,
      secretName: this.secretName,
    });
  }
}
