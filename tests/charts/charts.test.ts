import { strict as assert } from "assert";
import { execFileSync } from "child_process";
import { mkdtempSync, rmSync, statSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { detectionChart, DetectionChartInput } from "../../bench/charts/detection";
import { scalingChart } from "../../bench/charts/scaling";
import { renderSvg } from "../../bench/charts/svg";

const OUTAGE: DetectionChartInput = {
  title: "Total outage, 30 min",
  families: ["seed", "burn-rate"],
  errorRatio: Array.from({ length: 90 }, (_, i) => ({ minute: i - 10, ratio: i >= 10 && i < 40 ? 1 : 0.0001 })),
  recoveryMinute: 30,
  firing: [
    { family: "seed", severity: "critical", from: 6, to: 34 },
    { family: "burn-rate", severity: "critical", from: 1, to: 36 },
    { family: "burn-rate", severity: "warning", from: 36, to: 70 },
  ],
  events: [
    { family: "seed", minute: 6.5, kind: "page" },
    { family: "seed", minute: 34, kind: "resolve" },
    { family: "burn-rate", minute: 1.5, kind: "page" },
    { family: "burn-rate", minute: 36, kind: "resolve" },
  ],
};

/** rsvg-convert (librsvg) is a real SVG renderer: what it cannot draw, a browser would not either. */
function rasterise(svg: string): number {
  const dir = mkdtempSync(join(tmpdir(), "chart-"));
  try {
    writeFileSync(join(dir, "c.svg"), svg);
    execFileSync("rsvg-convert", ["-o", join(dir, "c.png"), join(dir, "c.svg")]);
    return statSync(join(dir, "c.png")).size;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe("benchmark charts", () => {
  it("draws a detection scenario with labelled axes, one lane per family and every PagerDuty event", async () => {
    const svg = await renderSvg(detectionChart(OUTAGE));
    for (const text of [
      "minutes since the incident started",
      "failed requests (%)",
      "alert family",
      "seed",
      "burn-rate",
    ]) {
      assert.ok(svg.includes(text), `missing "${text}"`);
    }
    // Vega draws each point of a layer as one path in a group whose class names the mark.
    const events = svg.match(/<path[^>]*aria-roledescription="point"/g) ?? [];
    assert.equal(events.length, OUTAGE.events.length);
    const bars = svg.match(/<path[^>]*aria-roledescription="bar"/g) ?? [];
    assert.equal(bars.length, OUTAGE.firing.length);
    assert.ok(rasterise(svg) > 1000);
  });

  it("keeps a lane for a family that stayed silent, and the axes of a chart without alerts", async () => {
    const svg = await renderSvg(detectionChart({ ...OUTAGE, firing: [], events: [] }));
    assert.ok(svg.includes("failed requests (%)"));
    assert.ok(svg.includes(">seed<") && svg.includes(">burn-rate<"), "both lanes, though nothing fired");
    assert.equal((svg.match(/aria-roledescription="point"/g) ?? []).length, 0);
  });

  it("reads a two-day scenario in hours", async () => {
    const twoDays = Array.from({ length: 3000 }, (_, i) => ({ minute: i - 60, ratio: 0.002 }));
    const svg = await renderSvg(detectionChart({ ...OUTAGE, errorRatio: twoDays, recoveryMinute: 2880 }));
    assert.ok(svg.includes("hours since the incident started"));
    assert.ok(!svg.includes("minutes since the incident started"));
    // Ticks on whole hours: no label such as "1.66667" (Vega's 100-minute steps).
    assert.deepEqual(svg.match(/>-?\d+\.\d+</g), null);
    assert.ok(svg.includes(">48<"), "the end of the second day is labelled");
  });

  it("plots cost against SLOs for both rule shapes on log axes", async () => {
    const rows = [10, 100, 1000].flatMap((slos) => [
      { slos, rules: "slo-alerting", samplesPerCycle: slos * 40, evaluationMs: slos * 0.2 },
      { slos, rules: "Sloth shape", samplesPerCycle: slos * 900, evaluationMs: slos * 3 },
    ]);
    const svg = await renderSvg(scalingChart("Rule evaluation cost", rows));
    for (const text of [
      "SLOs",
      "samples read per evaluation cycle",
      "rule evaluation time per cycle (ms)",
      "Sloth shape",
    ]) {
      assert.ok(svg.includes(text), `missing "${text}"`);
    }
    assert.ok(rasterise(svg) > 1000);
  });
});
