import { ProgramRun } from "./program";
import { isRpcSecret } from "./secrets";

function key(type: string, name: string): string {
  return `${type}::${name}`;
}

function segment(name: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(name) ? `.${name}` : `[${JSON.stringify(name)}]`;
}

/** Leaf paths where `a` and `b` differ; a value that turned secret or plain counts as a change. */
function changedPaths(a: unknown, b: unknown, path: string): string[] {
  if (isRpcSecret(a) !== isRpcSecret(b)) {
    return [`${path} (secret ${isRpcSecret(a) ? "→ plain" : "← plain"})`];
  }
  if (isRpcSecret(a) && isRpcSecret(b)) {
    return changedPaths(a.value, b.value, path);
  }
  const bothObjects = typeof a === "object" && a !== null && typeof b === "object" && b !== null;
  if (!bothObjects || Array.isArray(a) !== Array.isArray(b)) {
    return JSON.stringify(a) === JSON.stringify(b) ? [] : [path];
  }
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  return keys.flatMap((k) =>
    changedPaths((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${path}${segment(k)}`),
  );
}

/**
 * What `pulumi preview` would see change between two runs of the program:
 * `+ type::name` / `- type::name` for added or removed resources, and
 * `type::name $.path` for every input that differs.
 */
export function graphDiff(before: ProgramRun, after: ProgramRun): string[] {
  const index = (run: ProgramRun) => new Map(run.resources.map((r) => [key(r.type, r.name), r.inputs]));
  const a = index(before);
  const b = index(after);
  const changes: string[] = [];
  for (const [id, inputs] of a) {
    if (!b.has(id)) {
      changes.push(`- ${id}`);
    } else {
      changes.push(...changedPaths(inputs, b.get(id), "$").map((p) => `${id} ${p}`));
    }
  }
  for (const id of b.keys()) {
    if (!a.has(id)) {
      changes.push(`+ ${id}`);
    }
  }
  return changes.sort();
}
