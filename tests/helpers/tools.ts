import { execFile } from "child_process";
import { mkdtempSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";

export interface ToolResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs one of the Debian binaries (promtool, amtool, …) and returns its exit code and output. */
export function runTool(
  binary: string,
  args: string[],
  opts: { cwd?: string; timeoutMs?: number } = {},
): Promise<ToolResult> {
  return new Promise((resolve, reject) => {
    execFile(
      binary,
      args,
      { cwd: opts.cwd, timeout: opts.timeoutMs ?? 60_000, maxBuffer: 16 << 20 },
      (error, stdout, stderr) => {
        if (error && typeof error.code !== "number") {
          reject(
            new Error(
              `${binary} could not run (${error.message}); install it: apt-get install -y prometheus prometheus-alertmanager`,
            ),
          );
          return;
        }
        resolve({ code: error ? Number(error.code) : 0, stdout, stderr });
      },
    );
  });
}

/** Like runTool, but a non-zero exit fails with the tool's own words. */
export async function mustRunTool(
  binary: string,
  args: string[],
  opts: { cwd?: string; timeoutMs?: number } = {},
): Promise<string> {
  const result = await runTool(binary, args, opts);
  if (result.code !== 0) {
    throw new Error(`${binary} ${args.join(" ")} exited ${result.code}\n${result.stdout}\n${result.stderr}`);
  }
  return result.stdout;
}

/** A fresh temp directory holding the given files. */
export function writeTempFiles(files: Record<string, string>, prefix = "slo-alerting-"): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  for (const [name, content] of Object.entries(files)) {
    writeFileSync(join(dir, name), content);
  }
  return dir;
}
