import type { UnitKind } from '../generated/operations';
import { CliError, EXIT } from './cliError';
import type { OptionSpec, ParsedArgs } from './command';
import type { Messages } from './i18n';
import { UNIT_KIND_LABELS, unitKindFrom } from './labels';

/** The output formats of the query commands. */
export const FORMATS = ['table', 'csv', 'json'] as const;
export type Format = (typeof FORMATS)[number];

/** The --format option, shared by the commands that print results. */
export function formatOption(csvJsonNote: { zh: string; en: string }): OptionSpec {
  return {
    type: 'string',
    value: 'table|csv|json',
    description: {
      zh: `输出格式：table（对齐的表格，默认）、csv（UTF-8 带 BOM，可直接用 Excel 打开）或 json。${csvJsonNote.zh}`,
      en: `output format: table (aligned, the default), csv (UTF-8 with BOM, opens in Excel) or json. ${csvJsonNote.en}`,
    },
  };
}

/** The --date option. */
export const DATE_OPTION: OptionSpec = {
  type: 'string',
  value: 'YYYY-MM-DD',
  description: { zh: '统计日期：只算这一天有效的结对；默认今天（北京时间）', en: 'count the pairings active on this date; today (China time) by default' },
};

/** Returns a usage error (exit 2) for a bad value of `--name`. */
export function invalid(t: Messages, name: string, value: string, expected: string): CliError {
  return new CliError(EXIT.USAGE, t.invalidValue(`--${name}`, value, expected));
}

/** Returns the string value of `--name`, or undefined when absent. */
export function stringOption(args: ParsedArgs, name: string): string | undefined {
  const v = args.values[name];
  return typeof v === 'string' ? v : undefined;
}

/** Returns the value of a required `--name`, trimmed; a usage error when absent. */
export function requiredOption(t: Messages, args: ParsedArgs, name: string): string {
  const v = stringOption(args, name);
  if (v === undefined) throw new CliError(EXIT.USAGE, t.missingOption(`--${name}`));
  return v.trim();
}

/** Returns a county code (6, 9 or 12 digits) as given. */
export function countyCode(t: Messages, value: string, name = 'county'): string {
  if (!/^(\d{6}|\d{9}|\d{12})$/.test(value)) throw invalid(t, name, value, t.expectCounty);
  return value;
}

/** Returns a township code (9 or 12 digits) as given. */
export function townshipCode(t: Messages, value: string, name = 'township'): string {
  if (!/^(\d{9}|\d{12})$/.test(value)) throw invalid(t, name, value, t.expectTownship);
  return value;
}

/** Returns a real calendar date written YYYY-MM-DD. */
export function isoDate(t: Messages, value: string, name = 'date'): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (m) {
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const date = new Date(Date.UTC(y, mo - 1, d));
    if (date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d) return value;
  }
  throw invalid(t, name, value, t.expectDate);
}

/** Returns the --format value, `table` when absent. */
export function formatOf(t: Messages, args: ParsedArgs): Format {
  const v = stringOption(args, 'format');
  if (v === undefined) return 'table';
  const f = v.trim().toLowerCase();
  if (!(FORMATS as readonly string[]).includes(f)) throw invalid(t, 'format', v, t.expectOneOf(FORMATS));
  return f as Format;
}

/** Returns a whole number from min to max. */
export function intInRange(t: Messages, value: string, min: number, max: number, name: string): number {
  const n = /^\s*\d+\s*$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) throw invalid(t, name, value, t.expectIntRange(min, max));
  return n;
}

/** Returns the unit kinds of a list such as `ENTERPRISE,SOCIAL_ORGANIZATION` (or 企业、社会组织), without repeats. */
export function unitKinds(t: Messages, value: string, name: string): UnitKind[] {
  const parts = value.split(/[,，、]/).map((s) => s.trim());
  const kinds: UnitKind[] = [];
  for (const part of parts) {
    const kind = part ? unitKindFrom(part) : null;
    if (!kind) throw invalid(t, name, value, t.expectKinds(Object.keys(UNIT_KIND_LABELS)));
    if (!kinds.includes(kind)) kinds.push(kind);
  }
  return kinds;
}
