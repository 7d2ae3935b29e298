import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from "fs";
import { dirname, join } from "path";
import { filesOf } from "./files";
import { redact, redactionsOf } from "./redaction";
import { runUnderMocks } from "./run";
import { OFFLINE_STAND_INS } from "./stand-ins";
import { offlineConfig, Overrides } from "./stack-config";
import { checkFiles, ToolReport } from "./tools";

// Left in every directory the check writes, so it only ever empties its own.
const MARKER = ".written-by-npm-run-check";

export interface CheckOptions {
  /** Repository root: where index.ts is. */
  root: string;
  stack: string;
  /** Where to write; emptied first. */
  outDir: string;
  /** Defaults to Pulumi.<stack>.yaml under root. */
  stackFile?: string;
  overrides?: Overrides;
}

export interface CheckResult {
  ok: boolean;
  /** Paths written, relative to outDir. */
  files: string[];
  reports: ToolReport[];
  /** Encrypted settings that were checked with a placeholder instead of their value. */
  encrypted: string[];
}

function prepare(outDir: string): void {
  if (existsSync(outDir) && readdirSync(outDir).length > 0 && !existsSync(join(outDir, MARKER))) {
    throw new Error(`${outDir} exists and was not written by this check; not emptying it`);
  }
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, MARKER), "npm run check writes this directory anew on every run.\n");
}

/**
 * Evaluates a stack without credentials: runs the program under mocks, writes
 * alertmanager.yml, the rule files and the Kubernetes manifests with every
 * secret replaced by a placeholder, then runs amtool and promtool on them.
 * Throws the program's own error (a SettingsError for bad settings).
 */
export async function checkStack(options: CheckOptions): Promise<CheckResult> {
  const stackFile = options.stackFile ?? join(options.root, `Pulumi.${options.stack}.yaml`);
  if (!existsSync(stackFile)) {
    throw new Error(`no stack file ${stackFile}; create the stack first (pulumi stack init ${options.stack})`);
  }
  const config = offlineConfig(stackFile, options.overrides);
  const run = await runUnderMocks(options.root, options.stack, config, OFFLINE_STAND_INS);
  const redactions = redactionsOf(config.secrets);
  const files = redact(filesOf(run), redactions);
  for (const [path, content] of Object.entries(files)) {
    // A serializer that escaped a secret would hide it from the redaction: refuse rather than write it.
    const leaked = [...redactions.keys()].find(
      (secret) => content.includes(secret) || content.includes(JSON.stringify(secret).slice(1, -1)),
    );
    if (leaked !== undefined) {
      throw new Error(`could not redact a secret setting in ${path}; nothing was written`);
    }
  }
  prepare(options.outDir);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(options.outDir, path)), { recursive: true });
    writeFileSync(join(options.outDir, path), content);
  }
  const rules = Object.keys(files)
    .filter((f) => f.startsWith("rules/"))
    .sort();
  const reports = await checkFiles(options.outDir, "alertmanager.yml", rules);
  return { ok: reports.every((r) => r.ok), files: Object.keys(files).sort(), reports, encrypted: config.encrypted };
}
