import { Problems } from "./problems";

type Json = Record<string, unknown>;

/** Typed reads inside one spec document that record a problem (with its field path) instead of throwing. */
export class DocReader {
  constructor(
    readonly problems: Problems,
    readonly file: string,
    public document: string,
  ) {}

  fail(field: string, problem: string): void {
    this.problems.add(this.file, this.document, field, problem);
  }

  /** A mapping with only the `allowed` keys; unknown keys are refused, naming what is allowed. */
  object(value: unknown, path: string, allowed: readonly string[]): Json | undefined {
    if (value === null || typeof value !== "object" || Array.isArray(value)) {
      this.fail(path, `must be a mapping with fields ${allowed.join(", ")}`);
      return undefined;
    }
    for (const key of Object.keys(value)) {
      if (!allowed.includes(key)) {
        this.fail(join(path, key), `unknown field; allowed here: ${allowed.join(", ")}`);
      }
    }
    return value as Json;
  }

  string(obj: Json, key: string, path: string): string | undefined {
    const value = obj[key];
    if (value === undefined || value === null) {
      return undefined;
    }
    if (typeof value !== "string" || value.trim() === "") {
      this.fail(join(path, key), "must be a non-empty string");
      return undefined;
    }
    return value;
  }

  requiredString(obj: Json, key: string, path: string): string | undefined {
    if (obj[key] === undefined || obj[key] === null) {
      this.fail(join(path, key), "is required (a non-empty string)");
      return undefined;
    }
    return this.string(obj, key, path);
  }

  oneOf<T extends string>(obj: Json, key: string, path: string, allowed: readonly T[]): T | undefined {
    const value = this.string(obj, key, path);
    if (value !== undefined && !(allowed as readonly string[]).includes(value)) {
      this.fail(join(path, key), `"${value}" is not allowed; allowed: ${allowed.join(", ")}`);
      return undefined;
    }
    return value as T | undefined;
  }

  number(obj: Json, key: string, path: string): number | undefined {
    const value = obj[key];
    if (value === undefined || value === null) {
      return undefined;
    }
    if (typeof value !== "number" || !Number.isFinite(value)) {
      this.fail(join(path, key), "must be a number");
      return undefined;
    }
    return value;
  }

  boolean(obj: Json, key: string, path: string): boolean | undefined {
    const value = obj[key];
    if (value === undefined || value === null) {
      return undefined;
    }
    if (typeof value !== "boolean") {
      this.fail(join(path, key), "must be true or false");
      return undefined;
    }
    return value;
  }

  list(obj: Json, key: string, path: string): unknown[] {
    const value = obj[key];
    if (value === undefined || value === null) {
      return [];
    }
    if (!Array.isArray(value)) {
      this.fail(join(path, key), "must be a list");
      return [];
    }
    return value;
  }

  /** Prometheus labels or annotations: names as Prometheus allows them, string values. */
  stringMap(obj: Json, key: string, path: string, what: "label" | "annotation"): Record<string, string> {
    const value = obj[key];
    if (value === undefined || value === null) {
      return {};
    }
    if (typeof value !== "object" || Array.isArray(value)) {
      this.fail(join(path, key), `must be a mapping of ${what} names to strings`);
      return {};
    }
    const out: Record<string, string> = {};
    for (const [name, v] of Object.entries(value as Json)) {
      if (!/^[a-zA-Z_][a-zA-Z0-9_]*$/.test(name) || name.startsWith("__")) {
        this.fail(
          join(join(path, key), name),
          `is not a valid ${what} name ([a-zA-Z_][a-zA-Z0-9_]*, not starting with __)`,
        );
      } else if (typeof v !== "string" && typeof v !== "number" && typeof v !== "boolean") {
        this.fail(join(join(path, key), name), "must be a string");
      } else {
        out[name] = String(v);
      }
    }
    return out;
  }
}

export function join(path: string, key: string | number): string {
  if (typeof key === "number") {
    return `${path}[${key}]`;
  }
  return path === "" ? key : `${path}.${key}`;
}
