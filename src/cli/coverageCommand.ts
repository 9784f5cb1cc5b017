import { CliCoverageDocument, type CliCoverageQuery } from '../generated/operations';
import type { Command, CommandContext, ParsedArgs } from './command';
import { messages, type Lang } from './i18n';
import { label, PAIRING_KIND_LABELS, REGION_LEVEL_LABELS, UNIT_KIND_LABELS } from './labels';
import { COUNTY_OPTION, DATE_OPTION, formatOf, formatOption, isoDate, REGION_OPTION, regionLevel, regionOrCounty, stringOption } from './options';
import { formatTable } from './formatTable';
import { render, type Tabular } from './output';

type Coverage = CliCoverageQuery['coverage'];
type Level = Coverage['regionLevel'];

/** Returns the level the child table is named after: `by` when asked, else the level of most children. */
export function childLevel(c: Coverage, by: Level | null): Level | null {
  if (by) return by;
  const counts = new Map<Level, number>();
  for (const x of c.children) counts.set(x.level, (counts.get(x.level) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null;
}

/**
 * Returns the table of the child regions: one row per child (named after its level, e.g. 乡镇代码, 乡镇;
 * a child of another level, standing in for a skipped one, says its level after its name), then the totals row (合计).
 */
export function childTable(c: Coverage, lang: Lang, by: Level | null = null): Tabular {
  const t = messages(lang);
  const zh = lang === 'zh';
  const level = childLevel(c, by) ?? 'TOWNSHIP';
  const levelName = label(REGION_LEVEL_LABELS, level, lang);
  const title = zh ? levelName : levelName[0].toUpperCase() + levelName.slice(1);
  const row = (x: Omit<Coverage['total'], 'name' | 'townshipPaired'>, name: string, paired: boolean) => [
    x.code,
    name,
    String(x.villages),
    String(x.paired),
    String(x.unpaired),
    String(x.demonstration),
    String(x.demonstrationPaired),
    String(x.demonstrationUnpaired),
    paired ? t.yes : t.no,
  ];
  const childName = (x: Coverage['children'][number]) =>
    x.level === level ? x.name : zh ? `${x.name}（${label(REGION_LEVEL_LABELS, x.level, lang)}）` : `${x.name} (${label(REGION_LEVEL_LABELS, x.level, lang)})`;
  return {
    columns: [
      { header: zh ? `${levelName}代码` : 'Code' },
      { header: title },
      { header: zh ? '村数' : 'Villages', align: 'right' },
      { header: zh ? '已结对村' : 'Paired', align: 'right' },
      { header: zh ? '未结对村' : 'Unpaired', align: 'right' },
      { header: zh ? '示范村' : 'Demo', align: 'right' },
      { header: zh ? '已结对示范村' : 'Demo paired', align: 'right' },
      { header: zh ? '未结对示范村' : 'Demo unpaired', align: 'right' },
      { header: zh ? `${levelName}本身结对` : `${title} paired` },
    ],
    rows: [
      ...c.children.map((x) => row(x, childName(x), x.regionPaired)),
      row(c.total, zh ? '合计' : 'Total', c.total.townshipPaired),
    ],
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
export function coverageReport(c: Coverage, lang: Lang, by: Level | null = null): string {
  const zh = lang === 'zh';
  const title = zh
    ? `${c.regionName}（${c.regionCode}）结对覆盖，统计日期 ${c.activeOn}`
    : `Pairing coverage of ${c.regionName} (${c.regionCode}) on ${c.activeOn}`;
  const section = (heading: string, tab: Tabular) => `\n${heading}\n${formatTable(tab.columns, tab.rows)}`;
  const levelName = label(REGION_LEVEL_LABELS, childLevel(c, by) ?? 'TOWNSHIP', lang);
  return (
    `${title}\n` +
    section(zh ? `按${levelName}` : `By ${levelName}`, childTable(c, lang, by)) +
    section(zh ? '按结对类型' : 'By kind of pairing', kindTable(c, lang)) +
    section(zh ? '支援单位负荷' : 'Load of the supporting units', loadTable(c, lang))
  );
}

/** `pairing-graph coverage`: the pairing coverage of a region of any level (结对覆盖). */
export const coverageCommand: Command = {
  name: 'coverage',
  summary: {
    zh: '区域结对覆盖（省、地、县、乡镇）：按下级区划、按结对类型、支援单位负荷',
    en: 'Pairing coverage of a region (province, prefecture, county, township): per child region, per kind, load of the supporting units',
  },
  usage: '--region CODE [--by LEVEL] [--date YYYY-MM-DD] [--format table|csv|json]',
  description: {
    zh: '表格格式依次输出：下级区划覆盖表（默认下一级，--by 指定汇总级别；末行为合计），按结对类型的覆盖表，支援单位负荷表。\n--county 仍可用（已弃用），与 --region 二选一。',
    en: 'The table format prints the table of the child regions (one level down, or at the level of --by; with a totals row),\nthen the table per kind of pairing, then the load of the supporting units. --county still works (deprecated): give one of the two.',
  },
  options: {
    region: REGION_OPTION,
    by: {
      type: 'string',
      value: 'LEVEL',
      description: {
        zh: '按哪一级汇总：CITY、COUNTY、TOWNSHIP 或 VILLAGE（地级、县级、乡镇、村），须低于区域本身；默认下一级。如省按 COUNTY 跳过地级',
        en: 'the level of the rows: CITY, COUNTY, TOWNSHIP or VILLAGE, below the region\'s; one level down by default (a province by COUNTY skips the prefectures)',
      },
    },
    county: COUNTY_OPTION,
    date: DATE_OPTION,
    format: formatOption({
      zh: 'csv 只含下级区划表及合计行；json 含完整结果（下级区划、合计、结对类型、支援单位负荷）。',
      en: 'csv carries the table of the child regions and its totals row only; json carries everything (children, totals, kinds, supporting load).',
    }),
  },
  examples: [
    'pairing-graph coverage --region 150921',
    'pairing-graph coverage --region 15 --by COUNTY',
    'pairing-graph coverage --region 150921 --date 2024-06-30 --format csv > 覆盖.csv',
  ],
  async run(ctx: CommandContext, args: ParsedArgs) {
    const { t, lang } = ctx;
    const scope = regionOrCounty(t, args);
    const byOption = stringOption(args, 'by');
    const by = byOption === undefined ? null : regionLevel(t, byOption);
    const date = stringOption(args, 'date');
    const format = formatOf(t, args);
    const activeOn = date === undefined ? null : isoDate(t, date.trim());
    const { coverage } = await ctx.client.request(CliCoverageDocument, { ...scope, by, activeOn });
    ctx.out(format === 'table' ? coverageReport(coverage, lang, by) : render(format, childTable(coverage, lang, by), coverage));
  },
};
