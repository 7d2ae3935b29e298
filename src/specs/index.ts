import { readDocuments, SpecDocument, specFiles } from "./load";
import { SloModel } from "./model";
import { readOpenSlo } from "./openslo";
import { Problems } from "./problems";
import { readSloth, SLOTH_VERSION } from "./sloth";

export { SloModel } from "./model";
export { SpecError } from "./problems";

function isSloth(doc: SpecDocument): boolean {
  return typeof doc.value === "object" && doc.value !== null && "version" in doc.value;
}

/**
 * The SLOs of the spec files (OpenSLO openslo/v1 and Sloth prometheus/v1,
 * mixed freely), validated as a whole: every problem of every file is
 * collected and thrown once as a SpecError, before the program creates
 * anything.
 */
export function readSpecs(root: string, entries: readonly string[]): SloModel[] {
  const problems = new Problems();
  const docs = readDocuments(root, specFiles(root, entries, problems), problems);
  const sloth = docs.filter(isSloth);
  for (const doc of sloth) {
    const version = (doc.value as Record<string, unknown>).version;
    if (version !== SLOTH_VERSION) {
      problems.add(
        doc.file,
        `document ${doc.index}`,
        "version",
        `"${String(version)}" is not supported; allowed: ${SLOTH_VERSION} (Sloth's Kubernetes CRD sloth.slok.dev/v1 is not read)`,
      );
    }
  }
  const slos = [
    ...readOpenSlo(
      docs.filter((d) => !isSloth(d)),
      problems,
    ),
    ...sloth
      .filter((d) => (d.value as Record<string, unknown>).version === SLOTH_VERSION)
      .flatMap((d) => readSloth(d, problems)),
  ];
  const seen = new Map<string, SloModel>();
  for (const slo of slos) {
    const first = seen.get(slo.name);
    if (first) {
      problems.add(
        slo.origin.file,
        `${slo.origin.kind} "${slo.origin.name}"`,
        "name",
        `duplicate SLO name "${slo.name}" (also in ${first.origin.file}); every SLO needs its own name`,
      );
    }
    seen.set(slo.name, slo);
  }
  problems.throwIfAny();
  if (slos.length === 0) {
    throw new Error(
      `slo-alerting: the SLO specs (${entries.join(", ")}) define no SLO; add an OpenSLO SLO or a Sloth prometheus/v1 file`,
    );
  }
  return slos.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
