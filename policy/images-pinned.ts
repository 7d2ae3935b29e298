import { ResourceValidationPolicy } from "@pulumi/policy";
import { asArray, asObject, WORKLOAD_TYPES } from "./lib/resources";

const DIGEST = /^sha256:[a-f0-9]{64}$/;

/** Why an image reference can move under us, or undefined when it cannot. */
function unpinnedBecause(image: string): string | undefined {
  const at = image.indexOf("@");
  if (at >= 0) {
    return DIGEST.test(image.slice(at + 1)) ? undefined : "its digest is not @sha256:<64 hex digits>";
  }
  // A registry port (`host:5000/name`) is not a tag: only the last path segment can carry one.
  const lastSegment = image.slice(image.lastIndexOf("/") + 1);
  const colon = lastSegment.lastIndexOf(":");
  if (colon < 0) {
    return "it has no tag, which means latest";
  }
  return lastSegment.slice(colon + 1) === "latest" ? "latest moves with every release" : undefined;
}

export const imagesPinned: ResourceValidationPolicy = {
  name: "images-pinned",
  description:
    "Alertmanager (like every workload of the stack) runs a pinned image: a version tag other than latest, or a sha256 digest.",
  remediationSteps:
    "Set alertmanagerImage to a released version, e.g. `pulumi config set alertmanagerImage quay.io/prometheus/alertmanager:v0.27.0`.",
  validateResource: (args, reportViolation) => {
    if (!WORKLOAD_TYPES.includes(args.type)) {
      return;
    }
    const pod = asObject(asObject(asObject(args.props.spec).template).spec);
    for (const container of [...asArray(pod.initContainers), ...asArray(pod.containers)]) {
      const { name, image } = asObject(container);
      const why = unpinnedBecause(String(image ?? ""));
      if (why !== undefined) {
        reportViolation(
          `container "${String(name)}" runs image "${String(image)}", which is not pinned: ${why}. ` +
            "An unpinned image changes what pages on-call without a diff anyone reviewed.",
        );
      }
    }
  },
};
