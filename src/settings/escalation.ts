import { SettingReader } from "./reader";
import { EscalationLevel, EscalationSettings } from "./types";

export const DEFAULT_NUM_LOOPS = 2;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * An escalation policy at `key` (the top-level setting, or a team's
 * `teams.<team>.escalationPolicy`); `externalKey` names the setting that
 * replaces it when the PagerDuty service is managed elsewhere.
 */
export function parseEscalationValue(
  r: SettingReader,
  key: string,
  value: unknown,
  externalKey: string,
): EscalationSettings {
  const example = `pulumi config set --path '${key}.levels[0].schedules[0]' 'SRE Primary' --stack ${r.source.stack}`;
  const empty: EscalationSettings = { numLoops: DEFAULT_NUM_LOOPS, levels: [] };
  if (value === undefined) {
    r.fail(
      key,
      "is required: PagerDuty needs to know whom to page",
      `run \`${example}\` (or set ${externalKey} to bring your own service)`,
    );
    return empty;
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    r.fail(key, "must be an object with `levels` (and optionally `numLoops`)", `run \`${example}\``);
    return empty;
  }
  const obj = value as { numLoops?: unknown; levels?: unknown };
  let numLoops: number = DEFAULT_NUM_LOOPS;
  if (obj.numLoops !== undefined) {
    if (!Number.isInteger(obj.numLoops) || (obj.numLoops as number) < 0 || (obj.numLoops as number) > 9) {
      r.fail(
        `${key}.numLoops`,
        `${JSON.stringify(obj.numLoops)} is not a whole number from 0 to 9`,
        `run \`pulumi config set --path '${key}.numLoops' 2 --stack ${r.source.stack}\``,
      );
    } else {
      numLoops = obj.numLoops as number;
    }
  }
  if (!Array.isArray(obj.levels) || obj.levels.length === 0) {
    r.fail(`${key}.levels`, "must list at least one escalation level", `run \`${example}\``);
    return { numLoops, levels: [] };
  }
  const levels = obj.levels.map((level: unknown, i: number): EscalationLevel => {
    const at = `${key}.levels[${i}]`;
    const l = (typeof level === "object" && level !== null ? level : {}) as Record<string, unknown>;
    const delay = l.delayMinutes;
    if (!Number.isInteger(delay) || (delay as number) < 1) {
      r.fail(
        `${at}.delayMinutes`,
        `${JSON.stringify(delay)} is not a whole number of minutes >= 1`,
        `run \`pulumi config set --path '${at}.delayMinutes' 15 --stack ${r.source.stack}\``,
      );
    }
    const list = (field: "users" | "schedules"): string[] => {
      const items = l[field] ?? [];
      if (!Array.isArray(items) || !items.every((x) => typeof x === "string" && x.trim() !== "")) {
        r.fail(`${at}.${field}`, "must be a list of names", `edit Pulumi.${r.source.stack}.yaml`);
        return [];
      }
      return items as string[];
    };
    const userEmails = list("users");
    const scheduleNames = list("schedules");
    for (const email of userEmails) {
      if (!EMAIL.test(email)) {
        r.fail(
          `${at}.users`,
          `"${email}" is not an email address`,
          `list PagerDuty users by their login email in Pulumi.${r.source.stack}.yaml`,
        );
      }
    }
    if (userEmails.length + scheduleNames.length === 0) {
      r.fail(
        at,
        "has no target: nobody would be paged at this level",
        `add a user email or a schedule name: \`pulumi config set --path '${at}.schedules[0]' 'SRE Primary' --stack ${r.source.stack}\``,
      );
    }
    return { delayMinutes: Number(delay), userEmails, scheduleNames };
  });
  return { numLoops, levels };
}
