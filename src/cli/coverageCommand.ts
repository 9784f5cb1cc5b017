import { CliCoverageDocument, type CliCoverageQuery } from '../generated/operations';
import type { Command, CommandContext, ParsedArgs } from './command';
import { messages, type Lang } from './i18n';
import { label, PAIRING_KIND_LABELS, UNIT_KIND_LABELS } from './labels';
import { countyCode, DATE_OPTION, formatOf, formatOption, isoDate, requiredOption, stringOption } from './options';
import { formatTable } from './formatTable';
import { render, type Tabular } from './output';

type Coverage = CliCoverageQuery['coverage'];
type TownshipRow = Coverage['total'];

/** Returns the township table: one row per township, then the totals row (合计). */
export function townshipTable(c: Coverage, lang: Lang): Tabular {
  const t = messages(lang);
  const zh = lang === 'zh';
  const row = (x: TownshipRow, name: string) => [
    x.code,
    name,
    String(x.villages),
    String(x.paired),
    String(x.unpaired),
    String(x.demonstration),
    String(x.demonstrationPaired),
    String(x.demonstrationUnpaired),
    x.townshipPaired ? t.yes : t.no,
  ];
  return {
    columns: [
      { header: zh ? '乡镇代码' : 'Code' },
      { header: zh ? '乡镇' : 'Township' },
      { header: zh ? '村数' : 'Villages', align: 'right' },
      { header: zh ? '已结对村' : 'Paired', align: 'right' },
      { header: zh ? '未结对村' : 'Unpaired', align: 'right' },
      { header: zh ? '示范村' : 'Demo', align: 'right' },
      { header: zh ? '已结对示范村' : 'Demo paired', align: 'right' },
      { header: zh ? '未结对示范村' : 'Demo unpaired', align: 'right' },
      { header: zh ? '乡镇本身结对' : 'Township paired' },
    ],
    rows: [...c.townships.map((x) => row(x, x.name)), row(c.total, zh ? '合计' : 'Total')],
  };
}

/** Returns the per-kind table (按结对类型). */
export function kindTable(c: Coverage, lang: Lang): Tabular {
  const zh = lang === 'zh';
  return {
    columns: [
      { header: zh ? '结对类型' : 'Kind' },
      { header: zh ? '可结对单位' : 'Units', align: 'right' },
      { header: zh ? '已结对' : 'Paired', align: 'right' },
      { header: zh ? '未结对' : 'Unpaired', align: 'right' },
      { header: zh ? '示范村已结对' : 'Demo paired', align: 'right' },
      { header: zh ? '示范村未结对' : 'Demo unpaired', align: 'right' },
      { header: zh ? '结对数' : 'Pairings', align: 'right' },
      { header: zh ? '支援单位数' : 'Supporting units', align: 'right' },
    ],
    rows: c.kinds.map((k) => [
      label(PAIRING_KIND_LABELS, k.kind, lang),
      String(k.units),
      String(k.paired),
      String(k.unpaired),
      String(k.demonstrationPaired),
      String(k.demonstrationUnpaired),
      String(k.pairings),
      String(k.supportingUnits),
    ]),
  };
}

/** Returns the supporting-load table (支援单位负荷), most partners first as the API orders it. */
export function loadTable(c: Coverage, lang: Lang): Tabular {
  const zh = lang === 'zh';
  return {
    columns: [
      { header: zh ? '单位代码' : 'Unit id' },
      { header: zh ? '支援单位' : 'Supporting unit' },
      { header: zh ? '类型' : 'Kind' },
      { header: zh ? '现有结对' : 'Partners', align: 'right' },
      { header: zh ? '已结束' : 'Ended', align: 'right' },
      { header: zh ? '结对类型' : 'Pairing kinds' },
    ],
    rows: c.supporting.map((s) => [
      s.unit.id,
      s.unit.name,
      label(UNIT_KIND_LABELS, s.unit.kind, lang),
      String(s.partners),
      String(s.ended),
      s.kinds.map((k) => label(PAIRING_KIND_LABELS, k, lang)).join(messages(lang).listSeparator),
    ]),
  };
}

/** Returns the three tables under their titles, as the table format prints them. */
export function coverageReport(c: Coverage, lang: Lang): string {
  const zh = lang === 'zh';
  const title = zh
    ? `${c.countyName}（${c.countyCode}）结对覆盖，统计日期 ${c.activeOn}`
    : `Pairing coverage of ${c.countyName} (${c.countyCode}) on ${c.activeOn}`;
  const section = (heading: string, tab: Tabular) => `\n${heading}\n${formatTable(tab.columns, tab.rows)}`;
  return (
    `${title}\n` +
    section(zh ? '按乡镇' : 'By township', townshipTable(c, lang)) +
    section(zh ? '按结对类型' : 'By kind of pairing', kindTable(c, lang)) +
    section(zh ? '支援单位负荷' : 'Load of the supporting units', loadTable(c, lang))
  );
}

/** `pairing-graph coverage`: the pairing coverage of a county (结对覆盖). */
export const coverageCommand: Command = {
  name: 'coverage',
  summary: { zh: '县域结对覆盖：按乡镇、按结对类型、支援单位负荷', en: 'Pairing coverage of a county: per township, per kind, load of the supporting units' },
  usage: '--county CODE [--date YYYY-MM-DD] [--format table|csv|json]',
  description: {
    zh: '表格格式依次输出：乡镇覆盖表（末行为合计），按结对类型的覆盖表，支援单位负荷表。',
    en: 'The table format prints the township table (with a totals row), then the table per kind of pairing,\nthen the load of the supporting units.',
  },
  options: {
    county: { type: 'string', value: 'CODE', description: { zh: '县的区划代码（6、9 或 12 位），必填', en: "the county's division code (6, 9 or 12 digits), required" } },
    date: DATE_OPTION,
    format: formatOption({
      zh: 'csv 只含乡镇表及合计行；json 含完整结果（乡镇、合计、结对类型、支援单位负荷）。',
      en: 'csv carries the township table and its totals row only; json carries everything (townships, totals, kinds, supporting load).',
    }),
  },
  examples: ['pairing-graph coverage --county 150921', 'pairing-graph coverage --county 150921 --date 2024-06-30 --format csv > 覆盖.csv'],
  async run(ctx: CommandContext, args: ParsedArgs) {
    const { t, lang } = ctx;
    const county = countyCode(t, requiredOption(t, args, 'county'));
    const date = stringOption(args, 'date');
    const format = formatOf(t, args);
    const activeOn = date === undefined ? null : isoDate(t, date.trim());
    const { coverage } = await ctx.client.request(CliCoverageDocument, { county, activeOn });
    ctx.out(format === 'table' ? coverageReport(coverage, lang) : render(format, townshipTable(coverage, lang), coverage));
  },
};
