import { durationMs } from "../settings/duration";
import { DocReader, join } from "./fields";
import { ALERT_NAME, defaultAlertName, SLO_NAME, specLabels } from "./labels";
import { NotificationTarget, readTarget, targetTeam } from "./openslo-targets";
import { SpecDocument } from "./load";
import { BurnTier, SloModel } from "./model";
import { ConditionSpec, indicatorOf, readCondition, readSli, SliSpec } from "./openslo-parts";
import { Problems } from "./problems";
import { defaultTiers, LONGEST_DEFAULT_WINDOW, windowMs } from "./tiers";

type Json = Record<string, unknown>;

export const OPENSLO_KINDS = [
  "Service",
  "SLI",
  "SLO",
  "AlertPolicy",
  "AlertCondition",
  "AlertNotificationTarget",
] as const;
type Kind = (typeof OPENSLO_KINDS)[number];

interface Doc {
  kind: Kind;
  name: string;
  displayName?: string;
  labels: Json;
  annotations: Json;
  spec: Json;
  reader: DocReader;
}

const SPEC_FIELDS: Record<Kind, readonly string[]> = {
  Service: ["description"],
  SLI: ["description", "thresholdMetric", "ratioMetric"],
  SLO: [
    "description",
    "service",
    "indicator",
    "indicatorRef",
    "timeWindow",
    "budgetingMethod",
    "objectives",
    "alertPolicies",
  ],
  AlertPolicy: [
    "description",
    "alertWhenNoData",
    "alertWhenResolved",
    "alertWhenBreaching",
    "conditions",
    "notificationTargets",
  ],
  AlertCondition: ["description", "severity", "condition"],
  AlertNotificationTarget: ["description", "target"],
};

/** Reads kind, metadata and spec of one document (inline or top-level); undefined when unusable. */
function readDoc(reader: DocReader, value: unknown, path: string, inline: boolean, only?: Kind): Doc | undefined {
  const top = reader.object(
    value,
    path,
    inline ? ["kind", "metadata", "spec"] : ["apiVersion", "kind", "metadata", "spec"],
  );
  if (!top) {
    return undefined;
  }
  if (!inline && top.apiVersion !== "openslo/v1") {
    reader.fail(join(path, "apiVersion"), `"${String(top.apiVersion)}" is not supported; allowed: openslo/v1`);
    return undefined;
  }
  const kind = (only === undefined ? reader.oneOf(top, "kind", path, OPENSLO_KINDS) : only) as Kind | undefined;
  if (only !== undefined && top.kind !== undefined && top.kind !== only) {
    reader.fail(join(path, "kind"), `must be ${only} here`);
  }
  if (kind === undefined) {
    if (top.kind === undefined) {
      reader.fail(join(path, "kind"), `is required; allowed: ${OPENSLO_KINDS.join(", ")}`);
    }
    return undefined;
  }
  const meta = reader.object(top.metadata, join(path, "metadata"), ["name", "displayName", "labels", "annotations"]);
  const name = meta && reader.requiredString(meta, "name", join(path, "metadata"));
  if (name === undefined || !meta) {
    return undefined;
  }
  const sub = inline ? reader : new DocReader(reader.problems, reader.file, `${kind} "${name}"`);
  if (!SLO_NAME.test(name)) {
    sub.fail(
      join(path, "metadata.name"),
      "must be lowercase letters, digits and dashes (at most 63), e.g. checkout-availability",
    );
  }
  const spec = sub.object(top.spec, join(path, "spec"), SPEC_FIELDS[kind]) ?? {};
  return {
    kind,
    name,
    displayName: sub.string(meta, "displayName", join(path, "metadata")),
    labels: (meta.labels ?? {}) as Json,
    annotations: (meta.annotations ?? {}) as Json,
    spec,
    reader: sub,
  };
}

type Index = Map<Kind, Map<string, Doc>>;

function ref(index: Index, reader: DocReader, kind: Kind, name: unknown, path: string): Doc | undefined {
  const doc = typeof name === "string" ? index.get(kind)?.get(name) : undefined;
  if (!doc) {
    const known = [...(index.get(kind)?.keys() ?? [])];
    reader.fail(
      path,
      `${kind} "${String(name)}" is not defined in the specs${known.length ? `; defined: ${known.join(", ")}` : ""}`,
    );
  }
  return doc;
}

