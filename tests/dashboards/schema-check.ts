import { writeFileSync, mkdtempSync, rmSync } from "fs";
import { tmpdir } from "os";
import { dirname, join } from "path";
import * as ts from "typescript";
import type { Dashboard, Panel, RowPanel } from "@grafana/schema";

// @grafana/schema publishes Grafana's dashboard schema as TypeScript types
// (generated from Grafana's CUE kinds), not as a JSON Schema. So the JSON a
// dashboard file holds is checked the way tsc checks an object literal: the
// text goes into a TypeScript file as the value of a `Dashboard`, each
// panel's `options` as the value of that panel plugin's generated `Options`,
// and the compiler reports missing required fields, wrong types, values
// outside an enum and, through excess-property checks, every field the
// schema does not know.

const SCHEMA_ROOT = dirname(require.resolve("@grafana/schema/package.json"));

/** Panel plugins whose generated Options the check knows, by panel type. */
const PANEL_OPTIONS: Record<string, string> = {
  stat: "stat",
  timeseries: "timeseries",
  table: "table",
  text: "text",
  bargauge: "bargauge",
};

// JSON holds an enum's value, not the enum: `Loose` turns each string enum
// into the union of its values (`${E}`) and leaves everything else as is.
const PRELUDE = `
type Loose<T> = T extends string ? \`\${T}\` : T extends readonly (infer E)[] ? Loose<E>[] : T extends object ? { [K in keyof T]: Loose<T[K]> } : T;
`;

export interface SchemaProblem {
  /** Where, e.g. `dashboard` or `panel 3 (stat) options`. */
  at: string;
  message: string;
}

function isRow(p: Panel | RowPanel): p is RowPanel {
  return p.type === "row";
}

/** Problems tsc finds in the dashboards' JSON texts against @grafana/schema's types; [] when none. */
export function schemaProblems(texts: Record<string, string>): SchemaProblem[] {
  const lines: string[] = [
    `import type { Dashboard } from "@grafana/schema";`,
    ...Object.values(PANEL_OPTIONS).map(
      (p) =>
        `import type { Options as ${p}Options } from "@grafana/schema/dist/types/raw/composable/${p}/panelcfg/x/types.gen";`,
    ),
    `import type { FieldConfig as timeseriesFieldConfig } from "@grafana/schema/dist/types/raw/composable/timeseries/panelcfg/x/types.gen";`,
    PRELUDE,
  ];
  const where: string[] = [];
  for (const [name, text] of Object.entries(texts)) {
    where.push(`${name}: dashboard`);
    lines.push(`export const v${where.length}: Loose<Dashboard> = ${text};`);
    const d = JSON.parse(text) as Dashboard;
    const panels = (d.panels ?? []).flatMap((p) => (isRow(p) ? [p, ...p.panels] : [p]));
    panels.forEach((p, i) => {
      if (isRow(p)) {
        return;
      }
      const plugin = PANEL_OPTIONS[p.type];
      where.push(`${name}: panel ${i} "${p.title}" (${p.type}) options`);
      lines.push(
        plugin === undefined
          ? `export const v${where.length}: never = ${JSON.stringify(p.type)};`
          : `export const v${where.length}: Loose<${plugin}Options> = ${JSON.stringify(p.options ?? {})};`,
      );
      const custom = p.fieldConfig?.defaults.custom;
      if (p.type === "timeseries" && custom !== undefined) {
        where.push(`${name}: panel ${i} "${p.title}" (${p.type}) fieldConfig.defaults.custom`);
        lines.push(`export const v${where.length}: Loose<timeseriesFieldConfig> = ${JSON.stringify(custom)};`);
      }
    });
  }
  const dir = mkdtempSync(join(tmpdir(), "slo-alerting-dashboard-schema-"));
  try {
    const file = join(dir, "dashboards.ts");
    writeFileSync(file, lines.join("\n"));
    const program = ts.createProgram([file], {
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      module: ts.ModuleKind.CommonJS,
      moduleResolution: ts.ModuleResolutionKind.Node10,
      target: ts.ScriptTarget.ES2020,
      baseUrl: dir,
      paths: { "@grafana/schema": [SCHEMA_ROOT], "@grafana/schema/*": [`${SCHEMA_ROOT}/*`] },
    });
    return ts.getPreEmitDiagnostics(program).map((diagnostic) => {
      const line =
        diagnostic.file && diagnostic.start !== undefined
          ? diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start).line
          : -1;
      const text = diagnostic.file?.text.split("\n")[line] ?? "";
      const index = /^export const v(\d+):/.exec(text)?.[1];
      return {
        at: index === undefined ? "prelude" : where[Number(index) - 1],
        message: ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n"),
      };
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
