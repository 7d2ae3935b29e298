/** One input series of a promtool test group, in promtool's expanding notation. */
export interface InputSeries {
  series: string;
  values: string;
}

/**
 * `minutes` one-minute samples; `null` for a stretch where the target is down:
 * Prometheus writes a stale marker at the first failed scrape, then nothing.
 */
export type Stretch = [minutes: number, perMinute: number | null];

function stretchText(first: number | null, step: number, samples: number): string {
  if (first === null) {
    return samples === 1 ? "stale" : `stale _x${samples - 1}`;
  }
  return samples === 1 ? `${first}` : `${first}+${step}x${samples - 1}`;
}

/**
 * A counter that is 0 at minute 0 and then grows by `perMinute` in every minute
 * of each stretch: `counter([10, 99], [20, 750])` grows 99 a minute up to minute
 * 10, then 750 a minute up to minute 30. Starting from 0 stops rate() and
 * increase() from extrapolating before the first sample, so the values the
 * scenarios expect are exact rather than approximate.
 */
export function counter(...stretches: Stretch[]): string {
  let value = 0;
  const parts = ["0"];
  for (const [minutes, perMinute] of stretches) {
    parts.push(stretchText(perMinute === null ? null : value + perMinute, perMinute ?? 0, minutes));
    value += minutes * (perMinute ?? 0);
  }
  return parts.join(" ");
}

/** A gauge holding each stretch's value from minute 0 on: `gauge([10, 1], [15, 3])` is 1 for minutes 0-9, 3 for 10-24. */
export function gauge(...stretches: Stretch[]): string {
  return stretches.map(([minutes, value]) => stretchText(value, 0, minutes)).join(" ");
}

/** A counter that goes up by one every `everyMinutes`, for `steps` steps: discrete events such as dispatch breaches. */
export function ticks(everyMinutes: number, steps: number): string {
  return gauge(...Array.from({ length: steps + 1 }, (_, i): Stretch => [everyMinutes, i]));
}

// One token: a value, `_` (no sample), `stale`, `a+bxn` or `axn` (n+1 samples), `_xn` (n samples).
const TOKEN = /^(?:_|stale|[-+]?\d+(?:\.\d+)?|[-+]?\d+(?:\.\d+)?(?:[-+]\d+(?:\.\d+)?)?x(\d+)|_x(\d+))$/;

/** How many one-interval samples a values string spans, so a test never reads past the end of its data. */
export function sampleCount(values: string): number {
  return values
    .trim()
    .split(/\s+/)
    .reduce((sum, token) => {
      const match = TOKEN.exec(token);
      if (!match) {
        throw new Error(`"${token}" in "${values}" is not promtool series notation`);
      }
      if (match[1] !== undefined) {
        return sum + Number(match[1]) + 1;
      }
      return sum + (match[2] !== undefined ? Number(match[2]) : 1);
    }, 0);
}