/** A list entry that is a reference (`{<key>: name}` or a bare name) or an inline document. */
function refOrInline(
  index: Index,
  reader: DocReader,
  kind: Kind,
  refKey: string,
  entry: unknown,
  path: string,
): Doc | undefined {
  if (typeof entry === "string") {
    return ref(index, reader, kind, entry, path);
  }
  if (entry !== null && typeof entry === "object" && refKey in entry) {
    reader.object(entry, path, [refKey]);
    return ref(index, reader, kind, (entry as Json)[refKey], join(path, refKey));
  }
  return readDoc(reader, entry, path, true, kind);
}

function policyConditions(
  index: Index,
  slo: Doc,
  entry: unknown,
  path: string,
): { conditions: ConditionSpec[]; targets: NotificationTarget[] } {
  const policy = refOrInline(index, slo.reader, "AlertPolicy", "alertPolicyRef", entry, path);
  if (!policy) {
    return { conditions: [], targets: [] };
  }
  const r = policy.reader;
  const at = policy.reader === slo.reader ? join(path, "spec") : "spec";
  if (r.boolean(policy.spec, "alertWhenNoData", at) === true) {
    r.fail(
      join(at, "alertWhenNoData"),
      "true is not supported: the program pages on missing metrics through its absence alerts; use false",
    );
  }
  const conditions = r.list(policy.spec, "conditions", at).flatMap((c, i) => {
    const doc = refOrInline(index, r, "AlertCondition", "conditionRef", c, join(join(at, "conditions"), i));
    const condition =
      doc &&
      readCondition(doc.reader, doc.spec, doc.reader === r ? join(join(join(at, "conditions"), i), "spec") : "spec");
    return condition ? [condition] : [];
  });
  if (r.list(policy.spec, "conditions", at).length === 0) {
    r.fail(join(at, "conditions"), "needs at least one AlertCondition of kind burnrate");
  }
  const targets = r.list(policy.spec, "notificationTargets", at).flatMap((t, i) => {
    const doc = refOrInline(
      index,
      r,
      "AlertNotificationTarget",
      "targetRef",
      t,
      join(join(at, "notificationTargets"), i),
    );
    return doc
      ? readTarget(doc, doc.reader === r ? join(join(join(at, "notificationTargets"), i), "spec") : "spec")
      : [];
  });
  return { conditions, targets };
}

/** Conditions to tiers: within a severity the shorter lookback is the fast tier; more than two is refused. */
function tiersOf(reader: DocReader, conditions: ConditionSpec[], period: string, path: string): BurnTier[] {
  const tiers: BurnTier[] = [];
  for (const severity of ["critical", "warning"] as const) {
    const same = conditions
      .filter((c) => c.severity === severity)
      .sort((a, b) => windowMs(a.longWindow) - windowMs(b.longWindow));
    if (same.length > 2) {
      reader.fail(
        path,
        `has ${same.length} ${severity} burn-rate conditions; allowed: at most two per severity (a fast and a slow tier)`,
      );
    }
    same.slice(0, 2).forEach((c, i) => tiers.push({ ...c, tier: i === 0 ? "fast" : "slow" }));
  }
  for (const t of tiers) {
    if (windowMs(t.longWindow) > windowMs(period)) {
      reader.fail(
        path,
        `lookbackWindow ${t.longWindow} does not fit the SLO's period ${period}; allowed: at most the period`,
      );
    }
  }
  return tiers;
}

function readPeriod(reader: DocReader, spec: Json): string | undefined {
  const windows = reader.list(spec, "timeWindow", "spec");
  if (windows.length !== 1) {
    reader.fail("spec.timeWindow", "needs exactly one entry, e.g. [{duration: 30d, isRolling: true}]");
    return undefined;
  }
  const tw = reader.object(windows[0], "spec.timeWindow[0]", ["duration", "isRolling", "calendar"]);
  if (!tw) {
    return undefined;
  }
  if (tw.isRolling !== true || tw.calendar !== undefined) {
    reader.fail(
      "spec.timeWindow[0].isRolling",
      "only rolling windows are supported: set isRolling: true and remove calendar",
    );
  }
  const duration = reader.requiredString(tw, "duration", "spec.timeWindow[0]");
  if (duration !== undefined && !/^[1-9]\d*[dw]$/.test(duration)) {
    reader.fail(
      "spec.timeWindow[0].duration",
      `"${duration}" is not allowed; allowed: Nd or Nw (e.g. 7d, 28d, 30d, 4w)`,
    );
    return undefined;
  }
  return duration;
}

