import { strict as assert } from "assert";
import { readFileSync } from "fs";
import { join } from "path";
import { parse } from "yaml";
import { DEFAULTS, parseSettings } from "../../src/settings/parse";
import { ConfigSource } from "../../src/settings/types";
import { VALID } from "./settings-source";

const ROOT = join(__dirname, "..", "..");
const projectText = readFileSync(join(ROOT, "Pulumi.yaml"), "utf8");
const project = parse(projectText) as { name: string; config: Record<string, { type: string; default?: unknown }> };

/** Every key parseSettings reads, in managed and in external-key mode. */
function keysRead(): Set<string> {
  const read = new Set<string>();
  const recording = (values: Record<string, string>, secret: string[]): ConfigSource => ({
    stack: "dev",
    get: (key) => {
      read.add(key);
      return values[key];
    },
    isSecret: (key) => secret.includes(key),
  });
  parseSettings(
    recording(
      { ...VALID, slackWebhookUrl: "https://hooks.slack.com/x", heartbeatWebhookUrl: "https://hc-ping.com/x" },
      ["slackWebhookUrl", "heartbeatWebhookUrl"],
    ),
  );
  parseSettings(
    recording(
      { runbookBaseUrl: VALID.runbookBaseUrl, pagerdutyIntegrationKey: "a".repeat(32), kubeconfig: "apiVersion: v1" },
      ["pagerdutyIntegrationKey", "kubeconfig"],
    ),
  );
  return read;
}

describe("Pulumi.yaml", () => {
  it("names the project slo-alerting", () => {
    assert.equal(project.name, "slo-alerting");
  });

  it("documents every setting the program reads, in config: or in the comment block", () => {
    const undocumented = [...keysRead()].filter(
      (key) => !(key in project.config) && !new RegExp(`#\\s+${key}\\b`).test(projectText),
    );
    assert.deepEqual(undocumented, []);
  });

  it("declares only settings the program reads", () => {
    const read = keysRead();
    assert.deepEqual(
      Object.keys(project.config).filter((key) => !read.has(key)),
      [],
    );
  });

  it("declares the same defaults as the program applies", () => {
    const defaults = DEFAULTS as Record<string, unknown>;
    for (const [key, schema] of Object.entries(project.config)) {
      if (schema.default === undefined) {
        continue;
      }
      if (schema.default === "") {
        assert.equal(defaults[key], undefined, `${key}: "" means unset, so the program must have no other default`);
        continue;
      }
      assert.deepEqual(schema.default, defaults[key], `default of ${key}`);
    }
  });
});
