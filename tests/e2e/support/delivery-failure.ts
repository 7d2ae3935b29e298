import { PagerDutyEvent, Received } from "../../helpers/fake-receivers";
import { stormRules } from "./dns-ha";
import { Harness } from "./harness";
import { Replicas, startDiscoveringPrometheus } from "./replicas";

export const DELIVERY_ALERT = "AlertmanagerPagerDutyNotificationsFailing";

export interface DeliveryFailureResult {
  refused: Received<PagerDutyEvent>;
  viaPipeline: Received<PagerDutyEvent>;
  inSlackAt: number;
}

/**
 * PagerDuty refuses the on-call key (400, as for a deleted integration); 3
 * replicas discovered and scraped by the program's outputs; one paging
 * alert. Waits for the delivery alert at the pipeline key and in Slack.
 */
export async function revokedKey(h: Harness): Promise<DeliveryFailureResult> {
  const pipelineKey = h.stack.pipelineIntegrationKey;
  if (pipelineKey === undefined || pipelineKey === h.stack.integrationKey) {
    throw new Error("the stack has no alerting-pipeline integration of its own");
  }
  h.pagerDuty.revoke(h.stack.integrationKey);
  const replicas = await Replicas.start(h, 3);
  const { file } = stormRules(h.stack.stack, [Date.now()], 1);
  await startDiscoveringPrometheus(h, replicas, {
    ruleFiles: { "page.rules.yml": file },
    // The program's scrape config for the Alertmanager pods, unchanged: the delivery rules select its job.
    scrapeConfigs: [h.stack.prometheusScrapeConfig],
  });
  const refused = await h.pagerDuty.waitFor(
    "a page refused for the revoked key",
    () => h.pagerDuty.refused(400).find((r) => r.body.routing_key === h.stack.integrationKey),
    30_000,
  );
  const viaPipeline = await h.pagerDuty.waitFor(
    `${DELIVERY_ALERT} accepted by the alerting-pipeline integration`,
    () =>
      h.pagerDuty.accepted.find(
        (r) =>
          r.body.routing_key === pipelineKey && r.body.payload.summary.includes("fails to deliver pages to PagerDuty"),
      ),
    60_000,
  );
  const inSlack = await h.webhooks.waitFor(
    `${DELIVERY_ALERT} in Slack`,
    () => h.webhooks.received.find((r) => r.path === "/slack" && JSON.stringify(r.body).includes(DELIVERY_ALERT)),
    30_000,
  );
  return { refused, viaPipeline, inSlackAt: inSlack.at };
}
