import { execFile } from "child_process";

export interface ToolResult {
  code: number;
  stdout: string;
  stderr: string;
}

const INSTALL_HINT = "install it: apt-get install -y prometheus prometheus-alertmanager";

/** Runs one of the Debian binaries (promtool, amtool, …); rejects only when it cannot start. */
export function execTool(
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
          reject(new Error(`${binary} could not run (${error.message}); ${INSTALL_HINT}`));
          return;
        }
        resolve({ code: error ? Number(error.code) : 0, stdout, stderr });
      },
    );
  });
}

export interface ToolReport {
  /** The command as a person would type it, relative to the output directory. */
  command: string;
  ok: boolean;
  output: string;
}

/** Runs a check tool in `cwd`; a tool that is missing is a failed check that says how to install it. */
export async function runTool(binary: string, args: string[], cwd: string): Promise<ToolReport> {
  const command = [binary, ...args].join(" ");
  try {
    const result = await execTool(binary, args, { cwd });
    return { command, ok: result.code === 0, output: `${result.stdout}${result.stderr}`.trim() };
  } catch (error) {
    return { command, ok: false, output: (error as Error).message };
  }
}

/** amtool on the Alertmanager config and promtool on every rule file, as Alertmanager and Prometheus would load them. */
export async function checkFiles(dir: string, configFile: string, ruleFiles: string[]): Promise<ToolReport[]> {
  return [
    await runTool("amtool", ["check-config", configFile], dir),
    await runTool("promtool", ["check", "rules", ...ruleFiles], dir),
  ];
}
