import { createWriteStream } from "fs";

/** One series of the backfill: labels and a value at each step. */
export interface SyntheticSeries {
  name: string;
  type: "counter" | "gauge";
  labels: Record<string, string>;
  stepSeconds: number;
  value: (step: number) => number;
}

function labelText(labels: Record<string, string>): string {
  return Object.entries(labels)
    .map(([k, v]) => `${k}="${v.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`)
    .join(",");
}

/**
 * Writes the series as OpenMetrics text for `promtool tsdb
 * create-blocks-from openmetrics`: one family at a time, each series' samples
 * in time order, from `start` to `end` (seconds).
 */
export async function writeOpenMetrics(
  path: string,
  series: SyntheticSeries[],
  start: number,
  end: number,
): Promise<number> {
  const out = createWriteStream(path);
  const families = new Map<string, SyntheticSeries[]>();
  for (const s of series) {
    families.set(s.name, [...(families.get(s.name) ?? []), s]);
  }
  let samples = 0;
  const write = (text: string): Promise<void> =>
    out.write(text) ? Promise.resolve() : new Promise((resolve) => out.once("drain", () => resolve()));
  for (const [name, members] of families) {
    const family = members[0].type === "counter" ? name.replace(/_total$/, "") : name;
    await write(`# TYPE ${family} ${members[0].type}\n`);
    for (const s of members) {
      const head = `${name}{${labelText(s.labels)}} `;
      let chunk = "";
      for (let t = start, step = 0; t <= end; t += s.stepSeconds, step++) {
        chunk += `${head}${Number(s.value(step).toPrecision(10))} ${t}\n`;
        samples++;
        if (chunk.length > 1 << 16) {
          await write(chunk);
          chunk = "";
        }
      }
      await write(chunk);
    }
  }
  await write("# EOF\n");
  await new Promise<void>((resolve) => out.end(resolve));
  return samples;
}
