import { parser } from "@prometheus-io/lezer-promql";

// Syntax checks with Prometheus' own grammar (the one its web UI uses), so a
// spec with a typo stops the program instead of reaching Prometheus, which
// would refuse the whole rule file. promtool stays the reference in tests.

const WINDOW = /\{\{\s*\.window\s*\}\}/g;

/** The query with its `{{.window}}` placeholders set to `window`. */
export function atWindow(template: string, window: string): string {
  return template.replace(WINDOW, window);
}

export function hasWindow(template: string): boolean {
  return new RegExp(WINDOW.source).test(template);
}

/** Why the query is not valid PromQL, or undefined when it is. */
export function promqlProblem(query: string): string | undefined {
  const tree = parser.parse(query);
  let at: number | undefined;
  tree.iterate({
    enter: (node) => {
      if (at === undefined && node.type.isError) {
        at = node.from;
      }
    },
  });
  if (at === undefined) {
    return undefined;
  }
  const near = query.slice(Math.max(0, at - 20), at + 20);
  return `is not valid PromQL: syntax error at character ${at + 1} (near "${near}")`;
}

function topExpression(query: string): ReturnType<typeof parser.parse>["topNode"] | null {
  return parser.parse(query).topNode.firstChild;
}

/** True for a bare series selector such as `http_requests_total{job="api"}`, which rate() can take. */
export function isSeriesSelector(query: string): boolean {
  return promqlProblem(query) === undefined && topExpression(query)?.type.name === "VectorSelector";
}

/** Label names the selector matches on. */
export function selectorLabels(query: string): string[] {
  const names: string[] = [];
  const tree = parser.parse(query);
  tree.iterate({
    enter: (node) => {
      if (node.type.name === "LabelName") {
        names.push(query.slice(node.from, node.to));
      }
    },
  });
  return names;
}

/** The selector's metric name, or undefined when it is only `{...}`. */
export function selectorMetric(query: string): string | undefined {
  const match = /^\s*([a-zA-Z_:][a-zA-Z0-9_:]*)/.exec(query);
  return match?.[1];
}

/** The selector with one more matcher: `x{job="a"}` + `le="0.3"` gives `x{job="a",le="0.3"}`. */
export function withMatcher(selector: string, matcher: string): string {
  const text = selector.trim();
  if (!text.endsWith("}")) {
    return `${text}{${matcher}}`;
  }
  const inside = text.slice(text.indexOf("{") + 1, -1).trim();
  const head = text.slice(0, text.indexOf("{"));
  return `${head}{${inside === "" ? "" : `${inside.replace(/,$/, "")},`}${matcher}}`;
}
