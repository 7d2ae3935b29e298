import { stringify } from "yaml";
import { CONFIG_FILE } from "../kubernetes/manifests";
import { MockedRun, unwrapSecrets } from "./run";

const RULE_FILE = /\.rules\.ya?ml$/;
const DASHBOARD_FILE = /\.json$/;

type Json = Record<string, unknown>;

function obj(value: unknown): Json {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Json) : {};
}

/** The file name of a manifest: kind and name, as `kubectl get` would list them. */
function manifestName(manifest: Json, resourceName: string): string {
  const kind = String(manifest.kind ?? "Object").toLowerCase();
  const name = String(obj(manifest.metadata).name ?? resourceName);
  return `manifests/${kind}-${name}.yaml`;
}

/** A manifest with apiVersion, kind and metadata first, as people write them. */
function ordered(manifest: Json): Json {
  const { apiVersion, kind, metadata, ...rest } = manifest;
  return { apiVersion, kind, metadata, ...rest };
}

/**
 * The files a reviewer and the tools need, by path under out/<stack>/:
 * alertmanager.yml as the Alertmanager Secret holds it, every Prometheus rule
 * file of the rule ConfigMaps under rules/, every Grafana dashboard under
 * dashboards/, and every Kubernetes object the program creates under manifests/.
 */
export function filesOf(run: MockedRun): Record<string, string> {
  const files: Record<string, string> = {};
  for (const r of run.resources.filter((x) => x.type.startsWith("kubernetes:") && !x.read)) {
    const manifest = unwrapSecrets(r.inputs) as Json;
    files[manifestName(manifest, r.name)] = stringify(ordered(manifest), { lineWidth: 0 });
    const data = obj(r.type === "kubernetes:core/v1:Secret" ? manifest.stringData : manifest.data);
    for (const [name, content] of Object.entries(data)) {
      if (r.type === "kubernetes:core/v1:Secret" && name === CONFIG_FILE) {
        files[CONFIG_FILE] = String(content);
      } else if (r.type === "kubernetes:core/v1:ConfigMap" && RULE_FILE.test(name)) {
        files[`rules/${name}`] = String(content);
      } else if (r.type === "kubernetes:core/v1:ConfigMap" && DASHBOARD_FILE.test(name)) {
        // For people who import dashboards by hand: the JSON Grafana's sidecar would load.
        files[`dashboards/${name}`] = String(content);
      }
    }
  }
  if (files[CONFIG_FILE] === undefined) {
    throw new Error(`the program created no Secret holding ${CONFIG_FILE}`);
  }
  if (!Object.keys(files).some((f) => f.startsWith("rules/"))) {
    throw new Error("the program created no rule ConfigMap");
  }
  return files;
}
