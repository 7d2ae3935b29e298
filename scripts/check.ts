// npm run check -- <stack> [--out <dir>]
// Renders a stack offline (no state backend, PagerDuty token or cluster) and
// runs amtool and promtool on what it would deploy. Exit 0: all checks pass;
// 1: a tool refused a file; 2: the stack cannot be evaluated.
import { join, relative } from "path";
import { checkStack, CheckResult } from "../src/offline/check";
import { PLACEHOLDERS } from "../src/offline/redaction";

const ROOT = join(__dirname, "..");
const USAGE = "usage: npm run check -- <stack> [--out <dir>]   (writes out/<stack>/ by default)";

function parseArgs(argv: string[]): { stack: string; outDir: string } {
  const outAt = argv.indexOf("--out");
  const outDir = outAt >= 0 ? argv[outAt + 1] : undefined;
  const positional = argv.filter((_, i) => outAt < 0 || (i !== outAt && i !== outAt + 1));
  if (positional.length !== 1 || positional[0].startsWith("-") || (outAt >= 0 && !outDir)) {
    throw new Error(USAGE);
  }
  return { stack: positional[0], outDir: outDir ?? join(ROOT, "out", positional[0]) };
}

async function main(): Promise<number> {
  let args: { stack: string; outDir: string };
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (e) {
    console.error((e as Error).message);
    return 2;
  }
  let result: CheckResult;
  try {
    result = await checkStack({ root: ROOT, stack: args.stack, outDir: args.outDir });
  } catch (e) {
    console.error((e as Error).message);
    return 2;
  }
  const shown = relative(process.cwd(), args.outDir) || ".";
  console.log(
    `Wrote ${result.files.length} files to ${shown}/ (secrets replaced by placeholders such as ${PLACEHOLDERS.slackWebhookUrl}):`,
  );
  result.files.forEach((f) => console.log(`  ${f}`));
  if (result.encrypted.length > 0) {
    console.log(`Encrypted settings checked with placeholders, not their values: ${result.encrypted.join(", ")}.`);
  }
  for (const report of result.reports) {
    console.log(`\n${report.ok ? "ok  " : "FAIL"}  (cd ${shown} && ${report.command})`);
    if (!report.ok || report.output !== "") {
      console.log(report.output.replace(/^/gm, "      "));
    }
  }
  return result.ok ? 0 : 1;
}

main().then((code) => {
  process.exitCode = code;
});
