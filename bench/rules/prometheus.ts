import { ChildProcess, spawn } from "child_process";
import { writeFileSync } from "fs";
import { join } from "path";
import { stringify } from "yaml";
import { freePort, sleep } from "../../tests/helpers/processes";

export interface RunningPrometheus {
  url: string;
  child: ChildProcess;
}

/** A Prometheus on loopback over a backfilled TSDB directory, with the rule files in `dir`. */
export async function startOn(
  dir: string,
  tsdb: string,
  ruleFiles: string[],
  evaluationInterval: string,
): Promise<RunningPrometheus> {
  const port = await freePort();
  const config = { global: { evaluation_interval: evaluationInterval }, rule_files: ruleFiles };
  writeFileSync(join(dir, "prometheus.yml"), stringify(config));
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(
    "prometheus",
    [
      `--config.file=${join(dir, "prometheus.yml")}`,
      `--storage.tsdb.path=${tsdb}`,
      `--storage.tsdb.retention.time=60d`,
      `--web.listen-address=127.0.0.1:${port}`,
    ],
    { stdio: ["ignore", "ignore", "pipe"] },
  );
  let log = "";
  child.stderr?.on("data", (c: Buffer) => (log = (log + c.toString()).slice(-4000)));
  for (let i = 0; i < 600; i++) {
    try {
      if ((await fetch(`${url}/-/ready`)).ok) {
        return { url, child };
      }
    } catch {
      // Not listening yet.
    }
    if (child.exitCode !== null) {
      break;
    }
    await sleep(200);
  }
  child.kill("SIGKILL");
  throw new Error(`prometheus did not get ready:\n${log}`);
}

export async function stop(p: RunningPrometheus): Promise<void> {
  if (p.child.exitCode === null && p.child.pid !== undefined) {
    const gone = new Promise((resolve) => p.child.once("exit", resolve));
    process.kill(p.child.pid, "SIGTERM");
    await gone;
  }
}

interface QueryStats {
  samples: number;
  seconds: number;
}

/** One instant query with the engine's own counts (`stats=all`). */
export async function queryStats(url: string, expr: string, time: number): Promise<QueryStats> {
  const body = new URLSearchParams({ query: expr, time: String(time), stats: "all" });
  const response = await fetch(`${url}/api/v1/query`, { method: "POST", body });
  const json = (await response.json()) as {
    status: string;
    error?: string;
    data: { stats: { timings: { evalTotalTime: number }; samples: { totalQueryableSamples: number } } };
  };
  if (json.status !== "success") {
    throw new Error(`${expr}: ${json.error}`);
  }
  return { samples: json.data.stats.samples.totalQueryableSamples, seconds: json.data.stats.timings.evalTotalTime };
}

/** Times (seconds) at which the expression has a result, over a range. */
export async function resultTimes(
  url: string,
  expr: string,
  start: number,
  end: number,
  step: number,
): Promise<number[]> {
  const body = new URLSearchParams({ query: expr, start: String(start), end: String(end), step: String(step) });
  const response = await fetch(`${url}/api/v1/query_range`, { method: "POST", body });
  const json = (await response.json()) as {
    status: string;
    error?: string;
    data: { result: Array<{ values: Array<[number, string]> }> };
  };
  if (json.status !== "success") {
    throw new Error(`${expr}: ${json.error}`);
  }
  return [...new Set(json.data.result.flatMap((r) => r.values.map(([t]) => t)))].sort((a, b) => a - b);
}

/** Evaluation time of every group as /api/v1/rules reports it, once each has been evaluated. */
export async function groupTimes(
  url: string,
  names: (name: string) => boolean,
  timeoutMs: number,
): Promise<Map<string, number>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const json = (await (await fetch(`${url}/api/v1/rules`)).json()) as {
      data: { groups: Array<{ name: string; evaluationTime: number; lastEvaluation: string }> };
    };
    const groups = json.data.groups.filter((g) => names(g.name));
    const done = groups.filter((g) => !g.lastEvaluation.startsWith("0001"));
    if (done.length === groups.length || Date.now() > deadline) {
      return new Map(done.map((g) => [g.name, g.evaluationTime]));
    }
    await sleep(1000);
  }
}
