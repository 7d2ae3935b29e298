import * as pagerduty from "@pulumi/pagerduty";
import * as pulumi from "@pulumi/pulumi";
import { ManagedPagerDuty } from "../settings/types";
import { integrationName, PROMETHEUS_VENDOR, urgencyRule } from "./shape";

/** Named apart from the on-call integration, so PagerDuty shows which key an event came through. */
export function pipelineIntegrationName(version: number): string {
  return `${integrationName(version)}, alerting pipeline`;
}

export interface AlertingPipelineArgs {
  readonly settings: ManagedPagerDuty;
  /** The on-call escalation policy: the same people, paged through another key. */
  readonly escalationPolicyId: pulumi.Input<string>;
}

export function pipelineServiceName(serviceName: string): string {
  return `${serviceName} (alerting pipeline)`;
}

/**
 * A second PagerDuty service with its own integration, for the alerts that
 * say pages are not being delivered: a revoked or mistyped main key must not
 * also silence the alert about it. Its key rotates with integrationKeyVersion.
 */
export class AlertingPipelineService extends pulumi.ComponentResource {
  readonly serviceUrl: pulumi.Output<string>;
  /** Always a secret. */
  readonly integrationKey: pulumi.Output<string>;

  constructor(name: string, args: AlertingPipelineArgs, opts?: pulumi.ComponentResourceOptions) {
    super("slo-alerting:pagerduty:AlertingPipelineService", name, {}, opts);
    const s = args.settings;
    const service = new pagerduty.Service(
      `${name}-service`,
      {
        name: pipelineServiceName(s.serviceName),
        description: "Alerts on the alerting path itself: pages that cannot be delivered (slo-alerting)",
        escalationPolicy: args.escalationPolicyId,
        acknowledgementTimeout: String(s.acknowledgementTimeoutSeconds),
        autoResolveTimeout: String(s.autoResolveTimeoutSeconds),
        incidentUrgencyRule: urgencyRule("high"),
        alertCreation: "create_alerts_and_incidents",
      },
      { parent: this },
    );
    const vendor = pagerduty.getVendorOutput({ name: PROMETHEUS_VENDOR }, { parent: this });
    const integration = new pagerduty.ServiceIntegration(
      `${name}-prometheus`,
      { name: pipelineIntegrationName(s.integrationKeyVersion), service: service.id, vendor: vendor.id },
      // As the main integration (oncall.ts): a new version is a new key, created before the old one goes.
      {
        parent: this,
        additionalSecretOutputs: ["integrationKey"],
        replaceOnChanges: ["name"],
        deleteBeforeReplace: false,
      },
    );
    this.serviceUrl = service.htmlUrl;
    this.integrationKey = pulumi.secret(integration.integrationKey);
    this.registerOutputs({ serviceUrl: this.serviceUrl, integrationKey: this.integrationKey });
  }
}
