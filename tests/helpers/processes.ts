import { ChildProcess, spawn } from "child_process";
import { mkdtempSync, rmSync, writeFileSync } from "fs";
import { createServer } from "net";
import { tmpdir } from "os";
import { join } from "path";

const LOOPBACK = "127.0.0.1";
const READY_TIMEOUT_MS = 30_000;
const STOP_GRACE_MS = 5_000;
const OUTPUT_KEPT = 64 * 1024;

/** A loopback TCP port free right now: the kernel picks it, so parallel runs do not collide. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, LOOPBACK, () => {
      const address = server.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      server.close(() => (port > 0 ? resolve(port) : reject(new Error("the kernel gave no port"))));
    });
  });
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

// Every child still alive when the test process ends is killed, so a crash,
// a Ctrl-C or a kill of the run leaves no daemon behind on the machine.
const running = new Set<ManagedProcess>();
function killAll(): void {
  for (const p of running) {
    try {
      process.kill(p.pid, "SIGKILL");
    } catch {
      // Already gone.
    }
    rmSync(p.dir, { recursive: true, force: true });
  }
}
process.on("exit", killAll);
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    killAll();
    // The handler is gone now: the signal does what it would have done.
    process.kill(process.pid, signal);
  });
}

/** A daemon started by a test: its own temp dir, its output kept for failure messages. */
export class ManagedProcess {
  private output = "";
  private readonly exit: Promise<void>;
  exitedWith: string | undefined;

  constructor(
    readonly name: string,
    private readonly child: ChildProcess,
    readonly dir: string,
  ) {
    const keep = (chunk: Buffer) => {
      this.output = (this.output + chunk.toString()).slice(-OUTPUT_KEPT);
    };
    child.stdout?.on("data", keep);
    child.stderr?.on("data", keep);
    this.exit = new Promise((resolve) => {
      const gone = (how: string) => {
        this.exitedWith ??= how;
        running.delete(this);
        resolve();
      };
      child.once("exit", (code, signal) => gone(signal ?? `code ${code}`));
      child.once("error", (error) =>
        gone(`not started: ${error.message}; install it with apt-get install -y prometheus prometheus-alertmanager`),
      );
    });
    running.add(this);
  }

  get pid(): number {
    if (this.child.pid === undefined) {
      throw new Error(`${this.name} has no pid: it did not start`);
    }
    return this.child.pid;
  }

  logs(): string {
    return this.output;
  }

  /** SIGKILL, as when a node dies with its pod: no goodbye to the cluster, no state flushed. */
  async kill(): Promise<void> {
    if (this.exitedWith === undefined) {
      process.kill(this.pid, "SIGKILL");
    }
    await this.exit;
  }

