import { Area } from "../alerts/conventions";
import { Runbook } from "../alerts/runbooks";

export type SloName = "api-availability" | "api-latency" | "dispatch";

/** What names a seed SLO, independent of the stack: slos/ must give it these names (tests/golden checks). */
export interface SloIdentity {
  /** The `slo` label, shared with the seed's alerts on the same objective so they share one incident (the PagerDuty route groups by stack and slo). */
  slo: SloName;
  service: Area;
  /** Alert names start with it: `<alertPrefix>BudgetBurnPage`. */
  alertPrefix: string;
  title: string;
  runbook: Runbook;
}

const IDENTITIES: Record<SloName, SloIdentity> = {
  "api-availability": {
    slo: "api-availability",
    service: "api",
    alertPrefix: "APIAvailability",
    title: "API availability",
    runbook: "api-slo-availability.md",
  },
  "api-latency": {
    slo: "api-latency",
    service: "api",
    alertPrefix: "APILatency",
    title: "API latency",
    runbook: "api-slo-latency.md",
  },
  dispatch: {
    slo: "dispatch",
    service: "dispatch",
    alertPrefix: "Dispatch",
    title: "Dispatch",
    runbook: "dispatch-slo-breach.md",
  },
};

export const SLOS: readonly SloIdentity[] = Object.values(IDENTITIES);
