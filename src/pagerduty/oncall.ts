import * as pagerduty from "@pulumi/pagerduty";
import * as pulumi from "@pulumi/pulumi";
import { ManagedPagerDuty } from "../settings/types";
import {
  autoResolveTimeout,
  escalationTargets,
  integrationName,
  PROMETHEUS_VENDOR,
  prometheusVendorId,
  urgencyRule,
} from "./shape";

export interface OnCallArgs {
  /** Validated PagerDuty settings of the stack (see src/settings). */
  readonly settings: ManagedPagerDuty;
}

/**
 * The PagerDuty side of one stack: escalation policy, service and the
 * Prometheus integration whose key Alertmanager pages with.
 */
export class OnCall extends pulumi.ComponentResource {
  readonly serviceId: pulumi.Output<string>;
  readonly serviceUrl: pulumi.Output<string>;
  readonly escalationPolicyId: pulumi.Output<string>;
  /** Always a secret. */
  readonly integrationKey: pulumi.Output<string>;

  constructor(name: string, args: OnCallArgs, opts?: pulumi.ComponentResourceOptions) {
    super("slo-alerting:pagerduty:OnCall", name, {}, opts);
    const s = args.settings;
    const invokeOpts = { parent: this };

    const rules = s.escalation.levels.map((level) => ({
      escalationDelayInMinutes: level.delayMinutes,
      targets: escalationTargets(
        level,
        (email) => pagerduty.getUserOutput({ email }, invokeOpts).id,
        (scheduleName) => pagerduty.getScheduleOutput({ name: scheduleName }, invokeOpts).id,
      ),
    }));
    const policy = new pagerduty.EscalationPolicy(
      `${name}-escalation`,
      { name: `${s.serviceName} escalation`, numLoops: s.escalation.numLoops, rules },
      { parent: this },
    );

    const service = new pagerduty.Service(
      `${name}-service`,
      {
        name: s.serviceName,
        description: s.serviceDescription,
        escalationPolicy: policy.id,
        acknowledgementTimeout: String(s.acknowledgementTimeoutSeconds),
        autoResolveTimeout: autoResolveTimeout(s.autoResolveTimeoutSeconds),
        incidentUrgencyRule: urgencyRule(s.urgency),
        alertCreation: "create_alerts_and_incidents",
      },
      { parent: this },
    );

    const vendorId = pagerduty
      .getVendorOutput({ name: PROMETHEUS_VENDOR }, invokeOpts)
      .apply((vendor) => prometheusVendorId(vendor));
    const integration = new pagerduty.ServiceIntegration(
      `${name}-prometheus`,
      { name: integrationName(s.integrationKeyVersion), service: service.id, vendor: vendorId },
      {
        parent: this,
        // The provider does not mark the key secret by itself.
        additionalSecretOutputs: ["integrationKey"],
        // A new version is a new integration (a new key). Pulumi's default
        // create-before-delete order keeps the old key valid until the
        // Alertmanager pods holding the new one have rolled.
        replaceOnChanges: ["name"],
        deleteBeforeReplace: false,
      },
    );

    this.serviceId = service.id;
    this.serviceUrl = service.htmlUrl;
    this.escalationPolicyId = policy.id;
    this.integrationKey = pulumi.secret(integration.integrationKey);
    this.registerOutputs({
      serviceId: this.serviceId,
      serviceUrl: this.serviceUrl,
      escalationPolicyId: this.escalationPolicyId,
      integrationKey: this.integrationKey,
    });
  }
}
