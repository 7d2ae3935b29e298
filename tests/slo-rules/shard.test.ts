import { strict as assert } from "assert";
import {
  bucketOf,
  DEFAULT_SHARDING,
  renderSpecRuleFile,
  shardRuleFiles,
  ShardOptions,
} from "../../src/slo-rules/shard";
import { SloModel } from "../../src/specs";
import { CTX, exampleSlos } from "./support";

/** n copies of the example availability SLO under other names. */
function many(n: number, prefix = "svc"): SloModel[] {
  const base = exampleSlos().find((s) => s.name === "checkout-availability")!;
  return Array.from({ length: n }, (_, i) => ({ ...base, name: `${prefix}-${String(i).padStart(4, "0")}` }));
}

function render(slos: SloModel[], options: ShardOptions = DEFAULT_SHARDING): Map<string, string> {
  return new Map(shardRuleFiles(slos, CTX, options).map((f) => [f.shard, f.text]));
}

function changed(before: Map<string, string>, after: Map<string, string>): string[] {
  const keys = new Set([...before.keys(), ...after.keys()]);
  return [...keys].filter((k) => before.get(k) !== after.get(k));
}

describe("sharding of spec SLO rule files", () => {
  it("keeps 1,000 SLOs in files under the object limit, each SLO in exactly one file, the same output on every run", () => {
    const slos = many(1000);
    const files = shardRuleFiles(slos, CTX);
    for (const f of files) {
      assert.ok(Buffer.byteLength(f.text) <= DEFAULT_SHARDING.maxBytes, f.shard);
      assert.equal(f.text, renderSpecRuleFile(f), "the text is the file's groups rendered");
    }
    const groups = files.flatMap((f) => f.groups.map((g) => g.name));
    assert.equal(groups.length, 2000);
    assert.equal(new Set(groups).size, 2000);
    assert.deepEqual(render(slos), render([...slos].reverse()));
  });

  it("adding or removing one SLO changes at most two files, also when buckets run over into a second file", () => {
    // 300 SLOs of about 11 KiB in 8 buckets: some buckets need a second file.
    const small: ShardOptions = { buckets: 8, maxBytes: 300 * 1024 };
    for (const options of [DEFAULT_SHARDING, small]) {
      const slos = many(300);
      const before = render(slos, options);
      if (options === small) {
        assert.ok(
          [...before.keys()].some((k) => k.endsWith("-2")),
          "some bucket runs over",
        );
      }
      for (const name of ["new-a", "svc-0150x", "zzz"]) {
        const extra = { ...slos[0], name };
        const diff = changed(before, render([...slos, extra], options));
        assert.ok(diff.length >= 1 && diff.length <= 2, `${name}: ${diff.join(", ")}`);
      }
      const diff = changed(before, render(slos.slice(1), options));
      assert.ok(diff.length >= 1 && diff.length <= 2, `removal: ${diff.join(", ")}`);
    }
  });

  it("hashes names the same way on every machine (FNV-1a)", () => {
    assert.equal(bucketOf("checkout-availability", 64), bucketOf("checkout-availability", 64));
    assert.deepEqual(
      ["a", "b", "checkout-availability"].map((n) => bucketOf(n, 1 << 30)),
      [0xe40c292c % (1 << 30), 0xe70c2de5 % (1 << 30), bucketOf("checkout-availability", 1 << 30)],
    );
  });

  it("refuses one SLO whose rules alone exceed the limit", () => {
    assert.throws(
      () => shardRuleFiles(many(1), CTX, { buckets: 4, maxBytes: 1000 }),
      /"svc-0000" renders \d+ bytes of rules, over 1000/,
    );
  });
});
