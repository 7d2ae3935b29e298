import { FakePagerDuty, FakeWebhooks } from "../../helpers/fake-receivers";
import { Alertmanager, startAlertmanager, startAlertmanagerCluster } from "../../helpers/processes";
import { DeliveryStack, deliveryStack, StackOptions } from "./stack";

/**
 * The fakes, the program's config and every daemon a scenario starts, so one
 * `stop()` in an after hook (or a finally in the benchmark) ends them all.
 */
export class Harness {
  private readonly cleanups: Array<() => Promise<void>> = [];

  private constructor(
    readonly pagerDuty: FakePagerDuty,
    readonly webhooks: FakeWebhooks,
    readonly stack: DeliveryStack,
  ) {
    this.cleanups.push(
      () => pagerDuty.close(),
      () => webhooks.close(),
    );
  }

  static async start(options: StackOptions): Promise<Harness> {
    const pagerDuty = await FakePagerDuty.start();
    const webhooks = await FakeWebhooks.start();
    try {
      return new Harness(pagerDuty, webhooks, await deliveryStack(options, pagerDuty, webhooks));
    } catch (error) {
      await Promise.all([pagerDuty.close(), webhooks.close()]);
      throw error;
    }
  }

  /** Registers something to end in `stop()`, last started first stopped. */
  track<T>(thing: T, stop: (thing: T) => Promise<void>): T {
    this.cleanups.push(() => stop(thing));
    return thing;
  }

  async alertmanager(): Promise<Alertmanager> {
    return this.track(await startAlertmanager(this.stack.alertmanagerYml), (am) => am.process.stop());
  }

  /** A cluster with the Deployment's gossip tuning, plus `extraArgs` to try a change. */
  async alertmanagerCluster(size: number, extraArgs: string[] = []): Promise<Alertmanager[]> {
    const members = await startAlertmanagerCluster(this.stack.alertmanagerYml, size, [
      ...this.stack.clusterTuning,
      ...extraArgs,
    ]);
    members.forEach((m) => this.track(m, (am) => am.process.stop()));
    return members;
  }

  async stop(): Promise<void> {
    const errors: unknown[] = [];
    for (const cleanup of this.cleanups.splice(0).reverse()) {
      await cleanup().catch((error: unknown) => errors.push(error));
    }
    if (errors.length > 0) {
      throw errors[0];
    }
  }
}
