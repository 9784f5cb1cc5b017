import { CliUnpairedVillagesDocument, type CliUnpairedVillagesQuery, type CliUnpairedVillagesQueryVariables } from '../generated/operations';
import type { Command, CommandContext, ParsedArgs } from './command';
import { messages, type Lang } from './i18n';
import { label, PAIRING_KIND_LABELS, UNIT_KIND_LABELS } from './labels';
import { COUNTY_OPTION, DATE_OPTION, formatOf, formatOption, isoDate, REGION_OPTION, regionOrCounty, stringOption, townshipCode, unitKinds } from './options';
import { render, type Tabular } from './output';

type Village = CliUnpairedVillagesQuery['unpairedVillages'][number];

/**
 * Returns the villages as rows under translated headers; with `withCounty` (a region asked with --region,
 * which may span counties) the village's county follows its township (empty where it has none, as in 东莞市).
 */
export function gapsTable(villages: readonly Village[], lang: Lang, withCounty = false): Tabular {
  const zh = lang === 'zh';
  const sep = zh ? '、' : ', ';
  const countyColumns: Tabular['columns'] = withCounty ? [{ header: zh ? '县代码' : 'County code' }, { header: zh ? '县' : 'County' }] : [];
  return {
    columns: [
      { header: zh ? '村代码' : 'Village code' },
      { header: zh ? '村名称' : 'Village' },
      { header: zh ? '乡镇代码' : 'Township code' },
      { header: zh ? '乡镇' : 'Township' },
      ...countyColumns,
      { header: zh ? '示范村' : 'Demonstration' },
      { header: zh ? '现有结对方数' : 'Partners', align: 'right' },
      { header: zh ? '已有结对类型' : 'Paired kinds' },
    ],
    rows: villages.map((v) => [
      v.unit.id,
      v.unit.name,
      v.townshipCode,
      v.townshipName,
      ...(withCounty ? [v.countyCode ?? '', v.countyName ?? ''] : []),
      v.demonstration ? messages(lang).yes : messages(lang).no,
      String(v.partnerCount),
      v.pairedKinds.map((k) => label(PAIRING_KIND_LABELS, k, lang)).join(sep),
    ]),
  };
}

/** Returns the line under the table: how many villages, of what. */
function countLine(n: number, v: CliUnpairedVillagesQueryVariables, lang: Lang): string {
  const kinds = Array.isArray(v.supportingKinds) ? v.supportingKinds.map((k) => label(UNIT_KIND_LABELS, k, lang)) : [];
  if (lang === 'zh') {
    const what = v.demonstrationOnly ? '示范村' : '村';
    return kinds.length ? `共 ${n} 个缺少${kinds.join('、')}结对方的${what}` : `共 ${n} 个未结对${what}`;
  }
  const what = v.demonstrationOnly ? 'demonstration villages' : 'villages';
  return kinds.length ? `${n} ${what} lacking a partner of kind ${kinds.join(', ')}` : `${n} unpaired ${what}`;
}

/** `pairing-graph gaps`: villages of a region of any level with no active pairing (未结对村). */
export const gapsCommand: Command = {
  name: 'gaps',
  summary: { zh: '列出区域内未结对的村（默认仅示范村）', en: 'List the villages of a region with no active pairing (demonstration villages by default)' },
  usage: '--region CODE [--all] [--lacking KINDS] [--date YYYY-MM-DD] [--format table|csv|json]',
  description: {
    zh: '列出区域（省、地、县、乡镇）内在统计日期没有有效结对的村，按乡镇、村代码排序，并列出所属县。默认只列乡村振兴示范村；--all 列出全部村。\n--lacking 改为列出缺少这些类型结对方的村（如 ENTERPRISE：尚无企业结对，万企兴万村）。--county 与 --township 仍可用（已弃用）。',
    en: 'Lists the villages of a region (province, prefecture, county, township) with no pairing active on the date, by township\nthen code, with their county. Demonstration villages only by default; --all lists every village. With --lacking, the\nvillages lacking a partner of those kinds instead (e.g. ENTERPRISE: no enterprise partner yet). --county and --township\nstill work (deprecated).',
  },
  options: {
    region: REGION_OPTION,
    county: COUNTY_OPTION,
    township: {
      type: 'string',
      value: 'CODE',
      description: { zh: '（已弃用，请用 --region）只看这个乡镇（9 或 12 位代码）', en: '(deprecated: use --region) only this township (9- or 12-digit code)' },
    },
    all: { type: 'boolean', description: { zh: '列出全部村，不只示范村', en: 'every village, not only demonstration villages' } },
    lacking: {
      type: 'string',
      value: 'KINDS',
      description: {
        zh: '缺少这些类型结对方的村，逗号分隔，如 ENTERPRISE,SOCIAL_ORGANIZATION（也可写 企业,社会组织）',
        en: 'villages lacking a partner of these kinds, comma-separated, e.g. ENTERPRISE,SOCIAL_ORGANIZATION',
      },
    },
    date: DATE_OPTION,
    format: formatOption({ zh: 'csv 与表格列相同；json 为接口返回的原始数据。', en: 'csv has the columns of the table; json is the API data as returned.' }),
  },
  examples: [
    'pairing-graph gaps --region 150921',
    'pairing-graph gaps --region 15 --all --format csv > 未结对村.csv',
    'pairing-graph gaps --region 150921212 --lacking ENTERPRISE --date 2024-12-31',
  ],
  async run(ctx: CommandContext, args: ParsedArgs) {
    const { t, lang } = ctx;
    const scope = regionOrCounty(t, args);
    const township = stringOption(args, 'township');
    const lacking = stringOption(args, 'lacking');
    const date = stringOption(args, 'date');
    const format = formatOf(t, args);
    const variables: CliUnpairedVillagesQueryVariables = {
      ...scope,
      township: township === undefined ? null : townshipCode(t, township.trim()),
      demonstrationOnly: !args.values.all,
      activeOn: date === undefined ? null : isoDate(t, date.trim()),
      supportingKinds: lacking === undefined ? null : unitKinds(t, lacking, 'lacking'),
    };
    const data = await ctx.client.request(CliUnpairedVillagesDocument, variables);
    const villages = data.unpairedVillages;
    ctx.out(render(format, gapsTable(villages, lang, scope.region !== null), villages));
    if (format === 'table') ctx.err(countLine(villages.length, variables, lang) + '\n');
  },
};
