import * as pulumi from "@pulumi/pulumi";
import * as runtimeConfig from "@pulumi/pulumi/runtime/config";
import { parseSettings } from "./parse";
import { SecretSetting, Settings } from "./types";

// The SDK exports this (marked internal) and the typings omit it. Without it
// the plain-text check is skipped rather than the program broken.
const isConfigSecret = (runtimeConfig as unknown as { isConfigSecret?: (fullKey: string) => boolean }).isConfigSecret;

/** The stack's settings, validated before anything is created. */
export function readSettings(): Settings {
  const project = pulumi.getProject();
  return parseSettings({
    stack: pulumi.getStack(),
    get: (key) => runtimeConfig.getConfig(`${project}:${key}`),
    isSecret: (key) => (isConfigSecret ? isConfigSecret(`${project}:${key}`) : true),
  });
}

/** A secret setting that readSettings found set, read only as a Pulumi secret. */
export function readSecret(key: SecretSetting): pulumi.Output<string> {
  return new pulumi.Config().requireSecret(key).apply((v) => v.trim());
}
