import { SpecOrigin } from "./model";

/** One problem in one field of one spec document, phrased with what is allowed. */
export interface SpecProblem {
  file: string;
  /** `kind "name"` of the document, or `document N` before its kind is known. */
  document: string;
  /** Dotted path inside the document, e.g. `spec.objectives[0].target`. */
  field: string;
  problem: string;
}

/** Every spec problem at once, so a user fixes them in one round; thrown before any resource exists. */
export class SpecError extends Error {
  constructor(readonly problems: SpecProblem[]) {
    super(
      [
        `slo-alerting: ${problems.length} problem(s) in the SLO specs; nothing was created.`,
        ...problems.map((p) => `  - ${p.file}: ${p.document}: ${p.field}: ${p.problem}`),
      ].join("\n"),
    );
    this.name = "SpecError";
  }
}

export function documentLabel(origin: Pick<SpecOrigin, "kind" | "name">): string {
  return `${origin.kind} "${origin.name}"`;
}

/** Collects problems; `throwIfAny` ends a read. */
export class Problems {
  readonly list: SpecProblem[] = [];

  /** A document read twice (an SLI checked alone and through its SLO) reports each problem once. */
  add(file: string, document: string, field: string, problem: string): void {
    const p = { file, document, field, problem };
    if (!this.list.some((q) => JSON.stringify(q) === JSON.stringify(p))) {
      this.list.push(p);
    }
  }

  throwIfAny(): void {
    if (this.list.length > 0) {
      // By file, in the order found within a file: the order a user fixes them in.
      throw new SpecError([...this.list].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0)));
    }
  }
}
