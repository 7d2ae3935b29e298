import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { NAMESPACE_DNS_BLOCK, podResolvConf } from "../../helpers/cluster-dns";
import { NetNamespace } from "../../helpers/netns";
import { POD_SEARCH_DOMAINS } from "./replicas";

const ROOT = join(__dirname, "..", "..", "..");
// Private to the namespace, so one fixed block serves every run.
const BLOCK = "127.53.0";

/**
 * Runs `scenario`, an exported async function of `module` (a path from the
 * repository root) that takes no argument and returns something JSON can
 * carry, in a network namespace of its own: dnsmasq, the replicas,
 * Prometheus and the PagerDuty and Slack stand-ins all live on the
 * namespace's loopback, and every process in it (Prometheus too) resolves
 * through /etc/netns/<ns>/resolv.conf, a pod's resolv.conf naming dnsmasq.
 * The namespace and its /etc/netns entry are removed whatever happens.
 */
export async function runInNamespace<T>(modulePath: string, scenario: string, timeoutMs: number): Promise<T> {
  const ns = NetNamespace.create(podResolvConf(`${BLOCK}.1`, POD_SEARCH_DOMAINS));
  const dir = mkdtempSync(join(tmpdir(), "slo-alerting-in-namespace-"));
  const resultFile = join(dir, "result.json");
  try {
    const run = await ns.run(
      [process.execPath, "-r", "ts-node/register", __filename, modulePath, scenario, resultFile],
      {
        // tsc has type-checked the tests before they run: the child only needs them transpiled.
        env: { ...process.env, TS_NODE_TRANSPILE_ONLY: "true", [NAMESPACE_DNS_BLOCK]: BLOCK },
        signal: AbortSignal.timeout(timeoutMs),
      },
    );
    if (run.code !== 0) {
      throw new Error(
        `${scenario} in network namespace ${ns.name} ended with ${run.signal ?? `code ${run.code}`}:\n${run.output}`,
      );
    }
    return JSON.parse(readFileSync(resultFile, "utf8")) as T;
  } finally {
    rmSync(dir, { recursive: true, force: true });
    ns.removeNow();
  }
}

async function main(modulePath: string, scenario: string, resultFile: string): Promise<void> {
  const exported = ((await import(join(ROOT, modulePath))) as Record<string, unknown>)[scenario];
  if (typeof exported !== "function") {
    throw new Error(`${modulePath} exports no function ${scenario}`);
  }
  writeFileSync(resultFile, JSON.stringify(await (exported as () => Promise<unknown>)()));
}

if (require.main === module) {
  const [modulePath, scenario, resultFile] = process.argv.slice(2);
  main(modulePath, scenario, resultFile).then(
    // Exit at once: the stand-ins' keep-alive sockets would hold the process open.
    () => process.exit(0),
    (error: unknown) => {
      console.error(error instanceof Error ? (error.stack ?? error.message) : error);
      process.exit(1);
    },
  );
}
