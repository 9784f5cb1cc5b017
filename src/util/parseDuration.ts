/** A duration as the token command and AUTH_MAX_TOKEN_LIFETIME take it: a whole number and a unit (30m, 8h, 7d, 1w, 90s). */
export const DURATION = /^(\d+)\s*(s|sec|secs|second|seconds|m|min|mins|minute|minutes|h|hr|hrs|hour|hours|d|day|days|w|week|weeks)$/i;

const SECONDS_PER: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400, w: 604_800 };

/** Returns the seconds of a duration such as `8h` or `7d`; throws an Error naming the text when it is not one ({@link DURATION}). */
export function parseDuration(text: string): number {
  const match = DURATION.exec(text.trim());
  if (!match) throw new Error(`'${text}' is not a duration such as 30m, 8h or 7d`);
  return Number(match[1]) * SECONDS_PER[match[2][0].toLowerCase()];
}

/** Returns `seconds` in the largest unit that divides it (`1d`, `36h`, `90m`, `45s`), as {@link parseDuration} reads it back. */
export function formatDuration(seconds: number): string {
  for (const [unit, size] of [['w', 604_800], ['d', 86_400], ['h', 3600], ['m', 60]] as const) {
    if (seconds >= size && seconds % size === 0) return `${seconds / size}${unit}`;
  }
  return `${seconds}s`;
}
