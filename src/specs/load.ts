import { existsSync, readdirSync, readFileSync, statSync } from "fs";
import { isAbsolute, join, relative, resolve, sep } from "path";
import { parseAllDocuments } from "yaml";
import { Problems } from "./problems";

/** One YAML document of a spec file, with where it came from. */
export interface SpecDocument {
  /** Relative to the project root, as errors show it. */
  file: string;
  /** 1-based position in the file, for documents without a usable kind or name. */
  index: number;
  value: unknown;
}

const SPEC_FILE = /\.ya?ml$/;
const GLOB_CHARS = /[*?[]/;

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    .flatMap((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        return walk(path);
      }
      return entry.isFile() && SPEC_FILE.test(entry.name) ? [path] : [];
    });
}

/** `*` and `?` stay inside one directory; `**` crosses directories. */
function globRegex(pattern: string): RegExp {
  let out = "";
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === "*" && pattern[i + 1] === "*") {
      out += pattern[i + 2] === "/" ? "(?:.*/)?" : ".*";
      i += pattern[i + 2] === "/" ? 2 : 1;
    } else if (c === "*") {
      out += "[^/]*";
    } else if (c === "?") {
      out += "[^/]";
    } else {
      out += c.replace(/[.+^${}()|\\\]]/g, "\\$&");
    }
  }
  return new RegExp(`^${out}$`);
}

function expandGlob(root: string, pattern: string): string[] {
  const parts = pattern.split("/");
  const fixed = parts
    .slice(
      0,
      parts.findIndex((p) => GLOB_CHARS.test(p)),
    )
    .join("/");
  const base = resolve(root, fixed === "" ? "." : fixed);
  if (!existsSync(base) || !statSync(base).isDirectory()) {
    return [];
  }
  const regex = globRegex(pattern);
  return walk(base).filter((file) => regex.test(relative(root, file).split(sep).join("/")));
}

/**
 * The spec files a `sloSpecs` entry names: a file, a directory (every
 * `*.yaml`/`*.yml` under it) or a glob, relative to `root`. A path that
 * matches nothing is a problem, not an empty list: a typo must not deploy
 * a stack without its SLOs.
 */
export function specFiles(root: string, entries: readonly string[], problems: Problems): string[] {
  const files = new Set<string>();
  for (const entry of entries) {
    if (isAbsolute(entry) || entry.split("/").includes("..")) {
      problems.add(entry, "-", "sloSpecs", "must be a path inside the project (relative, without ..)");
      continue;
    }
    const path = resolve(root, entry);
    let found: string[];
    if (GLOB_CHARS.test(entry)) {
      found = expandGlob(root, entry);
    } else if (existsSync(path) && statSync(path).isDirectory()) {
      found = walk(path);
    } else {
      found = existsSync(path) ? [path] : [];
    }
    if (found.length === 0) {
      problems.add(entry, "-", "sloSpecs", "matches no *.yaml or *.yml file (give a file, a directory or a glob)");
    }
    found.forEach((f) => files.add(f));
  }
  return [...files].sort();
}

/** Every YAML document of the files; a file that is not YAML is a problem naming its line. */
export function readDocuments(root: string, files: readonly string[], problems: Problems): SpecDocument[] {
  return files.flatMap((path) => {
    const file = relative(root, path).split(sep).join("/");
    const docs = parseAllDocuments(readFileSync(path, "utf8"));
    const list = Array.isArray(docs) ? docs : [docs];
    return list.flatMap((doc, i) => {
      if (doc.errors.length > 0) {
        const error = doc.errors[0];
        problems.add(file, `document ${i + 1}`, "-", `is not valid YAML: ${error.message.split("\n")[0]}`);
        return [];
      }
      const value = doc.toJS() as unknown;
      return value === null || value === undefined ? [] : [{ file, index: i + 1, value }];
    });
  });
}
