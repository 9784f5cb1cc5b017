/** Returns `n` with `digits` decimals, or '–' for a number that is missing or not finite; never fails. */
export const fmt = (n: number | null | undefined, digits = 1): string => (n === null || n === undefined || !Number.isFinite(n) ? '–' : n.toFixed(digits));

/** Returns `n` rounded to a whole number with thousands separators (1,234); never fails. */
export const int = (n: number): string => Math.round(n).toLocaleString('en-US');

/** Writes one line of progress to stderr (the tables go to stdout); never fails. */
export const log = (line: string): void => {
  process.stderr.write(`${line}\n`);
};
