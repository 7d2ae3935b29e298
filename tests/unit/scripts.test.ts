import { strict as assert } from "assert";
import { execFile } from "child_process";
import { chmodSync, readFileSync } from "fs";
import { join } from "path";
import { writeTempFiles } from "../helpers/tools";
import { ROOT } from "../helpers/stack-config";

// A stand-in `npx` first on PATH: records how the scripts call the Pulumi CLI
// (which cannot run here) and with which backend.
const FAKE_NPX = '#!/usr/bin/env bash\nprintf "%s\\n" "PULUMI_BACKEND_URL=$PULUMI_BACKEND_URL" "$@" >> "$CALLS"\n';

interface Calls {
  code: number;
  stderr: string;
  calls: string[][];
}

function run(script: string, args: string[], env: Record<string, string> = {}): Promise<Calls> {
  const bin = writeTempFiles({ npx: FAKE_NPX, calls: "" });
  chmodSync(join(bin, "npx"), 0o755);
  const calls = join(bin, "calls");
  return new Promise((resolve) => {
    execFile(
      "bash",
      [join(ROOT, "scripts", script), ...args],
      {
        cwd: "/",
        env: { PATH: `${bin}:${process.env.PATH}`, CALLS: calls, HOME: bin, ...env },
      },
      (error, _stdout, stderr) => {
        const lines = readFileSync(calls, "utf8").split("\n").filter(Boolean);
        const grouped: string[][] = [];
        for (const line of lines) {
          if (line.startsWith("PULUMI_BACKEND_URL=")) {
            grouped.push([line]);
          } else {
            grouped[grouped.length - 1].push(line);
          }
        }
        resolve({ code: error ? Number(error.code ?? 1) : 0, stderr, calls: grouped });
      },
    );
  });
}

const LOCAL = `PULUMI_BACKEND_URL=file://${ROOT}/.pulumi`;

describe("npm run pulumi and npm run up", () => {
  it("npm run pulumi runs the project's CLI against the local backend of npm run up, from any directory", async () => {
    const result = await run("pulumi.sh", ["config", "set", "kubeContext", "kind-dev", "--stack", "dev"]);
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(result.calls, [
      [LOCAL, "--no-install", "pulumi", "config", "set", "kubeContext", "kind-dev", "--stack", "dev"],
    ]);
  });

  it("both keep a backend named by PULUMI_BACKEND_URL", async () => {
    const env = { PULUMI_BACKEND_URL: "s3://bucket/slo", PULUMI_CONFIG_PASSPHRASE: "x" };
    const pulumi = await run("pulumi.sh", ["stack", "ls"], env);
    const up = await run("up.sh", ["dev"], env);
    assert.equal(pulumi.calls[0][0], "PULUMI_BACKEND_URL=s3://bucket/slo");
    assert.deepEqual(
      up.calls.map((c) => c[0]),
      ["PULUMI_BACKEND_URL=s3://bucket/slo", "PULUMI_BACKEND_URL=s3://bucket/slo"],
    );
  });

  it("npm run up uses the same backend and passes --yes when no terminal can answer the prompt", async () => {
    const result = await run("up.sh", ["dev", "--refresh"], { PULUMI_CONFIG_PASSPHRASE: "x" });
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(result.calls, [
      [LOCAL, "--no-install", "pulumi", "stack", "select", "--create", "dev", "--non-interactive"],
      [LOCAL, "--no-install", "pulumi", "up", "--stack", "dev", "--yes", "--refresh"],
    ]);
  });

  it("npm run up refuses to start without a passphrase, before calling the CLI", async () => {
    const result = await run("up.sh", ["dev"]);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /Set PULUMI_CONFIG_PASSPHRASE/);
    assert.deepEqual(result.calls, []);
  });
});
