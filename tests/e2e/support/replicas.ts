import { stringify } from "yaml";
import { ClusterDns } from "../../helpers/cluster-dns";
import {
  Alertmanager,
  clusterStatus,
  Prometheus,
  startAlertmanagerAt,
  startPrometheus,
  until,
} from "../../helpers/processes";
import { Harness } from "./harness";

const GOSSIP_PORT = 9094;
/** A pod's search list, so a name the program did not qualify would be tried under it first. */
export const POD_SEARCH_DOMAINS = ["monitoring.svc.cluster.local", "svc.cluster.local", "cluster.local"];
/** Scrape and evaluation every second, so a test sees `for:` and not the scrape cadence. */
export const EVALUATION_INTERVAL = "1s";
// Prometheus drops what fires before it has found Alertmanager (its first
// seconds) and sends it again only after the resend delay, 1m by default:
// the always-firing Watchdog would reach Alertmanager a minute late.
const RESEND_DELAY = "--rules.alert.resend-delay=2s";

/** What the program's `prometheusAlertingConfig` tells Prometheus to resolve; fails on any other form. */
export function discoveryTarget(block: Record<string, unknown>): { name: string; port: number } {
  const alerting = block.alerting as {
    alertmanagers?: Array<{ dns_sd_configs?: Array<{ names?: string[]; type?: string; port?: number }> }>;
  };
  const dns = alerting?.alertmanagers?.[0]?.dns_sd_configs?.[0];
  if (dns?.names?.length !== 1 || dns.type !== "A" || dns.port === undefined) {
    throw new Error(
      `the program's prometheusAlertingConfig does not discover the replicas by DNS: ${stringify(block)}`,
    );
  }
  return { name: dns.names[0], port: dns.port };
}

/**
 * The Alertmanager pods of the Deployment, each at its own loopback address
 * on the port the program's output names, and the headless Service's DNS
 * record that lists the Ready ones.
 */
export class Replicas {
  /** Live members, in the order they started. */
  readonly members: Alertmanager[] = [];
  private nextAddress = 2;

  private constructor(
    private readonly h: Harness,
    readonly dns: ClusterDns,
    readonly target: { name: string; port: number },
  ) {}

  static async start(h: Harness, size: number): Promise<Replicas> {
    const target = discoveryTarget(h.stack.prometheusAlerting);
    const dns = h.track(await ClusterDns.start(POD_SEARCH_DOMAINS), (d) => d.stop());
    const replicas = new Replicas(h, dns, target);
    for (let i = 0; i < size; i++) {
      await replicas.add({ publish: false });
    }
    await replicas.settled();
    await replicas.publish();
    return replicas;
  }

  private gossipAddress(am: Alertmanager): string {
    return `${new URL(am.url).hostname}:${GOSSIP_PORT}`;
  }

  /** Starts a pod that joins the live ones, as the Deployment's surge pod does; published once ready unless told not to. */
  async add(options = { publish: true }): Promise<Alertmanager> {
    const host = this.dns.address(this.nextAddress++);
    const clustered = this.h.stack.clusterTuning.length > 0;
    const am = this.h.track(
      await startAlertmanagerAt(
        this.h.stack.alertmanagerYml,
        `alertmanager-${host}`,
        { host, webPort: this.target.port },
        clustered
          ? {
              listen: `${host}:${GOSSIP_PORT}`,
              peers: this.members.map((m) => this.gossipAddress(m)),
              extraArgs: this.h.stack.clusterTuning,
            }
          : undefined,
      ),
      (m) => m.process.stop(),
    );
    this.members.push(am);
    if (options.publish) {
      await this.settled();
      await this.publish();
    }
    return am;
  }

  /** Every live member ready in a cluster of all live members. */
  private async settled(): Promise<void> {
    if (this.h.stack.clusterTuning.length === 0) {
      return;
    }
    await until(
      `a settled ${this.members.length}-member cluster`,
      async () => {
        for (const member of this.members) {
          const status = await clusterStatus(member);
          const alive = status.peers.length === this.members.length;
          if (status.status !== "ready" || !alive) {
            return `${member.process.name}: ${status.status}, ${status.peers.length} peers`;
          }
        }
        return true;
      },
      60_000,
    );
  }

  /** The headless Service's record: the live members. */
  publish(): Promise<void> {
    return this.dns.publish(
      this.target.name,
      this.members.map((m) => new URL(m.url).hostname),
    );
  }

  /** A pod terminated by the Deployment: its endpoint goes first, then SIGTERM. */
  async terminate(am: Alertmanager): Promise<void> {
    this.members.splice(this.members.indexOf(am), 1);
    await this.publish();
    await am.process.stop();
  }

  /** A node lost with its pod: SIGKILL, the record still lists it until Kubernetes notices. */
  async kill(am: Alertmanager): Promise<void> {
    this.members.splice(this.members.indexOf(am), 1);
    await am.process.kill();
  }
}

/**
 * A Prometheus whose `alerting:` block is the program's output, unchanged,
 * resolving through the cluster DNS; returned once it has found `expected` Alertmanagers.
 */
export async function startDiscoveringPrometheus(
  h: Harness,
  replicas: Replicas,
  extra: { ruleFiles?: Record<string, string>; scrapeConfigs?: unknown[] },
): Promise<Prometheus> {
  const ruleFiles = { ...h.stack.ruleFiles, ...extra.ruleFiles };
  const config = stringify({
    global: { scrape_interval: EVALUATION_INTERVAL, evaluation_interval: EVALUATION_INTERVAL },
    rule_files: Object.keys(ruleFiles),
    ...h.stack.prometheusAlerting,
    scrape_configs: extra.scrapeConfigs ?? [],
  });
  const prometheus = h.track(await startPrometheus(config, ruleFiles, [RESEND_DELAY], replicas.dns.wrapper()), (p) =>
    p.process.stop(),
  );
  await until(
    `Prometheus to discover ${replicas.members.length} Alertmanagers through DNS`,
    async () => {
      const found = await activeAlertmanagers(prometheus);
      return found.length === replicas.members.length || `found ${JSON.stringify(found)}`;
    },
    30_000,
  );
  return prometheus;
}

export async function activeAlertmanagers(prometheus: Prometheus): Promise<string[]> {
  const response = await fetch(`${prometheus.url}/api/v1/alertmanagers`, { signal: AbortSignal.timeout(2_000) });
  const data = ((await response.json()) as { data: { activeAlertmanagers: Array<{ url: string }> } }).data;
  return data.activeAlertmanagers.map((a) => a.url);
}

/** The alerts one replica holds, by `slo` (one incident each in the HA storm), active or not. */
export async function alertsAt(am: Alertmanager): Promise<Set<string>> {
  const response = await fetch(`${am.url}/api/v2/alerts`, { signal: AbortSignal.timeout(2_000) });
  const alerts = (await response.json()) as Array<{ labels: Record<string, string> }>;
  return new Set(alerts.map((a) => String(a.labels.slo)));
}
