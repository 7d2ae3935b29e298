/**
 * The settings that set the seed SLOs' objectives. The seed's SLOs are files
 * in slos/ now; a stack that sets one of these overrides that file's target
 * (as `sloOverrides` does), one that does not keeps the file's.
 */
export const SEED_OBJECTIVE_SETTINGS = [
  "apiAvailabilityObjective",
  "apiLatencyObjective",
  "dispatchObjective",
] as const;
