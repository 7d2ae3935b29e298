import { parse } from "yaml";
import { ALERTMANAGER_CONFIG_FILE, asArray, asObject, filesOf, isObject, Props, TYPES, whenKnown } from "./resources";

/** A credential value and what to call it in a message: never the value itself. */
export interface Credential {
  value: string;
  what: string;
}

// Shorter strings would match by accident; real keys and webhook URLs are far longer.
const MIN_LENGTH = 16;

function add(found: Credential[], value: unknown, what: string): void {
  if (typeof value === "string" && value.length >= MIN_LENGTH && !found.some((c) => c.value === value)) {
    found.push({ value, what });
  }
}

/** Where a `*_file` option points, by the file's name (the Secret's key mounted there). */
type FileRefs = Map<string, string>;

function addFile(files: FileRefs, path: unknown, what: string): void {
  if (typeof path === "string" && path !== "") {
    files.set(path.split("/").pop() ?? path, what);
  }
}

/**
 * The credentials an alertmanager.yml carries: PagerDuty keys, the Slack
 * webhook, generic webhook URLs; inline, or named through `*_file` options
 * (returned in `files`, to be read from the Secrets that hold them).
 */
function credentialsInConfig(text: string, files: FileRefs): Credential[] {
  const found: Credential[] = [];
  const config = asObject(parse(text));
  addFile(files, asObject(config.global).slack_api_url_file, "the global Slack webhook URL");
  add(found, asObject(config.global).slack_api_url, "the global Slack webhook URL");
  for (const receiver of asArray(config.receivers).filter(isObject)) {
    const name = String(receiver.name);
    for (const pd of asArray(receiver.pagerduty_configs).map(asObject)) {
      add(found, pd.routing_key, `the PagerDuty key of receiver "${name}"`);
      add(found, pd.service_key, `the PagerDuty key of receiver "${name}"`);
      addFile(files, pd.routing_key_file, `the PagerDuty key of receiver "${name}"`);
      addFile(files, pd.service_key_file, `the PagerDuty key of receiver "${name}"`);
    }
    for (const slack of asArray(receiver.slack_configs).map(asObject)) {
      add(found, slack.api_url, `the Slack webhook URL of receiver "${name}"`);
      addFile(files, slack.api_url_file, `the Slack webhook URL of receiver "${name}"`);
    }
    for (const hook of asArray(receiver.webhook_configs).map(asObject)) {
      add(found, hook.url, `the webhook URL of receiver "${name}"`);
      addFile(files, hook.url_file, `the webhook URL of receiver "${name}"`);
    }
  }
  return found;
}

/**
 * Every credential the stack hands out: the keys of PagerDuty integrations and
 * what the Alertmanager configs in Secrets carry. Values still unknown (a key
 * not created yet during preview) cannot be anywhere else either, so they are
 * skipped.
 */
export function stackCredentials(resources: Props[]): Credential[] {
  const found: Credential[] = [];
  const files: FileRefs = new Map();
  const secretFiles: Array<Record<string, string>> = [];
  for (const r of resources) {
    if (r.type === TYPES.integration) {
      add(
        found,
        whenKnown(() => r.props.integrationKey, undefined),
        `the key of PagerDuty integration ${r.name}`,
      );
    }
    if (r.type === TYPES.secret) {
      const known = whenKnown(() => ({ ...filesOf(r.props, r.type) }), undefined);
      if (known !== undefined) {
        secretFiles.push(known);
      }
      const config = known?.[ALERTMANAGER_CONFIG_FILE];
      for (const c of config === undefined ? [] : credentialsInConfig(config, files)) {
        add(found, c.value, c.what);
      }
    }
  }
  for (const [file, what] of files) {
    for (const known of secretFiles) {
      add(found, known[file], what);
    }
  }
  return found;
}
