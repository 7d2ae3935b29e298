import { stringify } from "yaml";
import { AlertmanagerSettings } from "../settings/types";
import {
  prometheusAlertingBlock,
  prometheusOperatorAlertmanagers,
  replicasDnsName,
  singleTargetProblem,
} from "./discovery";
import { AlertmanagerNames } from "./manifests";

export interface AlertingOutputs {
  alertmanagerReplicasDnsName: string;
  prometheusAlertingConfig: string;
  prometheusOperatorAlertmanagers: string;
}

/** What a user pastes into Prometheus; refuses a block that would reach one replica of several. */
export function alertingOutputs(names: AlertmanagerNames, settings: AlertmanagerSettings): AlertingOutputs {
  const dnsName = replicasDnsName(names, settings.clusterDomain);
  const block = prometheusAlertingBlock(dnsName);
  const problem = singleTargetProblem(block, settings.replicas, names);
  if (problem !== undefined) {
    throw new Error(`prometheusAlertingConfig: ${problem}; Prometheus must send every alert to every replica`);
  }
  return {
    alertmanagerReplicasDnsName: dnsName,
    prometheusAlertingConfig: stringify(block),
    prometheusOperatorAlertmanagers: stringify(prometheusOperatorAlertmanagers(names)),
  };
}
