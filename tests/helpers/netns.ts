import { ChildProcess, execFileSync, spawn } from "child_process";
import { randomBytes } from "crypto";
import { mkdirSync, rmSync, writeFileSync } from "fs";
import { join } from "path";

const NETNS_ETC = "/etc/netns";

// Every namespace still there when the test process ends is deleted, so a
// failed or interrupted run leaves no namespace nor /etc/netns entry behind.
const live = new Set<NetNamespace>();
function removeAll(): void {
  for (const ns of live) {
    try {
      ns.removeNow();
    } catch (error) {
      console.error(error instanceof Error ? error.message : error);
    }
  }
}
process.on("exit", removeAll);
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  // First in line: tests/helpers/processes re-raises the signal, which ends the process.
  process.prependOnceListener(signal, () => {
    removeAll();
    if (process.listenerCount(signal) === 0) {
      process.kill(process.pid, signal);
    }
  });
}

function ip(args: string[]): void {
  try {
    execFileSync("ip", args, { stdio: ["ignore", "ignore", "pipe"] });
  } catch (error) {
    const stderr = (error as { stderr?: Buffer }).stderr?.toString().trim() ?? "";
    throw new Error(
      `ip ${args.join(" ")} failed: ${stderr || (error as Error).message}; ` +
        "it needs root and iproute2 (apt-get install -y iproute2)",
    );
  }
}

/**
 * A Linux network namespace of a test's own (`ip netns`): only its loopback,
 * up, so every 127.x address is private to it and collides with nothing on
 * the machine; `/etc/netns/<name>/resolv.conf` is what `ip netns exec`
 * bind-mounts over /etc/resolv.conf for whatever runs inside.
 */
export class NetNamespace {
  private removed = false;
  private readonly running = new Set<ChildProcess>();

  private constructor(readonly name: string) {}

  static create(resolvConf: string): NetNamespace {
    const ns = new NetNamespace(`slo-alerting-${process.pid}-${randomBytes(3).toString("hex")}`);
    ip(["netns", "add", ns.name]);
    live.add(ns);
    try {
      ip(["-n", ns.name, "link", "set", "lo", "up"]);
      mkdirSync(join(NETNS_ETC, ns.name), { recursive: true });
      writeFileSync(join(NETNS_ETC, ns.name, "resolv.conf"), resolvConf);
    } catch (error) {
      ns.removeNow();
      throw error;
    }
    return ns;
  }

  /**
   * Runs `argv` inside the namespace; resolves with its exit and output, and
   * SIGTERMs it (its own exit handlers stop what it started) when `signal` aborts.
   */
  run(
    argv: string[],
    options: { env?: NodeJS.ProcessEnv; signal?: AbortSignal } = {},
  ): Promise<{ code: number | null; signal: string | null; output: string }> {
    return new Promise((resolve, reject) => {
      const child = spawn("ip", ["netns", "exec", this.name, ...argv], {
        env: options.env ?? process.env,
        stdio: ["ignore", "pipe", "pipe"],
      });
      this.running.add(child);
      let output = "";
      const keep = (chunk: Buffer) => {
        output = (output + chunk.toString()).slice(-256 * 1024);
      };
      child.stdout.on("data", keep);
      child.stderr.on("data", keep);
      const abort = () => child.kill("SIGTERM");
      options.signal?.addEventListener("abort", abort, { once: true });
      child.once("error", reject);
      child.once("exit", (code, signal) => {
        this.running.delete(child);
        options.signal?.removeEventListener("abort", abort);
        resolve({ code, signal, output });
      });
    });
  }

  /** SIGTERMs what still runs inside (its exit handlers stop its daemons), deletes the namespace and its /etc/netns directory; safe to call twice. */
  removeNow(): void {
    if (this.removed) {
      return;
    }
    this.removed = true;
    live.delete(this);
    for (const child of this.running) {
      child.kill("SIGTERM");
    }
    try {
      ip(["netns", "delete", this.name]);
    } finally {
      rmSync(join(NETNS_ETC, this.name), { recursive: true, force: true });
    }
  }
}
