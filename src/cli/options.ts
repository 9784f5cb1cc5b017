import type { RegionLevel, UnitKind } from '../generated/operations';
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

/** The --region option: a division of any level. */
export const REGION_OPTION: OptionSpec = {
  type: 'string',
  value: 'CODE',
  description: {
    zh: '区域的区划代码，任一级：省 2 位、地级 4 位、县 6 位、乡镇 9 位或 12 位，如 15、1509、150921（与 --county 二选一）',
    en: 'the region of any level by its division code: 2 (province), 4 (prefecture), 6 (county), 9 (township) or 12 digits, e.g. 15, 1509, 150921 (or --county)',
  },
};

/** The deprecated --county option, kept working. */
export const COUNTY_OPTION: OptionSpec = {
  type: 'string',
  value: 'CODE',
  description: { zh: '（已弃用，请用 --region）县的区划代码（6、9 或 12 位）', en: '(deprecated: use --region) the county\'s division code (6, 9 or 12 digits)' },
};

/**
 * Returns the variables naming the region from exactly one of `--region` (2, 4, 6, 9 or 12 digits)
 * and the deprecated `--county` (6, 9 or 12); a usage error when neither, both, or a malformed code is given.
 */
export function regionOrCounty(t: Messages, args: ParsedArgs): { region: string | null; county: string | null } {
  const region = stringOption(args, 'region');
  const county = stringOption(args, 'county');
  if (region !== undefined && county !== undefined) throw new CliError(EXIT.USAGE, t.regionOrCounty);
  if (county !== undefined) return { region: null, county: countyCode(t, county.trim()) };
  if (region === undefined) throw new CliError(EXIT.USAGE, t.missingRegion);
  const code = region.trim();
  if (!/^(\d{2}|\d{4}|\d{6}|\d{9}|\d{12})$/.test(code)) throw invalid(t, 'region', code, t.expectRegion);
  return { region: code, county: null };
}

/** Returns the code of `--region` (2, 4, 6, 9 or 12 digits), or null when absent and not `required`; a usage error naming the option when absent but required, or malformed. */
export function regionOption(t: Messages, args: ParsedArgs, required: boolean): string | null {
  const region = stringOption(args, 'region');
  if (region === undefined) {
    if (required) throw new CliError(EXIT.USAGE, t.missingOption('--region'));
    return null;
  }
  const code = region.trim();
  if (!/^(\d{2}|\d{4}|\d{6}|\d{9}|\d{12})$/.test(code)) throw invalid(t, 'region', region, t.expectRegion);
  return code;
}

const LEVEL_WORDS: Record<string, RegionLevel> = { 地级: 'CITY', 县级: 'COUNTY', 县: 'COUNTY', 乡镇: 'TOWNSHIP', 乡级: 'TOWNSHIP', 村: 'VILLAGE', 村级: 'VILLAGE' };

/** Returns the level of `--by` (CITY, COUNTY, TOWNSHIP or VILLAGE, any case, or 地级, 县级, 乡镇, 村). */
export function regionLevel(t: Messages, value: string, name = 'by'): RegionLevel {
  const v = value.trim();
  const level = LEVEL_WORDS[v] ?? (['CITY', 'COUNTY', 'TOWNSHIP', 'VILLAGE'].includes(v.toUpperCase()) ? (v.toUpperCase() as RegionLevel) : undefined);
  if (!level) throw invalid(t, name, value, t.expectLevel);
  return level;
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
