import { ofType, ProgramRun, RecordedResource } from "./program";
import { isRpcSecret, unwrapSecrets } from "./secrets";

const SECRET = "kubernetes:core/v1:Secret";

/** A Secret's stringData entry as recorded, secret wrappers kept. */
function rawEntry(secret: RecordedResource, file: string): unknown {
  const stringData = secret.inputs.stringData as Record<string, unknown> | undefined;
  return (
    stringData?.[file] ?? (isRpcSecret(stringData) ? (stringData.value as Record<string, unknown>)[file] : undefined)
  );
}

function secretNamed(run: ProgramRun, name: string): RecordedResource {
  const found = ofType(run, SECRET).find((s) => s.name === name);
  if (!found) {
    throw new Error(`the program created no Secret ${name}`);
  }
  return found;
}

/** The alertmanager.yml the program put in its config Secret, and whether it arrived as a secret. */
export function alertmanagerYaml(run: ProgramRun): { text: string; wasSecret: boolean } {
  const secret = secretNamed(run, "alertmanager-config");
  const raw = rawEntry(secret, "alertmanager.yml");
  const text = unwrapSecrets(raw);
  if (typeof text !== "string") {
    throw new Error("the Alertmanager Secret holds no alertmanager.yml");
  }
  return { text, wasSecret: isRpcSecret(raw) || isRpcSecret(secret.inputs.stringData) };
}

/** The credential files the program put in its credentials Secret, and whether they arrived as a secret. */
export function credentialFiles(run: ProgramRun): { files: Record<string, string>; wasSecret: boolean } {
  const secret = secretNamed(run, "alertmanager-credentials");
  const files = unwrapSecrets(secret.inputs.stringData) as Record<string, string>;
  return { files, wasSecret: isRpcSecret(secret.inputs.stringData) };
}

/** Every rule file the program put in its ConfigMaps, by file name. */
export function ruleFiles(run: ProgramRun): Record<string, string> {
  const files: Record<string, string> = {};
  for (const cm of ofType(run, "kubernetes:core/v1:ConfigMap")) {
    for (const [name, content] of Object.entries((cm.inputs.data ?? {}) as Record<string, string>)) {
      if (name.endsWith(".rules.yml")) {
        files[name] = content;
      }
    }
  }
  if (Object.keys(files).length === 0) {
    throw new Error("the program created no rule ConfigMap");
  }
  return files;
}

/** Every Grafana dashboard the program put in its ConfigMaps, by file name. */
export function dashboardFiles(run: ProgramRun): Record<string, string> {
  const files: Record<string, string> = {};
  for (const cm of ofType(run, "kubernetes:core/v1:ConfigMap")) {
    for (const [name, content] of Object.entries((cm.inputs.data ?? {}) as Record<string, string>)) {
      if (name.endsWith(".json")) {
        files[name] = content;
      }
    }
  }
  return files;
}