/**
 * The owner is the SLO's `team` label, else its Service's (OpenSLO puts
 * ownership on either); carried as the SLO's label so every reader of the
 * model (ownerTeam, rules, dashboards) sees one value.
 */
function withServiceTeam(
  r: DocReader,
  labels: Record<string, string>,
  service: Doc | undefined,
): Record<string, string> {
  const team = service?.labels.team;
  if (labels.team !== undefined || team === undefined) {
    return labels;
  }
  if (typeof team !== "string" || team === "") {
    r.fail("spec.service", `Service "${service?.name}" has a metadata.labels.team that is not a team name (a string)`);
    return labels;
  }
  return { ...labels, team };
}

function readSlo(index: Index, slo: Doc, file: string): SloModel | undefined {
  const r = slo.reader;
  const spec = slo.spec;
  const service = r.requiredString(spec, "service", "spec");
  if (service !== undefined) {
    ref(index, r, "Service", service, "spec.service");
  }
  const method = r.string(spec, "budgetingMethod", "spec") ?? "Occurrences";
  if (method !== "Occurrences") {
    r.fail(
      "spec.budgetingMethod",
      `"${method}" is not supported: a time slice's good/bad verdict needs per-slice evaluation that burn-rate rules over event ratios cannot reproduce faithfully; allowed: Occurrences`,
    );
  }
  const period = readPeriod(r, spec);
  const objectives = r.list(spec, "objectives", "spec");
  if (objectives.length !== 1) {
    r.fail("spec.objectives", "needs exactly one objective (write one SLO per objective)");
  }
  const o =
    objectives.length === 1
      ? r.object(objectives[0], "spec.objectives[0]", ["displayName", "op", "value", "target", "targetPercent"])
      : undefined;
  let objective: number | undefined;
  if (o) {
    const target = r.number(o, "target", "spec.objectives[0]");
    const percent = r.number(o, "targetPercent", "spec.objectives[0]");
    objective = target ?? (percent === undefined ? undefined : percent / 100);
    if (
      (target === undefined) === (percent === undefined) ||
      objective === undefined ||
      !(objective > 0 && objective < 1)
    ) {
      r.fail(
        "spec.objectives[0].target",
        "needs exactly one of target in (0, 1) or targetPercent in (0, 100), e.g. target: 0.999",
      );
      objective = undefined;
    }
  }
  if ((spec.indicator === undefined) === (spec.indicatorRef === undefined)) {
    r.fail("spec", "needs exactly one of indicator (an inline SLI) or indicatorRef");
  }
  const sliDoc =
    spec.indicatorRef !== undefined
      ? ref(index, r, "SLI", spec.indicatorRef, "spec.indicatorRef")
      : spec.indicator !== undefined
        ? readDoc(r, spec.indicator, "spec.indicator", true, "SLI")
        : undefined;
  const sli: SliSpec | undefined =
    sliDoc && readSli(sliDoc.reader, sliDoc.spec, sliDoc.reader === r ? "spec.indicator.spec" : "spec");
  let threshold: { op: string; value: number } | undefined;
  if (sli?.kind === "threshold" && o) {
    const op = r.oneOf(o, "op", "spec.objectives[0]", ["lte", "lt", "gte", "gt"] as const);
    const value = r.number(o, "value", "spec.objectives[0]");
    if (op === undefined || value === undefined || value < 0) {
      r.fail(
        "spec.objectives[0]",
        "a thresholdMetric SLI needs op (lte, lt, gte, gt) and value (a histogram bucket bound, e.g. 0.3)",
      );
    } else {
      threshold = { op, value };
    }
  } else if (o && (o.op !== undefined || o.value !== undefined)) {
    r.fail("spec.objectives[0]", "op and value only go with a thresholdMetric SLI");
  }
  const policies = r
    .list(spec, "alertPolicies", "spec")
    .map((p, i) => policyConditions(index, slo, p, `spec.alertPolicies[${i}]`));
  if (period !== undefined && policies.length === 0 && windowMs(period) < windowMs(LONGEST_DEFAULT_WINDOW)) {
    r.fail(
      "spec.timeWindow[0].duration",
      `${period} does not fit the default tiers' longest window (${LONGEST_DEFAULT_WINDOW}); allowed: at least 3d, or give alertPolicies`,
    );
  }
  const labels = withServiceTeam(
    r,
    specLabels(r, r.stringMap({ labels: slo.labels }, "labels", "metadata", "label"), "metadata.labels"),
    service === undefined ? undefined : index.get("Service")?.get(service),
  );
  const annotations = r.stringMap({ annotations: slo.annotations }, "annotations", "metadata", "annotation");
  if (
    service === undefined ||
    period === undefined ||
    objective === undefined ||
    sli === undefined ||
    (sli.kind === "threshold" && !threshold) ||
    !durationMs(period)
  ) {
    return undefined;
  }
  const tiers =
    policies.length === 0
      ? defaultTiers(period)
      : tiersOf(
          r,
          policies.flatMap((p) => p.conditions),
          period,
          "spec.alertPolicies",
        );
  const targets = policies.flatMap((p) => p.targets);
  const pageTeam = targetTeam(r, targets, "pages");
  const ticketTeam = targetTeam(r, targets, "tickets");
  // OpenSLO has no alert name: `alert_name` keeps names that silences and runbooks already use.
  const { runbook_url: runbookUrl, alert_name: alertName, ...otherAnnotations } = annotations;
  if (alertName !== undefined && !ALERT_NAME.test(alertName)) {
    r.fail("metadata.annotations.alert_name", `"${alertName}" is not a Prometheus alert name (${ALERT_NAME.source})`);
  }
  return {
    name: slo.name,
    service,
    displayName: slo.displayName ?? slo.name,
    description: r.string(spec, "description", "spec") ?? "",
    objective,
    period,
    indicator: indicatorOf(sli, threshold),
    labels,
    alerting: {
      name: alertName ?? defaultAlertName(slo.name),
      labels: {},
      annotations: otherAnnotations,
      pageLabels: {},
      pageAnnotations: {},
      ticketLabels: {},
      ticketAnnotations: {},
      ...(runbookUrl === undefined ? {} : { runbookUrl }),
      tiers,
      notificationTargets: [...new Set(targets.map((t) => t.name))],
      ...(pageTeam === undefined ? {} : { pageTeam }),
      ...(ticketTeam === undefined ? {} : { ticketTeam }),
    },
    origin: { file, kind: "SLO", name: slo.name },
  };
}

