import { Alertmanager } from "../../helpers/processes";
import { Harness } from "./harness";
import { StackOptions } from "./stack";

export interface AlertmanagerSuite {
  h: Harness;
  am: Alertmanager;
}

/** One prod harness and one Alertmanager for a describe block: started before its tests, stopped after. */
export function useAlertmanager(timings: StackOptions["timings"]): AlertmanagerSuite {
  const suite = {} as AlertmanagerSuite;
  before(async () => {
    suite.h = await Harness.start({ stack: "prod", timings });
    suite.am = await suite.h.alertmanager();
  });
  after(async () => {
    await suite.h?.stop();
  });
  return suite;
}
