import { mkdtempSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { execTool, ToolResult } from "../../src/offline/tools";

export type { ToolResult };
export const runTool = execTool;

/** Like runTool, but a non-zero exit fails with the tool's own words. */
export async function mustRunTool(
  binary: string,
  args: string[],
  opts: { cwd?: string; timeoutMs?: number } = {},
): Promise<string> {
  const result = await execTool(binary, args, opts);
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

/** The receivers `amtool config routes test` sends an alert with these labels to, under an alertmanager.yml. */
export async function amtoolRoutes(file: string, labels: Record<string, string>): Promise<string[]> {
  const pairs = Object.entries(labels).map(([k, v]) => `${k}=${v}`);
  const out = await mustRunTool("amtool", ["config", "routes", "test", `--config.file=${file}`, ...pairs]);
  return out
    .trim()
    .split(",")
    .map((r) => r.trim());
}
