import { strict as assert } from "assert";
import { imagesPinned } from "../../policy/images-pinned";
import { deployment } from "./fixtures";
import { checkResource, Resource } from "./harness";

function withInitContainer(image: string): Resource {
  const d = deployment();
  const spec = ((d.props.spec as Record<string, any>).template as Record<string, any>).spec; // eslint-disable-line @typescript-eslint/no-explicit-any
  spec.initContainers = [{ name: "wait", image }];
  return d;
}

describe("policy images-pinned", () => {
  const pinned: Array<[string, string]> = [
    ["a version tag", "quay.io/prometheus/alertmanager:v0.27.0"],
    ["a registry with a port and a tag", "registry.local:5000/prometheus/alertmanager:v0.27.0"],
    ["a sha256 digest", `quay.io/prometheus/alertmanager@sha256:${"a".repeat(64)}`],
    ["a tag and a digest", `quay.io/prometheus/alertmanager:v0.27.0@sha256:${"0".repeat(64)}`],
  ];
  for (const [what, image] of pinned) {
    it(`accepts ${what}: ${image}`, async () => {
      assert.deepEqual((await checkResource(imagesPinned, deployment({ image }))).violations, []);
    });
  }

  const moving: Array<[string, string, RegExp]> = [
    ["the latest tag", "quay.io/prometheus/alertmanager:latest", /latest moves with every release/],
    ["no tag", "quay.io/prometheus/alertmanager", /it has no tag, which means latest/],
    ["a registry port but no tag", "registry.local:5000/alertmanager", /it has no tag/],
    ["a truncated digest", "quay.io/prometheus/alertmanager@sha256:abc", /its digest is not @sha256/],
  ];
  for (const [what, image, why] of moving) {
    it(`refuses ${what}: ${image}`, async () => {
      const { violations } = await checkResource(imagesPinned, deployment({ image }));
      assert.equal(violations.length, 1);
      assert.match(violations[0], new RegExp(`container "alertmanager" runs image "${image.replace(/[.]/g, "\\.")}"`));
      assert.match(violations[0], why);
    });
  }

  it("checks init containers too", async () => {
    const { violations } = await checkResource(imagesPinned, withInitContainer("busybox"));
    assert.equal(violations.length, 1);
    assert.match(violations[0], /container "wait" runs image "busybox"/);
  });

  it("looks only at workloads", async () => {
    const notAWorkload = { ...deployment({ image: "alertmanager:latest" }), type: "kubernetes:core/v1:Pod" };
    assert.deepEqual((await checkResource(imagesPinned, notAWorkload)).violations, []);
  });
});
