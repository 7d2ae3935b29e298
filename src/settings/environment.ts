import { SettingReader } from "./reader";

const KEY = "environmentSelector";
const EXAMPLE = 'namespace="prod"';
// One PromQL label matcher: a label name, an operator and a double-quoted value.
const MATCHER = String.raw`[a-zA-Z_][a-zA-Z0-9_]*\s*(?:=~|!~|!=|=)\s*"(?:[^"\\]|\\.)*"`;
const MATCHERS = new RegExp(String.raw`^\s*${MATCHER}(?:\s*,\s*${MATCHER})*\s*$`);

/**
 * `environmentSelector`: label matchers added to every series the alerts
 * read. Unset reads every environment's series; set, it must hold at least
 * one matcher, since an empty one would silently mix dev and prod again.
 */
export function parseEnvironmentSelector(r: SettingReader): string | undefined {
  const text = r.source.get(KEY);
  if (text === undefined) {
    return undefined;
  }
  const value = text
    .trim()
    .replace(/^\{(.*)\}$/s, "$1")
    .trim();
  if (value === "") {
    r.fail(
      KEY,
      "is set but empty: it would select every environment",
      `${r.fixWith(KEY, EXAMPLE)}, or remove it with \`pulumi config rm ${KEY} --stack ${r.source.stack}\``,
    );
    return undefined;
  }
  if (!MATCHERS.test(value)) {
    r.fail(
      KEY,
      `"${value}" is not a list of PromQL label matchers such as ${EXAMPLE} or cluster="eu-1",namespace=~"prod|prod-canary"`,
      r.fixWith(KEY, EXAMPLE),
    );
    return undefined;
  }
  return value;
}
