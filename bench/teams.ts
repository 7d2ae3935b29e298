import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { parse, stringify } from "yaml";
import { graphDiff } from "../tests/helpers/graph";
import { ofType, ProgramRun, runProgram } from "../tests/helpers/program";
import { alertmanagerYaml, credentialFiles } from "../tests/helpers/rendered";
import { mustRunTool, writeTempFiles } from "../tests/helpers/tools";

// `npm run bench:teams`: the program under mocks with many teams and SLOs.
// Program time, alertmanager.yml size and shape, amtool's verdict, and what
// adding one team changes. Writes docs/teams-benchmark.md. About a minute.
const ROOT = join(__dirname, "..");
const REPORT = join(ROOT, "docs", "teams-benchmark.md");
const TEAMS = Number(process.env.BENCH_TEAMS ?? 50);
const SLOS = Number(process.env.BENCH_SLOS ?? 1000);
const SLOS_PER_SERVICE = 10;
const SECRETS = {
  slackWebhookUrl: "https://hooks.slack.com/services/T0/B0/bench",
  heartbeatWebhookUrl: "https://hc-ping.com/bench",
};

const teamName = (i: number) => `team-${String(i).padStart(2, "0")}`;

/** Sloth files: services of ten SLOs each, owned round-robin by the teams (Sloth's `owner` label). */
function writeSpecs(dir: string): void {
  mkdirSync(join(dir, "slos"), { recursive: true });
  // The shipped seed SLOs stay beside the generated ones: the prod stack sets their objectives.
  cpSync(join(process.cwd(), "slos"), join(dir, "slos"), { recursive: true });
  for (let s = 0; s < SLOS / SLOS_PER_SERVICE; s++) {
    const service = `svc-${String(s).padStart(3, "0")}`;
    const spec = {
      version: "prometheus/v1",
      service,
      labels: { owner: teamName(s % TEAMS) },
      slos: Array.from({ length: SLOS_PER_SERVICE }, (_, i) => ({
        name: `slo-${i}`,
        objective: 99.9,
        sli: {
          events: {
            error_query: `sum(rate(http_requests_total{job="${service}",route="${i}",code=~"5.."}[{{.window}}]))`,
            total_query: `sum(rate(http_requests_total{job="${service}",route="${i}"}[{{.window}}]))`,
          },
        },
      })),
    };
    writeFileSync(join(dir, "slos", `${service}.yaml`), stringify(spec));
  }
}

function teamsSetting(count: number): string {
  const policy = (i: number) => ({
    levels: [
      { delayMinutes: 10, schedules: [`${teamName(i)} primary`] },
      { delayMinutes: 20, schedules: [`${teamName(i)} secondary`] },
    ],
  });
  return JSON.stringify(
    Object.fromEntries(
      Array.from({ length: count }, (_, i) => [
        teamName(i),
        { escalationPolicy: policy(i), slackChannel: `#${teamName(i)}` },
      ]),
    ),
  );
}

async function timed(teams: number): Promise<{ run: ProgramRun; seconds: number }> {
  const start = process.hrtime.bigint();
  const run = await runProgram("prod", { plain: { teams: teamsSetting(teams), sloSpecs: "slos" }, secret: SECRETS });
  return { run, seconds: Number(process.hrtime.bigint() - start) / 1e9 };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "slo-alerting-bench-teams-"));
  const cwd = process.cwd();
  try {
    writeSpecs(dir);
    // The program reads sloSpecs from its working directory, as Pulumi runs it in the project's.
    process.chdir(dir);
    await timed(TEAMS); // warm-up: module loading is not the program's time
    const base = await timed(TEAMS);
    const added = await timed(TEAMS + 1);
    process.chdir(cwd);

    const yml = alertmanagerYaml(base.run).text;
    const config = parse(yml) as { route: { routes: unknown[] }; receivers: unknown[] };
    const file = join(writeTempFiles({ "alertmanager.yml": yml }), "alertmanager.yml");
    const check = await mustRunTool("amtool", ["check-config", file]);
    const last = teamName(TEAMS - 1);
    const routed = await mustRunTool("amtool", [
      "config",
      "routes",
      "test",
      `--config.file=${file}`,
      "severity=critical",
      `team=${last}`,
      "slo=svc-049-slo-0",
      "stack=prod",
    ]);
    const newTeam = teamName(TEAMS);
    const changed = graphDiff(base.run, added.run).filter((d) => !d.includes(`pagerduty-team-${newTeam}`));
    const changedResources = [...new Set(changed.map((d) => d.split(" ")[0]))];
    const rows = [
      ["teams (besides the default)", String(TEAMS)],
      ["spec SLOs", String(SLOS)],
      ["program under mocks, s", base.seconds.toFixed(2)],
      ["resources", String(base.run.resources.length)],
      ["PagerDuty services", String(ofType(base.run, "pagerduty:index/service:Service").length)],
      ["alertmanager.yml, KiB", (Buffer.byteLength(yml) / 1024).toFixed(1)],
      ["alertmanager.yml, lines", String(yml.split("\n").length)],
      ["top-level routes", String(config.route.routes.length)],
      ["receivers", String(config.receivers.length)],
      ["credential files", String(Object.keys(credentialFiles(base.run).files).length)],
      ["amtool check-config", /SUCCESS/.test(check) ? "SUCCESS" : "FAILED"],
      [`amtool: critical of ${last}`, routed.trim()],
      [`program with ${TEAMS + 1} teams, s`, added.seconds.toFixed(2)],
      [`adding ${newTeam}: other resources changed`, changedResources.join(", ") || "none"],
    ];
    const table = ["| Measure | Value |", "|---|---|", ...rows.map(([k, v]) => `| ${k} | ${v} |`)].join("\n");
    const text =
      `# Teams at scale\n\nGenerated by \`npm run bench:teams\` (${TEAMS} teams, ${SLOS} spec SLOs in Sloth files, ` +
      `owned round-robin; the prod stack's settings; the program under Pulumi's mocks on this machine).\n\n${table}\n`;
    writeFileSync(REPORT, text);
    process.stdout.write(`${table}\n`);
  } finally {
    process.chdir(cwd);
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error instanceof Error ? error.stack : error)}\n`);
  process.exit(1);
});
