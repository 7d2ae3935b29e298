import { strict as assert } from "assert";
import { renderDashboards } from "../../src/dashboards/render";
import { schemaProblems } from "./schema-check";
import { CONTEXT, exampleSlos } from "./support";

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe("dashboard JSON against @grafana/schema", function () {
  this.timeout(120_000);
  const files = renderDashboards(exampleSlos(), CONTEXT);
  const texts = Object.fromEntries(files.map((f) => [f.fileName, f.json]));

  it("holds every rendered dashboard and every panel's options", () => {
    assert.deepEqual(schemaProblems(texts), []);
  });

  it("reports an unknown field, a missing required one and a value outside an enum", () => {
    const misspelt = JSON.parse(texts["slo-overview.json"]) as Json;
    misspelt.panels[0].gridpos = misspelt.panels[0].gridPos;
    const unversioned = JSON.parse(texts["slo-overview.json"]) as Json;
    delete unversioned.schemaVersion;
    const rainbow = JSON.parse(texts["slo-team-sre.json"]) as Json;
    const index = rainbow.panels.findIndex((p: Json) => p.type === "stat");
    rainbow.panels[index].options.colorMode = "rainbow";
    const problems = schemaProblems({
      "misspelt.json": JSON.stringify(misspelt),
      "unversioned.json": JSON.stringify(unversioned),
      "rainbow.json": JSON.stringify(rainbow),
    });
    const text = problems.map((p) => `${p.at}: ${p.message}`).join("\n");
    assert.match(text, /misspelt\.json: dashboard: [^\n]*'"gridpos"' does not exist/);
    assert.match(text, /unversioned\.json: dashboard: [^\n]*'schemaVersion' is missing/);
    assert.match(text, /rainbow\.json: panel \d+ "[^"]+" \(stat\) options: [^\n]*'"rainbow"' is not assignable/);
    assert.equal(problems.length, 3, text);
  });

  it("reports a panel type the check has no schema for", () => {
    const overview = JSON.parse(texts["slo-overview.json"]) as Json;
    overview.panels[0].type = "graph";
    const problems = schemaProblems({ "overview.json": JSON.stringify(overview) });
    assert.equal(problems.length, 1, JSON.stringify(problems));
    assert.match(problems[0].at, /\(graph\) options/);
  });
});
