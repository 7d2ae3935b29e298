import { BASELINE_ERROR_RATIO, Scenario } from "./scenarios";

// Three days of healthy traffic first, so even the 3d window reads a full
// history, and half a day after recovery, longer than any short window.
export const LEAD_IN_MINUTES = 3 * 1440;
export const AFTER_MINUTES = 12 * 60;

export interface Timing {
  /** Minute the quiet stretch before the incident starts; `start` when there is none. */
  quietFrom: number;
  /** Minute the incident starts, from the start of the data. */
  start: number;
  /** Minute the service is healthy again. */
  recovery: number;
  /** Last minute of data. */
  end: number;
}

export function timingOf(scenario: Scenario): Timing {
  const start = LEAD_IN_MINUTES;
  const recovery = start + scenario.incidentMinutes;
  return { quietFrom: start - (scenario.quiet?.minutes ?? 0), start, recovery, end: recovery + AFTER_MINUTES };
}

function inQuiet(timing: Timing, minute: number): boolean {
  return minute > timing.quietFrom && minute <= timing.start;
}

/** Requests in each minute of the data (index i is minute i + 1, as in failuresPerMinute). */
export function requestsPerMinute(scenario: Scenario): number[] {
  const timing = timingOf(scenario);
  return Array.from({ length: timing.end }, (_, i) =>
    inQuiet(timing, i + 1) && scenario.quiet !== undefined
      ? scenario.quiet.requestsPerMinute
      : scenario.requestsPerMinute,
  );
}

/** mulberry32: a seeded generator, so every run of the benchmark draws the same traffic. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Failed requests in each minute of the data, each request failing independently. */
export function failuresPerMinute(scenario: Scenario, seed: number): number[] {
  const timing = timingOf(scenario);
  const { start, recovery, end } = timing;
  const draw = random(seed);
  const failed = (n: number, ratio: number): number => {
    let count = 0;
    for (let i = 0; i < n; i++) {
      count += draw() < ratio ? 1 : 0;
    }
    return count;
  };
  return Array.from({ length: end }, (_, i) => {
    const minute = i + 1;
    if (scenario.quiet !== undefined && inQuiet(timing, minute)) {
      return failed(scenario.quiet.requestsPerMinute, scenario.quiet.errorRatio);
    }
    if (minute <= start || minute > recovery) {
      return failed(scenario.requestsPerMinute, BASELINE_ERROR_RATIO);
    }
    const offset = minute - start - 1;
    if (scenario.failuresAt !== undefined) {
      return scenario.failuresAt.includes(offset) ? 1 : 0;
    }
    return failed(scenario.requestsPerMinute, scenario.errorRatio ?? 0);
  });
}

/**
 * A counter growing by `increments` a minute from 0, in promtool's notation,
 * runs of equal increments folded into `a+bxn`.
 */
export function counterValues(increments: number[]): string {
  const parts = ["0"];
  let value = 0;
  let i = 0;
  while (i < increments.length) {
    let j = i;
    while (j + 1 < increments.length && increments[j + 1] === increments[i]) {
      j++;
    }
    const steps = j - i + 1;
    const first = value + increments[i];
    parts.push(steps === 1 ? `${first}` : `${first}+${increments[i]}x${steps - 1}`);
    value += steps * increments[i];
    i = j + 1;
  }
  return parts.join(" ");
}
