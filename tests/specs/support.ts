import { strict as assert } from "assert";
import { mkdirSync, mkdtempSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { dirname, join } from "path";
import { stringify } from "yaml";
import { readSpecs, SloModel, SpecError } from "../../src/specs";
import { SpecProblem } from "../../src/specs/problems";

/** A project root holding the files (path → documents, written as one multi-document YAML file). */
export function project(files: Record<string, unknown[] | string>): string {
  const root = mkdtempSync(join(tmpdir(), "slo-specs-"));
  for (const [path, docs] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    const text = typeof docs === "string" ? docs : docs.map((d) => stringify(d, { lineWidth: 0 })).join("---\n");
    writeFileSync(join(root, path), text);
  }
  return root;
}

export function read(files: Record<string, unknown[] | string>, entries = ["slos"]): SloModel[] {
  return readSpecs(project(files), entries);
}

/** The problems a read reports; fails when it succeeds. */
export function problems(files: Record<string, unknown[] | string>, entries = ["slos"]): SpecProblem[] {
  try {
    read(files, entries);
  } catch (error) {
    assert.ok(error instanceof SpecError, String(error));
    return error.problems;
  }
  assert.fail("the specs were accepted");
}

/** Asserts one problem names this file, document and field, and says `words`. */
export function assertProblem(
  list: SpecProblem[],
  expected: Partial<Omit<SpecProblem, "problem">> & { problem: RegExp },
): void {
  const found = list.find(
    (p) =>
      (expected.file === undefined || p.file === expected.file) &&
      (expected.document === undefined || p.document === expected.document) &&
      (expected.field === undefined || p.field === expected.field) &&
      expected.problem.test(p.problem),
  );
  assert.ok(
    found,
    `no problem like ${JSON.stringify({ ...expected, problem: String(expected.problem) })} in\n${JSON.stringify(list, null, 1)}`,
  );
}

const source = (query: string) => ({ metricSource: { type: "Prometheus", spec: { query } } });

export const SERVICE = { apiVersion: "openslo/v1", kind: "Service", metadata: { name: "shop" }, spec: {} };

export function ratioSli(name = "shop-errors", extra: Record<string, unknown> = {}) {
  return {
    apiVersion: "openslo/v1",
    kind: "SLI",
    metadata: { name },
    spec: {
      ratioMetric: {
        counter: true,
        bad: source('http_requests_total{job="shop",code=~"5.."}'),
        total: source('http_requests_total{job="shop"}'),
        ...extra,
      },
    },
  };
}

export function slo(
  name = "shop-availability",
  spec: Record<string, unknown> = {},
  metadata: Record<string, unknown> = {},
) {
  return {
    apiVersion: "openslo/v1",
    kind: "SLO",
    metadata: { name, ...metadata },
    spec: {
      service: "shop",
      indicatorRef: "shop-errors",
      timeWindow: [{ duration: "30d", isRolling: true }],
      budgetingMethod: "Occurrences",
      objectives: [{ target: 0.999 }],
      ...spec,
    },
  };
}

export { source };
