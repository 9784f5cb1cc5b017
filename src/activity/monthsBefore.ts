/**
 * Returns the date `months` months before `date` (both `YYYY-MM-DD`), on the same day of the month or, when
 * that month is shorter, its last day (2024-02-29 − 12 months = 2023-02-28). Never fails on a valid date.
 */
export function monthsBefore(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number);
  const index = y * 12 + (m - 1) - months;
  const year = Math.floor(index / 12);
  const month = index - year * 12;
  const last = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return `${String(year).padStart(4, '0')}-${String(month + 1).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}
