import { durationMs } from "./duration";
import { SettingProblem } from "./errors";
import { ConfigSource } from "./types";

const LOOPBACK_HOSTS = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/;

/**
 * Typed reads of raw settings that record a problem instead of throwing, so
 * that every mistake in a stack is reported in one message.
 */
export class SettingReader {
  readonly problems: SettingProblem[] = [];

  constructor(readonly source: ConfigSource) {}

  fail(setting: string, problem: string, fix: string): void {
    this.problems.push({ setting, problem, fix });
  }

  private setCommand(key: string, example: string, secret = false): string {
    const value = /[\s"'$`\\]/.test(example) ? `'${example}'` : example;
    return `pulumi config set ${secret ? "--secret " : ""}${key} ${value} --stack ${this.source.stack}`;
  }

  fixWith(key: string, example: string, secret = false): string {
    return `run \`${this.setCommand(key, example, secret)}\``;
  }

  /** The raw value, with blank treated as unset: `pulumi config set k ""` means "no value". */
  raw(key: string): string | undefined {
    const value = this.source.get(key);
    return value === undefined || value.trim() === "" ? undefined : value.trim();
  }

  string(key: string, fallback: string, pattern?: { regex: RegExp; what: string; example: string }): string {
    const value = this.raw(key) ?? fallback;
    if (pattern && !pattern.regex.test(value)) {
      this.fail(key, `"${value}" is not ${pattern.what}`, this.fixWith(key, pattern.example));
    }
    return value;
  }

  optionalString(key: string): string | undefined {
    return this.raw(key);
  }

  required(key: string, example: string, why: string): string {
    const value = this.raw(key);
    if (value === undefined) {
      this.fail(key, `is required: ${why}`, this.fixWith(key, example));
      return example;
    }
    return value;
  }

  integer(key: string, fallback: number, min: number, max = Number.MAX_SAFE_INTEGER): number {
    const text = this.raw(key);
    if (text === undefined) {
      return fallback;
    }
    const value = Number(text);
    if (!/^-?\d+$/.test(text) || !Number.isSafeInteger(value) || value < min || value > max) {
      const range =
        max === Number.MAX_SAFE_INTEGER ? `a whole number >= ${min}` : `a whole number from ${min} to ${max}`;
      this.fail(key, `"${text}" is not ${range}`, this.fixWith(key, String(fallback)));
      return fallback;
    }
    return value;
  }

  boolean(key: string, fallback: boolean): boolean {
    const text = this.raw(key);
    if (text === undefined) {
      return fallback;
    }
    if (text !== "true" && text !== "false") {
      this.fail(key, `"${text}" is not true or false`, this.fixWith(key, String(fallback)));
      return fallback;
    }
    return text === "true";
  }

  oneOf<T extends string>(key: string, allowed: readonly T[], fallback: T): T {
    const text = this.raw(key) ?? fallback;
    if (!(allowed as readonly string[]).includes(text)) {
      this.fail(key, `"${text}" is not one of ${allowed.join(", ")}`, this.fixWith(key, fallback));
      return fallback;
    }
    return text as T;
  }

  /** A positive Prometheus duration such as `30s` or `4h`. */
  duration(key: string, fallback: string): string {
    const text = this.raw(key) ?? fallback;
    const ms = durationMs(text);
    if (ms === undefined || ms <= 0) {
      this.fail(key, `"${text}" is not a positive duration like 30s, 5m or 4h`, this.fixWith(key, fallback));
      return fallback;
    }
    return text;
  }

  stringList(key: string, fallback: string[]): string[] {
    const text = this.raw(key);
    if (text === undefined) {
      return fallback;
    }
    const parsed = parseJson(text);
    if (!Array.isArray(parsed) || parsed.length === 0 || !parsed.every((v) => typeof v === "string" && v !== "")) {
      this.fail(
        key,
        `${JSON.stringify(text)} is not a non-empty list of names`,
        `run \`pulumi config set --path '${key}[0]' ${fallback[0]} --stack ${this.source.stack}\` for each item, or edit Pulumi.${this.source.stack}.yaml`,
      );
      return fallback;
    }
    return parsed as string[];
  }

  /** A structured setting, parsed from the JSON text Pulumi keeps for `--path` values. */
  object(key: string): unknown {
    const text = this.raw(key);
    if (text === undefined) {
      return undefined;
    }
    const parsed = parseJson(text);
    if (parsed === undefined) {
      this.fail(
        key,
        "is not structured YAML/JSON",
        `set it with \`pulumi config set --path '${key}.<field>' <value> --stack ${this.source.stack}\` or edit Pulumi.${this.source.stack}.yaml`,
      );
    }
    return parsed;
  }

  /**
   * An https URL; plain http only for loopback, where the tests run stand-ins.
   * The value is never echoed when it is a secret.
   */
  url(key: string, fallback: string | undefined, opts: { secret: boolean; example: string }): string | undefined {
    const text = this.raw(key) ?? fallback;
    if (text === undefined) {
      return undefined;
    }
    if (opts.secret && !this.source.isSecret(key)) {
      this.fail(key, "is stored in plain text but holds a secret", this.fixWith(key, opts.example, true));
    }
    const shown = opts.secret ? "the value" : `"${text}"`;
    let parsed: URL;
    try {
      parsed = new URL(text);
    } catch {
      this.fail(key, `${shown} is not a URL`, this.fixWith(key, opts.example, opts.secret));
      return text;
    }
    const loopback = LOOPBACK_HOSTS.test(parsed.hostname);
    if (parsed.protocol !== "https:" && !(parsed.protocol === "http:" && loopback)) {
      this.fail(
        key,
        `${shown} must use https (plain http is accepted only for loopback test receivers)`,
        this.fixWith(key, opts.example, opts.secret),
      );
    }
    return text;
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
