import { StackValidationPolicy } from "@pulumi/policy";
import { parse } from "yaml";
import {
  ALERTMANAGER_CONFIG_FILE,
  asArray,
  asObject,
  filesOf,
  isObject,
  Json,
  TYPES,
  whenKnown,
} from "./lib/resources";
import { receiverOwners, receiversFor, routeTeam } from "./lib/routing";
import { AlertRule, rulesOf } from "./lib/rules";

const KEY_FILE_FIELDS = ["routing_key_file", "service_key_file"];
const KEY_FIELDS = ["routing_key", "service_key"];

/** The keys a receiver pages with: `file:<name>` for a key file, `key:<value>` inline. */
function keysOf(receiver: Json | undefined): string[] {
  return asArray(receiver?.pagerduty_configs)
    .map(asObject)
    .flatMap((c) => [
      ...KEY_FILE_FIELDS.filter((f) => typeof c[f] === "string").map((f) => `file:${String(c[f]).split("/").pop()}`),
      ...KEY_FIELDS.filter((f) => typeof c[f] === "string").map((f) => `key:${String(c[f])}`),
    ]);
}

function ownerName(team: string | undefined): string {
  return team === undefined ? "the default team" : `team "${team}"`;
}

/** Every route of the tree, depth first. */
function routes(route: Json): Json[] {
  return [route, ...asArray(route.routes).filter(isObject).flatMap(routes)];
}

export const teamsPageTheirOwn: StackValidationPolicy = {
  name: "teams-page-their-own",
  description:
    "Every team that owns a critical alert has its own route in alertmanager.yml, its pages reach only its own receivers, and no PagerDuty key serves two teams.",
  remediationSteps:
    "Define the team in the `teams` setting (the program then creates its PagerDuty service, key and route), or label the SLO with a team the stack defines; never point two teams' receivers at one key.",
  validateStack: (args, reportViolation) => {
    const rules: AlertRule[] = args.resources.flatMap((r) => rulesOf(r).rules);
    // The program labels its own alerts, the Watchdog among them, with the default team.
    const defaultTeam = rules.find((r) => r.alert === "Watchdog")?.labels.team;
    const secrets = args.resources.filter((r) => r.type === TYPES.secret);
    const known = secrets.map((r) => ({ r, files: whenKnown(() => ({ ...filesOf(r.props, r.type) }), undefined) }));
    const keyValues = new Map<string, string>();
    for (const { files } of known) {
      for (const [name, value] of Object.entries(files ?? {})) {
        keyValues.set(`file:${name}`, value);
      }
    }
    for (const { r, files } of known) {
      const text = files?.[ALERTMANAGER_CONFIG_FILE];
      if (text === undefined) {
        continue;
      }
      let config: Json;
      try {
        config = asObject(parse(text));
      } catch {
        continue; // critical-alerts-page reports an unreadable config.
      }
      const receivers = new Map(
        asArray(config.receivers)
          .filter(isObject)
          .map((rcv) => [String(rcv.name), rcv]),
      );
      const owners = receiverOwners(config);
      const teamRoutes = new Set(
        routes(asObject(config.route))
          .map(routeTeam)
          .filter((t) => t !== undefined),
      );

      for (const rule of rules.filter((x) => x.labels.severity === "critical" && x.labels.team !== undefined)) {
        const team = rule.labels.team;
        if (team === defaultTeam) {
          continue;
        }
        if (!teamRoutes.has(team)) {
          reportViolation(
            `${rule.alert} (${rule.where}) belongs to team "${team}", which has no route in Secret ${r.name}'s ` +
              `${ALERTMANAGER_CONFIG_FILE}: its pages would wake the default team instead.`,
            r.urn,
          );
          continue;
        }
        // A receiver is the team's only when every route reaching it sits under the team's route.
        const theirs = new Set(
          owners
            .filter((o) => o.team === team)
            .map((o) => o.receiver)
            .filter((name) => owners.every((o) => o.receiver !== name || o.team === team)),
        );
        let names: string[];
        try {
          names = receiversFor(config, { ...rule.labels, alertname: rule.alert });
        } catch {
          continue; // critical-alerts-page reports a matcher it cannot read.
        }
        for (const name of names.filter((n) => !theirs.has(n))) {
          reportViolation(
            `${rule.alert} (${rule.where}) belongs to team "${team}" but is routed by Secret ${r.name} to receiver ` +
              `"${name}", which is not under team "${team}"'s route.`,
            r.urn,
          );
        }
      }

      // A key, by file or by value, serving receivers of two owners.
      const servedBy = new Map<string, Set<string | undefined>>();
      for (const { receiver, team } of owners) {
        for (const key of keysOf(receivers.get(receiver))) {
          for (const id of [key, ...(keyValues.has(key) ? [`key:${keyValues.get(key)}`] : [])]) {
            servedBy.set(id, (servedBy.get(id) ?? new Set()).add(team));
          }
        }
      }
      for (const [id, teams] of servedBy) {
        if (teams.size > 1) {
          const what = id.startsWith("file:") ? `the key file ${id.slice(5)}` : "one PagerDuty key";
          reportViolation(
            `Secret ${r.name}: ${what} pages for ${[...teams].map(ownerName).join(" and ")}: ` +
              "one team's key must never sit in another team's receiver.",
            r.urn,
          );
        }
      }
    }
  },
};
