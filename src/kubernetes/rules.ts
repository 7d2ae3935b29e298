import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { renderRuleFile, RuleFile } from "../alerts/rules";
import { SpecRuleFile } from "../slo-rules/shard";
import { prometheusRuleObject, RULES_LABEL, rulesConfigMapName } from "./rule-objects";

export interface SloRulesArgs {
  readonly files: RuleFile[];
  /** Rule files of the SLOs read from spec files, one object each (see src/slo-rules/shard.ts). */
  readonly specFiles?: SpecRuleFile[];
  readonly stack: string;
  readonly namespace: pulumi.Input<string>;
  /** Also create prometheus-operator PrometheusRule objects. */
  readonly emitPrometheusRule: boolean;
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
        { parent: this },
      );
      if (args.emitPrometheusRule) {
        const object = prometheusRuleObject(cmName, file);
        new k8s.apiextensions.CustomResource(
          `${name}-${file.key}-prometheusrule`,
          { ...object, metadata: { ...object.metadata, namespace: args.namespace, labels } },
          { parent: this },
        );
      }
      return cmName;
    });
    this.registerOutputs({ configMapNames: this.configMapNames });
  }
}