  /** SIGTERM, then SIGKILL if it lingers; the temp dir goes with it. */
  async stop(): Promise<void> {
    if (this.exitedWith === undefined) {
      process.kill(this.pid, "SIGTERM");
      const timer = setTimeout(() => this.exitedWith === undefined && process.kill(this.pid, "SIGKILL"), STOP_GRACE_MS);
      await this.exit;
      clearTimeout(timer);
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** `binary` runs as `[...wrapper, binary, ...args]` when a wrapper is given (one that execs it, keeping the PID). */
export function launch(
  name: string,
  binary: string,
  args: (dir: string) => string[],
  files: Record<string, string>,
  wrapper: string[] = [],
): ManagedProcess {
  const dir = mkdtempSync(join(tmpdir(), `slo-alerting-${name}-`));
  for (const [file, content] of Object.entries(files)) {
    writeFileSync(join(dir, file), content);
  }
  const [command, ...rest] = [...wrapper, binary, ...args(dir)];
  const child = spawn(command, rest, { cwd: dir, stdio: ["ignore", "pipe", "pipe"] });
  return new ManagedProcess(name, child, dir);
}

/**
 * Polls `check` every `intervalMs` until it returns true; fails after
 * `timeoutMs` with `what` and the last reason `check` gave. A check that
 * throws ends the wait at once: that is for conditions that cannot recover.
 */
export async function until(
  what: string,
  check: () => Promise<true | string>,
  timeoutMs: number,
  intervalMs = 200,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = "not checked yet";
  while (Date.now() < deadline) {
    const result = await check();
    if (result === true) {
      return;
    }
    last = result;
    await sleep(intervalMs);
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what} (last: ${last})`);
}

/**
 * Polls `url` until it answers 200; fails early, with the daemon's output, if
 * the daemon exits, and stops a daemon that never got ready.
 */
export async function waitReady(proc: ManagedProcess, url: string, timeoutMs = READY_TIMEOUT_MS): Promise<void> {
  try {
    await until(
      `${proc.name} at ${url}`,
      async () => {
        if (proc.exitedWith !== undefined) {
          throw new Error(`${proc.name} exited (${proc.exitedWith})`);
        }
        try {
          const response = await fetch(url, { signal: AbortSignal.timeout(1_000) });
          return response.status === 200 || `HTTP ${response.status}`;
        } catch (error) {
          return error instanceof Error ? error.message : String(error);
        }
      },
      timeoutMs,
      100,
    );
  } catch (error) {
    await proc.stop();
    throw new Error(`${error instanceof Error ? error.message : String(error)}\n${proc.name} said:\n${proc.logs()}`);
  }
}

export interface Alertmanager {
  process: ManagedProcess;
  /** Base URL, also its --web.external-url. */
  url: string;
}

interface ClusterFlags {
  listenPort: number;
  peerPorts: number[];
  /** Gossip tuning: the Deployment's flags, and any under trial. */
  extraArgs: string[];
}

async function startOneAlertmanager(configYaml: string, name: string, cluster?: ClusterFlags): Promise<Alertmanager> {
  return startAlertmanagerAt(
    configYaml,
    name,
    { host: LOOPBACK, webPort: await freePort() },
    cluster && {
      listen: `${LOOPBACK}:${cluster.listenPort}`,
      peers: cluster.peerPorts.map((p) => `${LOOPBACK}:${p}`),
      extraArgs: cluster.extraArgs,
    },
  );
}

/** One Alertmanager at a given loopback address and port, gossiping on `cluster.listen` if given. */
export async function startAlertmanagerAt(
  configYaml: string,
  name: string,
  at: { host: string; webPort: number },
  cluster?: { listen: string; peers: string[]; extraArgs: string[] },
): Promise<Alertmanager> {
  const url = `http://${at.host}:${at.webPort}`;
  // Addresses on loopback; gossip timings only from the caller, so a test runs
  // what the Deployment runs (Alertmanager's defaults unless it sets them).
  const clusterArgs = cluster
    ? [
        `--cluster.listen-address=${cluster.listen}`,
        `--cluster.advertise-address=${cluster.listen}`,
        ...cluster.peers.map((p) => `--cluster.peer=${p}`),
        ...cluster.extraArgs,
      ]
    : ["--cluster.listen-address="];
  const proc = launch(
    name,
    "prometheus-alertmanager",
    (dir) => [
      `--config.file=${join(dir, "alertmanager.yml")}`,
      `--storage.path=${join(dir, "data")}`,
      `--web.listen-address=${at.host}:${at.webPort}`,
      `--web.external-url=${url}/`,
      "--web.route-prefix=/",
      ...clusterArgs,
    ],
    { "alertmanager.yml": configYaml },
  );
  await waitReady(proc, `${url}/-/ready`);
  return { process: proc, url };
}

/** One Alertmanager on loopback with gossip off, as the single-replica Deployment runs it. */
export function startAlertmanager(configYaml: string): Promise<Alertmanager> {
  return startOneAlertmanager(configYaml, "alertmanager");
}

/** Cluster state as `/api/v2/status` reports it. */
export interface ClusterStatus {
  name: string;
  status: string;
  peers: Array<{ name: string; address: string }>;
}

export async function clusterStatus(am: Alertmanager): Promise<ClusterStatus> {
  const response = await fetch(`${am.url}/api/v2/status`, { signal: AbortSignal.timeout(2_000) });
  return ((await response.json()) as { cluster: ClusterStatus }).cluster;
}

/**
 * `size` Alertmanagers gossiping over loopback, returned once every one has
 * settled and sees all peers, so the first notification is not held back.
 */
export async function startAlertmanagerCluster(
  configYaml: string,
  size: number,
  extraArgs: string[] = [],
  timeoutMs = 60_000,
): Promise<Alertmanager[]> {
  const ports: number[] = [];
  while (ports.length < size) {
    const port = await freePort();
    if (!ports.includes(port)) {
      ports.push(port);
    }
  }
  const started = await Promise.allSettled(
    ports.map((port, i) =>
      startOneAlertmanager(configYaml, `alertmanager-${i}`, {
        listenPort: port,
        peerPorts: ports.filter((p) => p !== port),
        extraArgs,
      }),
    ),
  );
  const members = started.flatMap((s) => (s.status === "fulfilled" ? [s.value] : []));
  const failure = started.find((s): s is PromiseRejectedResult => s.status === "rejected");
  if (failure) {
    await Promise.all(members.map((m) => m.process.stop()));
    throw failure.reason;
  }
  try {
    await until(
      `a settled ${size}-member cluster`,
      async () => {
        for (const member of members) {
          const status = await clusterStatus(member);
          if (status.status !== "ready" || status.peers.length !== size) {
            return `${member.process.name}: ${JSON.stringify(status)}`;
          }
        }
        return true;
      },
      timeoutMs,
    );
  } catch (error) {
    await Promise.all(members.map((m) => m.process.stop()));
    throw error;
  }
  return members;
}

export interface Prometheus {
  process: ManagedProcess;
  url: string;
}

/**
 * Prometheus on loopback; `files` (rule files) sit next to prometheus.yml.
 * `storagePath` opens an existing TSDB (backfilled blocks), which may take
 * longer than `readyTimeoutMs`'s default to get ready.
 */
export async function startPrometheus(
  configYaml: string,
  files: Record<string, string>,
  extraArgs: string[] = [],
  wrapper: string[] = [],
  opts: { storagePath?: string; readyTimeoutMs?: number } = {},
): Promise<Prometheus> {
  const port = await freePort();
  const url = `http://${LOOPBACK}:${port}`;
  const proc = launch(
    "prometheus",
    "prometheus",
    (dir) => [
      `--config.file=${join(dir, "prometheus.yml")}`,
      `--storage.tsdb.path=${opts.storagePath ?? join(dir, "data")}`,
      `--web.listen-address=${LOOPBACK}:${port}`,
      `--web.external-url=${url}/`,
      ...extraArgs,
    ],
    { ...files, "prometheus.yml": configYaml },
    wrapper,
  );
  await waitReady(proc, `${url}/-/ready`, opts.readyTimeoutMs);
  return { process: proc, url };
}
