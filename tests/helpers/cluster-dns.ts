import { writeFileSync } from "fs";
import { Resolver } from "dns/promises";
import { join } from "path";
import { launch, ManagedProcess, until } from "./processes";

const HOSTS_FILE = "hosts";
const RESOLV_CONF = "resolv.conf";

/**
 * Set in the environment of a process that `ip netns exec` started in a
 * namespace whose /etc/resolv.conf (/etc/netns/<ns>/resolv.conf) already
 * names the DNS: the first three octets of its loopback block.
 */
export const NAMESPACE_DNS_BLOCK = "SLO_ALERTING_NAMESPACE_DNS_BLOCK";

/** A pod's resolv.conf: the cluster DNS, the namespace's search list, ndots:5. */
export function podResolvConf(nameserver: string, searchDomains: string[]): string {
  return [`nameserver ${nameserver}`, `search ${searchDomains.join(" ")}`, "options ndots:5", ""].join("\n");
}

/**
 * A cluster's DNS on loopback: dnsmasq answers A records for what a test
 * publishes, on its own 127.x.y.1, and the replicas it names live at
 * 127.x.y.2 and up, so each can listen on the port the program's output
 * names (9093) without colliding with anything else on the machine.
 *
 * Inside a network namespace of the test's own (tests/helpers/netns), the
 * block is the one the namespace's resolv.conf names and every address is
 * private. Elsewhere the block is random on the host's loopback, and
 * Prometheus gets a pod-like resolv.conf through a mount namespace of its own
 * (`unshare --mount`, what `ip netns exec` does with /etc/netns/<ns>).
 */
export class ClusterDns {
  private readonly resolver = new Resolver({ timeout: 1_000, tries: 1 });

  private constructor(
    private readonly dnsmasq: ManagedProcess,
    /** The first three octets of this instance's loopback block. */
    readonly block: string,
    /** Whether /etc/resolv.conf already names this DNS (a namespace of the test's own). */
    private readonly inNamespace: boolean,
  ) {
    this.resolver.setServers([`${block}.1`]);
  }

  /** Starts dnsmasq on the namespace's block, or on a random 127.x.y.1:53 (another if that one is taken). */
  static async start(searchDomains: string[]): Promise<ClusterDns> {
    const given = process.env[NAMESPACE_DNS_BLOCK];
    let lastError: unknown;
    for (let attempt = 0; attempt < (given ? 1 : 5); attempt++) {
      const block = given ?? `127.${100 + Math.floor(Math.random() * 150)}.${Math.floor(Math.random() * 256)}`;
      const dnsmasq = launch(
        "dnsmasq",
        "dnsmasq",
        (dir) => [
          "--no-daemon",
          "--conf-file=/dev/null",
          "--no-resolv",
          "--no-hosts",
          "--bind-interfaces",
          `--listen-address=${block}.1`,
          "--port=53",
          `--addn-hosts=${join(dir, HOSTS_FILE)}`,
          // Root keeps the right to re-read the hosts file on SIGHUP from the test's private temp dir.
          "--user=root",
          "--pid-file=",
          "--local-ttl=0",
        ],
        {
          [HOSTS_FILE]: "",
          [RESOLV_CONF]: podResolvConf(`${block}.1`, searchDomains),
        },
      );
      const dns = new ClusterDns(dnsmasq, block, given !== undefined);
      try {
        await until(
          "dnsmasq to answer",
          async () => {
            if (dnsmasq.exitedWith !== undefined) {
              throw new Error(`dnsmasq exited (${dnsmasq.exitedWith}): ${dnsmasq.logs()}`);
            }
            return /read .*hosts/.test(dnsmasq.logs()) || "not started";
          },
          10_000,
          100,
        );
        return dns;
      } catch (error) {
        lastError = error;
        await dnsmasq.stop();
      }
    }
    throw lastError;
  }

  /** Address `i` (2 and up) of the block: one per replica, as pod IPs. */
  address(i: number): string {
    if (i < 2 || i > 254) {
      throw new Error(`address ${i} is outside ${this.block}.2-254`);
    }
    return `${this.block}.${i}`;
  }

  /**
   * `name` now resolves to `addresses` and nothing else, as a headless
   * Service's record follows its Ready endpoints; returns once dnsmasq answers so.
   */
  async publish(name: string, addresses: string[]): Promise<void> {
    const host = name.replace(/\.$/, "");
    writeFileSync(join(this.dnsmasq.dir, HOSTS_FILE), addresses.map((a) => `${a} ${host}\n`).join(""));
    process.kill(this.dnsmasq.pid, "SIGHUP");
    const want = [...addresses].sort().join(",");
    await until(
      `${host} to resolve to ${want}`,
      async () => {
        const got = await this.resolver.resolve4(host).then(
          (a) => [...a].sort().join(","),
          (e: Error) => (addresses.length === 0 && /ENOTFOUND|ENODATA/.test(e.message) ? "" : e.message),
        );
        return got === want || `got ${got}`;
      },
      5_000,
      50,
    );
  }

  /** Runs a binary with this DNS as its /etc/resolv.conf: as is in the test's namespace, else in a mount namespace of its own. */
  wrapper(): string[] {
    if (this.inNamespace) {
      return [];
    }
    return [
      "unshare",
      "--mount",
      "--propagation",
      "private",
      "sh",
      "-c",
      'mount --bind "$0" /etc/resolv.conf && exec "$@"',
      join(this.dnsmasq.dir, RESOLV_CONF),
    ];
  }

  stop(): Promise<void> {
    return this.dnsmasq.stop();
  }
}
