// Prometheus' own duration grammar, so a value accepted here is accepted by
// Alertmanager and by rule files alike.
const DURATION = /^(?:(\d+)y)?(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?(?:(\d+)ms)?$/;
const UNIT_MS = [365 * 86400e3, 7 * 86400e3, 86400e3, 3600e3, 60e3, 1e3, 1];

/** Milliseconds in a Prometheus duration such as `1h30m`, or undefined when it is not one. */
export function durationMs(text: string): number | undefined {
  const match = DURATION.exec(text);
  if (!match || text === "") {
    return undefined;
  }
  return match.slice(1).reduce((sum, part, i) => sum + (part ? Number(part) * UNIT_MS[i] : 0), 0);
}

/** The shortest Prometheus duration for a whole number of seconds: 90 → `1m30s`. */
export function formatSeconds(totalSeconds: number): string {
  if (!Number.isInteger(totalSeconds) || totalSeconds < 0) {
    throw new Error(`formatSeconds takes whole non-negative seconds, got ${totalSeconds}`);
  }
  if (totalSeconds === 0) {
    return "0s";
  }
  const units: Array<[string, number]> = [
    ["d", 86400],
    ["h", 3600],
    ["m", 60],
    ["s", 1],
  ];
  let rest = totalSeconds;
  let text = "";
  for (const [unit, size] of units) {
    if (rest >= size) {
      text += `${Math.floor(rest / size)}${unit}`;
      rest %= size;
    }
  }
  return text;
}