/** Every openslo/v1 document of the specs, cross-referenced; SLOs out, problems collected. */
export function readOpenSlo(docs: readonly SpecDocument[], problems: Problems): SloModel[] {
  const index: Index = new Map(OPENSLO_KINDS.map((k) => [k, new Map<string, Doc>()]));
  const files = new Map<Doc, string>();
  for (const d of docs) {
    const doc = readDoc(new DocReader(problems, d.file, `document ${d.index}`), d.value, "", false);
    if (!doc) {
      continue;
    }
    const byName = index.get(doc.kind) as Map<string, Doc>;
    if (byName.has(doc.name)) {
      doc.reader.fail(
        "metadata.name",
        `duplicate: another ${doc.kind} has this name (in ${files.get(byName.get(doc.name) as Doc)})`,
      );
      continue;
    }
    byName.set(doc.name, doc);
    files.set(doc, d.file);
  }
  // Standalone documents are checked even when no SLO uses them.
  for (const doc of index.get("SLI")?.values() ?? []) readSli(doc.reader, doc.spec, "spec");
  for (const doc of index.get("AlertCondition")?.values() ?? []) readCondition(doc.reader, doc.spec, "spec");
  return [...(index.get("SLO")?.values() ?? [])].flatMap((slo) => {
    const model = readSlo(index, slo, files.get(slo) as string);
    return model ? [model] : [];
  });
}
