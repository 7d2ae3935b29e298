import { parse, View } from "vega";
import { compile, TopLevelSpec } from "vega-lite";

/**
 * Renders a Vega-Lite spec to an SVG document in Node, without a browser:
 * Vega's headless view draws SVG strings itself and only needs a canvas
 * package for raster output, which we never ask for.
 */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const view = new View(parse(compile(spec).spec), { renderer: "none" });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** The font every chart uses, so widths measured headless match what a reader's browser draws. */
export const CHART_FONT = "Helvetica, Arial, sans-serif";

/** Width that stays legible in a README column (GitHub renders about 830 px). */
export const README_WIDTH = 720;
