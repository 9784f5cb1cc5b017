import { CliUnpairedVillagesDocument, type CliUnpairedVillagesQuery, type CliUnpairedVillagesQueryVariables } from '../generated/operations';
import type { Command, CommandContext, ParsedArgs } from './command';
import { messages, type Lang } from './i18n';
import { label, PAIRING_KIND_LABELS, UNIT_KIND_LABELS } from './labels';
import { countyCode, DATE_OPTION, formatOf, formatOption, isoDate, requiredOption, stringOption, townshipCode, unitKinds } from './options';
import { render, type Tabular } from './output';

type Village = CliUnpairedVillagesQuery['unpairedVillages'][number];

/** Returns the villages as rows under translated headers. */
export function gapsTable(villages: readonly Village[], lang: Lang): Tabular {
  const zh = lang === 'zh';
  const sep = zh ? '、' : ', ';
  return {
    columns: [
      { header: zh ? '村代码' : 'Village code' },
      { header: zh ? '村名称' : 'Village' },
      { header: zh ? '乡镇代码' : 'Township code' },
      { header: zh ? '乡镇' : 'Township' },
      { header: zh ? '示范村' : 'Demonstration' },
      { header: zh ? '现有结对方数' : 'Partners', align: 'right' },
      { header: zh ? '已有结对类型' : 'Paired kinds' },
    ],
    rows: villages.map((v) => [
      v.unit.id,
      v.unit.name,
      v.townshipCode,
      v.townshipName,
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

/** `pairing-graph gaps`: villages of a county with no active pairing (未结对村). */
export const gapsCommand: Command = {
  name: 'gaps',
  summary: { zh: '列出县内未结对的村（默认仅示范村）', en: 'List the villages of a county with no active pairing (demonstration villages by default)' },
  usage: '--county CODE [--township CODE] [--all] [--lacking KINDS] [--date YYYY-MM-DD] [--format table|csv|json]',
  description: {
    zh: '列出县内在统计日期没有有效结对的村，按乡镇、村代码排序。默认只列乡村振兴示范村；--all 列出全部村。\n--lacking 改为列出缺少这些类型结对方的村（如 ENTERPRISE：尚无企业结对，万企兴万村）。',
    en: 'Lists the villages of a county with no pairing active on the date, by township then code. Demonstration villages\nonly by default; --all lists every village. With --lacking, the villages lacking a partner of those kinds instead\n(e.g. ENTERPRISE: no enterprise partner yet).',
  },
  options: {
    county: { type: 'string', value: 'CODE', description: { zh: '县的区划代码（6、9 或 12 位），必填，如 150921', en: "the county's division code (6, 9 or 12 digits), required, e.g. 150921" } },
    township: { type: 'string', value: 'CODE', description: { zh: '只看这个乡镇（9 或 12 位代码）', en: 'only this township (9- or 12-digit code)' } },
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
    'pairing-graph gaps --county 150921',
    'pairing-graph gaps --county 150921 --all --format csv > 未结对村.csv',
    'pairing-graph gaps --county 150921 --lacking ENTERPRISE --date 2024-12-31',
  ],
  async run(ctx: CommandContext, args: ParsedArgs) {
    const { t, lang } = ctx;
    const county = countyCode(t, requiredOption(t, args, 'county'));
    const township = stringOption(args, 'township');
    const lacking = stringOption(args, 'lacking');
    const date = stringOption(args, 'date');
    const format = formatOf(t, args);
    const variables: CliUnpairedVillagesQueryVariables = {
      county,
      township: township === undefined ? null : townshipCode(t, township.trim()),
      demonstrationOnly: !args.values.all,
      activeOn: date === undefined ? null : isoDate(t, date.trim()),
      supportingKinds: lacking === undefined ? null : unitKinds(t, lacking, 'lacking'),
    };
    const data = await ctx.client.request(CliUnpairedVillagesDocument, variables);
    const villages = data.unpairedVillages;
    ctx.out(render(format, gapsTable(villages, lang), villages));
    if (format === 'table') ctx.err(countLine(villages.length, variables, lang) + '\n');
  },
};
