import { ofType, onlyOfType, ProgramRun } from "./program";
import { isRpcSecret, unwrapSecrets } from "./secrets";

/** The alertmanager.yml the program put in its Secret, and whether it arrived as a secret. */
export function alertmanagerYaml(run: ProgramRun): { text: string; wasSecret: boolean } {
  const secret = onlyOfType(run, "kubernetes:core/v1:Secret");
  const stringData = secret.inputs.stringData as Record<string, unknown> | undefined;
  const raw =
    stringData?.["alertmanager.yml"] ??
    (isRpcSecret(stringData) ? (stringData.value as Record<string, unknown>)["alertmanager.yml"] : undefined);
  const text = unwrapSecrets(raw);
  if (typeof text !== "string") {
    throw new Error("the Alertmanager Secret holds no alertmanager.yml");
  }
  return { text, wasSecret: isRpcSecret(raw) || isRpcSecret(stringData) };
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
