import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
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
  /** Rendered alertmanager.yml: no key and no Slack URL; a Pulumi secret when it holds the heartbeat URL. */
  readonly config: pulumi.Output<string>;
  /** Credential files by name (credentials.ts), a Pulumi secret. */
  readonly credentials: pulumi.Output<Record<string, string>>;
  /** Namespace to run in (created or existing). */
  readonly namespace: pulumi.Input<string>;
  /** The stack's explicit Kubernetes provider. */
  readonly provider: k8s.Provider;
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
    const child = { parent: this, provider: args.provider };

    // No metadata.name: pulumi-kubernetes then generates one and replaces an
    // auto-named object create-before-delete, so a new config is a new Secret
    // that exists before the Deployment points at it, and the old one goes only
    // after the rollout. (A fixed name forces delete-before-replace: a window
    // with no Secret.) immutable: nothing edits a config that pods already
    // mounted; every change is a replacement, and each ReplicaSet keeps its own.
    const secret = new k8s.core.v1.Secret(
      `${name}-config`,
      {
        metadata: { namespace: args.namespace, labels },
        type: "Opaque",
        immutable: true,
        stringData: { [CONFIG_FILE]: args.config },
      },
      child,
    );
    // The credentials apart, likewise immutable and auto-named: alertmanager.yml
    // is then a value known at preview (the key of an integration created in the
    // same update is not), which the policies can check on every preview.
    const credentials = new k8s.core.v1.Secret(
      `${name}-credentials`,
      {
        metadata: { namespace: args.namespace, labels },
        type: "Opaque",
        immutable: true,
        stringData: pulumi.secret(args.credentials),
      },
      child,
    );

    new k8s.core.v1.Service(`${name}-service`, { metadata: meta(names.service), spec: serviceSpec(names) }, child);
    new k8s.core.v1.Service(
      `${name}-replicas`,
      { metadata: meta(names.replicasService), spec: replicasServiceSpec(names) },
      child,
    );
    if (clustered(args.settings)) {
      new k8s.core.v1.Service(
        `${name}-cluster`,
        { metadata: meta(names.clusterService), spec: clusterServiceSpec(names) },
        child,
      );
      new k8s.policy.v1.PodDisruptionBudget(
        `${name}-pdb`,
        { metadata: meta(names.base), spec: disruptionBudgetSpec(names) },
        child,
      );
    }
    if (args.settings.emitPodMonitor) {
      const podMonitor = podMonitorObject(names, args.stack);
      new k8s.apiextensions.CustomResource(
        `${name}-podmonitor`,
        { ...podMonitor, metadata: { ...podMonitor.metadata, namespace: args.namespace, labels } },
        child,
      );
    }
    // The pod template names the Secret by its generated name: a new Secret
    // changes the template and rolls the pods, and the reference orders the
    // Deployment's update after the Secret's creation.
    new k8s.apps.v1.Deployment(
      `${name}-deployment`,
      {
        metadata: meta(names.base),
        spec: deploymentSpec(args.settings, names, args.stack, {
          config: secret.metadata.name,
          credentials: credentials.metadata.name,
        }),
      },
      child,
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
