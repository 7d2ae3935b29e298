import { SettingProblem } from "../settings/errors";
import { DashboardSettings } from "../settings/dashboards";
import { DEFAULT_SHARDING } from "../slo-rules/shard";
import { SloModel } from "../specs/model";
import { DashboardContext, DashboardFile, renderDashboards } from "./render";

/** Bytes of dashboard JSON per ConfigMap: the rule shards' budget (1 MiB objects, half kept for a last-applied copy). */
export const MAX_DASHBOARD_BYTES = DEFAULT_SHARDING.maxBytes;

/** A problem for each dashboard too large for its ConfigMap, naming the setting and the fix. */
export function oversizedDashboards(
  files: readonly DashboardFile[],
  stack: string,
  maxBytes = MAX_DASHBOARD_BYTES,
): SettingProblem[] {
  return files
    .map((f) => ({ f, bytes: Buffer.byteLength(f.json) }))
    .filter(({ bytes }) => bytes > maxBytes)
    .map(({ f, bytes }) => ({
      setting: "grafanaDashboards",
      problem:
        `the dashboard ${f.fileName} (${f.team === undefined ? "the overview" : `team "${f.team}"`}) would be ` +
        `${bytes} bytes, over the ${maxBytes} a ConfigMap holds here (Kubernetes refuses objects over 1 MiB)`,
      fix:
        f.team === undefined
          ? `turn the dashboards off: \`pulumi config set grafanaDashboards false --stack ${stack}\``
          : `give some of team "${f.team}"'s SLOs another owner (the team label of their specs), or turn the dashboards off: \`pulumi config set grafanaDashboards false --stack ${stack}\``,
    }));
}

/** The stack's dashboards, or none when they are off; problems when one would not fit its ConfigMap. */
export function stackDashboards(
  slos: readonly SloModel[],
  settings: DashboardSettings,
  ctx: DashboardContext,
): { files: DashboardFile[]; problems: SettingProblem[] } {
  if (!settings.enabled) {
    return { files: [], problems: [] };
  }
  const files = renderDashboards(slos, ctx);
  return { files, problems: oversizedDashboards(files, ctx.rules.stack) };
}
