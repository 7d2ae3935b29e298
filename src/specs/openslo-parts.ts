import { formatNumber } from "../alerts/format";
import { durationMs } from "../settings/duration";
import { DocReader, join } from "./fields";
import { BurnTier, Indicator } from "./model";
import { isSeriesSelector, promqlProblem, selectorLabels, selectorMetric, withMatcher } from "./promql";
import { shortWindowOf } from "./tiers";

type Json = Record<string, unknown>;

/** An SLI as written, before the SLO's objective gives a threshold its op and value. */
export type SliSpec =
  | { kind: "ratio"; counter: boolean; good?: string; bad?: string; total?: string; raw?: string; rawType?: string }
  | { kind: "threshold"; query: string };

/** `metricSource` with `type: Prometheus` and `spec.query`; anything else is refused. */
function metricQuery(reader: DocReader, value: unknown, path: string): string | undefined {
  const source = reader.object(value, path, ["metricSource"]);
  const ms =
    source && reader.object(source.metricSource, join(path, "metricSource"), ["metricSourceRef", "type", "spec"]);
  if (!ms) {
    return undefined;
  }
  const msPath = join(path, "metricSource");
  if (ms.metricSourceRef !== undefined) {
    reader.fail(
      join(msPath, "metricSourceRef"),
      "DataSource references are not supported; give type: Prometheus and spec.query inline",
    );
  }
  const type = reader.requiredString(ms, "type", msPath);
  if (type !== undefined && type !== "Prometheus") {
    reader.fail(join(msPath, "type"), `"${type}" is not supported; allowed: Prometheus`);
    return undefined;
  }
  const spec = reader.object(ms.spec, join(msPath, "spec"), ["query"]);
  const query = spec && reader.requiredString(spec, "query", join(msPath, "spec"));
  if (query === undefined) {
    return undefined;
  }
  const problem = promqlProblem(query);
  if (problem !== undefined) {
    reader.fail(join(msPath, "spec.query"), problem);
    return undefined;
  }
  return query;
}

export function readSli(reader: DocReader, spec: Json, path: string): SliSpec | undefined {
  if ((spec.ratioMetric === undefined) === (spec.thresholdMetric === undefined)) {
    reader.fail(path, "needs exactly one of ratioMetric, thresholdMetric");
    return undefined;
  }
  if (spec.thresholdMetric !== undefined) {
    const at = join(path, "thresholdMetric");
    const query = metricQuery(reader, spec.thresholdMetric, at);
    if (query === undefined) {
      return undefined;
    }
    if (
      !isSeriesSelector(query) ||
      !selectorMetric(query)?.endsWith("_bucket") ||
      selectorLabels(query).includes("le")
    ) {
      reader.fail(
        join(at, "metricSource.spec.query"),
        'must select a Prometheus histogram\'s buckets without an le matcher, e.g. http_request_duration_seconds_bucket{job="api"}',
      );
      return undefined;
    }
    return { kind: "threshold", query };
  }
  const at = join(path, "ratioMetric");
  const ratio = reader.object(spec.ratioMetric, at, ["counter", "good", "bad", "total", "rawType", "raw"]);
  if (!ratio) {
    return undefined;
  }
  const counter = reader.boolean(ratio, "counter", at);
  if (counter === undefined) {
    reader.fail(join(at, "counter"), "is required: true for counters (rated over each window), false for gauges");
    return undefined;
  }
  const read = (key: string): string | undefined =>
    ratio[key] === undefined ? undefined : metricQuery(reader, ratio[key], join(at, key));
  if (ratio.raw !== undefined) {
    for (const key of ["good", "bad", "total"]) {
      if (ratio[key] !== undefined) {
        reader.fail(join(at, key), "cannot be given with raw");
      }
    }
    if (counter) {
      reader.fail(join(at, "counter"), "must be false with raw: a raw query is already a ratio");
    }
    const rawType = reader.oneOf(ratio, "rawType", at, ["success", "failure"] as const);
    if (rawType === undefined) {
      reader.fail(join(at, "rawType"), "is required with raw; allowed: success, failure");
    }
    const raw = read("raw");
    return raw === undefined || rawType === undefined ? undefined : { kind: "ratio", counter, raw, rawType };
  }
  if (ratio.rawType !== undefined) {
    reader.fail(join(at, "rawType"), "only goes with raw");
  }
  if ((ratio.good === undefined) === (ratio.bad === undefined) || ratio.total === undefined) {
    reader.fail(at, "needs total and exactly one of good, bad (or raw with rawType)");
    return undefined;
  }
  const good = read("good");
  const bad = read("bad");
  const total = read("total");
  if (counter) {
    for (const key of ["good", "bad", "total"] as const) {
      const q = { good, bad, total }[key];
      if (q !== undefined && !isSeriesSelector(q)) {
        reader.fail(
          join(at, `${key}.metricSource.spec.query`),
          'must be a series selector with counter: true (the program rates it over each window), e.g. http_requests_total{code=~"5.."}',
        );
        return undefined;
      }
    }
  }
  if (total === undefined || (good === undefined && bad === undefined)) {
    return undefined;
  }
  return { kind: "ratio", counter, good, bad, total };
}

