import { PolicyPack } from "@pulumi/policy";
import { POLICIES } from "./policies";

// Mandatory: each policy guards paging itself, so a violation stops the update.
new PolicyPack("slo-alerting", { policies: POLICIES, enforcementLevel: "mandatory" });
