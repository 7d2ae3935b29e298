import { asArray, asObject, isObject, Json } from "./resources";

type Op = "=" | "!=" | "=~" | "!~";

interface Matcher {
  name: string;
  op: Op;
  value: string;
}

// Alertmanager's matcher syntax: `name op "value"` (quotes optional), one per list item.
const MATCHER = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*(=~|!~|!=|=)\s*(?:"((?:[^"\\]|\\.)*)"|([^"]*?))\s*$/;

function parseMatcher(text: string): Matcher {
  const m = MATCHER.exec(text);
  if (!m) {
    throw new Error(`cannot read the route matcher ${JSON.stringify(text)}`);
  }
  const value = m[3] !== undefined ? (JSON.parse(`"${m[3]}"`) as string) : (m[4] ?? "");
  return { name: m[1], op: m[2] as Op, value };
}

function test(matcher: Matcher, labels: Record<string, string>): boolean {
  const actual = labels[matcher.name] ?? "";
  switch (matcher.op) {
    case "=":
      return actual === matcher.value;
    case "!=":
      return actual !== matcher.value;
    case "=~":
      return new RegExp(`^(?:${matcher.value})$`).test(actual);
    case "!~":
      return !new RegExp(`^(?:${matcher.value})$`).test(actual);
  }
}

/** The team a route selects, when one of its matchers is `team="<name>"`. */
export function routeTeam(route: Json): string | undefined {
  return matchersOf(route).find((m) => m.name === "team" && m.op === "=")?.value;
}

/** A route's matchers in all three spellings Alertmanager accepts: `matchers`, and the older `match` and `match_re`. */
export function matchersOf(route: Json): Matcher[] {
  return [
    ...asArray(route.matchers).map((m) => parseMatcher(String(m))),
    ...Object.entries(asObject(route.match)).map(([name, value]) => ({ name, op: "=" as Op, value: String(value) })),
    ...Object.entries(asObject(route.match_re)).map(([name, value]) => ({
      name,
      op: "=~" as Op,
      value: String(value),
    })),
  ];
}

function walk(route: Json, labels: Record<string, string>, inherited: string | undefined): string[] {
  const receiver = typeof route.receiver === "string" ? route.receiver : inherited;
  const found: string[] = [];
  for (const child of asArray(route.routes).filter(isObject)) {
    if (!matchersOf(child).every((m) => test(m, labels))) {
      continue;
    }
    found.push(...walk(child, labels, receiver));
    if (child.continue !== true) {
      break;
    }
  }
  if (found.length > 0) {
    return found;
  }
  return receiver === undefined ? [] : [receiver];
}

/**
 * The receivers Alertmanager would notify for an alert with these labels:
 * depth-first, first matching child wins unless it says `continue`, a route
 * without a receiver inherits its parent's, and the root matches everything.
 * Throws on a matcher it cannot read rather than guessing.
 */
export function receiversFor(config: Json, labels: Record<string, string>): string[] {
  return walk(asObject(config.route), labels, undefined);
}

/**
 * Every receiver of the tree with the team whose route (a `team="<name>"`
 * matcher) it sits under; receivers outside any team's route belong to the
 * default team (`undefined`).
 */
export function receiverOwners(config: Json): Array<{ receiver: string; team: string | undefined }> {
  const found: Array<{ receiver: string; team: string | undefined }> = [];
  const visit = (route: Json, team: string | undefined): void => {
    const own = routeTeam(route) ?? team;
    if (typeof route.receiver === "string") {
      found.push({ receiver: route.receiver, team: own });
    }
    asArray(route.routes)
      .filter(isObject)
      .forEach((child) => visit(child, own));
  };
  visit(asObject(config.route), undefined);
  return found;
}