/** Exporters spell a whole-number bucket bound differently: Go writes le="1", Python le="1.0". */
function leMatcher(value: number): string {
  const le = formatNumber(value);
  return Number.isInteger(value) ? `le=~"${le}|${le}\\\\.0"` : `le="${le}"`;
}

const counterQuery = (q: string): string => `sum(rate(${q}[{{.window}}]))`;

/** The indicator of an SLI; a threshold SLI takes `op` and `value` from the SLO's objective. */
export function indicatorOf(sli: SliSpec, threshold?: { op: string; value: number }): Indicator {
  if (sli.kind === "threshold") {
    const op = threshold?.op ?? "lte";
    const total = counterQuery(withMatcher(sli.query, `le="+Inf"`));
    const below = counterQuery(withMatcher(sli.query, leMatcher(threshold?.value ?? 0)));
    // A histogram only knows "at most le": lt reads as lte and gt as gte.
    const errors =
      op === "lte" || op === "lt" ? `${total} - (${below} or on() vector(0))` : `${below} or on() vector(0)`;
    return { type: "events", counter: true, errors, total };
  }
  if (sli.raw !== undefined) {
    return { type: "ratio", errorRatio: sli.rawType === "success" ? `1 - (${sli.raw})` : sli.raw };
  }
  const wrap = (q: string): string => (sli.counter ? counterQuery(q) : `sum(${q})`);
  const total = wrap(sli.total as string);
  const errors =
    sli.bad !== undefined
      ? `${wrap(sli.bad)} or on() vector(0)`
      : `${total} - (${wrap(sli.good as string)} or on() vector(0))`;
  return { type: "events", counter: sli.counter, errors, total };
}

/** An AlertCondition of kind burnrate as a tier; the SLO sorts tiers into fast and slow. */
export type ConditionSpec = Omit<BurnTier, "tier">;

export function readCondition(reader: DocReader, spec: Json, path: string): ConditionSpec | undefined {
  const at = join(path, "condition");
  const severityText = reader.requiredString(spec, "severity", path);
  const severity =
    severityText === undefined
      ? undefined
      : ({ page: "critical", critical: "critical", ticket: "warning", warning: "warning" } as const)[
          severityText as "page"
        ];
  if (severityText !== undefined && severity === undefined) {
    reader.fail(
      join(path, "severity"),
      `"${severityText}" is not allowed; allowed: page or critical (pages), ticket or warning (Slack)`,
    );
  }
  const condition = reader.object(spec.condition, at, ["kind", "op", "threshold", "lookbackWindow", "alertAfter"]);
  if (!condition) {
    return undefined;
  }
  const kind = reader.requiredString(condition, "kind", at);
  if (kind !== undefined && kind !== "burnrate") {
    reader.fail(join(at, "kind"), `"${kind}" is not supported; allowed: burnrate`);
  }
  const op = reader.oneOf(condition, "op", at, ["gte", "gt"] as const);
  if (op === undefined && condition.op === undefined) {
    reader.fail(join(at, "op"), "is required; allowed: gte, gt (fire when the burn rate reaches the threshold)");
  }
  const factor = reader.number(condition, "threshold", at);
  if (factor === undefined || factor <= 0) {
    reader.fail(join(at, "threshold"), "is required: a burn rate above 0, e.g. 14.4");
  }
  const longWindow = durationField(reader, condition, "lookbackWindow", at, true);
  const alertAfter = durationField(reader, condition, "alertAfter", at, false);
  if (severity === undefined || factor === undefined || factor <= 0 || longWindow === undefined || op === undefined) {
    return undefined;
  }
  return {
    severity,
    longWindow,
    shortWindow: shortWindowOf(longWindow),
    factor,
    ...(alertAfter !== undefined && alertAfter !== "0s" && alertAfter !== "0m" ? { for: alertAfter } : {}),
  };
}

function durationField(reader: DocReader, obj: Json, key: string, path: string, required: boolean): string | undefined {
  const value = required ? reader.requiredString(obj, key, path) : reader.string(obj, key, path);
  if (value !== undefined && (durationMs(value) === undefined || !/^\d+[smhdw]$/.test(value))) {
    reader.fail(
      join(path, key),
      `"${value}" is not a duration; allowed: a number and one unit of s, m, h, d, w (e.g. 1h)`,
    );
    return undefined;
  }
  return value;
}
