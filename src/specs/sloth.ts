import { DocReader, join } from "./fields";
import { ALERT_NAME, defaultAlertName, SLO_NAME, specLabels } from "./labels";
import { SpecDocument } from "./load";
import { Indicator, SloModel } from "./model";
import { hasWindow, promqlProblem, atWindow } from "./promql";
import { Problems } from "./problems";
import { defaultTiers } from "./tiers";

type Json = Record<string, unknown>;

export const SLOTH_VERSION = "prometheus/v1";
/** Sloth's CLI default; its prometheus/v1 spec has no period field. */
const SLOTH_PERIOD = "30d";

function query(r: DocReader, obj: Json, key: string, path: string): string | undefined {
  const q = r.requiredString(obj, key, path);
  if (q === undefined) {
    return undefined;
  }
  if (!hasWindow(q)) {
    r.fail(
      join(path, key),
      "must contain {{.window}} where the range goes, e.g. rate(http_requests_total[{{.window}}])",
    );
    return undefined;
  }
  const problem = promqlProblem(atWindow(q, "5m"));
  if (problem !== undefined) {
    r.fail(join(path, key), problem);
    return undefined;
  }
  return q;
}

function indicator(r: DocReader, value: unknown, path: string): Indicator | undefined {
  const sli = r.object(value, path, ["events", "raw", "plugin"]);
  if (!sli) {
    return undefined;
  }
  if (sli.plugin !== undefined) {
    r.fail(join(path, "plugin"), "Sloth SLI plugins are not supported; write the queries as events or raw");
    return undefined;
  }
  if ((sli.events === undefined) === (sli.raw === undefined)) {
    r.fail(path, "needs exactly one of events, raw");
    return undefined;
  }
  if (sli.raw !== undefined) {
    const raw = r.object(sli.raw, join(path, "raw"), ["error_ratio_query"]);
    const q = raw && query(r, raw, "error_ratio_query", join(path, "raw"));
    return q === undefined ? undefined : { type: "ratio", errorRatio: q };
  }
  const events = r.object(sli.events, join(path, "events"), ["error_query", "total_query"]);
  const errors = events && query(r, events, "error_query", join(path, "events"));
  const total = events && query(r, events, "total_query", join(path, "events"));
  if (errors === undefined || total === undefined) {
    return undefined;
  }
  // One series per SLO: the recorded sums are what the long windows add up.
  return { type: "events", counter: true, errors: `sum(${errors}) or on() vector(0)`, total: `sum(${total})` };
}

interface AlertPart {
  disabled: boolean;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

function alertPart(r: DocReader, value: unknown, path: string): AlertPart {
  if (value === undefined || value === null) {
    return { disabled: false, labels: {}, annotations: {} };
  }
  const part = r.object(value, path, ["disable", "labels", "annotations"]) ?? {};
  return {
    disabled: r.boolean(part, "disable", path) ?? false,
    labels: specLabels(r, r.stringMap(part, "labels", path, "label"), join(path, "labels")),
    annotations: r.stringMap(part, "annotations", path, "annotation"),
  };
}

function readSlo(
  r: DocReader,
  value: unknown,
  path: string,
  service: string,
  serviceLabels: Record<string, string>,
  file: string,
): SloModel | undefined {
  const slo = r.object(value, path, ["name", "objective", "description", "labels", "sli", "alerting"]);
  if (!slo) {
    return undefined;
  }
  const name = r.requiredString(slo, "name", path);
  const id = name === undefined ? undefined : `${service}-${name}`;
  if (id !== undefined && !SLO_NAME.test(id)) {
    r.fail(
      join(path, "name"),
      `"${id}" (service-name, the slo label) must be lowercase letters, digits and dashes, at most 63`,
    );
  }
  const percent = r.number(slo, "objective", path);
  if (percent === undefined || !(percent > 0 && percent < 100)) {
    r.fail(join(path, "objective"), "is required: a percentage strictly between 0 and 100, e.g. 99.9");
  }
  const sli = indicator(r, slo.sli, join(path, "sli"));
  const alerting =
    r.object(slo.alerting ?? {}, join(path, "alerting"), [
      "name",
      "labels",
      "annotations",
      "page_alert",
      "ticket_alert",
    ]) ?? {};
  const at = join(path, "alerting");
  const alertName = r.string(alerting, "name", at);
  if (alertName !== undefined && !ALERT_NAME.test(alertName)) {
    r.fail(join(at, "name"), "must be a Prometheus alert name ([a-zA-Z_:][a-zA-Z0-9_:]*)");
  }
  const page = alertPart(r, alerting.page_alert, join(at, "page_alert"));
  const ticket = alertPart(r, alerting.ticket_alert, join(at, "ticket_alert"));
  const labels = {
    ...serviceLabels,
    ...specLabels(r, r.stringMap(slo, "labels", path, "label"), join(path, "labels")),
  };
  const alertLabels = specLabels(r, r.stringMap(alerting, "labels", at, "label"), join(at, "labels"));
  const { runbook_url: runbookUrl, ...annotations } = r.stringMap(alerting, "annotations", at, "annotation");
  if (id === undefined || percent === undefined || !(percent > 0 && percent < 100) || sli === undefined) {
    return undefined;
  }
  return {
    name: id,
    service,
    displayName: `${service} ${name}`,
    description: r.string(slo, "description", path) ?? "",
    objective: Number((percent / 100).toPrecision(12)),
    period: SLOTH_PERIOD,
    indicator: sli,
    labels,
    alerting: {
      name: alertName ?? defaultAlertName(id),
      labels: alertLabels,
      annotations,
      pageLabels: page.labels,
      pageAnnotations: page.annotations,
      ticketLabels: ticket.labels,
      ticketAnnotations: ticket.annotations,
      ...(runbookUrl === undefined ? {} : { runbookUrl }),
      tiers: defaultTiers(SLOTH_PERIOD).filter((t) => !(t.severity === "critical" ? page : ticket).disabled),
      notificationTargets: [],
    },
    origin: { file, kind: SLOTH_VERSION, name: id },
  };
}

/** A Sloth `prometheus/v1` document: one service, its SLOs. */
export function readSloth(doc: SpecDocument, problems: Problems): SloModel[] {
  const r = new DocReader(problems, doc.file, `document ${doc.index}`);
  const top = r.object(doc.value, "", ["version", "service", "labels", "slos"]);
  if (!top) {
    return [];
  }
  const service = r.requiredString(top, "service", "");
  if (service === undefined) {
    return [];
  }
  r.document = `${SLOTH_VERSION} "${service}"`;
  if (!SLO_NAME.test(service)) {
    r.fail("service", "must be lowercase letters, digits and dashes (at most 63)");
  }
  const labels = specLabels(r, r.stringMap(top, "labels", "", "label"), "labels");
  const slos = r.list(top, "slos", "");
  if (slos.length === 0) {
    r.fail("slos", "needs at least one SLO");
  }
  return slos.flatMap((s, i) => {
    const model = readSlo(r, s, `slos[${i}]`, service, labels, doc.file);
    return model ? [model] : [];
  });
}
