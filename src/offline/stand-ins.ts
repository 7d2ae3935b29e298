import { withKubernetesAutoName } from "./auto-name";
import { INTEGRATION_KEY_PLACEHOLDER } from "./redaction";
import { StandIns } from "./run";

// PagerDuty is not reached: ids are stand-ins, which only appear in PagerDuty
// resources, never in the files the check writes.
export const OFFLINE_STAND_INS: StandIns = {
  state: (type, name, inputs) => {
    switch (type) {
      case "pagerduty:index/serviceIntegration:ServiceIntegration":
        return { ...inputs, integrationKey: INTEGRATION_KEY_PLACEHOLDER };
      case "pagerduty:index/service:Service":
        return { ...inputs, htmlUrl: `https://offline.invalid/service-directory/${name}` };
      default:
        return withKubernetesAutoName(type, name, inputs);
    }
  },
  invokes: {
    "pagerduty:index/getVendor:getVendor": (i) => ({ id: `offline-vendor-${i.name}`, name: i.name }),
    "pagerduty:index/getUser:getUser": (i) => ({ id: `offline-user-${i.email}`, email: i.email }),
    "pagerduty:index/getSchedule:getSchedule": (i) => ({ id: `offline-schedule-${i.name}`, name: i.name }),
  },
};
