import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { renderRuleFile, RuleFile } from "../alerts/rules";
import { SpecRuleFile } from "../slo-rules/shard";
import { PROMETHEUS_RULE_CRD, prometheusRuleObject, RULES_LABEL, rulesConfigMapName } from "./rule-objects";

export interface SloRulesArgs {
  readonly files: RuleFile[];
  /** Rule files of the SLOs read from spec files, one object each (see src/slo-rules/shard.ts). */
  readonly specFiles?: SpecRuleFile[];
  readonly stack: string;
  readonly namespace: pulumi.Input<string>;
  /** Also create prometheus-operator PrometheusRule objects. */
  readonly emitPrometheusRule: boolean;
  /** Extra labels of the PrometheusRule objects, for the Prometheus's ruleSelector. */
  readonly prometheusRuleLabels: Record<string, string>;
  /** The stack's explicit provider; it enables mutable ConfigMaps, so a rule change is an in-place update. */
  readonly provider: k8s.Provider;
}

/** The alert rule files as ConfigMaps that Prometheus mounts: one per SLO area, one per shard of spec SLOs. */
export class SloRules extends pulumi.ComponentResource {
  readonly configMapNames: string[];

  constructor(name: string, args: SloRulesArgs, opts?: pulumi.ComponentResourceOptions) {
    super("slo-alerting:kubernetes:SloRules", name, {}, opts);
    const labels = {
      [RULES_LABEL]: "true",
      "app.kubernetes.io/part-of": "slo-alerting",
      "slo-alerting/stack": args.stack,
    };
    // Read from the cluster at preview: without the CRD the preview fails here,
    // naming prometheusrules.monitoring.coreos.com, instead of at `up`.
    const crd = args.emitPrometheusRule
      ? k8s.apiextensions.v1.CustomResourceDefinition.get(`${name}-prometheusrule-crd`, PROMETHEUS_RULE_CRD, {
          parent: this,
          provider: args.provider,
        })
      : undefined;
    const files = [
      ...args.files.map((file) => ({
        key: file.area,
        fileName: file.fileName,
        text: renderRuleFile(file),
        groups: file.groups,
      })),
      ...(args.specFiles ?? []).map((file) => ({
        key: file.shard,
        fileName: file.fileName,
        text: file.text,
        groups: file.groups,
      })),
    ];
    this.configMapNames = files.map((file) => {
      const cmName = rulesConfigMapName(name, file.key);
      new k8s.core.v1.ConfigMap(
        `${name}-${file.key}`,
        {
          metadata: { name: cmName, namespace: args.namespace, labels },
          data: { [file.fileName]: file.text },
        },
        { parent: this, provider: args.provider },
      );
      if (crd) {
        const object = prometheusRuleObject(cmName, file);
        new k8s.apiextensions.CustomResource(
          `${name}-${file.key}-prometheusrule`,
          {
            ...object,
            metadata: {
              ...object.metadata,
              namespace: args.namespace,
              labels: { ...labels, ...args.prometheusRuleLabels },
            },
          },
          { parent: this, provider: args.provider, dependsOn: [crd] },
        );
      }
      return cmName;
    });
    this.registerOutputs({ configMapNames: this.configMapNames });
  }
}
