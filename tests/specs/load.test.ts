import { strict as assert } from "assert";
import { assertProblem, problems, project, ratioSli, read, SERVICE, slo } from "./support";
import { readSpecs } from "../../src/specs";

const SHOP = [SERVICE, ratioSli()];

describe("spec file loading", () => {
  it("reads every *.yaml and *.yml under a directory, recursively, and nothing else", () => {
    const models = read({
      "slos/shop.yaml": SHOP,
      "slos/a/one.yml": [slo("shop-one")],
      "slos/a/b/two.yaml": [slo("shop-two")],
      "slos/notes.md": "# not a spec",
      "slos/a/three.json": "{}",
    });
    assert.deepEqual(
      models.map((m) => [m.name, m.origin.file]),
      [
        ["shop-one", "slos/a/one.yml"],
        ["shop-two", "slos/a/b/two.yaml"],
      ],
    );
  });

  it("reads a single file, several entries and globs (* within a directory, ** across)", () => {
    const files = {
      "slos/shop.yaml": SHOP,
      "slos/prod/one.yaml": [slo("shop-one")],
      "slos-dev/two.yaml": [slo("shop-two")],
      "slos-dev/deep/three.yaml": [slo("shop-three")],
    };
    const root = project(files);
    const names = (entries: string[]) => readSpecs(root, entries).map((m) => m.name);
    assert.deepEqual(names(["slos/shop.yaml", "slos/prod/one.yaml"]), ["shop-one"]);
    assert.deepEqual(names(["slos", "slos-dev"]), ["shop-one", "shop-three", "shop-two"]);
    assert.deepEqual(names(["slos/shop.yaml", "slos-dev/*.yaml"]), ["shop-two"]);
    assert.deepEqual(names(["slos/shop.yaml", "slos-dev/**/*.yaml"]), ["shop-three", "shop-two"]);
  });

  it("refuses an entry that matches no file, a path outside the project and a file that is not YAML", () => {
    assertProblem(problems({ "slos/shop.yaml": SHOP }, ["slos", "slos-typo"]), {
      file: "slos-typo",
      field: "sloSpecs",
      problem: /matches no \*\.yaml or \*\.yml file/,
    });
    assertProblem(problems({ "slos/shop.yaml": SHOP }, ["../elsewhere"]), {
      problem: /must be a path inside the project/,
    });
    assertProblem(problems({ "slos/bad.yaml": "a: [1,\n" }), {
      file: "slos/bad.yaml",
      document: "document 1",
      problem: /is not valid YAML/,
    });
  });

  it("refuses specs that define no SLO", () => {
    assert.throws(() => read({ "slos/shop.yaml": SHOP }), /define no SLO/);
  });
});
