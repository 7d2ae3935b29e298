import { Policies } from "@pulumi/policy";
import { configMapsHoldNoSecrets } from "./configmaps-hold-no-secrets";
import { criticalAlertsPage } from "./critical-alerts-page";
import { imagesPinned } from "./images-pinned";
import { productionEscalation } from "./production-escalation";
import { productionHa } from "./production-ha";
import { rulesAnnotated } from "./rules-annotated";
import { secretsStaySecret } from "./secrets-stay-secret";
import { teamsPageTheirOwn } from "./teams-page-their-own";

/** The pack's policies; tests run each one directly. */
export const POLICIES: Policies = [
  imagesPinned,
  productionHa,
  configMapsHoldNoSecrets,
  secretsStaySecret,
  rulesAnnotated,
  criticalAlertsPage,
  teamsPageTheirOwn,
  productionEscalation,
];
